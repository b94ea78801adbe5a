/// A set of versions of one scheme: a union of intervals, minus excluded versions.
///
/// One type expresses every range Vigil reads: NVD's `versionStart/End…Including/Excluding`
/// (``init(scheme:startIncluding:startExcluding:endIncluding:endExcluding:)``), OSV's `introduced`/`fixed`/
/// `last_affected`/`limit` events (``init(scheme:osvEvents:)``) and VERS strings such as `vers:deb/>=1.0|<2.0`
/// (``init(vers:registry:)``). Whatever the source, the bounds are validated against the scheme, the intervals
/// sorted and merged, and redundant exclusions folded in, so two ranges built from the same versions are equal and
/// ``versString`` is canonical. A range codes as its VERS string.
///
/// ```swift
/// let range = try VersionRange(vers: "vers:deb/>=1.0|<2.0")
/// try range.contains("1:0.5", using: DebianVersionScheme())   // false: the epoch makes it newer
/// let compiled = try range.compiled(using: DebianVersionScheme())   // parse the bounds once, test many versions
/// ```
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// The version scheme whose ordering the bounds use.
    public let scheme: VersionSchemeID
    /// Disjoint intervals in ascending order.
    public let intervals: [VersionInterval]
    /// Versions excluded from inside the intervals (VERS `!=`), in ascending order.
    public let excluded: [String]
    /// The canonical VERS string: constraints sorted by version.
    public let versString: String

    /// Builds a range from intervals and exclusions, validating every version under `scheme`.
    ///
    /// Empty intervals are dropped, overlapping or adjoining ones merged; an exclusion outside every interval is
    /// dropped, and one at an interval's end makes that end exclusive.
    ///
    /// - Parameters:
    ///   - versName: The scheme name to write after `vers:`; the scheme's identifier when `nil`.
    /// - Throws: ``VersionRangeError/Code/invalidVersion`` if a version is not valid under `scheme`.
    /// - Complexity: O((*n* + *m*) log *n*) for *n* intervals and *m* exclusions.
    public init(
        scheme: some VersionScheme, intervals: [VersionInterval], excluding excluded: [String] = [],
        versName: String? = nil
    ) throws(VersionRangeError) {
        let normalised = try RangeNormaliser(scheme).normalise(intervals, excluded: excluded)
        self.scheme = scheme.id
        self.intervals = normalised.intervals
        self.excluded = normalised.excluded
        let name = versName ?? scheme.id.rawValue
        if normalised.intervals.isEmpty {
            versString = "vers:none/*"
        } else if normalised.intervals == [.unbounded] && normalised.excluded.isEmpty {
            versString = "vers:\(name)/*"
        } else {
            versString = "vers:\(name)/" + normalised.constraints.joined(separator: "|")
        }
    }

    /// A range holding every version of a scheme: `vers:<scheme>/*`.
    public static func all(_ scheme: VersionSchemeID) -> VersionRange {
        VersionRange(scheme: scheme, intervals: [.unbounded], versString: "vers:\(scheme)/*")
    }

    /// A range holding no version: `vers:none/*`.
    public static func none(_ scheme: VersionSchemeID) -> VersionRange {
        VersionRange(scheme: scheme, intervals: [], versString: "vers:none/*")
    }

    private init(scheme: VersionSchemeID, intervals: [VersionInterval], versString: String) {
        self.scheme = scheme
        self.intervals = intervals
        self.excluded = []
        self.versString = versString
    }

    /// Whether every version is in the range.
    public var isUniversal: Bool { intervals == [.unbounded] && excluded.isEmpty }
    /// Whether no version is in the range.
    public var isEmpty: Bool { intervals.isEmpty }

    /// The range with its bounds parsed once, for testing many versions.
    ///
    /// - Throws: ``VersionRangeError/Code/schemeMismatch`` if `scheme` is not the range's own scheme, and
    ///   ``VersionRangeError/Code/invalidVersion`` if a bound does not parse (possible only for ranges decoded from
    ///   data written by another scheme version).
    public func compiled<Scheme: VersionScheme>(
        using scheme: Scheme
    ) throws(VersionRangeError)
        -> CompiledVersionRange<Scheme>
    {
        guard scheme.id == self.scheme || isPseudoScheme else {
            throw VersionRangeError(
                .schemeMismatch, "a \(self.scheme) range cannot be tested with the \(scheme.id) scheme",
                input: versString)
        }
        return try CompiledVersionRange(self, scheme: scheme)
    }

    /// Tests whether a version is in the range.
    ///
    /// - Parameters:
    ///   - version: The raw version, as the SBOM or package database gives it.
    ///   - scheme: The range's own scheme.
    /// - Throws: ``VersionRangeError`` with ``VersionRangeError/Code/invalidVersion`` if `version` does not parse, or
    ///   ``VersionRangeError/Code/schemeMismatch`` for another scheme.
    /// - Complexity: O(*n*) in the number of intervals and exclusions; use ``compiled(using:)`` to test many versions.
    public func contains<Scheme: VersionScheme>(
        _ version: String, using scheme: Scheme
    ) throws(VersionRangeError)
        -> Bool
    {
        try compiled(using: scheme).contains(version)
    }

    /// Tests whether a version is in the range, with the range's scheme looked up in a registry.
    ///
    /// - Throws: ``VersionRangeError`` if the scheme is unknown or the version invalid.
    public func contains(
        _ version: String, registry: VersionSchemeRegistry = .builtIn
    ) throws(VersionRangeError)
        -> Bool
    {
        if isPseudoScheme { return !isEmpty }
        let found: any VersionScheme
        do {
            found = try registry.scheme(named: scheme.rawValue)
        } catch {
            throw VersionRangeError(.unknownScheme, error.message, input: versString, cause: error)
        }
        return try contains(version, using: found)
    }

    /// `vers:all/*` and `vers:none/*` name no real scheme and need none.
    private var isPseudoScheme: Bool { scheme == "all" || scheme == "none" }

    public var description: String { versString }
}

extension VersionRange: Codable {
    /// Decodes a range from its VERS string, validating it with the built-in schemes.
    public init(from decoder: any Decoder) throws {
        self = try VersionRange(vers: decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the canonical VERS string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(versString)
    }
}
