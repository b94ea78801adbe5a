import Foundation
import VigilCore

/// Maps an SPDX 3.0 JSON-LD graph (as Yocto's `create-spdx` and the SPDX examples write it) onto the SBOM model.
///
/// `software_Package` and `software_File` elements become components; `hasDeclaredLicense`/`hasConcludedLicense`
/// relationships become licences; other relationships become model relationships (`dependsOn` → `DEPENDS_ON`), with
/// the document's own id read as ``SBOMDocument/documentID``; the SBOM's root elements become `DESCRIBES`.
struct SPDX3Reader {
    private var elements: [String: [String: JSONValue]] = [:]
    private var creationInfos: [String: [String: JSONValue]] = [:]

    init(graph: [JSONValue]) {
        for value in graph {
            guard let element = value.object else { continue }
            if let id = element["spdxId"]?.string ?? element["@id"]?.string {
                if element["type"]?.string == "CreationInfo" {
                    creationInfos[id] = element
                } else {
                    elements[id] = element
                }
            }
        }
        self.graph = graph.compactMap(\.object)
    }

    private let graph: [[String: JSONValue]]

    /// Members that must be strings where present.
    private static let stringMembers = [
        "type", "spdxId", "name", "description", "summary", "comment", "software_packageVersion", "software_packageUrl",
        "software_downloadLocation", "software_homePage", "software_primaryPurpose", "software_copyrightText",
        "suppliedBy", "from", "relationshipType", "statement", "subject", "created",
    ]

    /// Checks the element shapes the reader relies on.
    ///
    /// - Throws: ``SBOMDecodingError/Code/malformedDocument`` naming the element and member.
    static func validate(_ graph: [JSONValue], source: String?) throws(SBOMDecodingError) {
        for (index, value) in graph.enumerated() {
            guard let element = value.object else {
                throw SBOMDecodingError(.malformedDocument, "at $.@graph[\(index)]: expected an object", source: source)
            }
            for member in stringMembers {
                if let found = element[member], found.string == nil {
                    throw SBOMDecodingError(
                        .malformedDocument,
                        "not a valid SPDX 3 document: at $.@graph[\(index)].\(member): expected String",
                        source: source)
                }
            }
        }
    }

    func read() -> SBOMDocument {
        let documentElement = graph.first { $0["type"]?.string == "SpdxDocument" }
        let sbom = graph.first { $0["type"]?.string == "software_Sbom" }
        let documentIDs = Set([documentElement, sbom].compactMap { $0?["spdxId"]?.string })
        var metadata = self.metadata(documentElement, sbom: sbom)
        var declared: [String: String] = [:]
        var concluded: [String: String] = [:]
        var relationships: [SBOMRelationship] = []
        for element in graph
        where element["type"]?.string == "Relationship" || element["type"]?.string == "LifecycleScopedRelationship" {
            guard let from = element["from"]?.string, let type = element["relationshipType"]?.string else { continue }
            let fromID = documentIDs.contains(from) ? SBOMDocument.documentID : SPDX3Vocabulary.modelID(for: from)
            // `A dependsOn B, scope build` is `B BUILD_DEPENDENCY_OF A`; other scopes stay plain dependencies.
            let scoped =
                type == "dependsOn"
                ? element["scope"]?.string.flatMap { SPDX3Vocabulary.scopedDependencyTypes[$0] } : nil
            let modelType = type == "other" ? otherType(element) : SPDX3Vocabulary.modelType(type)
            for to in element["to"]?.strings ?? [] {
                switch type {
                case "hasDeclaredLicense": declared[from] = SPDX2Reader.assertion(license(to))
                case "hasConcludedLicense": concluded[from] = SPDX2Reader.assertion(license(to))
                default:
                    let toID = SPDX3Vocabulary.modelID(for: to)
                    relationships.append(
                        scoped.map { SBOMRelationship(toID, $0, fromID) } ?? SBOMRelationship(fromID, modelType, toID))
                }
            }
        }
        for root in sbom?["rootElement"]?.strings ?? documentElement?["rootElement"]?.strings ?? []
        where !documentIDs.contains(root) {
            let describes = SBOMRelationship(SBOMDocument.documentID, .describes, SPDX3Vocabulary.modelID(for: root))
            if !relationships.contains(describes) { relationships.append(describes) }
        }
        metadata.subject = relationships.first { $0.from == SBOMDocument.documentID && $0.type == .describes }?.to
        var components: [SBOMComponent] = []
        for element in graph {
            guard let type = element["type"]?.string, let kind = Self.componentTypes[type],
                let id = element["spdxId"]?.string
            else { continue }
            var component = self.component(element, kind: kind)
            component.declaredLicense = declared[id]
            component.concludedLicense = concluded[id]
            components.append(component)
        }
        // Vulnerabilities, VEX assessments and build records are not part of the SBOM model: report them.
        var omitted: [String: Int] = [:]
        for element in graph {
            if let type = element["type"]?.string, type.hasPrefix("security_") || type.hasPrefix("build_") {
                omitted[type, default: 0] += 1
            }
        }
        var document = SBOMDocument(
            metadata: metadata, components: components, relationships: relationships,
            omissions: omitted.sorted { $0.key < $1.key }.map { SBOMOmission($0.key, count: $0.value) })
        applyAnnotations(to: &document)
        for index in document.components.indices {
            document.components[index].evidence = EvidenceCoding.take(from: &document.components[index].properties)
        }
        return document
    }

    private func metadata(_ documentElement: [String: JSONValue]?, sbom: [String: JSONValue]?) -> SBOMMetadata {
        var metadata = SBOMMetadata(
            name: documentElement?["name"]?.string, identifier: documentElement?["spdxId"]?.string)
        if let info = creationInfo(documentElement) {
            metadata.timestamp = info["created"]?.string
            metadata.authors = (info["createdBy"]?.strings ?? []).compactMap(agent).filter { $0.name != "NOASSERTION" }
            metadata.tools = (info["createdUsing"]?.strings ?? []).compactMap { elements[$0]?["name"]?.string }.map {
                SBOMTool(name: $0)
            }
        }
        metadata.lifecycle = sbom?["software_sbomType"]?.strings.first
        if let license = documentElement?["dataLicense"]?.string {
            metadata.properties.append(SBOMProperty("spdx3:dataLicense", license))
        }
        return metadata
    }

    private func creationInfo(_ element: [String: JSONValue]?) -> [String: JSONValue]? {
        guard let value = element?["creationInfo"] else { return nil }
        if let inline = value.object { return inline }
        return value.string.flatMap { creationInfos[$0] }
    }

    private func agent(_ id: String) -> SBOMParty? {
        guard let element = elements[id], let name = element["name"]?.string else { return nil }
        let email = (element["externalIdentifier"]?.array ?? []).first {
            $0["externalIdentifierType"]?.string == "email"
        }?["identifier"]?.string
        return SBOMParty(element["type"]?.string == "Person" ? .person : .organization, name: name, email: email)
    }

    private func license(_ id: String) -> String {
        if let expression = elements[id]?["simplelicensing_licenseExpression"]?.string { return expression }
        if id.hasPrefix("https://spdx.org/licenses/") { return String(id.dropFirst(26)) }
        return id
    }

    private func otherType(_ element: [String: JSONValue]) -> SBOMRelationshipType {
        let comment = element["comment"]?.string ?? ""
        let prefix = "vigil-relationship-type "
        return comment.hasPrefix(prefix)
            ? SBOMRelationshipType(rawValue: String(comment.dropFirst(prefix.count))) : .other
    }

    /// The element types read as components, and the kind each implies (`nil`: from the primary purpose).
    private static let componentTypes: [String: SBOMComponentKind?] = [
        "software_Package": nil, "software_File": .file, "dataset_DatasetPackage": .data,
        "ai_AIPackage": .machineLearningModel,
    ]

    private func component(_ element: [String: JSONValue], kind impliedKind: SBOMComponentKind?) -> SBOMComponent {
        var properties: [SBOMProperty] = []
        var purls = element["software_packageUrl"].flatMap(\.string).map { [$0] } ?? []
        var cpes: [String] = []
        for identifier in element["externalIdentifier"]?.array ?? [] {
            guard let type = identifier["externalIdentifierType"]?.string, let value = identifier["identifier"]?.string
            else { continue }
            switch type {
            case "cpe23", "cpe22": cpes.append(value)
            case "packageUrl": if !purls.contains(value) { purls.append(value) }
            default: properties.append(SBOMProperty("spdx3:externalIdentifier", "\(type) \(value)"))
            }
        }
        var hashes: [SBOMHash] = []
        for method in element["verifiedUsing"]?.array ?? [] {
            guard let algorithm = method["algorithm"]?.string, let value = method["hashValue"]?.string else { continue }
            if method["type"]?.string == "Hash" {
                hashes.append(SBOMHash(algorithm: SPDX3Vocabulary.modelHashAlgorithm(algorithm), value: value))
            } else {
                properties.append(
                    SBOMProperty("spdx3:verifiedUsing", "\(method["type"]?.string ?? "") \(algorithm) \(value)"))
            }
        }
        let purpose = element["software_primaryPurpose"]?.string
        let kind = impliedKind ?? purpose.map(SPDX3Vocabulary.kind(for:)) ?? .library
        if let purpose, SPDX3Vocabulary.purpose(for: kind) != purpose {
            properties.append(SBOMProperty("spdx3:primaryPurpose", purpose))
        }
        properties += purls.dropFirst().map { SBOMProperty("spdx3:packageUrl", $0) }
        for key in ["summary", "comment"] {
            if let value = element[key]?.string { properties.append(SBOMProperty("spdx3:\(key)", value)) }
        }
        let home = element["software_homePage"]?.string
        return SBOMComponent(
            id: SPDX3Vocabulary.modelID(for: element["spdxId"]?.string ?? ""), kind: kind,
            name: element["name"]?.string ?? "",
            version: element["software_packageVersion"]?.string, supplier: element["suppliedBy"]?.string.flatMap(agent),
            originator: element["originatedBy"]?.strings.first.flatMap(agent), purl: purls.first, cpes: cpes,
            hashes: hashes, copyright: element["software_copyrightText"]?.string.flatMap(SPDX2Reader.assertion),
            description: element["description"]?.string,
            downloadLocation: element["software_downloadLocation"]?.string.flatMap(SPDX2Reader.assertion),
            externalReferences: home.map { [SBOMExternalReference(type: "website", url: $0)] } ?? [],
            properties: properties)
    }

    /// Vigil's own annotations carry what SPDX 3 has no field for; others become `spdx3:annotation` properties.
    private func applyAnnotations(to document: inout SBOMDocument) {
        var indices: [String: Int] = [:]
        for (index, component) in document.components.enumerated() { indices[component.id] = index }
        var documentProperties: [SBOMProperty] = []
        for element in graph where element["type"]?.string == "Annotation" {
            guard let statement = element["statement"]?.string, let subject = element["subject"]?.string else {
                continue
            }
            let property: SBOMProperty
            if statement.hasPrefix(VigilAnnotations.prefix), let equals = statement.firstIndex(of: "=") {
                property = SBOMProperty(
                    String(
                        statement[
                            statement.index(statement.startIndex, offsetBy: VigilAnnotations.prefix.count)..<equals]),
                    String(statement[statement.index(after: equals)...]))
            } else {
                property = SBOMProperty("spdx3:annotation", statement)
            }
            if let index = indices[SPDX3Vocabulary.modelID(for: subject)] {
                apply(property, to: &document.components[index])
            } else {
                documentProperties.append(property)
            }
        }
        // Vigil keeps each tool's exact name, version and vendor, which a Tool element's name cannot.
        let tools = documentProperties.filter { $0.name == "vigil:tool" }.compactMap {
            VigilAnnotations.unpack($0.value)
        }
        if !tools.isEmpty {
            document.metadata.tools = tools.compactMap { fields in
                fields.count == 3 ? fields[0].map { SBOMTool(name: $0, version: fields[1], vendor: fields[2]) } : nil
            }
        }
        for property in documentProperties where property.name != "vigil:tool" {
            apply(property, to: &document.metadata)
        }
    }

    private func apply(_ property: SBOMProperty, to component: inout SBOMComponent) {
        switch property.name {
        case "vigil:kind": component.kind = SBOMComponentKind(rawValue: property.value)
        case "vigil:externalReference":
            let parts = property.value.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(
                String.init)
            if parts.count >= 2 {
                component.externalReferences.append(
                    SBOMExternalReference(type: parts[0], url: parts[1], comment: parts.count == 3 ? parts[2] : nil))
            }
        default: component.properties.append(property)
        }
    }

    private func apply(_ property: SBOMProperty, to metadata: inout SBOMMetadata) {
        switch property.name {
        case "vigil:lifecycle": metadata.lifecycle = property.value
        case "vigil:name-supplied": metadata.name = nil
        case "vigil:timestamp-supplied": metadata.timestamp = nil
        case "vigil:identifier-supplied": metadata.identifier = nil
        default: metadata.properties.append(property)
        }
    }
}
