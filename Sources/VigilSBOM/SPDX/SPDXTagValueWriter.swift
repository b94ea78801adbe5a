import Foundation

/// Writes the shared ``SPDX2/Document`` shape as SPDX 2.3 tag-value.
enum SPDXTagValueWriter {
    /// A value as tag-value writes it: `<text>` when it spans lines or has edge white space a reader would trim.
    /// A value tag-value cannot carry: one holding `</text>` would end its `<text>` block early and let the rest be
    /// read as new tags.
    struct UnrepresentableValue: Error, CustomStringConvertible {
        var tag: String
        var description: String {
            "the \(tag) value holds '</text>', which SPDX tag-value cannot carry; write spdx-json instead"
        }
    }

    static func value(_ value: String) -> String {
        let padded = value.first?.isWhitespace == true || value.last?.isWhitespace == true
        return value.contains("\n") || value.hasPrefix("<text>") || padded ? "<text>\(value)</text>" : value
    }

    /// Writes a document.
    ///
    /// - Throws: ``UnrepresentableValue`` for a value holding `</text>`.
    static func write(_ document: SPDX2.Document) throws -> String {
        var unrepresentable: String?
        var lines: [String] = []
        func add(_ tag: String, _ value: String?) {
            guard let value else { return }
            if value.contains("</text>") { unrepresentable = unrepresentable ?? tag }
            lines.append("\(tag): " + Self.value(value))
        }
        add("SPDXVersion", document.spdxVersion)
        add("DataLicense", document.dataLicense)
        add("SPDXID", document.spdxID)
        add("DocumentName", document.name)
        add("DocumentNamespace", document.documentNamespace)
        add("DocumentComment", document.comment)
        for reference in document.externalDocumentRefs ?? [] {
            add(
                "ExternalDocumentRef",
                "\(reference.externalDocumentId) \(reference.spdxDocument)"
                    + (reference.checksum.map { " \($0.algorithm): \($0.checksumValue)" } ?? ""))
        }
        add("LicenseListVersion", document.creationInfo?.licenseListVersion)
        for creator in document.creationInfo?.creators ?? [] { add("Creator", creator) }
        add("Created", document.creationInfo?.created)
        add("CreatorComment", document.creationInfo?.comment)
        annotations(document.annotations, element: document.spdxID, into: &lines, unrepresentable: &unrepresentable)
        for package in document.packages ?? [] {
            lines.append("")
            add("PackageName", package.name)
            add("SPDXID", package.spdxID)
            add("PackageVersion", package.versionInfo)
            add("PackageSupplier", package.supplier)
            add("PackageOriginator", package.originator)
            add("PackageDownloadLocation", package.downloadLocation)
            add("FilesAnalyzed", package.filesAnalyzed.map { $0 ? "true" : "false" })
            add("PackageVerificationCode", package.packageVerificationCode?.text)
            for checksum in package.checksums ?? [] {
                add("PackageChecksum", "\(checksum.algorithm): \(checksum.checksumValue)")
            }
            add("PackageHomePage", package.homepage)
            add("PackageSourceInfo", package.sourceInfo)
            add("PackageLicenseConcluded", package.licenseConcluded)
            for info in package.licenseInfoFromFiles ?? [] { add("PackageLicenseInfoFromFiles", info) }
            add("PackageLicenseDeclared", package.licenseDeclared)
            add("PackageCopyrightText", package.copyrightText)
            add("PackageSummary", package.summary)
            add("PackageDescription", package.description)
            add("PackageComment", package.comment)
            add("PrimaryPackagePurpose", package.primaryPackagePurpose)
            for reference in package.externalRefs ?? [] {
                add(
                    "ExternalRef",
                    "\(reference.referenceCategory) \(reference.referenceType) \(reference.referenceLocator)")
            }
            annotations(package.annotations, element: package.spdxID, into: &lines, unrepresentable: &unrepresentable)
        }
        for file in document.files ?? [] {
            lines.append("")
            add("FileName", file.fileName)
            add("SPDXID", file.spdxID)
            for type in file.fileTypes ?? [] { add("FileType", type) }
            for checksum in file.checksums ?? [] {
                add("FileChecksum", "\(checksum.algorithm): \(checksum.checksumValue)")
            }
            add("LicenseConcluded", file.licenseConcluded)
            for info in file.licenseInfoInFiles ?? [] { add("LicenseInfoInFile", info) }
            add("FileCopyrightText", file.copyrightText)
            add("FileComment", file.comment)
            annotations(file.annotations, element: file.spdxID, into: &lines, unrepresentable: &unrepresentable)
        }
        if let relationships = document.relationships, !relationships.isEmpty {
            lines.append("")
            for relationship in relationships {
                add(
                    "Relationship",
                    "\(relationship.spdxElementId) \(relationship.relationshipType) \(relationship.relatedSpdxElement)")
                add("RelationshipComment", relationship.comment)
            }
        }
        if let unrepresentable { throw UnrepresentableValue(tag: unrepresentable) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func annotations(
        _ annotations: [SPDX2.Annotation]?, element: String, into lines: inout [String], unrepresentable: inout String?
    ) {
        for annotation in annotations ?? [] {
            lines.append("Annotator: \(annotation.annotator)")
            lines.append("AnnotationDate: \(annotation.annotationDate)")
            lines.append("AnnotationType: \(annotation.annotationType)")
            lines.append("SPDXREF: \(element)")
            let comment = annotation.comment
            if comment.contains("</text>") { unrepresentable = unrepresentable ?? "AnnotationComment" }
            lines.append("AnnotationComment: " + value(comment))
        }
    }
}
