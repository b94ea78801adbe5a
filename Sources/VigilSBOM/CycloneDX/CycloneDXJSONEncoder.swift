import Foundation
public import VigilCore

/// Writes CycloneDX 1.6 JSON.
///
/// `DEPENDS_ON` relationships become `dependencies`; every other relationship, the document name and a non-UUID
/// identifier go into `vigil:` properties, extra CPEs into `vigil:cpe` component properties, and the SPDX download
/// location into `vigil:download-location`, so ``CycloneDXJSONDecoder`` reads back exactly what was written. The
/// subject component is written as `metadata.component`.
public struct CycloneDXJSONEncoder: SBOMEncoder {
    public let formatID: SBOMFormatID = "cyclonedx-json"

    public init() {}

    public func encode(_ document: SBOMDocument) throws -> [UInt8] {
        try JSONGuard.encode(Self.bom(document))
    }

    static func bom(_ document: SBOMDocument) -> CycloneDXJSON.BOM {
        let metadataSource = document.metadata
        var documentProperties: [CycloneDXJSON.Property] = []
        var serialNumber: String?
        if let identifier = metadataSource.identifier {
            if identifier.hasPrefix("urn:uuid:") {
                serialNumber = identifier
            } else {
                documentProperties.append(.init(name: "vigil:document-identifier", value: identifier))
            }
        }
        if let name = metadataSource.name { documentProperties.append(.init(name: "vigil:document-name", value: name)) }
        if let license = metadataSource.dataLicense {
            documentProperties.append(.init(name: "vigil:data-license", value: license))
        }
        var dependencies: [String: [String]] = [:]
        var dependencyOrder: [String] = []
        // The subject is written as metadata.component when it is one of the components.
        let subjectID = metadataSource.subject.flatMap { id in document.components.contains { $0.id == id } ? id : nil }
        for relationship in document.relationships {
            if relationship.type == .describes && relationship.from == SBOMDocument.documentID
                && relationship.to == subjectID
            {
                continue  // written as metadata.component
            } else if relationship.type == .dependsOn {
                if dependencies[relationship.from] == nil { dependencyOrder.append(relationship.from) }
                dependencies[relationship.from, default: []].append(relationship.to)
            } else {
                documentProperties.append(
                    .init(
                        name: "vigil:relationship",
                        value: "\(relationship.from) \(relationship.type.rawValue) \(relationship.to)"))
            }
        }
        let subject = metadataSource.subject.flatMap { id in document.components.first { $0.id == id } }
        var metadata = CycloneDXJSON.Metadata()
        metadata.timestamp = metadataSource.timestamp
        metadata.lifecycles = metadataSource.lifecycle.map { lifecycle in
            // A phase outside CycloneDX's enumeration (SPDX 3's `source`, `runtime`) is written as a named one.
            Self.lifecyclePhases.contains(lifecycle)
                ? [CycloneDXJSON.Lifecycle(phase: lifecycle)] : [CycloneDXJSON.Lifecycle(name: lifecycle)]
        }
        metadata.tools =
            metadataSource.tools.isEmpty
            ? nil
            : CycloneDXJSON.Tools(
                metadataSource.tools.map { .init(vendor: $0.vendor, name: $0.name, version: $0.version) })
        let authors = metadataSource.authors.map { CycloneDXJSON.Contact(name: authorName($0), email: $0.email) }
        metadata.authors = authors.isEmpty ? nil : authors
        metadata.component = subject.map(component)
        let organizations = ["cdx:metadata.manufacturer", "cdx:metadata.supplier"]
        metadata.manufacturer = metadataSource.properties[property: organizations[0]].map { .init(name: $0) }
        metadata.supplier = metadataSource.properties[property: organizations[1]].map { .init(name: $0) }
        metadata.properties = properties(metadataSource.properties.filter { !organizations.contains($0.name) })
        return CycloneDXJSON.BOM(
            bomFormat: "CycloneDX", specVersion: "1.6", serialNumber: serialNumber, version: 1, metadata: metadata,
            components: document.components.filter { $0.id != subject?.id }.map(component),
            dependencies: dependencyOrder.isEmpty
                ? nil
                : dependencyOrder.map {
                    CycloneDXJSON.Dependency(ref: $0, dependsOn: dependencies[$0])
                },
            properties: documentProperties.isEmpty ? nil : documentProperties)
    }

    /// Organisations are marked so that they come back as organisations, not people.
    private static func authorName(_ party: SBOMParty) -> String {
        party.kind == .organization ? "Organization: \(party.name)" : party.name
    }

    private static func component(_ source: SBOMComponent) -> CycloneDXJSON.Component {
        // A kind CycloneDX has no type for (SPDX's `source`, `archive`) is written as a library and kept in a property.
        let typed = Self.componentTypes.contains(source.kind.rawValue)
        var result = CycloneDXJSON.Component(
            type: typed ? source.kind.rawValue : SBOMComponentKind.library.rawValue, name: source.name,
            version: source.version)
        result.bomRef = source.id
        result.supplier = source.supplier.map { supplier in
            // CycloneDX suppliers are organisations; a person keeps a "Person: " prefix to come back as one.
            CycloneDXJSON.Organization(
                name: supplier.kind == .person ? "Person: \(supplier.name)" : supplier.name,
                contact: supplier.email.map { [CycloneDXJSON.Contact(email: $0)] })
        }
        if let originator = source.originator {
            result.authors = [CycloneDXJSON.Contact(name: authorName(originator), email: originator.email)]
        }
        result.description = source.description
        result.hashes = source.hashes.isEmpty ? nil : source.hashes.map { .init(alg: $0.algorithm, content: $0.value) }
        // CycloneDX allows one expression per component: the declared one, or the concluded one when there is no
        // declared one; a concluded expression beside a declared one goes into a property.
        if let declared = source.declaredLicense {
            result.licenses = [.init(expression: declared, acknowledgement: "declared")]
        } else if let concluded = source.concludedLicense {
            result.licenses = [.init(expression: concluded, acknowledgement: "concluded")]
        }
        result.copyright = source.copyright
        result.cpe = source.cpes.first
        result.purl = source.purl
        result.externalReferences =
            source.externalReferences.isEmpty
            ? nil
            : source.externalReferences.map {
                .init(type: $0.type, url: $0.url, comment: $0.comment)
            }
        let members = ["cdx:group", "cdx:publisher", "cdx:scope"]
        var extra = source.properties.filter { !members.contains($0.name) }
        extra += source.cpes.dropFirst().map { SBOMProperty("vigil:cpe", $0) }
        extra += EvidenceCoding.properties(source.evidence)
        if let location = source.downloadLocation { extra.append(SBOMProperty("vigil:download-location", location)) }
        if let concluded = source.concludedLicense, source.declaredLicense != nil {
            extra.append(SBOMProperty("vigil:concluded-license", concluded))
        }
        if !typed { extra.append(SBOMProperty("vigil:kind", source.kind.rawValue)) }
        result.evidence = evidence(source)
        result.group = source.properties[property: "cdx:group"]
        result.publisher = source.properties[property: "cdx:publisher"]
        result.scope = source.properties[property: "cdx:scope"]
        result.properties = properties(extra)
        return result
    }

    /// The component's evidence in CycloneDX's own terms, for other tools: one identity (the purl, or else the
    /// version) with one method per piece of evidence, and an occurrence per file. The `vigil:evidence` properties
    /// keep every field for a lossless round trip.
    static func evidence(_ source: SBOMComponent) -> CycloneDXJSON.Evidence? {
        guard !source.evidence.isEmpty else { return nil }
        // Occurrences read from another tool's CycloneDX are occurrences again, not identification methods.
        let methods = source.evidence.filter { $0.method != "occurrence" }.map { item in
            CycloneDXJSON.Evidence.Method(
                technique: technique(item.method), confidence: item.confidence ?? 1,
                value: [item.rule, item.detail].compactMap { $0 }.joined(separator: ": "))
        }
        let field = source.purl != nil ? "purl" : source.version != nil ? "version" : "name"
        let identity =
            methods.isEmpty
            ? nil
            : CycloneDXJSON.Evidence.Identity(
                field: field, confidence: methods.map(\.confidence).max(),
                concludedValue: source.purl ?? source.version ?? source.name, methods: methods)
        let occurrences = source.evidence.compactMap { item in
            item.location.map {
                CycloneDXJSON.Evidence.Occurrence(
                    location: $0, offset: item.offset, additionalContext: item.rule ?? item.method)
            }
        }
        return CycloneDXJSON.Evidence(
            identity: identity.map { [$0] }, occurrences: occurrences.isEmpty ? nil : occurrences)
    }

    /// CycloneDX 1.6's identity techniques.
    static let techniques: Set<String> = [
        "source-code-analysis", "binary-analysis", "manifest-analysis", "ast-fingerprint", "hash-comparison",
        "instrumentation", "dynamic-analysis", "filename", "attestation", "other",
    ]

    /// CycloneDX's identity techniques for Vigil's evidence methods; another tool's technique stays as it was.
    static func technique(_ method: String) -> String {
        if techniques.contains(method) { return method }
        return switch method {
        case "binary-signature": "binary-analysis"
        case "package-database", "manifest", "os-release", "build-info": "manifest-analysis"
        case "filename", "file-name": "filename"
        case "hash": "hash-comparison"
        default: method.hasPrefix("kernel") ? "binary-analysis" : "other"
        }
    }

    /// The component types of CycloneDX 1.6.
    static let componentTypes: Set<String> = [
        "application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver",
        "firmware", "file", "machine-learning-model", "data", "cryptographic-asset",
    ]

    /// The lifecycle phases of CycloneDX 1.6.
    static let lifecyclePhases: Set<String> = [
        "design", "pre-build", "build", "post-build", "operations", "discovery", "decommission",
    ]

    private static func properties(_ properties: [SBOMProperty]) -> [CycloneDXJSON.Property]? {
        properties.isEmpty ? nil : properties.map { .init(name: $0.name, value: $0.value) }
    }
}
