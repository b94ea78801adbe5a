/// One component of an SBOM: a package, library, firmware image, file or device.
public struct SBOMComponent: Sendable, Hashable, Identifiable {
    /// Unique within the document: CycloneDX `bom-ref`, SPDX `SPDXID`.
    public var id: String
    /// What the component is.
    public var kind: SBOMComponentKind
    public var name: String
    public var version: String?
    /// Who supplies the component (NTIA "supplier").
    public var supplier: SBOMParty?
    /// Who originally made it, when that differs from the supplier (SPDX `originator`, CycloneDX `author`).
    public var originator: SBOMParty?
    /// The package URL as written; see ``packageURL`` for the parsed value.
    public var purl: String?
    /// CPE names as written (2.3 formatted strings or 2.2 URIs).
    public var cpes: [String]
    public var hashes: [SBOMHash]
    /// The licence the supplier declares, as an SPDX licence expression.
    public var declaredLicense: String?
    /// The licence an analyst concluded, as an SPDX licence expression.
    public var concludedLicense: String?
    public var copyright: String?
    public var description: String?
    /// Where the component can be downloaded (SPDX `downloadLocation`).
    public var downloadLocation: String?
    /// Links to websites, VCS, advisories.
    public var externalReferences: [SBOMExternalReference]
    /// How the component was found (for inventories): which file, by what method, with what confidence.
    public var evidence: [SBOMEvidence]
    /// Fields without a model home, namespaced by format.
    public var properties: [SBOMProperty]

    public init(
        id: String, kind: SBOMComponentKind = .library, name: String, version: String? = nil,
        supplier: SBOMParty? = nil, originator: SBOMParty? = nil, purl: String? = nil, cpes: [String] = [],
        hashes: [SBOMHash] = [], declaredLicense: String? = nil, concludedLicense: String? = nil,
        copyright: String? = nil, description: String? = nil, downloadLocation: String? = nil,
        externalReferences: [SBOMExternalReference] = [], evidence: [SBOMEvidence] = [],
        properties: [SBOMProperty] = []
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.version = version
        self.supplier = supplier
        self.originator = originator
        self.purl = purl
        self.cpes = cpes
        self.hashes = hashes
        self.declaredLicense = declaredLicense
        self.concludedLicense = concludedLicense
        self.copyright = copyright
        self.description = description
        self.downloadLocation = downloadLocation
        self.externalReferences = externalReferences
        self.evidence = evidence
        self.properties = properties
    }

    /// The purl, parsed leniently, or `nil` when absent or invalid.
    public var packageURL: PackageURL? {
        purl.flatMap { try? PackageURL(parsing: $0, mode: .lenient) }
    }

    /// The CPE names that parse.
    public var cpeNames: [CPEName] {
        cpes.compactMap { try? CPEName(parsing: $0) }
    }
}

/// What kind of thing a component is; the raw values are CycloneDX's component types.
public struct SBOMComponentKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let application = SBOMComponentKind(rawValue: "application")
    public static let framework = SBOMComponentKind(rawValue: "framework")
    public static let library = SBOMComponentKind(rawValue: "library")
    public static let container = SBOMComponentKind(rawValue: "container")
    public static let platform = SBOMComponentKind(rawValue: "platform")
    public static let operatingSystem = SBOMComponentKind(rawValue: "operating-system")
    public static let device = SBOMComponentKind(rawValue: "device")
    public static let deviceDriver = SBOMComponentKind(rawValue: "device-driver")
    public static let firmware = SBOMComponentKind(rawValue: "firmware")
    public static let file = SBOMComponentKind(rawValue: "file")
    public static let machineLearningModel = SBOMComponentKind(rawValue: "machine-learning-model")
    public static let data = SBOMComponentKind(rawValue: "data")
    public static let cryptographicAsset = SBOMComponentKind(rawValue: "cryptographic-asset")
    public static let source = SBOMComponentKind(rawValue: "source")

    public var description: String { rawValue }
}

/// A cryptographic hash of a component.
public struct SBOMHash: Sendable, Hashable {
    /// The algorithm, as CycloneDX names it: `MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`, `SHA3-256`,
    /// `BLAKE2b-256`…
    public var algorithm: String
    /// The digest, lowercase hexadecimal.
    public var value: String

    public init(algorithm: String, value: String) {
        self.algorithm = algorithm
        self.value = value.lowercased()
    }
}

/// A link from a component to something outside the SBOM.
public struct SBOMExternalReference: Sendable, Hashable {
    /// The kind of link, as CycloneDX names it: `website`, `vcs`, `distribution`, `issue-tracker`, `advisories`…
    public var type: String
    public var url: String
    public var comment: String?

    public init(type: String, url: String, comment: String? = nil) {
        self.type = type
        self.url = url
        self.comment = comment
    }
}

/// How a component was identified: the evidence an inventory keeps for every finding.
public struct SBOMEvidence: Sendable, Hashable {
    /// The identification method: `package-database`, `binary-signature`, `filename`, `manifest`…
    public var method: String
    /// The file or database the evidence came from, relative to the scanned root.
    public var location: String?
    /// Confidence between 0 and 1.
    public var confidence: Double?
    /// What was seen (a matched version string, a database field).
    public var detail: String?
    /// Where in the file the matched text starts, in bytes.
    public var offset: Int?
    /// The rule that matched: a binary signature's stable id (`openssl.banner`).
    public var rule: String?

    public init(
        method: String, location: String? = nil, confidence: Double? = nil, detail: String? = nil, offset: Int? = nil,
        rule: String? = nil
    ) {
        self.method = method
        self.location = location
        self.confidence = confidence
        self.detail = detail
        self.offset = offset
        self.rule = rule
    }
}
