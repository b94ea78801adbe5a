import Foundation
public import VigilCore

/// Reads CISA's Known Exploited Vulnerabilities catalogue, JSON (`known_exploited_vulnerabilities.json`) or CSV
/// (`known_exploited_vulnerabilities.csv`): one `kev` record per CVE with the listing (date added, due date, required
/// action, ransomware use), the vulnerability's name, description and CWEs.
public struct KEVImporter: FeedImporter {
    public let formatID = "cisa-kev"

    public init() {}

    /// The CSV header's first columns.
    static let csvHeader = "cveID,vendorProject,product"

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix, as: UTF8.self)
        if text.hasPrefix(Self.csvHeader) || text.hasPrefix("\u{FEFF}" + Self.csvHeader) { return true }
        guard JSONBytes.startsLikeJSON(prefix) else { return false }
        // `"catalogVersion": "2025.08.25"`, a string: the catalogue's JSON schema names the key too, with an object.
        guard let key = text.range(of: "\"catalogVersion\"") else { return false }
        return text[key.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" }.first == "\""
            && text.contains("\"vulnerabilities\"")
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        let first = bytes.firstIndex { !JSONBytes.isWhitespace($0) }
        if let first, bytes[first] == UInt8(ascii: "{") { return try readJSON(bytes, source: source) }
        return try readCSV(bytes, source: source)
    }

    struct Catalog: Decodable {
        var catalogVersion: String?
        var dateReleased: String?
        var vulnerabilities: [Lenient<Entry>]
    }

    struct Entry: Decodable {
        var cveID: String
        var vendorProject: String?
        var product: String?
        var vulnerabilityName: String?
        var dateAdded: String
        var shortDescription: String?
        var requiredAction: String?
        var dueDate: String?
        var knownRansomwareCampaignUse: String?
        var notes: String?
        var cwes: [String]?
    }

    private func readJSON(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        let catalog: Catalog
        do {
            catalog = try JSONDecoder().decode(Catalog.self, from: Data(bytes))
        } catch {
            throw FeedImportError(
                .malformedDocument, "not a KEV catalogue: \(NVDImporter.describe(error))", source: source)
        }
        var batch = FeedImportBatch()
        for (index, element) in catalog.vulnerabilities.enumerated() {
            let location = "$.vulnerabilities[\(index)]"
            switch element.result {
            case .failure(let error):
                batch.skipped.append(.init(id: nil, location: location, reason: NVDImporter.describe(error)))
            case .success(let entry):
                take(entry, location: location, into: &batch)
            }
        }
        return batch
    }

    private func readCSV(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try CSVReader.rows(content)
        } catch {
            throw FeedImportError(
                .malformedDocument, "not a KEV CSV file: line \(error.line): \(error.reason)", source: source)
        }
        guard let header = rows.first?.fields, header.first == "cveID" else {
            throw FeedImportError(.malformedDocument, "the KEV CSV header is missing", source: source)
        }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() { column[name] = index }
        for required in ["cveID", "dateAdded"] where column[required] == nil {
            throw FeedImportError(.malformedDocument, "the KEV CSV has no '\(required)' column", source: source)
        }
        var batch = FeedImportBatch()
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            let location = "line \(row.line)"
            guard row.fields.count == header.count else {
                batch.skipped.append(
                    .init(
                        id: row.fields.first, location: location,
                        reason: "\(row.fields.count) fields where the header has \(header.count)"))
                continue
            }
            func value(_ name: String) -> String? {
                column[name].map { row.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let entry = Entry(
                cveID: value("cveID") ?? "", vendorProject: value("vendorProject"), product: value("product"),
                vulnerabilityName: value("vulnerabilityName"), dateAdded: value("dateAdded") ?? "",
                shortDescription: value("shortDescription"), requiredAction: value("requiredAction"),
                dueDate: value("dueDate"), knownRansomwareCampaignUse: value("knownRansomwareCampaignUse"),
                notes: value("notes"),
                cwes: value("cwes")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            take(entry, location: location, into: &batch)
        }
        return batch
    }

    private func take(_ entry: Entry, location: String, into batch: inout FeedImportBatch) {
        guard NVDImporter.isCVEID(entry.cveID) else {
            batch.skipped.append(.init(id: entry.cveID, location: location, reason: "'\(entry.cveID)' is not a CVE id"))
            return
        }
        guard Self.isDate(entry.dateAdded) else {
            batch.skipped.append(
                .init(id: entry.cveID, location: location, reason: "dateAdded '\(entry.dateAdded)' is not YYYY-MM-DD"))
            return
        }
        let listing = KnownExploitation(
            dateAdded: entry.dateAdded, dueDate: entry.dueDate, requiredAction: entry.requiredAction,
            knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse, vendorProject: entry.vendorProject,
            product: entry.product, name: entry.vulnerabilityName, notes: entry.notes)
        let vulnerability = Vulnerability(
            id: entry.cveID, published: entry.dateAdded,
            descriptions: entry.shortDescription.map { [.init(language: "en", text: $0)] } ?? [],
            weaknesses: (entry.cwes ?? []).map { .init(id: $0, source: "CISA KEV") }, title: entry.vulnerabilityName,
            assigner: "CISA KEV", knownExploited: listing)
        batch.records.append(VulnerabilityRecord(source: .kev, vulnerability: vulnerability))
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return false }
        return utf8.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
