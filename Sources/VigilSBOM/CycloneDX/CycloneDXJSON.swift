import VigilCore

/// The CycloneDX 1.2–1.6 JSON shapes Vigil reads and writes (https://cyclonedx.org/docs/1.6/json/).
///
/// What the SBOM model carries is declared; sections it does not carry are declared as ``Skipped`` so that they are
/// reported; other members are ignored on reading.
enum CycloneDXJSON {
    struct BOM: Codable {
        var bomFormat: String
        var specVersion: String
        var serialNumber: String?
        var version: Int?
        var metadata: Metadata?
        var components: [Component]?
        var dependencies: [Dependency]?
        var properties: [Property]?
        // Read only to report what the model does not carry.
        var services: [Skipped]?
        var externalReferences: [Skipped]?
        var compositions: [Skipped]?
        var vulnerabilities: [Skipped]?
        var annotations: [Skipped]?
        var formulation: [Skipped]?
        var declarations: Skipped?
        var definitions: Skipped?

        /// The top-level sections present that the model does not carry.
        var omissions: [SBOMOmission] {
            let counted: [(String, [Skipped]?)] = [
                ("services", services), ("externalReferences", externalReferences), ("compositions", compositions),
                ("vulnerabilities", vulnerabilities), ("annotations", annotations), ("formulation", formulation),
            ]
            return counted.compactMap { name, entries in
                entries.flatMap { $0.isEmpty ? nil : SBOMOmission(name, count: $0.count) }
            }
                + [("declarations", declarations), ("definitions", definitions)].compactMap { name, value in
                    value.map { _ in SBOMOmission(name, count: nil) }
                }
        }
    }

    struct Metadata: Codable {
        var timestamp: String?
        var lifecycles: [Lifecycle]?
        var tools: Tools?
        var authors: [Contact]?
        var component: Component?
        var manufacturer: Organization?
        var supplier: Organization?
        var properties: [Property]?
    }

    struct Lifecycle: Codable {
        var phase: String?
        var name: String?
    }

    /// `tools`: an array of tools up to 1.4, an object of `components` and `services` from 1.5.
    struct Tools: Codable {
        var tools: [Tool]

        struct Tool: Codable {
            var vendor: String?
            var name: String?
            var version: String?
        }

        private struct Modern: Codable {
            var components: [Component]?
            var services: [Tool]?
        }

        init(_ tools: [Tool]) { self.tools = tools }

        init(from decoder: any Decoder) throws {
            if let legacy = try? [Tool](from: decoder) {
                tools = legacy
                return
            }
            let modern = try Modern(from: decoder)
            tools =
                (modern.components ?? []).map {
                    Tool(vendor: $0.supplier?.name ?? $0.group, name: $0.name, version: $0.version)
                } + (modern.services ?? [])
        }

        func encode(to encoder: any Encoder) throws {
            let components = tools.map {
                Component(
                    type: "application", name: $0.name ?? "", version: $0.version,
                    supplier: $0.vendor.map { Organization(name: $0) })
            }
            try Modern(components: components, services: nil).encode(to: encoder)
        }
    }

    struct Organization: Codable {
        var name: String?
        var url: [String]?
        var contact: [Contact]?
    }

    struct Contact: Codable {
        var name: String?
        var email: String?
    }

    struct Component: Codable {
        var type: String
        var bomRef: String?
        var supplier: Organization?
        var author: String?
        var authors: [Contact]?
        var publisher: String?
        var group: String?
        var name: String
        var version: String?
        var description: String?
        var hashes: [Hash]?
        var licenses: [LicenseChoice]?
        var copyright: String?
        var cpe: String?
        var purl: String?
        var externalReferences: [ExternalReference]?
        var properties: [Property]?
        var components: [Component]?
        var scope: String?
        var evidence: Evidence?
        // Read only to report what the model does not carry.
        var pedigree: Skipped?
        var swid: Skipped?
        var releaseNotes: Skipped?
        var modelCard: Skipped?
        var cryptoProperties: Skipped?

        enum CodingKeys: String, CodingKey {
            case type, bomRef = "bom-ref", supplier, author, authors, publisher, group, name, version, description,
                hashes, licenses, copyright, cpe, purl, externalReferences, properties, components, scope, pedigree,
                swid, evidence, releaseNotes, modelCard, cryptoProperties
        }

        /// The names of the members present that the model does not carry.
        var omittedMembers: [String] {
            [
                ("pedigree", pedigree), ("swid", swid), ("releaseNotes", releaseNotes), ("modelCard", modelCard),
                ("cryptoProperties", cryptoProperties),
            ].compactMap { name, value in value == nil ? nil : name }
                + (evidence?.hasOtherMembers == true ? ["evidence"] : [])
        }

        init(type: String, name: String, version: String? = nil, supplier: Organization? = nil) {
            self.type = type
            self.name = name
            self.version = version
            self.supplier = supplier
        }
    }

    /// A component's evidence (CycloneDX 1.6): how it was identified and where it occurs. Decoding never fails:
    /// `identity` may be one object (1.5) or an array (1.6); members the model does not carry (licenses, copyright,
    /// call stacks) are only noted.
    struct Evidence: Codable {
        var identity: [Identity]?
        var occurrences: [Occurrence]?
        var hasOtherMembers = false

        struct Identity: Codable {
            var field: String
            var confidence: Double?
            var concludedValue: String?
            var methods: [Method]?
        }

        struct Method: Codable {
            var technique: String
            var confidence: Double
            var value: String?
        }

        struct Occurrence: Codable {
            var location: String
            var offset: Int?
            var symbol: String?
            var additionalContext: String?
        }

        enum CodingKeys: String, CodingKey { case identity, occurrences }

        init(identity: [Identity]?, occurrences: [Occurrence]?) {
            self.identity = identity
            self.occurrences = occurrences
        }

        init(from decoder: any Decoder) throws {
            let container = try? decoder.container(keyedBy: CodingKeys.self)
            identity =
                (try? container?.decodeIfPresent([Identity].self, forKey: .identity))
                ?? (try? container?.decodeIfPresent(Identity.self, forKey: .identity)).flatMap { $0.map { [$0] } }
            occurrences = try? container?.decodeIfPresent([Occurrence].self, forKey: .occurrences)
            let all = try? decoder.container(keyedBy: AnyKey.self)
            hasOtherMembers = all?.allKeys.contains { CodingKeys(stringValue: $0.stringValue) == nil } ?? true
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(identity, forKey: .identity)
            try container.encodeIfPresent(occurrences, forKey: .occurrences)
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    struct Hash: Codable {
        var alg: String
        var content: String
    }

    /// One entry of `licenses`: a licence by id or name, or an SPDX expression.
    struct LicenseChoice: Codable {
        struct License: Codable {
            var id: String?
            var name: String?
            var acknowledgement: String?
        }

        var license: License?
        var expression: String?
        var acknowledgement: String?

        var text: String? { expression ?? license?.id ?? license?.name }
        var isConcluded: Bool { (acknowledgement ?? license?.acknowledgement) == "concluded" }
    }

    struct ExternalReference: Codable {
        var type: String
        var url: String
        var comment: String?
    }

    struct Property: Codable {
        var name: String
        var value: String?
    }

    struct Dependency: Codable {
        var ref: String
        var dependsOn: [String]?
    }
}
