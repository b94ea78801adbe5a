public import VigilCore
public import VigilSBOM

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

/// What sources share: the distribution (known once `/etc/os-release` is read), the components found so far, and which
/// package owns which file.
public struct InventoryContext: Sendable {
    public var distribution: Distribution?
    /// The components earlier sources found, by id.
    public var components: [String: SBOMComponent]
    /// Canonical file path → the id of the package component that installed it (from dpkg, opkg, apk and RPM file
    /// lists).
    public var fileOwners: [String: String]
    /// Whether any package database listed its files: then a file it does not list is not from a package.
    public var hasFileLists: Bool

    public init(
        distribution: Distribution? = nil, components: [String: SBOMComponent] = [:],
        fileOwners: [String: String] = [:],
        hasFileLists: Bool = false
    ) {
        self.distribution = distribution
        self.components = components
        self.fileOwners = fileOwners
        self.hasFileLists = hasFileLists
    }
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
    /// Files the source's packages installed: canonical path → component id.
    public var fileOwners: [String: String]
    /// Whether the source read file lists (even empty ones).
    public var hasFileLists: Bool
    /// More evidence for components earlier sources found, by component id (a signature in a packaged file).
    public var evidence: [String: [SBOMEvidence]]

    public init(
        components: [SBOMComponent] = [], relationships: [SBOMRelationship] = [], distribution: Distribution? = nil,
        warnings: [String] = [], fileOwners: [String: String] = [:], hasFileLists: Bool = false,
        evidence: [String: [SBOMEvidence]] = [:]
    ) {
        self.components = components
        self.relationships = relationships
        self.distribution = distribution
        self.warnings = warnings
        self.fileOwners = fileOwners
        self.hasFileLists = hasFileLists
        self.evidence = evidence
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

    /// The sources Vigil ships for a root filesystem: the OS release first (package purls need the distribution),
    /// then the package databases and build manifests (file ownership, for the signatures), the kernel, and last the
    /// binary signatures (which add to what the databases found).
    public static let builtIn = rootFilesystem()

    /// ``builtIn`` with build manifests given beside the image, and the binary scan optional.
    public static func rootFilesystem(
        manifests: [BuildManifestSource.Manifest] = [], binarySignatures: Bool = true
    ) -> Inventory {
        var sources: [any InventorySource] = [
            OSReleaseSource(), DpkgSource(), OpkgSource(), ApkSource(), RPMSource(),
            BuildManifestSource(manifests: manifests), KernelImageSource(), KernelModulesSource(),
        ]
        if binarySignatures { sources.append(BinarySignatureSource()) }
        return Inventory(sources: sources)
    }

    /// The sources for a single file: the kernel banner and the binary signatures, on the file whatever its type.
    public static let singleFile = Inventory(sources: [
        KernelImageSource(scanEveryFile: true), BinarySignatureSource(scanEveryFile: true),
    ])

    /// Inventories the root; the document's components are in source order, then name (and id) order, so the same
    /// root always gives the same document.
    ///
    /// Components two sources report under the same id (the kernel from its banner and its module tree) become one:
    /// the first source's fields win, the evidence and properties of both are kept. Every component then gets the
    /// CPE candidates of the curated dictionary for its upstream version (epoch and distribution revision removed;
    /// the full version stays the component's version) and the upstream version as `vigil:upstream-version`.
    public func run(
        _ root: any RootFilesystem, name: String, timestamp: String? = nil, dictionary: CPEDictionary = .builtIn
    ) throws(InventoryError) -> (document: SBOMDocument, warnings: [String]) {
        var context = InventoryContext()
        var document = SBOMDocument(
            metadata: SBOMMetadata(
                name: name, timestamp: timestamp, tools: [SBOMTool(name: "vigil", vendor: "Vigil")],
                lifecycle: "post-build"))
        var warnings = root.warnings
        var positions: [String: Int] = [:]
        var relationships = Set<SBOMRelationship>()
        for source in sources {
            let findings = try source.inventory(root, context: context)
            if let distribution = findings.distribution { context.distribution = distribution }
            for component in findings.components.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
                if let position = positions[component.id] {
                    document.components[position].merge(component)
                } else {
                    positions[component.id] = document.components.count
                    document.components.append(component)
                }
                context.components[component.id] = document.components[positions[component.id]!]
            }
            for (id, evidence) in findings.evidence.sorted(by: { $0.key < $1.key }) {
                guard let position = positions[id] else { continue }
                for item in evidence where !document.components[position].evidence.contains(item) {
                    document.components[position].evidence.append(item)
                }
                context.components[id] = document.components[position]
            }
            for relationship in findings.relationships where relationships.insert(relationship).inserted {
                document.relationships.append(relationship)
            }
            context.fileOwners.merge(findings.fileOwners) { first, _ in first }
            context.hasFileLists = context.hasFileLists || findings.hasFileLists
            warnings += findings.warnings.map { "\(source.id): \($0)" }
        }
        document = SBOMEnricher(dictionary: dictionary).enrich(document).document
        for index in document.components.indices {
            let component = document.components[index]
            if let upstream = SBOMEnricher.upstreamVersion(component.version, purl: component.packageURL),
                upstream != component.version, component.properties[property: "vigil:upstream-version"] == nil
            {
                document.components[index].properties.append(SBOMProperty("vigil:upstream-version", upstream))
            }
        }
        return (document, warnings)
    }
}

extension SBOMComponent {
    /// Takes what another source found about the same component: missing fields, evidence, properties and CPEs.
    mutating func merge(_ other: SBOMComponent) {
        version = version ?? other.version
        purl = purl ?? other.purl
        supplier = supplier ?? other.supplier
        description = description ?? other.description
        for cpe in other.cpes where !cpes.contains(cpe) { cpes.append(cpe) }
        for item in other.evidence where !evidence.contains(item) { evidence.append(item) }
        for property in other.properties where !properties.contains(property) { properties.append(property) }
    }
}
