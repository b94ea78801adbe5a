import Foundation
import Testing
import VigilCore
import VigilStore

@testable import VigilMatch

/// Facts read while matching (in batches) give the same report as facts read once at the end.
@Suite struct ScannerPrefetchTests {
    @Test func batchesDoNotChangeTheReport() async throws {
        var records: [VulnerabilityRecord] = []
        var components: [SBOMComponent] = []
        for index in 0..<40 {
            let product = "product\(index % 7)"
            var record = MatcherTests.nvd(
                "CVE-2099-\(1000 + index)",
                [
                    .init(nodes: [
                        .init(criteria: [MatcherTests.criterion("cpe:2.3:a:acme:\(product):*:*:*:*:*:*:*:*")])
                    ])
                ],
                score: Double(index % 10) + 0.5)
            record.vulnerability.aliases = ["GHSA-\(index)"]
            record.vulnerability.references = [.init(url: "https://example.com/\(index)")]
            records.append(record)
            // A second source for every third CVE (its CNA's record): its facts join the same finding.
            if index % 3 == 0 {
                records.append(
                    VulnerabilityRecord(
                        source: .cve5,
                        vulnerability: Vulnerability(
                            id: "CVE-2099-\(1000 + index)", aliases: ["GHSA-\(index)"],
                            references: [.init(url: "https://cna.example/\(index)")], title: "advisory \(index)")))
            }
        }
        for index in 0..<7 {
            components.append(
                MatcherTests.component(
                    "c\(index)", name: "product\(index)", version: "1.0",
                    cpe: "cpe:2.3:a:acme:product\(index):1.0:*:*:*:*:*:*:*"))
        }
        func scan(_ batch: Int) async throws -> ScanReport {
            var scanner = VulnerabilityScanner()
            scanner.prefetchBatch = batch
            return try await scanner.scan(
                SBOMDocument(components: components), store: try await MatcherTests.store(records),
                target: .init(name: "device", kind: "test", components: components.count),
                generatedAt: "2026-11-28T00:00:00.000Z")
        }
        let once = try await scan(1_000_000)
        #expect(once.findings.count == 40)
        #expect(once.findings.filter { $0.title?.hasPrefix("advisory") == true }.count == 14)
        for batch in [1, 3, 10] { #expect(try await scan(batch) == once, "batches of \(batch)") }
    }
}
