import VigilCore

/// The operating system from `/etc/os-release` (or `/usr/lib/os-release`, which it usually links to): `ID`,
/// `VERSION_ID`, `PRETTY_NAME`, `VERSION_CODENAME`, `CPE_NAME`. Values follow the os-release(5) shell-like quoting.
public struct OSReleaseSource: InventorySource {
    public let id = "os-release"

    public init() {}

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let bytes = try root.read(path, limit: 64 << 10) else { continue }
            let fields = Self.parse(String(decoding: bytes, as: UTF8.self))
            guard let id = fields["ID"], !id.isEmpty else {
                return InventoryFindings(warnings: ["\(path) has no ID"])
            }
            let distribution = Distribution(
                id: id, versionID: fields["VERSION_ID"], prettyName: fields["PRETTY_NAME"],
                versionCodename: fields["VERSION_CODENAME"])
            var component = SBOMComponent(
                id: "os:\(id)", kind: .operatingSystem, name: id, version: fields["VERSION_ID"],
                description: fields["PRETTY_NAME"],
                evidence: [SBOMEvidence(method: self.id, location: path, confidence: 1)])
            if let cpe = fields["CPE_NAME"], (try? CPEName(parsing: cpe)) != nil { component.cpes = [cpe] }
            if let codename = fields["VERSION_CODENAME"] {
                component.properties.append(SBOMProperty("vigil:os.codename", codename))
            }
            return InventoryFindings(components: [component], distribution: distribution)
        }
        return InventoryFindings()
    }

    /// `KEY=value`, `KEY="value with \"escapes\""`, `KEY='value'`; comments and blank lines skipped.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals])
            var value = Substring(trimmed[trimmed.index(after: equals)...])
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst()
                var unquoted = ""
                var escaped = false
                for character in value {
                    if escaped {
                        unquoted.append(character)
                        escaped = false
                    } else if character == "\\", quote == "\"" {
                        escaped = true
                    } else if character == quote {
                        break
                    } else {
                        unquoted.append(character)
                    }
                }
                fields[key] = unquoted
            } else {
                fields[key] = String(value).trimmingSpaces
            }
        }
        return fields
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
