/// A software bill of materials in Vigil's one in-memory model, whatever format it came from or goes to.
///
/// Decoders (CycloneDX, SPDX) fill it; encoders write it; `vigil sbom check` measures it. Components are identified
/// by ``SBOMComponent/id`` (CycloneDX `bom-ref`, SPDX `SPDXID`), which relationships refer to. Fields a format has
/// and the model does not are carried in ``SBOMProperty`` lists under a namespaced name (`spdx:homepage`,
/// `cdx:group`), so converting and converting back loses nothing.
public struct SBOMDocument: Sendable, Hashable {
    /// Who made the document, when, with what, and what it describes.
    public var metadata: SBOMMetadata
    /// The components, in document order; ids are unique.
    public var components: [SBOMComponent]
    /// Relationships between components, and between the document and components (`DESCRIBES`).
    public var relationships: [SBOMRelationship]
    /// What the decoder read but the model does not carry (CycloneDX `vulnerabilities`, SPDX 3 security elements),
    /// so that a conversion can say what it leaves behind. Encoders ignore it.
    public var omissions: [SBOMOmission]

    public init(
        metadata: SBOMMetadata = SBOMMetadata(), components: [SBOMComponent] = [],
        relationships: [SBOMRelationship] = [], omissions: [SBOMOmission] = []
    ) {
        self.metadata = metadata
        self.components = components
        self.relationships = relationships
        self.omissions = omissions
    }

    /// The identifier relationships use for the document itself (SPDX's `SPDXRef-DOCUMENT`).
    public static let documentID = "SPDXRef-DOCUMENT"

    /// The component with an id, if any.
    ///
    /// - Complexity: O(*n*); build a dictionary for repeated lookups.
    public func component(withID id: String) -> SBOMComponent? {
        components.first { $0.id == id }
    }

    /// The ids of the components a component depends on (`DEPENDS_ON`, and the inverse `DEPENDENCY_OF`).
    public func dependencies(of id: String) -> [String] {
        relationships.compactMap { relationship in
            switch relationship.type {
            case .dependsOn where relationship.from == id: relationship.to
            case .dependencyOf where relationship.to == id: relationship.from
            default: nil
            }
        }
    }
}

/// A name/value pair a format carries that the model has no field for, under a namespaced name.
public struct SBOMProperty: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == SBOMProperty {
    /// The first value of a property, if present.
    public subscript(property name: String) -> String? {
        first { $0.name == name }?.value
    }
}

/// A section of an input document that the model does not carry: reported, never silently dropped.
public struct SBOMOmission: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where in the input, in the input format's own terms: `vulnerabilities`, `components[].pedigree`,
    /// `security_VexAffectedVulnAssessmentRelationship`.
    public var section: String
    /// How many entries were left out, when the format lets the decoder count them.
    public var count: Int?

    public init(_ section: String, count: Int?) {
        self.section = section
        self.count = count
    }

    public var description: String {
        if let count { return "\(section) (\(count) \(count == 1 ? "entry" : "entries"))" }
        return section
    }
}
