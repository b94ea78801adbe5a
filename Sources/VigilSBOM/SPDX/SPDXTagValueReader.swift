import Foundation
import VigilCore

/// Parses the SPDX 2.x tag-value format (`Tag: Value` lines, `<text>…</text>` for multi-line values) into the
/// shared ``SPDX2/Document`` shape (SPDX 2.3, clause 5–11 and annex "tag-value").
struct SPDXTagValueReader {
    private var document = SPDX2.Document(spdxVersion: "", spdxID: SBOMDocument.documentID)
    private var packages: [SPDX2.Package] = []
    private var files: [SPDX2.File] = []
    private var relationships: [SPDX2.Relationship] = []
    private var annotations: [(element: String?, annotation: SPDX2.Annotation)] = []
    private var pendingAnnotation: [String: String] = [:]
    private var current: Current = .document
    private let source: String?

    private enum Current { case document, package, file }

    init(source: String?) { self.source = source }

    /// Parses the whole text.
    ///
    /// - Throws: ``SBOMDecodingError/Code/malformedDocument`` naming the line.
    mutating func read(_ text: String) throws(SBOMDecodingError) -> SPDX2.Document {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        var number = 0
        while let rawLine = lines.next() {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.trimmingSpaces().isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw fail("line \(number): expected 'Tag: Value'")
            }
            let tag = String(line[..<colon]).trimmingCharacters()
            var value = String(line[line.index(after: colon)...].trimmingSpaces())
            if value.hasPrefix("<text>") {
                let start = number
                var parts = [String(value.dropFirst(6))]
                while !parts[parts.count - 1].contains("</text>") {  // only the newest line is searched
                    guard let next = lines.next() else { throw fail("line \(start): <text> is never closed") }
                    number += 1
                    parts.append(String(next))
                }
                let last = parts[parts.count - 1]
                parts[parts.count - 1] = String(last[..<(last.range(of: "</text>")?.lowerBound ?? last.endIndex)])
                value = parts.joined(separator: "\n")
            }
            try apply(tag, value, line: number)
        }
        flushAnnotation()
        guard !document.spdxVersion.isEmpty else { throw fail("the document has no SPDXVersion") }
        attachAnnotations()
        document.packages = packages.isEmpty ? nil : packages
        document.files = files.isEmpty ? nil : files
        document.relationships = relationships.isEmpty ? nil : relationships
        return document
    }

    private mutating func apply(_ tag: String, _ value: String, line: Int) throws(SBOMDecodingError) {
        switch tag {
        case "PackageName":
            current = .package
            packages.append(SPDX2.Package(spdxID: "", name: value))
            return
        case "FileName":
            current = .file
            files.append(SPDX2.File(spdxID: "", fileName: value))
            return
        case "Relationship":
            let parts = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count >= 3 else { throw fail("line \(line): a Relationship is 'ELEMENT TYPE ELEMENT'") }
            relationships.append(
                SPDX2.Relationship(spdxElementId: parts[0], relationshipType: parts[1], relatedSpdxElement: parts[2]))
            return
        case "RelationshipComment":
            guard !relationships.isEmpty else {
                throw fail("line \(line): RelationshipComment before any Relationship")
            }
            relationships[relationships.count - 1].comment = value
            return
        case "SnippetSPDXID":
            document.snippets = document.snippets ?? []
            document.snippets?.append(Skipped())
            return
        case "LicenseID":
            document.hasExtractedLicensingInfos = document.hasExtractedLicensingInfos ?? []
            document.hasExtractedLicensingInfos?.append(Skipped())
            return
        case "Annotator", "AnnotationDate", "AnnotationType", "SPDXREF", "AnnotationComment":
            if tag == "Annotator" { flushAnnotation() }
            pendingAnnotation[tag] = value
            return
        default: break
        }
        switch current {
        case .document: try applyDocument(tag, value, line: line)
        case .package: try applyPackage(tag, value, line: line)
        case .file: try applyFile(tag, value, line: line)
        }
    }

    private mutating func applyDocument(_ tag: String, _ value: String, line: Int) throws(SBOMDecodingError) {
        switch tag {
        case "SPDXVersion": document.spdxVersion = value
        case "DataLicense": document.dataLicense = value
        case "SPDXID": document.spdxID = value
        case "DocumentName": document.name = value
        case "DocumentNamespace": document.documentNamespace = value
        case "DocumentComment": document.comment = value
        case "Creator": creationInfo { $0.creators = ($0.creators ?? []) + [value] }
        case "Created": creationInfo { $0.created = value }
        case "CreatorComment": creationInfo { $0.comment = value }
        case "LicenseListVersion": creationInfo { $0.licenseListVersion = value }
        case "ExternalDocumentRef":
            let parts = value.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { throw fail("line \(line): ExternalDocumentRef is 'ID URI [ALG: VALUE]'") }
            let checksum =
                parts.count == 4 ? SPDX2.Checksum(algorithm: String(parts[2].dropLast()), checksumValue: parts[3]) : nil
            document.externalDocumentRefs =
                (document.externalDocumentRefs ?? [])
                + [SPDX2.ExternalDocumentRef(externalDocumentId: parts[0], spdxDocument: parts[1], checksum: checksum)]
        default: break  // fields the model does not carry
        }
    }

    private mutating func applyPackage(_ tag: String, _ value: String, line: Int) throws(SBOMDecodingError) {
        var package = packages[packages.count - 1]
        switch tag {
        case "SPDXID": package.spdxID = value
        case "PackageVersion": package.versionInfo = value
        case "PackageSupplier": package.supplier = value
        case "PackageOriginator": package.originator = value
        case "PackageDownloadLocation": package.downloadLocation = value
        case "FilesAnalyzed": package.filesAnalyzed = value.lowercased() == "true"
        case "PackageVerificationCode": package.packageVerificationCode = SPDX2.VerificationCode(text: value)
        case "PackageChecksum": package.checksums = (package.checksums ?? []) + [try checksum(value, line: line)]
        case "PackageHomePage": package.homepage = value
        case "PackageSourceInfo": package.sourceInfo = value
        case "PackageLicenseConcluded": package.licenseConcluded = value
        case "PackageLicenseDeclared": package.licenseDeclared = value
        case "PackageLicenseInfoFromFiles":
            package.licenseInfoFromFiles = (package.licenseInfoFromFiles ?? []) + [value]
        case "PackageCopyrightText": package.copyrightText = value
        case "PackageSummary": package.summary = value
        case "PackageDescription": package.description = value
        case "PackageComment": package.comment = value
        case "PrimaryPackagePurpose": package.primaryPackagePurpose = value
        case "ExternalRef":
            let parts = value.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { throw fail("line \(line): ExternalRef is 'CATEGORY TYPE LOCATOR'") }
            package.externalRefs =
                (package.externalRefs ?? [])
                + [SPDX2.ExternalRef(referenceCategory: parts[0], referenceType: parts[1], referenceLocator: parts[2])]
        default: break
        }
        packages[packages.count - 1] = package
    }

    private mutating func applyFile(_ tag: String, _ value: String, line: Int) throws(SBOMDecodingError) {
        var file = files[files.count - 1]
        switch tag {
        case "SPDXID": file.spdxID = value
        case "FileType": file.fileTypes = (file.fileTypes ?? []) + [value]
        case "FileChecksum": file.checksums = (file.checksums ?? []) + [try checksum(value, line: line)]
        case "LicenseConcluded": file.licenseConcluded = value
        case "LicenseInfoInFile": file.licenseInfoInFiles = (file.licenseInfoInFiles ?? []) + [value]
        case "FileCopyrightText": file.copyrightText = value
        case "FileComment": file.comment = value
        default: break
        }
        files[files.count - 1] = file
    }

    private mutating func creationInfo(_ change: (inout SPDX2.CreationInfo) -> Void) {
        var info = document.creationInfo ?? SPDX2.CreationInfo()
        change(&info)
        document.creationInfo = info
    }

    private func checksum(_ value: String, line: Int) throws(SBOMDecodingError) -> SPDX2.Checksum {
        guard let colon = value.firstIndex(of: ":") else {
            throw fail("line \(line): a checksum is 'ALGORITHM: VALUE'")
        }
        return SPDX2.Checksum(
            algorithm: String(value[..<colon]),
            checksumValue: String(value[value.index(after: colon)...].trimmingSpaces()))
    }

    private mutating func flushAnnotation() {
        guard let annotator = pendingAnnotation["Annotator"] else { return }
        annotations.append(
            (
                pendingAnnotation["SPDXREF"],
                SPDX2.Annotation(
                    annotationDate: pendingAnnotation["AnnotationDate"] ?? "",
                    annotationType: pendingAnnotation["AnnotationType"] ?? "OTHER",
                    annotator: annotator, comment: pendingAnnotation["AnnotationComment"] ?? "")
            ))
        pendingAnnotation = [:]
    }

    private mutating func attachAnnotations() {
        var packageIndex: [String: Int] = [:]
        for (index, package) in packages.enumerated() where packageIndex[package.spdxID] == nil {
            packageIndex[package.spdxID] = index
        }
        var fileIndex: [String: Int] = [:]
        for (index, file) in files.enumerated() where fileIndex[file.spdxID] == nil { fileIndex[file.spdxID] = index }
        for (element, annotation) in annotations {
            if let index = element.flatMap({ packageIndex[$0] }) {
                packages[index].annotations = (packages[index].annotations ?? []) + [annotation]
            } else if let index = element.flatMap({ fileIndex[$0] }) {
                files[index].annotations = (files[index].annotations ?? []) + [annotation]
            } else {
                document.annotations = (document.annotations ?? []) + [annotation]
            }
        }
    }

    private func fail(_ message: String) -> SBOMDecodingError {
        SBOMDecodingError(.malformedDocument, "not a valid SPDX tag-value document: \(message)", source: source)
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String { String(Substring(self).trimmingSpaces()) }
}
