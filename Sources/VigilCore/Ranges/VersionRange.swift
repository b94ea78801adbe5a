/// A set of versions of one scheme: a union of intervals, minus excluded versions.
///
/// One type expresses every range Vigil reads: NVD's `versionStart/End…Including/Excluding`
/// (``init(scheme:startIncluding:startExcluding:endIncluding:endExcluding:)``), OSV's `introduced`/`fixed`/
/// `last_affected`/`limit` events (``init(scheme:osvEvents:)``) and VERS strings such as `vers:deb/>=1.0|<2.0`
/// (``init(vers:registry:)``). Whatever the source, the intervals are validated, sorted and merged, so
/// ``versString`` is canonical and containment is one pass.
///
/// ```swift
/// let range = try VersionRange(vers: "vers:deb/>=1.0|<2.0")
/// try range.contains("1:0.5", using: DebianVersionScheme())   // false: the epoch makes it newer
/// ```
public struct VersionRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The version scheme whose ordering the bounds use.
    public let scheme: VersionSchemeID
    /// Disjoint intervals in ascending order.
    public let intervals: [VersionInterval]
    /// Versions excluded from the intervals (VERS `!=`), in ascending order.
    public let excluded: [String]

    /// Builds a range from intervals, validating every version and sorting and merging the intervals.
    ///
    /// - Throws: ``VersionRangeError/Code/invalidVersion`` if a bound is not valid under `scheme`.
    /// - Complexity: O(*n* log *n*) in the number of intervals.
    public init(
        scheme: some VersionScheme, intervals: [VersionInterval], excluding excluded: [String] = []
    )
        throws(VersionRangeError)
    {
        let normalised = try RangeNormaliser(scheme).normalise(intervals, excluded: excluded)
        self.scheme = scheme.id
        self.intervals = normalised.intervals
        self.excluded = normalised.excluded
    }

    /// A range holding every version of a scheme.
    public static func all(_ scheme: VersionSchemeID) -> VersionRange {
        VersionRange(unchecked: scheme, intervals: [.unbounded], excluded: [])
    }

    /// A range holding no version.
    public static func none(_ scheme: VersionSchemeID) -> VersionRange {
        VersionRange(unchecked: scheme, intervals: [], excluded: [])
    }

    init(unchecked scheme: VersionSchemeID, intervals: [VersionInterval], excluded: [String]) {
        self.scheme = scheme
        self.intervals = intervals
        self.excluded = excluded
    }

    /// Whether every version is in the range.
    public var isUniversal: Bool { intervals == [.unbounded] && excluded.isEmpty }
    /// Whether no version is in the range.
    public var isEmpty: Bool { intervals.isEmpty }

    /// Tests whether a version is in the range.
    ///
    /// - Parameters:
    ///   - version: The raw version, as the SBOM or package database gives it.
    ///   - scheme: The ordering to use; it should be the range's own ``scheme``.
    /// - Throws: ``VersionParseError`` if `version` or a bound is not valid under `scheme`.
    /// - Complexity: O(*n*) in the number of intervals and exclusions.
    public func contains<Scheme: VersionScheme>(
        _ version: String, using scheme: Scheme
    ) throws(VersionParseError)
        -> Bool
    {
        if isUniversal { return true }
        if isEmpty { return false }
        let value = try scheme.parse(version)
        for excludedVersion in excluded where try scheme.parse(excludedVersion) == value { return false }
        for interval in intervals {
            if let lower = interval.lower {
                let bound = try scheme.parse(lower.version)
                if value < bound || (value == bound && !lower.isInclusive) { continue }
            }
            if let upper = interval.upper {
                let bound = try scheme.parse(upper.version)
                if value > bound || (value == bound && !upper.isInclusive) { continue }
            }
            return true
        }
        return false
    }

    /// Tests whether a version is in the range, with the range's scheme looked up in a registry.
    ///
    /// - Throws: ``VersionParseError`` if the scheme is unknown or a version is invalid.
    public func contains(
        _ version: String, registry: VersionSchemeRegistry = .builtIn
    ) throws(VersionParseError)
        -> Bool
    {
        if isUniversal { return true }
        if isEmpty { return false }
        let scheme = try registry.scheme(named: self.scheme.rawValue)
        return try contains(version, using: scheme)
    }

    /// The canonical VERS string.
    public var description: String { versString }
}
