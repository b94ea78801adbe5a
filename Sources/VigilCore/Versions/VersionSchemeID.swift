/// The stable identifier of a version scheme: `deb`, `rpm`, `apk`, `semver`, `kernel`, `generic`.
///
/// Identifiers are lowercase ASCII. They appear in `--scheme`, in `vers:` strings and in the database, so they never
/// change once shipped.
public struct VersionSchemeID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var description: String { rawValue }

    public static func < (lhs: VersionSchemeID, rhs: VersionSchemeID) -> Bool { lhs.rawValue < rhs.rawValue }
}
