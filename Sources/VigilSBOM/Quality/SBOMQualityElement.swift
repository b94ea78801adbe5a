public import VigilCore

/// One minimum element a regulator checks in an SBOM, with a stable identifier for reports and evidence bundles.
///
/// The NTIA minimum elements (2021) and the additions of CISA's 2025 draft "Minimum Elements for a Software Bill of
/// Materials". Component elements are measured per component; document elements are present or not.
public struct SBOMQualityElement: Sendable, Hashable {
    /// Whether an element is measured per component or once per document.
    public enum Scope: String, Sendable, Hashable, Codable {
        case component, document
    }

    /// The stable identifier: `ntia.supplier`, `cisa.hash`.
    public let id: String
    /// A short title for tables.
    public let title: String
    public let scope: Scope
    let componentTest: (@Sendable (SBOMComponent, SBOMQualityContext) -> Bool)?
    let documentTest: (@Sendable (SBOMDocument) -> Bool)?

    init(id: String, title: String, component test: @escaping @Sendable (SBOMComponent, SBOMQualityContext) -> Bool) {
        self.id = id
        self.title = title
        self.scope = .component
        self.componentTest = test
        self.documentTest = nil
    }

    init(id: String, title: String, document test: @escaping @Sendable (SBOMDocument) -> Bool) {
        self.id = id
        self.title = title
        self.scope = .document
        self.componentTest = nil
        self.documentTest = test
    }

    public static func == (lhs: SBOMQualityElement, rhs: SBOMQualityElement) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension SBOMQualityElement {
    /// The NTIA minimum elements followed by the CISA 2025 additions, in report order.
    public static let all: [SBOMQualityElement] = [
        SBOMQualityElement(id: "ntia.supplier", title: "supplier") { component, _ in component.supplier != nil },
        SBOMQualityElement(id: "ntia.name", title: "name") { component, _ in !component.name.isEmpty },
        SBOMQualityElement(id: "ntia.version", title: "version") { component, _ in
            !(component.version ?? "").isEmpty
        },
        SBOMQualityElement(id: "ntia.identifier", title: "purl or CPE") { component, _ in
            component.packageURL != nil || !component.cpeNames.isEmpty
        },
        SBOMQualityElement(id: "ntia.relationships", title: "dependency relationships") { component, context in
            context.relatedIDs.contains(component.id)
        },
        SBOMQualityElement(id: "ntia.author", title: "author") { document in !document.metadata.authors.isEmpty },
        SBOMQualityElement(id: "ntia.timestamp", title: "timestamp") { document in
            !(document.metadata.timestamp ?? "").isEmpty
        },
        SBOMQualityElement(id: "cisa.hash", title: "component hash") { component, _ in !component.hashes.isEmpty },
        SBOMQualityElement(id: "cisa.license", title: "license") { component, _ in
            component.declaredLicense != nil || component.concludedLicense != nil
        },
        SBOMQualityElement(id: "cisa.tool", title: "tool name") { document in !document.metadata.tools.isEmpty },
        SBOMQualityElement(id: "cisa.generation-context", title: "generation context") { document in
            document.metadata.lifecycle != nil
        },
    ]
}

/// What component checks may consult about the whole document, computed once per report.
public struct SBOMQualityContext: Sendable {
    /// The document being measured.
    public let document: SBOMDocument
    /// The ids of components that take part in a dependency or containment relationship.
    public let relatedIDs: Set<String>

    /// The relationship types that form the dependency graph NTIA asks for.
    static let dependencyTypes: Set<String> = [
        "DEPENDS_ON", "DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF", "DEV_DEPENDENCY_OF",
        "TEST_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF", "DEPENDENCY_MANIFEST_OF",
        "CONTAINS", "CONTAINED_BY", "STATIC_LINK", "DYNAMIC_LINK", "HAS_STATIC_LINK", "HAS_DYNAMIC_LINK",
        "HAS_OPTIONAL_DEPENDENCY", "HAS_PROVIDED_DEPENDENCY", "HAS_PREREQUISITE", "PREREQUISITE_FOR",
    ]

    init(_ document: SBOMDocument) {
        self.document = document
        var related = Set<String>()
        for relationship in document.relationships where Self.dependencyTypes.contains(relationship.type.rawValue) {
            related.insert(relationship.from)
            related.insert(relationship.to)
        }
        relatedIDs = related
    }
}
