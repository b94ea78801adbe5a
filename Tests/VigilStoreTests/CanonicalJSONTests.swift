import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilTesting

/// The store's hand-written record JSON must say exactly what `JSONEncoder` says from the synthesized `Codable`, and
/// read back through `JSONDecoder` to the same record, for every kind of record the importers make.
@Suite struct CanonicalJSONTests {
    static func records(_ path: String) throws -> [VulnerabilityRecord] {
        let url = try #require(SharedData.url(path))
        return try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: path).batch.records
    }

    static func check(_ records: [VulnerabilityRecord]) throws {
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        for record in records {
            let canonical = Data(record.canonicalJSON())
            #expect(
                try decoder.decode(VulnerabilityRecord.self, from: canonical) == record, "\(record.vulnerability.id)")
            let expected = try JSONSerialization.jsonObject(with: try encoder.encode(record)) as? NSDictionary
            let actual = try JSONSerialization.jsonObject(with: canonical) as? NSDictionary
            #expect(actual == expected, "\(record.vulnerability.id)")
            #expect(record.canonicalJSON() == Array(canonical), "the same record, the same bytes")
        }
    }

    @Test func escapesAndNumbersLikeJSONEncoder() throws {
        var vulnerability = Vulnerability(
            id: "CVE-2099-0001",
            descriptions: [.init(language: "en", text: "quote \" slash / back \\ tab \t nl \n \u{01} é 🙂")],
            scores: [
                .init(system: "CVSS:3.1", vector: "CVSS:3.1/AV:N", baseScore: 5),
                .init(system: "CVSS:2.0", vector: "AV:N", baseScore: 7.25),
            ])
        vulnerability.exploitPrediction = .init(score: 0.00043, percentile: 0.99987, date: "2099-01-01")
        vulnerability.knownExploited = .init(dateAdded: "2099-01-01")
        vulnerability.ssvc = .init(exploitation: "active")
        let record = VulnerabilityRecord(
            source: .osv, vulnerability: vulnerability,
            configurations: [
                .init(
                    operator: .and, negate: true,
                    nodes: [.init(criteria: [.init(vulnerable: false, criteria: "cpe:2.3:o:x:y:*:*:*:*:*:*:*:*")])])
            ],
            affected: [
                .init(
                    ecosystem: "Debian:12", name: "p", defaultStatus: .unaffected,
                    spans: [.init(status: .affected, scheme: "deb", introduced: "0", fixed: "1.0-1")])
            ])
        try Self.check([record])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func agreesWithJSONEncoderOnEveryKindOfRealRecord() throws {
        try Self.check(try Self.records("nvd/nvd-embedded-fixture-small.json"))
        try Self.check(try Self.records("cve5-vulnrichment/vulnrichment-embedded-subset.json"))
        try Self.check(try Self.records("kernel-cna/sample/CVE-2024-36971.json"))
        try Self.check(try Self.records("osv-almalinux/almalinux-osv-embedded-sample.json"))
        try Self.check(try Self.records("nvd-overrides-anchore/anchore-overrides-embedded-subset.json"))
        try Self.check(Array(try Self.records("kev/known_exploited_vulnerabilities.json").prefix(200)))
        try Self.check(Array(try Self.records("alpine-secdb/v3.11/main.yaml").prefix(200)))
        try Self.check(Array(try Self.records("debian-security-tracker/DSA-list").prefix(200)))
    }
}
