public import VigilCore

/// Reads FIRST's EPSS scores CSV (`epss_scores-YYYY-MM-DD.csv.gz`): a `#model_version:…,score_date:…` comment line,
/// the header `cve,epss,percentile`, then one line per CVE. Each becomes an `epss` record whose `modified` is the
/// score date, so a newer day's file replaces an older one's scores.
public struct EPSSImporter: FeedImporter {
    public let formatID = "first-epss"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix.prefix(512), as: UTF8.self)
        return text.hasPrefix("#model_version:") || text.hasPrefix("cve,epss,percentile")
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        let lines = JSONBytes.lines(bytes)
        var model: String?
        var date: String?
        var headerSeen = false
        var batch = FeedImportBatch()
        for (number, range) in lines.enumerated() {
            var line = bytes[range]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { continue }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("#") {
                for item in text.dropFirst().split(separator: ",") {
                    let parts = item.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    switch parts[0] {
                    case "model_version": model = String(parts[1])
                    case "score_date": date = String(parts[1].prefix(10))
                    default: break
                    }
                }
                continue
            }
            if !headerSeen {
                guard text.hasPrefix("cve,epss,percentile") else {
                    throw FeedImportError(
                        .malformedDocument, "line \(number + 1): expected the header 'cve,epss,percentile'",
                        source: source)
                }
                guard let date, KEVImporter.isDate(date) else {
                    throw FeedImportError(
                        .malformedDocument, "the '#model_version:…,score_date:YYYY-MM-DD' line is missing",
                        source: source)
                }
                headerSeen = true
                continue
            }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            let location = "line \(number + 1)"
            guard fields.count == 3 else {
                batch.skipped.append(
                    .init(id: fields.first.map(String.init), location: location, reason: "not 3 fields"))
                continue
            }
            let id = String(fields[0])
            guard NVDImporter.isCVEID(id) else {
                batch.skipped.append(.init(id: id, location: location, reason: "'\(id)' is not a CVE id"))
                continue
            }
            guard let score = Double(fields[1]), let percentile = Double(fields[2]), (0...1).contains(score),
                (0...1).contains(percentile)
            else {
                batch.skipped.append(
                    .init(id: id, location: location, reason: "score and percentile must be numbers from 0 to 1"))
                continue
            }
            let prediction = ExploitPrediction(score: score, percentile: percentile, date: date ?? "", model: model)
            batch.records.append(
                VulnerabilityRecord(
                    source: .epss,
                    vulnerability: Vulnerability(
                        id: id, modified: date, assigner: "FIRST EPSS", exploitPrediction: prediction)))
        }
        guard headerSeen else {
            throw FeedImportError(
                .malformedDocument, "not an EPSS CSV file: no 'cve,epss,percentile' header", source: source)
        }
        return batch
    }
}
