extension VersionRange {
    /// The most constraints a VERS string may hold; real advisories have a few dozen at most.
    public static let maximumConstraints = 10_000

    /// Parses a VERS string, `vers:<scheme>/<constraint>|<constraint>…` (purl-spec `VERSION-RANGE-SPEC`).
    ///
    /// Constraints are bare versions (`=`), `!=`, `<`, `<=`, `>`, `>=` or a lone `*`; spaces are ignored;
    /// `%`-escapes in versions are decoded. As the specification requires, the constraints are sorted by version and
    /// validated: each version appears once; ignoring `!=`, a bare version is followed only by a bare version, `>`
    /// or `>=`, and is not inside an open `>`/`>=` interval; ignoring `=` and `!=` too, lower and upper bounds
    /// alternate. `vers:all/*` and `vers:none/*` are the universal and empty ranges. One reading goes beyond the
    /// specification's containment procedure, which would make a range of only `!=` constraints empty: here
    /// `vers:deb/!=1.0` is every version but 1.0. The scheme name is kept for ``versString``, so `vers:npm/…`
    /// stays `vers:npm/…` while the `semver` scheme orders it.
    ///
    /// - Parameters:
    ///   - string: The VERS string.
    ///   - registry: Where to find the scheme named after `vers:`; aliases such as `alpine` or `npm` work.
    /// - Throws: ``VersionRangeError``.
    /// - Complexity: O(*n* log *n*) in the number of constraints.
    public init(vers string: String, registry: VersionSchemeRegistry = .builtIn) throws(VersionRangeError) {
        let compact = string.filter { $0 != " " && $0 != "\t" }
        guard compact.utf8.count <= 262_144 else {
            throw VersionRangeError(.malformed, "a VERS string may be at most 262144 bytes", input: string)
        }
        guard compact.lowercased().hasPrefix("vers:"), let slash = compact.firstIndex(of: "/") else {
            throw VersionRangeError(.malformed, "a VERS string is 'vers:<scheme>/<constraints>'", input: string)
        }
        let schemeName = compact[compact.index(compact.startIndex, offsetBy: 5)..<slash].lowercased()
        let constraintText = compact[compact.index(after: slash)...]
        if constraintText == "*" && (schemeName == "all" || schemeName == "none") {
            self = schemeName == "all" ? .all("all") : .none("none")
            return
        }
        let scheme: any VersionScheme
        do {
            scheme = try registry.scheme(named: schemeName)
        } catch {
            throw VersionRangeError(.unknownScheme, error.message, input: string, cause: error)
        }
        do {
            if constraintText == "*" {
                self = try VersionRange(scheme: scheme, intervals: [.unbounded], versName: schemeName)
            } else {
                let constraints = try VersConstraint.parse(constraintText)
                self = try Self.build(scheme: scheme, constraints: constraints, versName: schemeName)
            }
        } catch {
            throw VersionRangeError(error.code, error.message, input: string, cause: error.cause)
        }
    }

    private static func build(
        scheme: some VersionScheme, constraints: [VersConstraint], versName: String
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
        return try VersionRange(scheme: scheme, intervals: intervals, excluding: excluded, versName: versName)
    }
}
