/// One end of a version interval: a version, and whether the interval includes it.
public struct VersionBound: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The version, as written in the source data.
    public var version: String
    /// Whether the version itself is inside the interval.
    public var isInclusive: Bool

    public init(_ version: String, inclusive: Bool) {
        self.version = version
        self.isInclusive = inclusive
    }

    /// An inclusive bound: `>=` as a lower bound, `<=` as an upper bound.
    public static func including(_ version: String) -> VersionBound { VersionBound(version, inclusive: true) }
    /// An exclusive bound: `>` as a lower bound, `<` as an upper bound.
    public static func excluding(_ version: String) -> VersionBound { VersionBound(version, inclusive: false) }

    public var description: String { (isInclusive ? "[" : "(") + version }
}

/// A contiguous run of versions between an optional lower and an optional upper bound.
public struct VersionInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The lower bound, or `nil` for no lower bound.
    public var lower: VersionBound?
    /// The upper bound, or `nil` for no upper bound.
    public var upper: VersionBound?

    public init(lower: VersionBound? = nil, upper: VersionBound? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// The interval holding exactly one version.
    public static func exactly(_ version: String) -> VersionInterval {
        VersionInterval(lower: .including(version), upper: .including(version))
    }

    /// Every version.
    public static let unbounded = VersionInterval()

    /// Whether the interval is a single version.
    public var isSingleVersion: Bool {
        guard let lower, let upper else { return false }
        return lower.isInclusive && upper.isInclusive && lower.version == upper.version
    }

    public var description: String {
        (lower.map { ($0.isInclusive ? "[" : "(") + $0.version } ?? "(-∞") + ", "
            + (upper.map { $0.version + ($0.isInclusive ? "]" : ")") } ?? "∞)")
    }
}
