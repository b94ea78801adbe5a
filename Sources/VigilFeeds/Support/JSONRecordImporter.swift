import Foundation
import VigilCore

/// Why one record cannot be imported: it is skipped with this reason, and the rest of the input is read.
struct InvalidRecord: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// An importer of a record-per-object JSON format (CVE 5, OSV, Anchore's overrides) that takes one record, an array
/// of records, or JSON Lines (one minified record per line), and skips each record that does not decode or validate.
protocol JSONRecordImporter: FeedImporter {
    associatedtype Document: Decodable
    /// Reads the id alone from a record that did not decode.
    associatedtype Probe: RecordIDProbe
    /// The format as users know it (`CVE JSON 5`), for error messages.
    var formatName: String { get }
    /// The id of a decoded document.
    func id(of document: Document) -> String?
    /// The records one document yields (CVE 5 gives one per container), or why it is invalid.
    func records(from document: Document) throws(InvalidRecord) -> [VulnerabilityRecord]
}

extension JSONRecordImporter {
    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        guard let first = bytes.firstIndex(where: { !JSONBytes.isWhitespace($0) }) else {
            throw FeedImportError(.malformedDocument, "the input is empty", source: source)
        }
        var batch = FeedImportBatch()
        if bytes[first] == UInt8(ascii: "[") {
            let elements: [LenientRecord<Document, Probe>]
            do {
                elements = try JSONDecoder().decode([LenientRecord<Document, Probe>].self, from: Data(bytes))
            } catch {
                throw FeedImportError(
                    .malformedDocument, "not a \(formatName) array: \(NVDImporter.describe(error))", source: source)
            }
            for (index, element) in elements.enumerated() {
                take(element.result, probedID: element.probedID, location: "$[\(index)]", into: &batch)
            }
            return batch
        }
        let lines = JSONBytes.lines(bytes)
        if lines.count > 1, let line = lines.first, JSONBytes.isSingleLineObject(bytes[line]) {
            for (number, line) in lines.enumerated() where !JSONBytes.isBlank(bytes[line]) {
                let data = Data(bytes[line])
                let result = Result { try JSONDecoder().decode(Document.self, from: data) }
                take(result, probedID: probe(data), location: "line \(number + 1)", into: &batch)
            }
            return batch
        }
        let data = Data(bytes)
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted = error {
                throw FeedImportError(
                    .malformedDocument, "not valid JSON: \(NVDImporter.describe(error))", source: source)
            }
            take(.failure(error), probedID: probe(data), location: "$", into: &batch)
            return batch
        } catch {
            throw FeedImportError(.malformedDocument, "\(error)", source: source)
        }
        take(.success(document), probedID: nil, location: "$", into: &batch)
        return batch
    }

    private func probe(_ data: Data) -> String? { (try? JSONDecoder().decode(Probe.self, from: data))?.recordID }

    /// Adds a decoded record's records, or a skipped entry for one that did not decode or validate.
    private func take(
        _ result: Result<Document, any Error>, probedID: String?, location: String, into batch: inout FeedImportBatch
    ) {
        switch result {
        case .failure(let error):
            batch.skipped.append(
                SkippedRecord(
                    id: probedID, location: location, reason: NVDImporter.describe(error)))
        case .success(let document):
            do {
                batch.records += try records(from: document)
            } catch {
                batch.skipped.append(SkippedRecord(id: id(of: document), location: location, reason: error.reason))
            }
        }
    }
}

/// The id of a record, read from whatever of it decodes.
protocol RecordIDProbe: Decodable {
    var recordID: String? { get }
}

/// One array element decoded on its own, with its id when it does not decode.
struct LenientRecord<Value: Decodable, Probe: RecordIDProbe>: Decodable {
    var result: Result<Value, any Error>
    var probedID: String?

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Value(from: decoder))
        } catch {
            result = .failure(error)
            probedID = (try? Probe(from: decoder))?.recordID
        }
    }
}

/// One array element decoded on its own, so that one bad record is skipped, not fatal.
struct Lenient<Value: Decodable>: Decodable {
    var result: Result<Value, any Error>

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Value(from: decoder))
        } catch {
            result = .failure(error)
        }
    }
}

/// Byte-level helpers for sniffing JSON and splitting JSON Lines.
enum JSONBytes {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The ranges of the lines (without their line feeds).
    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            result.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { result.append(start..<bytes.count) }
        return result
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool { line.allSatisfy(isWhitespace) }

    /// Whether the input starts (after whitespace and a UTF-8 byte-order mark) with `{` or `[`: the first check of
    /// every JSON importer's recognition, so that binary data mentioning JSON keys is never taken for a feed.
    static func startsLikeJSON(_ prefix: ArraySlice<UInt8>) -> Bool {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { !isWhitespace($0) }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// Whether a line is a whole JSON object on its own (`{…}`), as in JSON Lines; a pretty-printed document's first
    /// line is `{` alone.
    static func isSingleLineObject(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.firstIndex(where: { !isWhitespace($0) }),
            let last = line.lastIndex(where: { !isWhitespace($0) })
        else { return false }
        return line[first] == UInt8(ascii: "{") && line[last] == UInt8(ascii: "}") && last > first
    }
}
