import Foundation
import VigilCore

/// The SPDX 2.2/2.3 document shape (https://spdx.github.io/spdx-spec/v2.3/), shared by the JSON and tag-value
/// bindings. JSON reads and writes it with Codable; tag-value has its own reader and writer.
enum SPDX2 {
    struct Document: Codable {
        var spdxVersion: String
        var dataLicense: String?
        var spdxID: String
        var name: String?
        var documentNamespace: String?
        var comment: String?
        var creationInfo: CreationInfo?
        var documentDescribes: [String]?
        var externalDocumentRefs: [ExternalDocumentRef]?
        var packages: [Package]?
        var files: [File]?
        var relationships: [Relationship]?
        var annotations: [Annotation]?
        // Read only to report what the model does not carry; never written.
        var snippets: [Skipped]?
        var hasExtractedLicensingInfos: [Skipped]?

        enum CodingKeys: String, CodingKey {
            case spdxVersion, dataLicense, spdxID = "SPDXID", name, documentNamespace, comment, creationInfo,
                documentDescribes, externalDocumentRefs, packages, files, relationships, annotations, snippets,
                hasExtractedLicensingInfos
        }

        /// The sections present that the model does not carry.
        var omissions: [SBOMOmission] {
            [("snippets", snippets), ("hasExtractedLicensingInfos", hasExtractedLicensingInfos)].compactMap {
                name, entries in
                entries.flatMap { $0.isEmpty ? nil : SBOMOmission(name, count: $0.count) }
            }
        }
    }

    struct CreationInfo: Codable {
        var created: String?
        var creators: [String]?
        var licenseListVersion: String?
        var comment: String?
    }

    struct ExternalDocumentRef: Codable {
        var externalDocumentId: String
        var spdxDocument: String
        var checksum: Checksum?
    }

    struct Checksum: Codable {
        var algorithm: String
        var checksumValue: String
    }

    struct ExternalRef: Codable {
        var referenceCategory: String
        var referenceType: String
        var referenceLocator: String
        var comment: String?
    }

    struct Package: Codable {
        var spdxID: String
        var name: String
        var versionInfo: String?
        var supplier: String?
        var originator: String?
        var downloadLocation: String?
        var filesAnalyzed: Bool?
        var checksums: [Checksum]?
        var homepage: String?
        var sourceInfo: String?
        var licenseConcluded: String?
        var licenseDeclared: String?
        var licenseInfoFromFiles: [String]?
        var copyrightText: String?
        var summary: String?
        var description: String?
        var comment: String?
        var externalRefs: [ExternalRef]?
        var primaryPackagePurpose: String?
        var annotations: [Annotation]?
        var packageVerificationCode: VerificationCode?
        /// Read only: the files a package contains, which the model holds as `CONTAINS` relationships.
        var hasFiles: [String]?

        enum CodingKeys: String, CodingKey {
            case spdxID = "SPDXID", name, versionInfo, supplier, originator, downloadLocation, filesAnalyzed,
                checksums, homepage, sourceInfo, licenseConcluded, licenseDeclared, licenseInfoFromFiles,
                copyrightText, summary, description, comment, externalRefs, primaryPackagePurpose, annotations,
                packageVerificationCode, hasFiles
        }
    }

    struct VerificationCode: Codable {
        var packageVerificationCodeValue: String
        var packageVerificationCodeExcludedFiles: [String]?

        /// The tag-value form: `d6a770ba38583ed4bb4525bd96e50461655d2758 (excludes: ./package.spdx)`.
        var text: String {
            let excluded = packageVerificationCodeExcludedFiles ?? []
            return packageVerificationCodeValue
                + (excluded.isEmpty ? "" : " (excludes: \(excluded.joined(separator: ", ")))")
        }

        init(text: String) {
            guard let range = text.range(of: " (excludes: "), text.hasSuffix(")") else {
                self.init(value: String(text[...].trimmingSpaces()), excluded: nil)
                return
            }
            let list = text[range.upperBound..<text.index(before: text.endIndex)]
            self.init(
                value: String(text[..<range.lowerBound]),
                excluded: list.split(separator: ",").map { String($0.trimmingSpaces()) })
        }

        private init(value: String, excluded: [String]?) {
            packageVerificationCodeValue = value
            packageVerificationCodeExcludedFiles = excluded
        }
    }

    struct File: Codable {
        var spdxID: String
        var fileName: String
        var fileTypes: [String]?
        var checksums: [Checksum]?
        var licenseConcluded: String?
        var licenseInfoInFiles: [String]?
        var copyrightText: String?
        var comment: String?
        var annotations: [Annotation]?

        enum CodingKeys: String, CodingKey {
            case spdxID = "SPDXID", fileName, fileTypes, checksums, licenseConcluded, licenseInfoInFiles,
                copyrightText, comment, annotations
        }
    }

    /// An annotation; Vigil writes the model fields SPDX has no place for as `Tool: vigil` annotations.
    struct Annotation: Codable {
        var annotationDate: String
        var annotationType: String
        var annotator: String
        var comment: String
    }

    struct Relationship: Codable {
        var spdxElementId: String
        var relationshipType: String
        var relatedSpdxElement: String
        var comment: String?
    }
}
