/// Semantic Versioning 2.0.0 (https://semver.org), with the leniencies that real advisory data needs.
///
/// Strict grammar: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`; identifiers are `[0-9A-Za-z-]+`; precedence per §11
/// (see ``SemanticVersion``). Accepted beyond the specification, as OSV, Go and npm tooling do, and documented here
/// so that results are predictable:
/// - a leading `v` or `V` (`v1.2.3` equals `1.2.3`);
/// - fewer than three core components, the missing ones being `0` (`1.2` equals `1.2.0`);
/// - more than three core components (`1.1.3.4`), the ones after the patch number treated as build metadata and so
///   ignored for precedence (`1.1.3.4` = `1.1.3.5`), as OSV's semantic-version rules and the shared vectors specify;
///   use the `generic` scheme for versions that really have four numbers;
/// - leading zeros in numeric components and identifiers, compared by value;
/// - numbers of any size (`999999999999999999999999999991`), compared without overflow.
///
/// Rejected with ``VersionParseError``: empty components or identifiers (`1..2`, `1.2.3-`, `1.2.3-a..b`), characters
/// outside the grammar, and a core that is not all digits (`1.2.x`).
public struct SemVerScheme: VersionScheme {
    public static let id: VersionSchemeID = "semver"
    public var aliases: Set<String> { ["npm", "cargo", "golang", "hex", "pub", "swift"] }
    public var ecosystems: Set<Ecosystem> { [.npm, .cratesIO, .go, .hex, .pub, .swiftURL] }
    public var purlTypes: Set<String> { ["npm", "cargo", "golang", "hex", "pub", "swift"] }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> SemanticVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        var text = Substring(raw)
        if let first = text.first, first == "v" || first == "V" { text = text.dropFirst() }
        var buildPart: Substring?
        if let plus = text.firstIndex(of: "+") {
            buildPart = text[text.index(after: plus)...]
            text = text[..<plus]
        }
        var preReleasePart: Substring?
        if let hyphen = text.firstIndex(of: "-") {
            preReleasePart = text[text.index(after: hyphen)...]
            text = text[..<hyphen]
        }
        let core = try identifiers(text, what: "version core", raw: raw)
        for component in core where !component.utf8.allSatisfy(ASCII.isDigit) {
            throw fail(.malformed, "core component '\(component)' is not a number", raw)
        }
        let preRelease = try preReleasePart.map { part throws(VersionParseError) in
            try identifiers(part, what: "pre-release", raw: raw).map { identifier -> SemanticVersion.Identifier in
                identifier.utf8.allSatisfy(ASCII.isDigit) ? .numeric(identifier) : .alphanumeric(identifier)
            }
        }
        let build = try buildPart.map { part throws(VersionParseError) in try identifiers(part, what: "build", raw: raw)
        }
        return SemanticVersion(raw: raw, core: core, preRelease: preRelease ?? [], build: build ?? [])
    }

    private func identifiers(_ part: Substring, what: String, raw: String) throws(VersionParseError) -> [String] {
        var result: [String] = []
        for identifier in part.split(separator: ".", omittingEmptySubsequences: false) {
            if identifier.isEmpty { throw fail(.malformed, "\(what) has an empty identifier", raw) }
            for byte in identifier.utf8 where !(ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "-")) {
                throw fail(.invalidCharacter, "\(what) holds \(ASCII.describe(byte)); allowed are [0-9A-Za-z-]", raw)
            }
            result.append(String(identifier))
        }
        return result
    }

    private func fail(_ code: VersionParseError.Code, _ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(code, message, scheme: Self.id, input: raw)
    }
}
