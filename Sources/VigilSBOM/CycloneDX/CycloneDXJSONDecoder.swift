import Foundation
public import VigilCore

/// Reads CycloneDX 1.2–1.6 JSON (https://cyclonedx.org/specification/overview/).
///
/// Nested components become `CONTAINS` relationships, `dependencies` become `DEPENDS_ON`, and the metadata component
/// becomes the document's subject. Relationship types CycloneDX cannot express are read back from `vigil:relationship`
/// properties that ``CycloneDXJSONEncoder`` writes, and extra CPEs from `vigil:cpe` component properties.
public struct CycloneDXJSONDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "cyclonedx-json"
    static let supportedVersions: Set<String> = ["1.2", "1.3", "1.4", "1.5", "1.6"]

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        JSONGuard.prefix(prefix, startsObjectContaining: "\"bomFormat\"")
            && String(decoding: prefix, as: UTF8.self).contains("CycloneDX")
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        try JSONGuard.checkDepth(bytes, maximumDepth: limits.maximumDepth, source: source)
        let bom = try JSONGuard.decode(CycloneDXJSON.BOM.self, from: bytes, format: "CycloneDX JSON", source: source)
        guard bom.bomFormat == "CycloneDX" else {
            throw SBOMDecodingError(
                .malformedDocument, "bomFormat is '\(bom.bomFormat)', not 'CycloneDX'", source: source)
        }
        guard Self.supportedVersions.contains(bom.specVersion) else {
            throw SBOMDecodingError(
                .unsupportedSpecVersion, "CycloneDX \(bom.specVersion) is not supported; 1.2 to 1.6 are",
                source: source)
        }
        var reader = CycloneDXReader()
        let document = reader.read(bom)
        try limits.checkComponents(document.components.count, source: source)
        return document
    }
}

/// Maps a decoded CycloneDX BOM onto the SBOM model.
struct CycloneDXReader {
    private var components: [SBOMComponent] = []
    private var relationships: [SBOMRelationship] = []
    private var usedIDs: Set<String> = []
    /// The next suffix to try for each clashing id, so that many duplicates cost linear time.
    private var nextSuffix: [String: Int] = [:]
    /// Component members the model does not carry, by name: how many components had each.
    private var omittedMembers: [String: Int] = [:]

    mutating func read(_ bom: CycloneDXJSON.BOM) -> SBOMDocument {
        var metadata = SBOMMetadata()
        let documentProperties = bom.properties ?? []
        metadata.identifier = bom.serialNumber ?? documentProperties.value("vigil:document-identifier")
        metadata.name = documentProperties.value("vigil:document-name")
        metadata.dataLicense = documentProperties.value("vigil:data-license")
        if let meta = bom.metadata {
            metadata.timestamp = meta.timestamp
            metadata.lifecycle = meta.lifecycles?.compactMap { $0.phase ?? $0.name }.first
            metadata.tools =
                meta.tools?.tools.compactMap { tool in
                    tool.name.map { SBOMTool(name: $0, version: tool.version, vendor: tool.vendor) }
                } ?? []
            metadata.authors = (meta.authors ?? []).compactMap(Self.party)
            metadata.properties = Self.properties(meta.properties)
            // The maker of the device and the supplier of the BOM are not its authors: keep them apart.
            if let name = meta.manufacturer?.name {
                metadata.properties.append(SBOMProperty("cdx:metadata.manufacturer", name))
            }
            if let name = meta.supplier?.name {
                metadata.properties.append(SBOMProperty("cdx:metadata.supplier", name))
            }
            if let subject = meta.component {
                metadata.subject = add(subject, parent: nil)
            }
        }
        for component in bom.components ?? [] { _ = add(component, parent: nil) }
        for dependency in bom.dependencies ?? [] {
            for target in dependency.dependsOn ?? [] {
                relationships.append(SBOMRelationship(dependency.ref, .dependsOn, target))
            }
        }
        for property in documentProperties where property.name == "vigil:relationship" {
            let parts = (property.value ?? "").split(separator: " ", maxSplits: 2).map(String.init)
            if parts.count == 3 {
                relationships.append(SBOMRelationship(parts[0], SBOMRelationshipType(rawValue: parts[1]), parts[2]))
            }
        }
        metadata.properties += Self.properties(documentProperties.filter { !$0.name.hasPrefix("vigil:") })
        if let subject = metadata.subject {
            let describes = SBOMRelationship(SBOMDocument.documentID, .describes, subject)
            if !relationships.contains(describes) { relationships.insert(describes, at: 0) }
        } else {
            metadata.subject = relationships.first { $0.from == SBOMDocument.documentID && $0.type == .describes }?.to
        }
        let omissions =
            bom.omissions
            + omittedMembers.sorted { $0.key < $1.key }.map { SBOMOmission("components[].\($0.key)", count: $0.value) }
        return SBOMDocument(
            metadata: metadata, components: components, relationships: relationships, omissions: omissions)
    }

    /// Another tool's CycloneDX evidence: one item per identity method, then one per occurrence.
    static func evidence(_ native: CycloneDXJSON.Evidence) -> [SBOMEvidence] {
        let methods = (native.identity ?? []).flatMap { identity in
            (identity.methods ?? []).map {
                SBOMEvidence(method: $0.technique, confidence: $0.confidence, detail: $0.value)
            }
        }
        let occurrences = (native.occurrences ?? []).map {
            SBOMEvidence(method: "occurrence", location: $0.location, detail: $0.additionalContext, offset: $0.offset)
        }
        return methods + occurrences
    }

    /// Adds a component and its nested components; returns its id.
    private mutating func add(_ component: CycloneDXJSON.Component, parent: String?) -> String {
        let id = uniqueID(
            component.bomRef ?? [component.name, component.version].compactMap { $0 }.joined(separator: "@"))
        var properties = Self.properties(component.properties)
        let extraCPEs = properties.filter { $0.name == "vigil:cpe" }.map(\.value)
        let downloadLocation = properties[property: "vigil:download-location"]
        let kind = properties[property: "vigil:kind"] ?? component.type
        let concluded = properties[property: "vigil:concluded-license"]
        var evidence = EvidenceCoding.take(from: &properties)
        if evidence.isEmpty, let native = component.evidence { evidence = Self.evidence(native) }
        properties.removeAll { $0.name.hasPrefix("vigil:") }
        if let group = component.group { properties.append(SBOMProperty("cdx:group", group)) }
        if let publisher = component.publisher { properties.append(SBOMProperty("cdx:publisher", publisher)) }
        if let scope = component.scope { properties.append(SBOMProperty("cdx:scope", scope)) }
        for member in component.omittedMembers { omittedMembers[member, default: 0] += 1 }
        let licenses = component.licenses ?? []
        components.append(
            SBOMComponent(
                id: id, kind: SBOMComponentKind(rawValue: kind), name: component.name,
                version: component.version, supplier: component.supplier.flatMap(Self.organization),
                originator: component.author.flatMap { Self.party(CycloneDXJSON.Contact(name: $0)) }
                    ?? component.authors?.compactMap(Self.party).first,
                purl: component.purl, cpes: (component.cpe.map { [$0] } ?? []) + extraCPEs,
                hashes: (component.hashes ?? []).map { SBOMHash(algorithm: $0.alg, value: $0.content) },
                declaredLicense: Self.expression(licenses.filter { !$0.isConcluded }),
                concludedLicense: Self.expression(licenses.filter(\.isConcluded)) ?? concluded,
                copyright: component.copyright, description: component.description, downloadLocation: downloadLocation,
                externalReferences: (component.externalReferences ?? []).map {
                    SBOMExternalReference(type: $0.type, url: $0.url, comment: $0.comment)
                },
                evidence: evidence, properties: properties))
        if let parent { relationships.append(SBOMRelationship(parent, .contains, id)) }
        for child in component.components ?? [] { _ = add(child, parent: id) }
        return id
    }

    private mutating func uniqueID(_ candidate: String) -> String {
        let base = candidate.isEmpty ? "component" : candidate
        guard !usedIDs.contains(base) else {
            var suffix = nextSuffix[base, default: 2]
            while usedIDs.contains("\(base)-\(suffix)") { suffix += 1 }
            nextSuffix[base] = suffix + 1
            usedIDs.insert("\(base)-\(suffix)")
            return "\(base)-\(suffix)"
        }
        usedIDs.insert(base)
        return base
    }

    /// An organisation as a party, with the first contact's e-mail address.
    private static func organization(_ organization: CycloneDXJSON.Organization) -> SBOMParty? {
        guard let name = organization.name else { return nil }
        let email = organization.contact?.first?.email
        if name.hasPrefix("Person: ") { return SBOMParty(.person, name: String(name.dropFirst(8)), email: email) }
        return SBOMParty(.organization, name: name, email: email)
    }

    /// A contact as a party; ``CycloneDXJSONEncoder`` marks organisations with an `Organization: ` prefix.
    private static func party(_ contact: CycloneDXJSON.Contact) -> SBOMParty? {
        guard let name = contact.name else { return nil }
        if name.hasPrefix("Organization: ") {
            return SBOMParty(.organization, name: String(name.dropFirst(14)), email: contact.email)
        }
        return SBOMParty(.person, name: name, email: contact.email)
    }

    private static func properties(_ properties: [CycloneDXJSON.Property]?) -> [SBOMProperty] {
        (properties ?? []).map { SBOMProperty($0.name, $0.value ?? "") }
    }

    /// Joins licence entries into one SPDX expression.
    private static func expression(_ choices: [CycloneDXJSON.LicenseChoice]) -> String? {
        let texts = choices.compactMap(\.text)
        if texts.isEmpty { return nil }
        if texts.count == 1 { return texts[0] }
        return texts.map { $0.contains(" ") ? "(\($0))" : $0 }.joined(separator: " AND ")
    }
}

extension [CycloneDXJSON.Property] {
    fileprivate func value(_ name: String) -> String? { first { $0.name == name }?.value }
}
