/// A package ecosystem as OSV names it: `Debian`, `Debian:12`, `Alpine:v3.18`, `AlmaLinux:9`, `Linux`, `npm`.
///
/// The part before the first `:` is the ``base`` ecosystem, which selects the version scheme; the rest is the
/// release (`12`, `v3.18`), which selects the distribution's own advisories.
public struct Ecosystem: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The ecosystem without its release suffix: `Debian` for `Debian:12`.
    public var base: Ecosystem {
        guard let colon = rawValue.firstIndex(of: ":") else { return self }
        return Ecosystem(rawValue: String(rawValue[..<colon]))
    }

    /// The release suffix after the first `:`, if any: `12` for `Debian:12`.
    public var release: String? {
        guard let colon = rawValue.firstIndex(of: ":") else { return nil }
        let rest = rawValue[rawValue.index(after: colon)...]
        return rest.isEmpty ? nil : String(rest)
    }

    public var description: String { rawValue }
}

extension Ecosystem {
    public static let debian: Ecosystem = "Debian"
    public static let ubuntu: Ecosystem = "Ubuntu"
    public static let openWrt: Ecosystem = "OpenWrt"
    public static let alpine: Ecosystem = "Alpine"
    public static let wolfi: Ecosystem = "Wolfi"
    public static let chainguard: Ecosystem = "Chainguard"
    public static let almaLinux: Ecosystem = "AlmaLinux"
    public static let rockyLinux: Ecosystem = "Rocky Linux"
    public static let redHat: Ecosystem = "Red Hat"
    public static let openSUSE: Ecosystem = "openSUSE"
    public static let suse: Ecosystem = "SUSE"
    public static let mageia: Ecosystem = "Mageia"
    public static let openEuler: Ecosystem = "openEuler"
    public static let linux: Ecosystem = "Linux"
    public static let npm: Ecosystem = "npm"
    public static let cratesIO: Ecosystem = "crates.io"
    public static let go: Ecosystem = "Go"
    public static let hex: Ecosystem = "Hex"
    public static let pub: Ecosystem = "Pub"
    public static let swiftURL: Ecosystem = "SwiftURL"
}
