/// Document-level facts: the NTIA "author" and "timestamp" elements, the tools, and the subject.
public struct SBOMMetadata: Sendable, Hashable {
    /// The document's name (SPDX `name`, CycloneDX subject component name).
    public var name: String?
    /// A unique identifier for this document: CycloneDX `serialNumber` (`urn:uuid:…`), SPDX `documentNamespace`.
    public var identifier: String?
    /// The creation time as written in the document (ISO 8601).
    public var timestamp: String?
    /// The people and organisations that made the SBOM.
    public var authors: [SBOMParty]
    /// The tools that made the SBOM.
    public var tools: [SBOMTool]
    /// The id of the component the SBOM describes (the device or its firmware), when the document says.
    public var subject: String?
    /// The lifecycle phase the SBOM was generated in (`build`, `post-build`, `operations`…), CISA's "generation
    /// context".
    public var lifecycle: String?
    /// The licence of the SBOM data itself (SPDX `dataLicense`).
    public var dataLicense: String?
    /// Fields without a model home, namespaced by format.
    public var properties: [SBOMProperty]

    public init(
        name: String? = nil, identifier: String? = nil, timestamp: String? = nil, authors: [SBOMParty] = [],
        tools: [SBOMTool] = [], subject: String? = nil, lifecycle: String? = nil, dataLicense: String? = nil,
        properties: [SBOMProperty] = []
    ) {
        self.name = name
        self.identifier = identifier
        self.timestamp = timestamp
        self.authors = authors
        self.tools = tools
        self.subject = subject
        self.lifecycle = lifecycle
        self.dataLicense = dataLicense
        self.properties = properties
    }
}

/// A person or organisation: an author, supplier or originator.
public struct SBOMParty: Sendable, Hashable {
    /// Whether the party is a person or an organisation.
    public enum Kind: String, Sendable, Hashable, Codable {
        case person = "Person"
        case organization = "Organization"
    }

    public var kind: Kind
    public var name: String
    public var email: String?

    public init(_ kind: Kind, name: String, email: String? = nil) {
        self.kind = kind
        self.name = name
        self.email = email
    }
}

/// A tool that produced the SBOM.
public struct SBOMTool: Sendable, Hashable {
    public var name: String
    public var version: String?
    public var vendor: String?

    public init(name: String, version: String? = nil, vendor: String? = nil) {
        self.name = name
        self.version = version
        self.vendor = vendor
    }
}
