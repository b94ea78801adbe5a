import Foundation
import VigilCore

/// Maps the SBOM model onto an SPDX 2.3 document.
///
/// Files without package-only fields become SPDX files, every other component a package. Ids that are not valid
/// SPDX ids are rewritten (the original kept in a `vigil:id` annotation); model fields SPDX has no place for are
/// written as `Tool: vigil` annotations, so ``SPDX2Reader`` restores them.
enum SPDX2Writer {
    static func write(_ document: SBOMDocument) -> SPDX2.Document {
        let ids = spdxIDs(for: document.components)
        // SPDX 2 wants `YYYY-MM-DDThh:mm:ssZ`; a document without a time gets the epoch, marked as supplied.
        let date = document.metadata.timestamp.map(Self.spdxDate) ?? "1970-01-01T00:00:00Z"
        var packages: [SPDX2.Package] = []
        var files: [SPDX2.File] = []
        for component in document.components {
            let id = ids[component.id] ?? component.id
            if isPlainFile(component) {
                files.append(file(component, id: id, date: date))
            } else {
                packages.append(package(component, id: id, date: date))
            }
        }
        let metadata = document.metadata
        let properties = metadata.properties
        var creators = metadata.tools.map { "Tool: " + $0.name + ($0.version.map { "-\($0)" } ?? "") }
        creators += metadata.authors.map(SPDX2Party.format)
        // SPDX 2 requires a creator: with none known, the converting tool is named, marked as supplied.
        if creators.isEmpty { creators = ["Tool: vigil"] }
        let relationships = relationships(document)
        return SPDX2.Document(
            spdxVersion: "SPDX-2.3", dataLicense: metadata.dataLicense ?? "CC0-1.0", spdxID: SBOMDocument.documentID,
            name: metadata.name ?? "sbom", documentNamespace: metadata.identifier ?? namespace(for: document),
            comment: properties[property: "spdx:comment"],
            creationInfo: SPDX2.CreationInfo(
                created: date, creators: creators,
                licenseListVersion: properties[property: "spdx:licenseListVersion"],
                comment: properties[property: "spdx:creationComment"]),
            documentDescribes: nil,
            externalDocumentRefs: externalDocumentRefs(properties),
            packages: packages.isEmpty ? nil : packages, files: files.isEmpty ? nil : files,
            relationships: relationships.isEmpty
                ? nil
                : relationships.map { relationship in
                    // A type SPDX 2 lacks (SPDX 3's HAS_INPUT, USES_TOOL) is written as OTHER, the type in the comment.
                    let known = Self.relationshipTypes.contains(relationship.type.rawValue)
                    return SPDX2.Relationship(
                        spdxElementId: ids[relationship.from] ?? relationship.from,
                        relationshipType: known ? relationship.type.rawValue : "OTHER",
                        relatedSpdxElement: ids[relationship.to] ?? relationship.to,
                        comment: known ? nil : Self.otherTypeMarker + relationship.type.rawValue)
                },
            annotations: documentAnnotations(document, date: date))
    }

    /// Document fields SPDX has no place for: the lifecycle, exact tools, and non-SPDX properties.
    private static func documentAnnotations(_ document: SBOMDocument, date: String) -> [SPDX2.Annotation]? {
        let metadata = document.metadata
        var extra = metadata.properties.filter { !$0.name.hasPrefix("spdx:") }
        if let lifecycle = metadata.lifecycle { extra.append(SBOMProperty("vigil:lifecycle", lifecycle)) }
        if metadata.name == nil { extra.append(SBOMProperty("vigil:name-supplied", "true")) }
        if let timestamp = metadata.timestamp, spdxDate(timestamp) != timestamp {
            extra.append(SBOMProperty("vigil:timestamp", timestamp))
        } else if metadata.timestamp == nil {
            extra.append(SBOMProperty("vigil:timestamp-supplied", "true"))
        }
        if needsSuppliedDescribes(document) { extra.append(SBOMProperty("vigil:describes-supplied", "true")) }
        if metadata.tools.isEmpty && metadata.authors.isEmpty {
            extra.append(SBOMProperty("vigil:creators-supplied", "true"))
        }
        extra += metadata.tools.map {
            SBOMProperty("vigil:tool", VigilAnnotations.pack([$0.name, $0.version, $0.vendor]))
        }
        return annotations(extra, references: [], date: date, others: metadata.properties)
    }

    /// The document's relationships; when it describes nothing, SPDX 2 still requires a `DESCRIBES`, so the document
    /// is said to describe each component no other contains or depends on (marked as supplied).
    private static func relationships(_ document: SBOMDocument) -> [SBOMRelationship] {
        guard needsSuppliedDescribes(document) else { return document.relationships }
        let inner = Set(
            document.relationships.filter { [.contains, .dependsOn].contains($0.type) }.map(\.to)
                + document.relationships.filter { [.containedBy, .dependencyOf].contains($0.type) }.map(\.from))
        let roots = document.components.filter { !inner.contains($0.id) }.map(\.id)
        return (roots.isEmpty ? document.components.prefix(1).map(\.id) : roots).map {
            SBOMRelationship(SBOMDocument.documentID, .describes, $0)
        } + document.relationships
    }

    private static func needsSuppliedDescribes(_ document: SBOMDocument) -> Bool {
        document.components.count > 1
            && !document.relationships.contains { $0.from == SBOMDocument.documentID && $0.type == .describes }
    }

    /// The comment of an `OTHER` relationship that stands for a type SPDX 2 lacks.
    static let otherTypeMarker = "vigil:relationshipType "

    /// The relationship types of SPDX 2.3.
    static let relationshipTypes: Set<String> = [
        "DESCRIBES", "DESCRIBED_BY", "CONTAINS", "CONTAINED_BY", "DEPENDS_ON", "DEPENDENCY_OF",
        "DEPENDENCY_MANIFEST_OF", "BUILD_DEPENDENCY_OF", "DEV_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF",
        "PROVIDED_DEPENDENCY_OF", "TEST_DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF", "EXAMPLE_OF", "GENERATES",
        "GENERATED_FROM", "ANCESTOR_OF", "DESCENDANT_OF", "VARIANT_OF", "DISTRIBUTION_ARTIFACT", "PATCH_FOR",
        "PATCH_APPLIED", "COPY_OF", "FILE_ADDED", "FILE_DELETED", "FILE_MODIFIED", "EXPANDED_FROM_ARCHIVE",
        "DYNAMIC_LINK", "STATIC_LINK", "DATA_FILE_OF", "TEST_CASE_OF", "BUILD_TOOL_OF", "DEV_TOOL_OF", "TEST_OF",
        "TEST_TOOL_OF", "DOCUMENTATION_OF", "OPTIONAL_COMPONENT_OF", "METAFILE_OF", "PACKAGE_OF", "AMENDS",
        "PREREQUISITE_FOR", "HAS_PREREQUISITE", "REQUIRES_FOR", "SPECIFICATION_FOR", "OTHER",
    ]

    /// An ISO 8601 time in SPDX 2's form, `YYYY-MM-DDThh:mm:ssZ` in UTC (fractions dropped); other text unchanged.
    static func spdxDate(_ text: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: text) ?? ISO8601DateFormatter().date(from: text) else { return text }
        let writer = ISO8601DateFormatter()
        writer.formatOptions = [.withInternetDateTime]
        writer.timeZone = TimeZone(identifier: "UTC")
        return writer.string(from: date)
    }

    /// A file component that carries nothing an SPDX file cannot hold.
    /// SPDX 2.3 requires a SHA-1 checksum of every file: a file without one is written as a `FILE` package.
    private static func isPlainFile(_ component: SBOMComponent) -> Bool {
        component.kind == .file && component.hashes.contains { $0.algorithm.uppercased() == "SHA-1" }
            && component.version == nil && component.purl == nil && component.cpes.isEmpty
            && component.supplier == nil && component.originator == nil && component.declaredLicense == nil
            && component.description == nil && component.downloadLocation == nil
    }

    private static func package(_ component: SBOMComponent, id: String, date: String) -> SPDX2.Package {
        var references =
            component.purl.map {
                [SPDX2.ExternalRef(referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: $0)]
            } ?? []
        references += component.properties.filter { $0.name == "spdx:purl" }.map {
            SPDX2.ExternalRef(referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: $0.value)
        }
        references += component.cpes.map {
            SPDX2.ExternalRef(
                referenceCategory: "SECURITY", referenceType: $0.hasPrefix("cpe:/") ? "cpe22Type" : "cpe23Type",
                referenceLocator: $0)
        }
        references += component.properties.filter { $0.name == "spdx:externalRef" }.compactMap { property in
            let parts = property.value.split(separator: " ", maxSplits: 2).map(String.init)
            return parts.count == 3
                ? SPDX2.ExternalRef(referenceCategory: parts[0], referenceType: parts[1], referenceLocator: parts[2])
                : nil
        }
        let website = component.externalReferences.first { $0.type == "website" && $0.comment == nil }
        let purpose = SPDX2Purpose.purpose(for: component.kind)
        var extra =
            component.properties.filter { !$0.name.hasPrefix("spdx:") } + EvidenceCoding.properties(component.evidence)
        if id != component.id { extra.append(SBOMProperty("vigil:id", component.id)) }
        if purpose == "OTHER" { extra.append(SBOMProperty("vigil:kind", component.kind.rawValue)) }
        let properties = component.properties
        return SPDX2.Package(
            spdxID: id, name: component.name, versionInfo: component.version,
            supplier: component.supplier.map(SPDX2Party.format),
            originator: component.originator.map(SPDX2Party.format),
            downloadLocation: component.downloadLocation ?? "NOASSERTION",
            filesAnalyzed: properties[property: "spdx:filesAnalyzed"].map { $0 == "true" },
            checksums: component.hashes.isEmpty ? nil : component.hashes.map(SPDX2Checksum.checksum),
            homepage: website?.url, sourceInfo: properties[property: "spdx:sourceInfo"],
            licenseConcluded: component.concludedLicense, licenseDeclared: component.declaredLicense,
            licenseInfoFromFiles: properties[property: "spdx:licenseInfoFromFiles"]?.split(separator: " ").map(
                String.init),
            copyrightText: component.copyright, summary: properties[property: "spdx:summary"],
            description: component.description, comment: properties[property: "spdx:comment"],
            externalRefs: references.isEmpty ? nil : references,
            primaryPackagePurpose: properties[property: "spdx:primaryPackagePurpose"] ?? purpose,
            annotations: annotations(
                extra, references: component.externalReferences.filter { $0 != website }, date: date,
                others: properties),
            packageVerificationCode: properties[property: "spdx:packageVerificationCode"].map(
                SPDX2.VerificationCode.init(text:)))
    }

    private static func file(_ component: SBOMComponent, id: String, date: String) -> SPDX2.File {
        var extra =
            component.properties.filter { !$0.name.hasPrefix("spdx:") } + EvidenceCoding.properties(component.evidence)
        if id != component.id { extra.append(SBOMProperty("vigil:id", component.id)) }
        let properties = component.properties
        return SPDX2.File(
            spdxID: id, fileName: component.name,
            fileTypes: properties[property: "spdx:fileTypes"]?.split(separator: " ").map(String.init),
            checksums: component.hashes.map(SPDX2Checksum.checksum), licenseConcluded: component.concludedLicense,
            licenseInfoInFiles: properties[property: "spdx:licenseInfoInFiles"]?.split(separator: " ").map(String.init),
            copyrightText: component.copyright, comment: properties[property: "spdx:comment"],
            annotations: annotations(extra, references: component.externalReferences, date: date, others: properties))
    }

    /// Vigil's annotations plus the other tools' annotations read earlier.
    private static func annotations(
        _ extra: [SBOMProperty], references: [SBOMExternalReference], date: String, others: [SBOMProperty]
    ) -> [SPDX2.Annotation]? {
        var result = VigilAnnotations.annotations(properties: extra, references: references, date: date) ?? []
        for property in others where property.name == "spdx:annotation" {
            let parts = property.value.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false).map(
                String.init)
            if parts.count == 4 {
                result.append(
                    SPDX2.Annotation(
                        annotationDate: parts[2], annotationType: parts[1], annotator: parts[0], comment: parts[3]))
            }
        }
        return result.isEmpty ? nil : result
    }

    private static func externalDocumentRefs(_ properties: [SBOMProperty]) -> [SPDX2.ExternalDocumentRef]? {
        let references = properties.filter { $0.name == "spdx:externalDocumentRef" }.compactMap {
            property -> SPDX2.ExternalDocumentRef? in
            let parts = property.value.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { return nil }
            var checksum: SPDX2.Checksum?
            if parts.count == 4, parts[2].hasSuffix(":") {
                checksum = SPDX2.Checksum(algorithm: String(parts[2].dropLast()), checksumValue: parts[3])
            }
            return SPDX2.ExternalDocumentRef(externalDocumentId: parts[0], spdxDocument: parts[1], checksum: checksum)
        }
        return references.isEmpty ? nil : references
    }

    /// SPDX ids are `SPDXRef-` followed by letters, digits, `.` and `-`; other ids are rewritten, uniquely.
    private static func spdxIDs(for components: [SBOMComponent]) -> [String: String] {
        var result: [String: String] = [:]
        var used = Set(components.map(\.id).filter(isValidSPDXID))
        for component in components where !isValidSPDXID(component.id) {
            let cleaned = String(
                component.id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-" })
            var candidate = "SPDXRef-" + cleaned
            var suffix = 2
            while used.contains(candidate) {
                candidate = "SPDXRef-\(cleaned)-\(suffix)"
                suffix += 1
            }
            used.insert(candidate)
            result[component.id] = candidate
        }
        return result
    }

    static func isValidSPDXID(_ id: String) -> Bool {
        id.hasPrefix("SPDXRef-") && id.count > 8
            && id.dropFirst(8).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    /// The prefix of namespaces Vigil derives; read back as "no identifier".
    static let derivedNamespacePrefix = "urn:vigil:sbom:"

    /// A stable namespace derived from the content, for documents that have no identifier.
    private static func namespace(for document: SBOMDocument) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for component in document.components {
            for byte in (component.id + "\u{0}" + component.name + "\u{0}" + (component.version ?? "")).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return derivedNamespacePrefix + String(hash, radix: 16)
    }
}
