extension VersionRange {
    /// Parses a VERS string, `vers:<scheme>/<constraint>|<constraint>…` (purl-spec `VERSION-RANGE-SPEC`).
    ///
    /// Constraints are `=`-less versions, `!=`, `<`, `<=`, `>`, `>=` or a lone `*`; spaces are ignored; `%`-escapes in
    /// versions are decoded. As the specification requires, the constraints are sorted by version and checked: a
    /// version may appear once, and, ignoring `=` and `!=`, lower and upper bounds must alternate. `vers:all/*` and
    /// `vers:none/*` are the universal and empty ranges. One reading goes beyond the specification's containment
    /// procedure, which would make a range of only `!=` constraints empty: here `vers:deb/!=1.0` is every version
    /// but 1.0.
    ///
    /// - Parameters:
    ///   - string: The VERS string.
    ///   - registry: Where to find the scheme named after `vers:`; aliases such as `alpine` or `npm` work.
    /// - Throws: ``VersionRangeError``.
    public init(vers string: String, registry: VersionSchemeRegistry = .builtIn) throws(VersionRangeError) {
        let compact = string.filter { $0 != " " && $0 != "\t" }
        guard compact.utf8.count <= 65_536 else {
            throw VersionRangeError(.malformed, "a VERS string may be at most 65536 bytes", input: string)
        }
        guard compact.lowercased().hasPrefix("vers:"), let slash = compact.firstIndex(of: "/") else {
            throw VersionRangeError(.malformed, "a VERS string is 'vers:<scheme>/<constraints>'", input: string)
        }
        let schemeName = compact[compact.index(compact.startIndex, offsetBy: 5)..<slash].lowercased()
        let constraintText = compact[compact.index(after: slash)...]
        if constraintText == "*" {
            if schemeName == "none" { self = .none("none") } else { self = .all(VersionSchemeID(schemeName)) }
            return
        }
        let scheme: any VersionScheme
        do {
            scheme = try registry.scheme(named: schemeName)
        } catch {
            throw VersionRangeError(.unknownScheme, error.message, input: string, cause: error)
        }
        let constraints = try VersConstraint.parse(constraintText, input: string)
        do {
            self = try Self.build(scheme: scheme, constraints: constraints)
        } catch {
            throw VersionRangeError(error.code, error.message, input: string, cause: error.cause)
        }
    }

    private static func build(
        scheme: some VersionScheme, constraints: [VersConstraint]
    ) throws(VersionRangeError) -> VersionRange {
        let sorted = try VersConstraint.sortAndCheck(constraints, scheme: scheme)
        var intervals: [VersionInterval] = []
        var excluded: [String] = []
        var open: VersionBound?
        var sawBound = false
        for constraint in sorted {
            switch constraint.comparator {
            case .equal: intervals.append(.exactly(constraint.version))
            case .notEqual: excluded.append(constraint.version)
            case .greater, .greaterOrEqual:
                open = VersionBound(constraint.version, inclusive: constraint.comparator == .greaterOrEqual)
                sawBound = true
            case .less, .lessOrEqual:
                let upper = VersionBound(constraint.version, inclusive: constraint.comparator == .lessOrEqual)
                intervals.append(VersionInterval(lower: open, upper: upper))
                open = nil
                sawBound = true
            }
        }
        if let open { intervals.append(VersionInterval(lower: open)) }
        if !sawBound && intervals.isEmpty && !excluded.isEmpty { intervals.append(.unbounded) }
        return try VersionRange(scheme: scheme, intervals: intervals, excluding: excluded)
    }

    /// The canonical VERS string: constraints sorted by version, versions percent-encoded where they hold VERS
    /// separators.
    public var versString: String {
        if isEmpty { return "vers:none/*" }
        if isUniversal { return "vers:\(scheme)/*" }
        var constraints: [String] = []
        for interval in intervals {
            if interval.isSingleVersion, let lower = interval.lower {
                constraints.append(VersConstraint.encode(lower.version))
                continue
            }
            if let lower = interval.lower {
                constraints.append((lower.isInclusive ? ">=" : ">") + VersConstraint.encode(lower.version))
            }
            if let upper = interval.upper {
                constraints.append((upper.isInclusive ? "<=" : "<") + VersConstraint.encode(upper.version))
            }
        }
        constraints += excluded.map { "!=" + VersConstraint.encode($0) }
        return "vers:\(scheme)/" + constraints.joined(separator: "|")
    }
}
