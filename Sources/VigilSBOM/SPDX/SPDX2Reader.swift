import VigilCore

/// Maps an SPDX 2.x document onto the SBOM model.
///
/// `NOASSERTION` becomes absent; `NONE` is kept. Purls and CPEs come from `externalRefs`; the homepage becomes a
/// `website` reference; SPDX-only fields go into `spdx:` properties; ids changed for SPDX's syntax are restored from
/// `vigil:id` properties that ``SPDX2Writer`` writes.
enum SPDX2Reader {
    /// Checks the version and the limits, then reads.
    ///
    /// - Throws: ``SBOMDecodingError/Code/unsupportedSpecVersion`` for anything but SPDX 2.2 and 2.3,
    ///   ``SBOMDecodingError/Code/tooLarge`` past the component limit.
    static func read(
        _ spdx: SPDX2.Document, source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        guard spdx.spdxVersion == "SPDX-2.2" || spdx.spdxVersion == "SPDX-2.3" else {
            throw SBOMDecodingError(
                .unsupportedSpecVersion, "\(spdx.spdxVersion) is not supported here; SPDX-2.2 and SPDX-2.3 are",
                source: source)
        }
        try limits.checkComponents((spdx.packages?.count ?? 0) + (spdx.files?.count ?? 0), source: source)
        return read(spdx)
    }

    static func read(_ spdx: SPDX2.Document) -> SBOMDocument {
        var ids: [String: String] = [:]
        var components: [SBOMComponent] = []
        for package in spdx.packages ?? [] {
            let component = self.component(package)
            ids[package.spdxID] = component.id
            components.append(component)
        }
        for file in spdx.files ?? [] {
            let component = self.component(file)
            ids[file.spdxID] = component.id
            components.append(component)
        }
        var relationships = (spdx.relationships ?? []).map { relationship in
            let marked = relationship.comment.flatMap { comment in
                relationship.relationshipType == "OTHER" && comment.hasPrefix(SPDX2Writer.otherTypeMarker)
                    ? String(comment.dropFirst(SPDX2Writer.otherTypeMarker.count)) : nil
            }
            return SBOMRelationship(
                ids[relationship.spdxElementId] ?? relationship.spdxElementId,
                SBOMRelationshipType(rawValue: marked ?? relationship.relationshipType),
                ids[relationship.relatedSpdxElement] ?? relationship.relatedSpdxElement)
        }
        var present = Set(relationships)
        // `hasFiles` says what `CONTAINS` says: the model keeps the relationship.
        for package in spdx.packages ?? [] {
            for file in package.hasFiles ?? [] {
                let relationship = SBOMRelationship(ids[package.spdxID] ?? package.spdxID, .contains, ids[file] ?? file)
                if present.insert(relationship).inserted { relationships.append(relationship) }
            }
        }
        for described in spdx.documentDescribes ?? [] {
            let relationship = SBOMRelationship(SBOMDocument.documentID, .describes, ids[described] ?? described)
            if present.insert(relationship).inserted { relationships.append(relationship) }
        }
        // SPDX 2 requires CC0-1.0 for its data: it tells nothing, and is written back whatever the model says.
        // A namespace Vigil derived for a document that had no identifier is not the document's own.
        let identifier = spdx.documentNamespace.flatMap { $0.hasPrefix(SPDX2Writer.derivedNamespacePrefix) ? nil : $0 }
        var metadata = SBOMMetadata(
            name: spdx.name, identifier: identifier, timestamp: spdx.creationInfo?.created,
            dataLicense: spdx.dataLicense == "CC0-1.0" ? nil : spdx.dataLicense)
        metadata.subject = relationships.first { $0.from == SBOMDocument.documentID && $0.type == .describes }?.to
        for creator in spdx.creationInfo?.creators ?? [] { addCreator(creator, to: &metadata) }
        var properties: [SBOMProperty] = []
        properties.append(optional: "spdx:licenseListVersion", spdx.creationInfo?.licenseListVersion)
        properties.append(optional: "spdx:creationComment", spdx.creationInfo?.comment)
        properties.append(optional: "spdx:comment", spdx.comment)
        for reference in spdx.externalDocumentRefs ?? [] {
            let checksum = reference.checksum.map { " \($0.algorithm): \($0.checksumValue)" } ?? ""
            properties.append(
                SBOMProperty(
                    "spdx:externalDocumentRef", "\(reference.externalDocumentId) \(reference.spdxDocument)\(checksum)"))
        }
        var vigil = VigilAnnotations(spdx.annotations)
        metadata.lifecycle = vigil.take("vigil:lifecycle")
        // SPDX requires a name; Vigil supplied one because the source had none.
        if vigil.take("vigil:name-supplied") != nil { metadata.name = nil }
        // SPDX requires a creation time in one form; Vigil supplied one, or kept the source's own form.
        if vigil.take("vigil:timestamp-supplied") != nil { metadata.timestamp = nil }
        if let timestamp = vigil.take("vigil:timestamp") { metadata.timestamp = timestamp }
        // SPDX requires the document to describe something; Vigil named the top-level components.
        if vigil.take("vigil:describes-supplied") != nil {
            relationships.removeAll { $0.from == SBOMDocument.documentID && $0.type == .describes }
            metadata.subject = nil
        }
        // SPDX requires a creator; Vigil named itself because the source named none.
        if vigil.take("vigil:creators-supplied") != nil {
            metadata.tools = []
            metadata.authors = []
        }
        // Vigil keeps each tool's exact name, version and vendor, which "Tool: name-version" cannot.
        let tools = vigil.takeAll("vigil:tool").compactMap(VigilAnnotations.unpack)
        if !tools.isEmpty {
            metadata.tools = tools.compactMap { fields in
                fields.count == 3 ? fields[0].map { SBOMTool(name: $0, version: fields[1], vendor: fields[2]) } : nil
            }
        }
        metadata.properties = properties + vigil.others + vigil.properties
        for index in components.indices {
            components[index].evidence = EvidenceCoding.take(from: &components[index].properties)
        }
        return SBOMDocument(
            metadata: metadata, components: components, relationships: relationships, omissions: spdx.omissions)
    }

    private static func addCreator(_ creator: String, to metadata: inout SBOMMetadata) {
        if creator.hasPrefix("Tool:") {
            let text = creator.dropFirst(5).trimmingSpaces()
            if let dash = text.lastIndex(of: "-"), text[text.index(after: dash)...].first?.isNumber == true {
                metadata.tools.append(
                    SBOMTool(name: String(text[..<dash]), version: String(text[text.index(after: dash)...])))
            } else {
                metadata.tools.append(SBOMTool(name: String(text)))
            }
        } else if let party = SPDX2Party.parse(creator) {
            metadata.authors.append(party)
        }
    }

    private static func component(_ package: SPDX2.Package) -> SBOMComponent {
        var properties: [SBOMProperty] = []
        var purls: [String] = []
        var cpes: [String] = []
        var references: [SBOMExternalReference] = []
        for reference in package.externalRefs ?? [] {
            switch (reference.referenceCategory.uppercased(), reference.referenceType) {
            case ("PACKAGE-MANAGER", "purl"), ("PACKAGE_MANAGER", "purl"): purls.append(reference.referenceLocator)
            case ("SECURITY", let type) where type.hasSuffix("cpe23Type") || type.hasSuffix("cpe22Type"):
                cpes.append(reference.referenceLocator)
            default:
                properties.append(
                    SBOMProperty(
                        "spdx:externalRef",
                        "\(reference.referenceCategory) \(reference.referenceType) \(reference.referenceLocator)"))
            }
        }
        properties += purls.dropFirst().map { SBOMProperty("spdx:purl", $0) }
        if let homepage = package.homepage.flatMap(assertion) {
            references.append(SBOMExternalReference(type: "website", url: homepage))
        }
        properties.append(optional: "spdx:summary", package.summary)
        properties.append(optional: "spdx:sourceInfo", package.sourceInfo)
        properties.append(optional: "spdx:comment", package.comment)
        properties.append(optional: "spdx:filesAnalyzed", package.filesAnalyzed.map { $0 ? "true" : "false" })
        properties.append(optional: "spdx:packageVerificationCode", package.packageVerificationCode?.text)
        if let info = package.licenseInfoFromFiles, !info.isEmpty {
            properties.append(SBOMProperty("spdx:licenseInfoFromFiles", info.joined(separator: " ")))
        }
        var vigil = VigilAnnotations(package.annotations)
        properties += vigil.others
        references += vigil.references
        let kind =
            vigil.take("vigil:kind").map(SBOMComponentKind.init(rawValue:))
            ?? package.primaryPackagePurpose.map(SPDX2Purpose.kind(for:)) ?? .library
        if let purpose = package.primaryPackagePurpose, SPDX2Purpose.purpose(for: kind) != purpose.uppercased() {
            properties.append(SBOMProperty("spdx:primaryPackagePurpose", purpose))
        }
        return SBOMComponent(
            id: vigil.take("vigil:id") ?? package.spdxID, kind: kind, name: package.name, version: package.versionInfo,
            supplier: package.supplier.flatMap(SPDX2Party.parse),
            originator: package.originator.flatMap(SPDX2Party.parse),
            purl: purls.first, cpes: cpes, hashes: (package.checksums ?? []).map(SPDX2Checksum.hash),
            declaredLicense: package.licenseDeclared.flatMap(assertion),
            concludedLicense: package.licenseConcluded.flatMap(assertion),
            copyright: package.copyrightText.flatMap(assertion), description: package.description,
            downloadLocation: package.downloadLocation.flatMap(assertion), externalReferences: references,
            properties: properties + vigil.properties)
    }

    private static func component(_ file: SPDX2.File) -> SBOMComponent {
        var properties: [SBOMProperty] = []
        if let types = file.fileTypes, !types.isEmpty {
            properties.append(SBOMProperty("spdx:fileTypes", types.joined(separator: " ")))
        }
        if let info = file.licenseInfoInFiles, !info.isEmpty {
            properties.append(SBOMProperty("spdx:licenseInfoInFiles", info.joined(separator: " ")))
        }
        properties.append(optional: "spdx:comment", file.comment)
        var vigil = VigilAnnotations(file.annotations)
        return SBOMComponent(
            id: vigil.take("vigil:id") ?? file.spdxID, kind: .file, name: file.fileName,
            hashes: (file.checksums ?? []).map(SPDX2Checksum.hash),
            concludedLicense: file.licenseConcluded.flatMap(assertion),
            copyright: file.copyrightText.flatMap(assertion), externalReferences: vigil.references,
            properties: properties + vigil.others + vigil.properties)
    }

    /// `NOASSERTION` means the author made no statement: absent in the model.
    static func assertion(_ value: String) -> String? {
        value == "NOASSERTION" || value.isEmpty ? nil : value
    }
}

extension [SBOMProperty] {
    mutating func append(optional name: String, _ value: String?) {
        if let value { append(SBOMProperty(name, value)) }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
