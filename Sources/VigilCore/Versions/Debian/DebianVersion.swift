/// A Debian package version, `[epoch:]upstream_version[-debian_revision]`, parsed by ``DebianVersionScheme``.
///
/// Equality is equality in dpkg's ordering: `1.0`, `0:1.0` and `1.0-0` are equal. ``description`` is the raw string.
public struct DebianVersion: Comparable, Sendable, CustomStringConvertible {
    /// The version exactly as parsed.
    public let raw: String
    /// The epoch; `0` when absent.
    public let epoch: Int
    let bytes: [UInt8]
    let upstreamRange: Range<Int>
    let revisionRange: Range<Int>?

    init(raw: String, bytes: [UInt8], epoch: Int, upstream: Range<Int>, revision: Range<Int>?) {
        self.raw = raw
        self.bytes = bytes
        self.epoch = epoch
        self.upstreamRange = upstream
        self.revisionRange = revision
    }

    /// The upstream version: between the epoch's colon and the last hyphen.
    public var upstream: String { String(decoding: bytes[upstreamRange], as: UTF8.self) }

    /// The Debian revision after the last hyphen, or `nil` for a native package.
    public var revision: String? { revisionRange.map { String(decoding: bytes[$0], as: UTF8.self) } }

    public var description: String { raw }

    /// Compares two versions with dpkg's algorithm: epoch numerically, then upstream and revision with `verrevcmp`.
    public static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> VersionOrdering {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? .less : .greater }
        let upstream = DpkgOrdering.compare(lhs.bytes[lhs.upstreamRange], rhs.bytes[rhs.upstreamRange])
        if upstream != .equal { return upstream }
        let empty = lhs.bytes[0..<0]
        return DpkgOrdering.compare(
            lhs.revisionRange.map { lhs.bytes[$0] } ?? empty, rhs.revisionRange.map { rhs.bytes[$0] } ?? empty)
    }

    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == .equal }
}
