import VigilCore

/// Writes the SBOM model as an SPDX 3.0.1 JSON-LD graph: a `CreationInfo`, agents and tools, the `SpdxDocument` and
/// its `software_Sbom`, one `software_Package` or `software_File` per component, licence expressions with
/// `hasDeclaredLicense`/`hasConcludedLicense` relationships, and one `Relationship` per model relationship. Model
/// fields SPDX 3 has no place for are written as `Annotation` elements that ``SPDX3Reader`` reads back.
struct SPDX3Writer {
    private let document: SBOMDocument
    private let base: String
    private var graph: [[String: JSONValue]] = []
    private var agentIDs: [SBOMParty: String] = [:]
    private var licenseIDs: [String: String] = [:]
    private var counter = 0

    init(_ document: SBOMDocument) {
        self.document = document
        let identifier = document.metadata.identifier ?? "urn:vigil:sbom:document"
        base = identifier.contains(":") ? identifier : SPDX3Vocabulary.iri(for: identifier)
    }

    mutating func write() -> JSONValue {
        let metadata = document.metadata
        var supplied: [SBOMProperty] = []
        if metadata.identifier == nil { supplied.append(SBOMProperty("vigil:identifier-supplied", "true")) }
        if metadata.timestamp == nil { supplied.append(SBOMProperty("vigil:timestamp-supplied", "true")) }
        if metadata.name == nil { supplied.append(SBOMProperty("vigil:name-supplied", "true")) }
        let authors = metadata.authors.isEmpty ? [SBOMParty(.organization, name: "NOASSERTION")] : metadata.authors
        let createdBy = authors.map { agentID(for: $0) }
        var toolIDs: [String] = []
        for tool in metadata.tools {
            let id = nextID("tool")
            toolIDs.append(id)
            graph.append([
                "type": "Tool", "spdxId": .string(id), "creationInfo": "_:creationinfo",
                "name": .string(tool.name + (tool.version.map { " \($0)" } ?? "")),
            ])
        }
        var info: [String: JSONValue] = ["type": "CreationInfo", "@id": "_:creationinfo", "specVersion": "3.0.1"]
        info.set("created", metadata.timestamp ?? "1970-01-01T00:00:00Z")
        info.set("createdBy", createdBy)
        info.set("createdUsing", toolIDs)
        graph.insert(info, at: 0)
        writeDocument(supplied: supplied)
        for component in document.components { writeComponent(component) }
        for relationship in document.relationships { writeRelationship(relationship) }
        return .object(["@context": .string(SPDX3Vocabulary.context), "@graph": .array(graph.map(JSONValue.object))])
    }

    private mutating func writeDocument(supplied: [SBOMProperty]) {
        let metadata = document.metadata
        let sbomID = base + "#sbom"
        var element: [String: JSONValue] = [
            "type": "SpdxDocument", "spdxId": .string(base), "creationInfo": "_:creationinfo",
        ]
        element.set("name", metadata.name ?? "sbom")
        element.set("dataLicense", metadata.properties[property: "spdx3:dataLicense"])
        element.set("rootElement", [sbomID])
        element.set("profileConformance", ["core", "software", "simpleLicensing"])
        graph.append(element)
        var sbom: [String: JSONValue] = [
            "type": "software_Sbom", "spdxId": .string(sbomID), "creationInfo": "_:creationinfo",
        ]
        sbom.set("element", document.components.map { SPDX3Vocabulary.iri(for: $0.id) })
        let sbomTypes: Set<String> = ["design", "source", "build", "deployed", "runtime", "analyzed"]
        var extra = supplied + metadata.properties.filter { !$0.name.hasPrefix("spdx3:") }
        if let lifecycle = metadata.lifecycle {
            if sbomTypes.contains(lifecycle) {
                sbom.set("software_sbomType", [lifecycle])
            } else {
                extra.append(SBOMProperty("vigil:lifecycle", lifecycle))
            }
        }
        extra += metadata.tools.map {
            SBOMProperty("vigil:tool", VigilAnnotations.pack([$0.name, $0.version, $0.vendor]))
        }
        extra += metadata.properties.filter { $0.name == "spdx3:annotation" }
        graph.append(sbom)
        annotate(base, extra)
    }

    private mutating func writeComponent(_ component: SBOMComponent) {
        let id = SPDX3Vocabulary.iri(for: component.id)
        let plainFile = component.kind == .file && component.version == nil && component.purl == nil
        var element: [String: JSONValue] = [
            "type": .string(plainFile ? "software_File" : "software_Package"), "spdxId": .string(id),
            "creationInfo": "_:creationinfo", "name": .string(component.name),
        ]
        element.set("software_packageVersion", plainFile ? nil : component.version)
        element.set("software_packageUrl", plainFile ? nil : component.purl)
        element.set("description", component.description)
        element.set("software_copyrightText", component.copyright)
        element.set("software_downloadLocation", component.downloadLocation)
        element.set("suppliedBy", component.supplier.map { agentID(for: $0) })
        element.set("originatedBy", component.originator.map { [agentID(for: $0)] } ?? [])
        let properties = component.properties
        let purpose = properties[property: "spdx3:primaryPurpose"] ?? SPDX3Vocabulary.purpose(for: component.kind)
        if !plainFile || properties[property: "spdx3:primaryPurpose"] != nil {
            element.set("software_primaryPurpose", purpose)
        }
        var extra = properties.filter { !$0.name.hasPrefix("spdx3:") } + EvidenceCoding.properties(component.evidence)
        if purpose == nil || SPDX3Vocabulary.kind(for: purpose ?? "") != component.kind,
            component.kind != .file || !plainFile
        {
            extra.append(SBOMProperty("vigil:kind", component.kind.rawValue))
        }
        element.set("summary", properties[property: "spdx3:summary"])
        element.set("comment", properties[property: "spdx3:comment"])
        let website = component.externalReferences.first { $0.type == "website" && $0.comment == nil }
        element.set("software_homePage", website?.url)
        extra += component.externalReferences.filter { $0 != website }.map {
            SBOMProperty("vigil:externalReference", "\($0.type) \($0.url)" + ($0.comment.map { " \($0)" } ?? ""))
        }
        var identifiers: [JSONValue] = component.cpes.map { cpe in
            .object([
                "type": "ExternalIdentifier",
                "externalIdentifierType": .string(cpe.hasPrefix("cpe:/") ? "cpe22" : "cpe23"),
                "identifier": .string(cpe),
            ])
        }
        identifiers += (plainFile ? component.purl.map { [$0] } ?? [] : []).map { purl in
            .object(["type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": .string(purl)])
        }
        identifiers += properties.filter { $0.name == "spdx3:packageUrl" }.map { property in
            .object([
                "type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
                "identifier": .string(property.value),
            ])
        }
        identifiers += properties.filter { $0.name == "spdx3:externalIdentifier" }.compactMap { property in
            let parts = property.value.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count == 2
                ? .object([
                    "type": "ExternalIdentifier", "externalIdentifierType": .string(parts[0]),
                    "identifier": .string(parts[1]),
                ]) : nil
        }
        if !identifiers.isEmpty { element["externalIdentifier"] = .array(identifiers) }
        var verified: [JSONValue] = component.hashes.map { hash in
            .object([
                "type": "Hash", "algorithm": .string(SPDX3Vocabulary.spdx3HashAlgorithm(hash.algorithm)),
                "hashValue": .string(hash.value),
            ])
        }
        verified += properties.filter { $0.name == "spdx3:verifiedUsing" }.compactMap { property in
            let parts = property.value.split(separator: " ", maxSplits: 2).map(String.init)
            return parts.count == 3
                ? .object(["type": .string(parts[0]), "algorithm": .string(parts[1]), "hashValue": .string(parts[2])])
                : nil
        }
        if !verified.isEmpty { element["verifiedUsing"] = .array(verified) }
        graph.append(element)
        if let declared = component.declaredLicense { writeLicense(declared, of: id, type: "hasDeclaredLicense") }
        if let concluded = component.concludedLicense { writeLicense(concluded, of: id, type: "hasConcludedLicense") }
        annotate(id, extra + properties.filter { $0.name == "spdx3:annotation" })
    }

    private mutating func writeLicense(_ expression: String, of element: String, type: String) {
        let licenseID: String
        if let existing = licenseIDs[expression] {
            licenseID = existing
        } else {
            licenseID = nextID("license")
            licenseIDs[expression] = licenseID
            graph.append([
                "type": "simplelicensing_LicenseExpression", "spdxId": .string(licenseID),
                "creationInfo": "_:creationinfo", "simplelicensing_licenseExpression": .string(expression),
            ])
        }
        graph.append([
            "type": "Relationship", "spdxId": .string(nextID("relationship")), "creationInfo": "_:creationinfo",
            "from": .string(element), "relationshipType": .string(type), "to": .array([.string(licenseID)]),
        ])
    }

    private mutating func writeRelationship(_ relationship: SBOMRelationship) {
        let scope = SPDX3Vocabulary.scopedDependencyTypes.first { $0.value == relationship.type }?.key
        if let scope, relationship.to != SBOMDocument.documentID {
            // `B BUILD_DEPENDENCY_OF A` is SPDX 3's `A dependsOn B` scoped to the build.
            graph.append([
                "type": "LifecycleScopedRelationship", "spdxId": .string(nextID("relationship")),
                "creationInfo": "_:creationinfo", "from": .string(SPDX3Vocabulary.iri(for: relationship.to)),
                "relationshipType": "dependsOn", "to": .array([.string(SPDX3Vocabulary.iri(for: relationship.from))]),
                "scope": .string(scope),
            ])
            return
        }
        var element: [String: JSONValue] = [
            "type": "Relationship", "spdxId": .string(nextID("relationship")), "creationInfo": "_:creationinfo",
            "from": .string(
                relationship.from == SBOMDocument.documentID ? base : SPDX3Vocabulary.iri(for: relationship.from)),
            "to": .array([.string(SPDX3Vocabulary.iri(for: relationship.to))]),
        ]
        if let type = SPDX3Vocabulary.spdx3Type(relationship.type) {
            element["relationshipType"] = .string(type)
        } else {
            element["relationshipType"] = "other"
            element["comment"] = .string("vigil-relationship-type \(relationship.type.rawValue)")
        }
        graph.append(element)
    }

    private mutating func annotate(_ subject: String, _ properties: [SBOMProperty]) {
        for property in properties {
            let statement =
                property.name == "spdx3:annotation"
                ? property.value : "\(VigilAnnotations.prefix)\(property.name)=\(property.value)"
            graph.append([
                "type": "Annotation", "spdxId": .string(nextID("annotation")), "creationInfo": "_:creationinfo",
                "annotationType": "other", "subject": .string(subject), "statement": .string(statement),
            ])
        }
    }

    private mutating func agentID(for party: SBOMParty) -> String {
        if let id = agentIDs[party] { return id }
        let id = nextID("agent")
        agentIDs[party] = id
        var element: [String: JSONValue] = [
            "type": .string(party.kind == .person ? "Person" : "Organization"), "spdxId": .string(id),
            "creationInfo": "_:creationinfo", "name": .string(party.name),
        ]
        if let email = party.email {
            element["externalIdentifier"] = .array([
                .object([
                    "type": "ExternalIdentifier", "externalIdentifierType": "email",
                    "identifier": .string(email),
                ])
            ])
        }
        graph.append(element)
        return id
    }

    private mutating func nextID(_ kind: String) -> String {
        counter += 1
        return "\(base)#\(kind)-\(counter)"
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}
