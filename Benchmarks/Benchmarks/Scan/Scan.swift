import Benchmark
import Foundation
import VigilCore
import VigilMatch
import VigilStore

/// The database to scan against: `$VIGIL_SCAN_DB` (build it from the 300,000-record corpus, see the README).
let databasePath = ProcessInfo.processInfo.environment["VIGIL_SCAN_DB"] ?? ""

/// A 1,000-component device: 999 products spread evenly over every product the database has CPE criteria for
/// (each at version 1.0 with its real vendor:product CPE), and a Linux 6.1 kernel.
func device(_ store: SQLiteVulnerabilityStore) async throws -> SBOMDocument {
    let products = try await store.cpeProducts()
    precondition(products.count >= 999, "the database at \(databasePath) has too few products")
    let step = products.count / 999
    var components = (0..<999).map { index -> SBOMComponent in
        let (vendor, product) = products[index * step]
        var component = SBOMComponent(id: "c\(index)", name: product, version: "1.0")
        component.cpes = ["cpe:2.3:a:\(vendor):\(product):1.0:*:*:*:*:*:*:*"]
        return component
    }
    components.append(
        SBOMComponent(
            id: "kernel", kind: .operatingSystem, name: "linux", version: "6.1.50", purl: "pkg:generic/linux@6.1.50"))
    return SBOMDocument(components: components)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 5)
    precondition(!databasePath.isEmpty, "set VIGIL_SCAN_DB to a database (see the README's benchmark section)")

    // The scan issue's target: a 1,000-component SBOM against the 300,000-record database, under 1 s warm.
    Benchmark("scan: 1,000 components, warm (database open, pages cached)") {
        (benchmark, input: (SQLiteVulnerabilityStore, SBOMDocument)) in
        let (store, document) = input
        let report = try await VulnerabilityScanner().scan(
            document, store: store, target: .init(name: "device", kind: "benchmark", components: 1000),
            generatedAt: "2026-11-28T00:00:00.000Z")
        blackHole(report)
    } setup: {
        let store = try SQLiteVulnerabilityStore(path: databasePath)
        let document = try await device(store)
        _ = try await VulnerabilityScanner().scan(
            document, store: store, target: .init(name: "device", kind: "benchmark", components: 1000),
            generatedAt: "2026-11-28T00:00:00.000Z")
        return (store, document)
    }

    // Cold: the database opened for each scan (a new process's first scan; the OS file cache stays warm).
    Benchmark("scan: 1,000 components, database opened each time") { (benchmark, document: SBOMDocument) in
        let store = try SQLiteVulnerabilityStore(path: databasePath)
        let report = try await VulnerabilityScanner().scan(
            document, store: store, target: .init(name: "device", kind: "benchmark", components: 1000),
            generatedAt: "2026-11-28T00:00:00.000Z")
        blackHole(report)
    } setup: {
        try await device(try SQLiteVulnerabilityStore(path: databasePath))
    }
}
