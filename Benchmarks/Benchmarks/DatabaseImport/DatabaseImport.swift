import Benchmark
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

// Import throughput and scale of the vulnerability database (issue 4).
//
// Targets: all NVD year feeds (≈290 MB of JSON) at 50 MB/s or more; a 1,000-record delta into a large database in
// under 2 s. The 300,000-record run needs a corpus made by `nvd-corpus` (VIGIL_NVD_CORPUS=DIR); without it, it is
// skipped.

/// `$VIGIL_SHARED_DATA` or `../../shared/data` beside the project.
let sharedData =
    ProcessInfo.processInfo.environment["VIGIL_SHARED_DATA"]
    ?? URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../../../shared/data").path

func files(in directory: String) -> [FeedFileImport.Input] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".json.gz") }.sorted().map { .init(path: directory + "/" + $0, named: true) }
}

func temporaryDatabase() -> String {
    let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-bench-\(UUID())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appending(path: "vigil.db").path
}

func remove(_ database: String) {
    try? FileManager.default.removeItem(at: URL(filePath: database).deletingLastPathComponent())
}

func size(_ path: String) -> Int {
    ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: path + $1)[.size] as? Int) ?? 0) }
}

func uncompressedBytes(_ inputs: [FeedFileImport.Input]) -> Int {
    inputs.reduce(0) { total, input in
        let bytes = [UInt8]((try? Data(contentsOf: URL(filePath: input.path))) ?? Data())
        return total + ((try? Decompression.decompress(bytes, format: .gzip, limit: 2 << 30, source: nil).count) ?? 0)
    }
}

/// A feed of `count` records modified at `modified`, with ids from an imported corpus (a delta of updates).
func delta(count: Int, ids: (Int) -> String, modified: String) -> [UInt8] {
    let items = (0..<count).map { index in
        #"{"cve":{"id":"\#(ids(index))","lastModified":"\#(modified)","descriptions":[{"lang":"en","value":"updated \#(index)"}],"#
            + #""configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"#
            + #""criteria":"cpe:2.3:a:vendor\#(index % 50):product\#(index):*:*:*:*:*:*:*:*","versionEndExcluding":"2.\#(index)"}]}]}]}}"#
    }
    return Array(
        (#"{"format":"NVD_CVE","version":"2.0","vulnerabilities":["# + items.joined(separator: ",") + "]}").utf8)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(120),
        maxIterations: 3)

    let feeds = files(in: sharedData + "/nvd/feeds")
    let feedBytes = uncompressedBytes(feeds)

    // Target: ≥ 50 MB/s (290.7 MB in under 5.8 s).
    Benchmark("db import: all NVD year feeds (\(feedBytes / 1_000_000) MB of JSON, 50,384 records)") { benchmark in
        for _ in benchmark.scaledIterations {
            let database = temporaryDatabase()
            defer { remove(database) }
            let store = try SQLiteVulnerabilityStore(path: database)
            benchmark.startMeasurement()
            let reports = try await FeedFileImport().run(feeds, into: store, now: { "2030-01-01T00:00:00Z" })
            benchmark.stopMeasurement()
            blackHole(reports)
        }
    }

    let corpusDirectory = ProcessInfo.processInfo.environment["VIGIL_NVD_CORPUS"]
    let corpus = corpusDirectory.map(files(in:)) ?? []
    if !corpus.isEmpty {
        Benchmark("db import: generated NVD corpus (\(corpus.count) files)", configuration: .init(maxIterations: 1)) {
            benchmark in
            let database = temporaryDatabase()
            defer { remove(database) }
            let store = try SQLiteVulnerabilityStore(path: database)
            benchmark.startMeasurement()
            let reports = try await FeedFileImport().run(corpus, into: store, now: { "2030-01-01T00:00:00Z" })
            benchmark.stopMeasurement()
            let records = reports.reduce(0) { $0 + $1.read }
            FileHandle.standardError.write(Data("corpus: \(records) records, database \(size(database)) bytes\n".utf8))
        }
    }

    // Target: under 2 s. A 1,000-record update of records already in a database holding the corpus (or, without
    // one, all NVD feeds): each iteration replaces them with newer ones.
    Benchmark("db import: 1,000-record delta into a full database", configuration: .init(maxIterations: 5)) {
        benchmark in
        let database = temporaryDatabase()
        defer { remove(database) }
        let store = try SQLiteVulnerabilityStore(path: database)
        let base = corpus.isEmpty ? feeds : corpus
        _ = try await FeedFileImport().run(base, into: store, now: { "2030-01-01T00:00:00Z" })
        let ids: (Int) -> String =
            corpus.isEmpty
            ? { "CVE-2015-\(String(format: "%04d", 1_000 + $0))" } : { "CVE-2030-\(900_000 + $0 * 7)" }
        let directory = URL(filePath: database).deletingLastPathComponent()
        for (iteration, _) in benchmark.scaledIterations.enumerated() {
            let path = directory.appending(path: "delta-\(iteration).json").path
            let modified = "2031-01-01T00:00:\(String(format: "%02d", iteration)).000"
            try Data(delta(count: 1_000, ids: ids, modified: modified)).write(to: URL(filePath: path))
            benchmark.startMeasurement()
            let reports = try await FeedFileImport().run(
                [.init(path: path, named: true)], into: store, now: { "2031-01-01T00:00:00Z" })
            benchmark.stopMeasurement()
            blackHole(reports)
        }
    }
}
