import Foundation
public import VigilCore

/// Reads Anchore's NVD configuration overrides (github.com/anchore/nvd-data-overrides): per CVE, curated NVD-shaped
/// `configurations` with an `_annotation` saying why, for CVEs NVD has not analysed or analysed too broadly.
///
/// They are stored as source `nvd-overrides`, beside NVD's own record, and take the place of NVD's configurations
/// when a vulnerability is matched or shown. The override's reason is kept as a description in the language
/// `en-x-override-reason`.
public struct NVDOverrideImporter: FeedImporter, JSONRecordImporter {
    public let formatID = "nvd-overrides-anchore"
    let formatName = "Anchore NVD override"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        guard JSONBytes.startsLikeJSON(prefix) else { return false }
        let text = String(decoding: prefix, as: UTF8.self)
        return text.contains("\"_annotation\"") && text.contains("\"configurations\"")
    }

    func id(of document: Record) -> String? { document._annotation.cve_id }

    func records(from document: Record) throws(InvalidRecord) -> [VulnerabilityRecord] {
        let annotation = document._annotation
        guard NVDImporter.isCVEID(annotation.cve_id) else {
            throw InvalidRecord("'\(annotation.cve_id)' is not a CVE id")
        }
        var descriptions: [Vulnerability.LocalizedText] = []
        if let text = annotation.description { descriptions.append(.init(language: "en", text: text)) }
        if let reason = annotation.reason { descriptions.append(.init(language: "en-x-override-reason", text: reason)) }
        let vulnerability = Vulnerability(
            id: annotation.cve_id, published: annotation.published, modified: annotation.modified,
            descriptions: descriptions, references: (annotation.references ?? []).map { .init(url: $0) },
            assigner: annotation.cna)
        return [
            VulnerabilityRecord(
                source: .nvdOverrides, vulnerability: vulnerability,
                configurations: try NVDImporter.configurations(document.cve.configurations ?? []))
        ]
    }

    struct Record: Decodable {
        var _annotation: Annotation
        var cve: CVE
    }

    struct Annotation: Decodable {
        var cve_id: String
        var cna: String?
        var description: String?
        var published: String?
        var modified: String?
        var reason: String?
        var references: [String]?
    }

    struct CVE: Decodable {
        var configurations: [NVDJSON.Configuration]?
    }

    struct Probe: RecordIDProbe {
        struct Annotation: Decodable { var cve_id: String? }
        var _annotation: Annotation?
        var recordID: String? { _annotation?.cve_id }
    }
}
