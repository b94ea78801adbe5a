/// The result of comparing a source CPE name with a target name, attribute by attribute (NISTIR 7696 §7.2).
public struct CPENameComparison: Sendable, Hashable {
    /// The relation of each attribute, in ``CPEAttribute`` order.
    public let relations: [CPEAttribute: CPEAttributeRelation]

    /// Compares every attribute of `source` with `target` (`Compare_WFNs`).
    public init(source: CPEName, target: CPEName) {
        var relations: [CPEAttribute: CPEAttributeRelation] = [:]
        for attribute in CPEAttribute.allCases {
            relations[attribute] = CPEAttributeRelation(source: source[attribute], target: target[attribute])
        }
        self.relations = relations
    }

    /// `CPE_DISJOINT`: some attribute is disjoint.
    public var isDisjoint: Bool { relations.values.contains(.disjoint) }
    /// `CPE_EQUAL`: every attribute is equal.
    public var isEqual: Bool { relations.values.allSatisfy { $0 == .equal } }
    /// `CPE_SUBSET`: every attribute is a subset or equal.
    public var isSubset: Bool { relations.values.allSatisfy { $0 == .subset || $0 == .equal } }
    /// `CPE_SUPERSET`: every attribute is a superset or equal; the source, as a pattern, matches the target.
    public var isSuperset: Bool { relations.values.allSatisfy { $0 == .superset || $0 == .equal } }

    /// The single strongest name relation (NISTIR 7696 Table 6-4): disjoint, else equal, else subset, else superset;
    /// ``CPEAttributeRelation/undefined`` when none holds (a wildcard target, or subset and superset mixed).
    public var relation: CPEAttributeRelation {
        if isDisjoint { return .disjoint }
        if isEqual { return .equal }
        if isSubset { return .subset }
        if isSuperset { return .superset }
        return .undefined
    }
}

extension CPEName {
    /// Compares this name, as the source, with a target name (NISTIR 7696).
    ///
    /// ```swift
    /// let pattern = try CPEName(parsing: "cpe:2.3:a:busybox:busybox:1.3*:*:*:*:*:*:*:*")
    /// let device = try CPEName(parsing: "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")
    /// pattern.compare(to: device).isSuperset   // true
    /// ```
    /// - Complexity: O(*n*·*m*) in the lengths of the attribute values.
    public func compare(to target: CPEName) -> CPENameComparison {
        CPENameComparison(source: self, target: target)
    }

    /// Whether this name, as a pattern, matches `target`: `CPE_SUPERSET(self, target)`.
    public func matches(_ target: CPEName) -> Bool { compare(to: target).isSuperset }
}
