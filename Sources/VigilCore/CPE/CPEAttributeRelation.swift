/// How a source attribute value relates to a target value (NISTIR 7696 §6.1, Table 6-2).
public enum CPEAttributeRelation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The values denote the same set.
    case equal
    /// The source denotes a set that contains the target's (`ANY` ⊃ `"foo"`, `"9\.*"` ⊃ `"9\.3"`).
    case superset
    /// The source's set is contained in the target's (`"foo"` ⊂ `ANY`).
    case subset
    /// The sets do not intersect (`NA` vs `"foo"`, `"foo"` vs `"bar"`).
    case disjoint
    /// The target holds wildcards, for which the specification defines no relation.
    case undefined

    public var description: String { rawValue.uppercased() }

    /// Compares one source value with one target value, case-insensitively (NISTIR 7696 §7.3 `compare`).
    ///
    /// - Complexity: O(*n*·*m*) in the lengths of the two value strings.
    public init(source: CPEAttributeValue, target: CPEAttributeValue) {
        if case .value(let string) = target, WFNValueGrammar.tokens(of: string).contains(where: \.isWildcard) {
            self = .undefined
            return
        }
        switch (source, target) {
        case (.any, .any), (.notApplicable, .notApplicable): self = .equal
        case (.any, _): self = .superset
        case (_, .any): self = .subset
        case (.notApplicable, _), (_, .notApplicable): self = .disjoint
        case (.value(let sourceString), .value(let targetString)):
            self = Self.compareStrings(source: sourceString, target: targetString)
        }
    }

    /// Matches a source value string, wildcards allowed, against a literal target.
    ///
    /// The source's literal body must appear in the target with at most `begins` characters before it (any number
    /// after a leading `*`) and at most `ends` after it; each `?` stands for zero or one character. Quoted characters
    /// count as one. This is NISTIR 7696's `compareStrings` with its escape-counting defect corrected, and a source of
    /// only `?` matching targets no longer than itself.
    private static func compareStrings(source: String, target: String) -> CPEAttributeRelation {
        let sourceTokens = WFNValueGrammar.tokens(of: source).map(\.lowercased)
        let targetTokens = WFNValueGrammar.tokens(of: target).map(\.lowercased)
        let shape = WFNValueGrammar.shape(of: sourceTokens)
        if shape.begins == 0 && shape.ends == 0 {
            return shape.body.elementsEqual(targetTokens) ? .equal : .disjoint
        }
        let body = Array(shape.body)
        guard body.count <= targetTokens.count else { return .disjoint }
        for start in 0...(targetTokens.count - body.count) {
            let before = start
            let after = targetTokens.count - start - body.count
            if shape.begins != -1 && before > shape.begins { break }
            if shape.ends != -1 && after > shape.ends { continue }
            if targetTokens[start..<(start + body.count)].elementsEqual(body) { return .superset }
        }
        return .disjoint
    }
}

extension WFNToken {
    fileprivate var lowercased: WFNToken { WFNToken(byte: ASCII.lowercased(byte), quoted: quoted) }
}
