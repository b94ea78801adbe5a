/// An RPM package version, `[epoch:]version[-release]`, parsed by ``RPMVersionScheme``.
public struct RPMVersion: Comparable, Sendable, CustomStringConvertible {
    /// The version exactly as parsed.
    public let raw: String
    /// The epoch; `0` when absent.
    public let epoch: Int
    /// The version part.
    public let version: String
    /// The release after the last hyphen, or `nil` when absent.
    public let release: String?

    public var description: String { raw }

    /// Compares as rpm's `rpmverCmp` does: epoch numerically, then version and release with `rpmvercmp`. A missing
    /// release sorts before any release, even an empty one (`1.0` < `1.0-` < `1.0-1`), which keeps the order total.
    public static func compare(_ lhs: RPMVersion, _ rhs: RPMVersion) -> VersionOrdering {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? .less : .greater }
        let version = RPMOrdering.compare(ArraySlice(lhs.version.utf8), ArraySlice(rhs.version.utf8))
        if version != .equal { return version }
        switch (lhs.release, rhs.release) {
        case (nil, nil): return .equal
        case (nil, .some): return .less
        case (.some, nil): return .greater
        case (.some(let left), .some(let right)): return RPMOrdering.compare(ArraySlice(left.utf8), ArraySlice(right.utf8))
        }
    }

    public static func < (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == .equal }
}
