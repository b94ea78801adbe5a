/// An RPM package version, `[epoch:]version[-release]`, parsed by ``RPMVersionScheme``.
public struct RPMVersion: Comparable, Sendable, CustomStringConvertible {
    /// The version exactly as parsed.
    public let raw: String
    /// The epoch; `0` when absent.
    public let epoch: Int
    let bytes: [UInt8]
    let versionRange: Range<Int>
    let releaseRange: Range<Int>?

    init(raw: String, bytes: [UInt8], epoch: Int, version: Range<Int>, release: Range<Int>?) {
        self.raw = raw
        self.bytes = bytes
        self.epoch = epoch
        self.versionRange = version
        self.releaseRange = release
    }

    /// The version part.
    public var version: String { String(decoding: bytes[versionRange], as: UTF8.self) }
    /// The release after the last hyphen, or `nil` when absent.
    public var release: String? { releaseRange.map { String(decoding: bytes[$0], as: UTF8.self) } }

    public var description: String { raw }

    /// Compares as rpm's `rpmverCmp` does: epoch numerically, then version and release with `rpmvercmp`. A missing
    /// release sorts before any release, even an empty one (`1.0` < `1.0-` < `1.0-1`), which keeps the order total.
    public static func compare(_ lhs: RPMVersion, _ rhs: RPMVersion) -> VersionOrdering {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? .less : .greater }
        let version = RPMOrdering.compare(lhs.bytes[lhs.versionRange], rhs.bytes[rhs.versionRange])
        if version != .equal { return version }
        switch (lhs.releaseRange, rhs.releaseRange) {
        case (nil, nil): return .equal
        case (nil, .some): return .less
        case (.some, nil): return .greater
        case (.some(let left), .some(let right)): return RPMOrdering.compare(lhs.bytes[left], rhs.bytes[right])
        }
    }

    public static func < (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == .equal }
}
