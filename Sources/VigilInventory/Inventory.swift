public import VigilCore

/// Finds components in a root filesystem: a plug-in, one per kind of evidence (a package database, the OS release
/// file, later binary signatures). A new source is a new conformer added to ``Inventory/builtIn``.
public protocol InventorySource: Sendable {
    /// The source's name (`dpkg`, `os-release`), recorded as the evidence method.
    var id: String { get }
    /// What the source finds. `context` holds what earlier sources learnt (the distribution, for purls).
    func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings
}

/// What sources share: the distribution, known once `/etc/os-release` is read.
public struct InventoryContext: Sendable {
    public var distribution: Distribution?

    public init(distribution: Distribution? = nil) { self.distribution = distribution }
}

/// The operating system release of a root filesystem (`/etc/os-release`).
public struct Distribution: Sendable, Hashable {
    /// `debian`, `alpine`, `openwrt`, `poky`.
    public var id: String
    /// `12`, `3.19.1`; nil for rolling releases.
    public var versionID: String?
    public var prettyName: String?
    public var versionCodename: String?

    public init(id: String, versionID: String? = nil, prettyName: String? = nil, versionCodename: String? = nil) {
        self.id = id
        self.versionID = versionID
        self.prettyName = prettyName
        self.versionCodename = versionCodename
    }

    /// The purl `distro` qualifier as syft and the purl spec examples write it: `debian-12`.
    public var purlQualifier: String { versionID.map { "\(id)-\($0)" } ?? id }
}

/// What one source found.
public struct InventoryFindings: Sendable {
    public var components: [SBOMComponent]
    public var relationships: [SBOMRelationship]
    public var distribution: Distribution?
    /// Things the source could not read, one line each (`/var/lib/dpkg/status: stanza 12 has no Version`).
    public var warnings: [String]

    public init(
        components: [SBOMComponent] = [], relationships: [SBOMRelationship] = [], distribution: Distribution? = nil,
        warnings: [String] = []
    ) {
        self.components = components
        self.relationships = relationships
        self.distribution = distribution
        self.warnings = warnings
    }
}

/// Runs sources over a root filesystem and assembles one SBOM.
///
/// ```swift
/// let (document, warnings) = try Inventory.builtIn.run(try DirectoryRoot("/srv/rootfs"), name: "rootfs")
/// ```
public struct Inventory: Sendable {
    public var sources: [any InventorySource]

    public init(sources: [any InventorySource]) { self.sources = sources }

    /// The sources Vigil ships, the OS release first (package purls need the distribution).
    public static let builtIn = Inventory(sources: [
        OSReleaseSource(), DpkgSource(), OpkgSource(), ApkSource(), KernelModulesSource(),
    ])

    /// Inventories the root; the document's components are in source order, then name (and id) order, so the same
    /// root always gives the same document.
    public func run(
        _ root: any RootFilesystem, name: String, timestamp: String? = nil
    ) throws(InventoryError) -> (document: SBOMDocument, warnings: [String]) {
        var context = InventoryContext()
        var document = SBOMDocument(
            metadata: SBOMMetadata(
                name: name, timestamp: timestamp, tools: [SBOMTool(name: "vigil", vendor: "Vigil")],
                lifecycle: "post-build"))
        var warnings = root.warnings
        for source in sources {
            let findings = try source.inventory(root, context: context)
            if let distribution = findings.distribution { context.distribution = distribution }
            document.components += findings.components.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            document.relationships += findings.relationships
            warnings += findings.warnings.map { "\(source.id): \($0)" }
        }
        return (document, warnings)
    }
}
