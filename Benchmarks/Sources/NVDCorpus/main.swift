import Foundation
import VigilFeeds

// nvd-corpus: builds a realistic NVD CVE API 2.0 corpus of any size from the real NVD year feeds, for import
// benchmarks at scale. Each output record is a real record with a fresh id (CVE-2030-900000 …, never a real CVE),
// its versions shifted (the last number of every version in its CPE criteria and ranges, by 0–6), and its
// lastModified moved to 2030, so the structure — configurations, nodes, ranges, metrics, references — is NVD's own.
//
//   swift run -c release --package-path Benchmarks nvd-corpus --records 300000 --output /tmp/nvd-corpus \
//       [--feeds ../shared/data/nvd/feeds] [--per-file 10000] [--modified 2030-01-01T00:00:00.000]
//
// Output: gzip-compressed year-feed-shaped files nvd-corpus-NNN.json.gz of --per-file records each.

func option(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let here = URL(filePath: #filePath).deletingLastPathComponent()
let records = Int(option("--records", "300000")) ?? 300_000
let perFile = Int(option("--per-file", "10000")) ?? 10_000
let output = URL(filePath: option("--output", "/tmp/nvd-corpus"))
let feeds = URL(filePath: option("--feeds", here.appending(path: "../../../../shared/data/nvd/feeds").path))
let modified = option("--modified", "2030-01-01T00:00:00.000")
let offset = Int(option("--first", "0")) ?? 0

/// The last run of digits in a version, plus `shift` (`1.2.3` + 2 → `1.2.5`); other text unchanged.
func shifted(_ version: String, by shift: Int) -> String {
    guard shift != 0, let last = version.lastIndex(where: \.isNumber) else { return version }
    var start = last
    while start > version.startIndex, version[version.index(before: start)].isNumber {
        start = version.index(before: start)
    }
    guard let number = Int(version[start...last]), number < 1_000_000_000 else { return version }
    return version[..<start] + String(number + shift) + version[version.index(after: last)...]
}

/// A CPE 2.3 criterion with its version field shifted.
func shiftedCriterion(_ criteria: String, by shift: Int) -> String {
    var fields = criteria.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 13, fields[5] != "*", fields[5] != "-", !fields[5].contains("\\") else { return criteria }
    fields[5] = shifted(fields[5], by: shift)
    return fields.joined(separator: ":")
}

var sources: [[String: Any]] = []
for file in try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted() where file.hasSuffix(".json.gz") {
    let bytes = [UInt8](try Data(contentsOf: feeds.appending(path: file)))
    let (_, _) = (file, bytes.count)
    let json = try Decompression.decompress(bytes, format: .gzip, limit: 2 << 30, source: file)
    let document = try JSONSerialization.jsonObject(with: Data(json)) as! [String: Any]
    for entry in document["vulnerabilities"] as! [[String: Any]] { sources.append(entry) }
}
guard !sources.isEmpty else { fatalError("no NVD feeds in \(feeds.path); pass --feeds") }
try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

var written = 0
var fileIndex = 0
while written < records {
    var items: [[String: Any]] = []
    for k in written..<min(records, written + perFile) {
        let serial = k + offset
        var entry = sources[serial % sources.count]
        var cve = entry["cve"] as! [String: Any]
        let shift = serial % 7
        cve["id"] = "CVE-\(2030 + serial / 100_000)-\(900_000 + serial % 100_000)"
        cve["lastModified"] = modified
        if var configurations = cve["configurations"] as? [[String: Any]] {
            for c in configurations.indices {
                guard var nodes = configurations[c]["nodes"] as? [[String: Any]] else { continue }
                for n in nodes.indices {
                    guard var matches = nodes[n]["cpeMatch"] as? [[String: Any]] else { continue }
                    for m in matches.indices {
                        if let criteria = matches[m]["criteria"] as? String {
                            matches[m]["criteria"] = shiftedCriterion(criteria, by: shift)
                        }
                        for key in [
                            "versionStartIncluding", "versionStartExcluding", "versionEndIncluding",
                            "versionEndExcluding",
                        ] {
                            if let version = matches[m][key] as? String {
                                matches[m][key] = shifted(version, by: shift)
                            }
                        }
                        matches[m]["matchCriteriaId"] = nil
                    }
                    nodes[n]["cpeMatch"] = matches
                }
                configurations[c]["nodes"] = nodes
            }
            cve["configurations"] = configurations
        }
        entry["cve"] = cve
        items.append(entry)
    }
    let document: [String: Any] = [
        "resultsPerPage": items.count, "startIndex": written, "totalResults": records, "format": "NVD_CVE",
        "version": "2.0", "timestamp": modified, "vulnerabilities": items,
    ]
    let json = try JSONSerialization.data(withJSONObject: document)
    let name = String(format: "nvd-corpus-%03d.json.gz", fileIndex)
    try Data(GzipWriter.compress([UInt8](json))).write(to: output.appending(path: name))
    written += items.count
    fileIndex += 1
    FileHandle.standardError.write(Data("\(name): \(written) of \(records) records\n".utf8))
}
