/// The identifier of an SBOM format, as `--format` and logs name it: `cyclonedx-json`, `spdx-json`, `spdx-tag`.
public struct SBOMFormatID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var description: String { rawValue }
    public static func < (lhs: SBOMFormatID, rhs: SBOMFormatID) -> Bool { lhs.rawValue < rhs.rawValue }
}
