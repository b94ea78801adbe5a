import XMLCoder

/// The CycloneDX 1.2–1.6 XML shapes (https://cyclonedx.org/docs/1.6/xml/), converted to and from the JSON shapes so
/// that both bindings share one mapping onto the model. Stored properties are declared in the order of the XSD's
/// sequences: the encoder writes them in that order, and a schema-validating reader rejects any other.
enum CycloneDXXML {
    struct BOM: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var xmlns: String?
        var serialNumber: String?
        var version: Int?
        var metadata: Metadata?
        var components: Components?
        var dependencies: Dependencies?
        var properties: Properties?
        // Read only to report what the model does not carry; never written. XML gives presence, not counts.
        var services: Skipped?
        var externalReferences: Skipped?
        var compositions: Skipped?
        var vulnerabilities: Skipped?
        var annotations: Skipped?
        var formulation: Skipped?
        var declarations: Skipped?
        var definitions: Skipped?

        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            ["xmlns", "serialNumber", "version"].contains(key.stringValue) ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            ["xmlns", "serialNumber", "version"].contains(key.stringValue) ? .attribute : .element
        }
    }

    struct Metadata: Codable {
        var timestamp: String?
        var lifecycles: Lifecycles?
        var tools: Tools?
        var authors: Authors?
        var component: Component?
        var manufacturer: Organization?
        var supplier: Organization?
        var properties: Properties?
    }

    struct Lifecycles: Codable { var lifecycle: [CycloneDXJSON.Lifecycle] }

    /// `<tools>` holds `<tool>` elements up to 1.4 and `<components>`/`<services>` from 1.5.
    struct Tools: Codable {
        var tool: [CycloneDXJSON.Tools.Tool]?
        var components: Components?
    }

    struct Authors: Codable { var author: [CycloneDXJSON.Contact] }

    struct Organization: Codable {
        var name: String?
        var url: [String]?
        var contact: [CycloneDXJSON.Contact]?
    }

    struct Components: Codable { var component: [Component] }

    struct Component: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var type: String
        var bomRef: String?
        var supplier: Organization?
        var authors: Authors?
        var author: String?
        var publisher: String?
        var group: String?
        var name: String
        var version: String?
        var description: String?
        var scope: String?
        var hashes: Hashes?
        var licenses: Licenses?
        var copyright: String?
        var cpe: String?
        var purl: String?
        var externalReferences: References?
        var properties: Properties?
        var components: Components?
        // Read only to report what the model does not carry; never written.
        var pedigree: Skipped?
        var swid: Skipped?
        var evidence: Skipped?
        var releaseNotes: Skipped?
        var modelCard: Skipped?
        var cryptoProperties: Skipped?

        enum CodingKeys: String, CodingKey {
            case type, bomRef = "bom-ref", supplier, authors, author, publisher, group, name, version, description,
                scope, hashes, licenses, copyright, cpe, purl, externalReferences, properties, components, pedigree,
                swid, evidence, releaseNotes, modelCard, cryptoProperties
        }

        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "type" || key.stringValue == "bom-ref" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "type" || key.stringValue == "bom-ref" ? .attribute : .element
        }
    }

    struct Hashes: Codable { var hash: [Hash] }

    struct Hash: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var alg: String
        var value: String

        enum CodingKeys: String, CodingKey {
            case alg, value = ""
        }
        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "alg" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "alg" ? .attribute : .element
        }
    }

    struct Licenses: Codable {
        var license: [License]?
        var expression: [Expression]?
    }

    struct License: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var acknowledgement: String?
        var id: String?
        var name: String?

        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "acknowledgement" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "acknowledgement" ? .attribute : .element
        }
    }

    struct Expression: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var acknowledgement: String?
        var value: String

        enum CodingKeys: String, CodingKey {
            case acknowledgement, value = ""
        }
        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "acknowledgement" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "acknowledgement" ? .attribute : .element
        }
    }

    struct References: Codable { var reference: [Reference] }

    struct Reference: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var type: String
        var url: String
        var comment: String?

        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "type" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "type" ? .attribute : .element
        }
    }

    struct Properties: Codable { var property: [Property] }

    struct Property: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var name: String
        var value: String?

        enum CodingKeys: String, CodingKey {
            case name, value = ""
        }
        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "name" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "name" ? .attribute : .element
        }
    }

    struct Dependencies: Codable { var dependency: [Dependency] }

    struct Dependency: Codable, DynamicNodeEncoding, DynamicNodeDecoding {
        var ref: String
        var dependency: [Dependency]?

        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
            key.stringValue == "ref" ? .attribute : .element
        }
        static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
            key.stringValue == "ref" ? .attribute : .element
        }
    }
}
