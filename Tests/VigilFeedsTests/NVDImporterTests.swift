import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilTesting

@Suite struct NVDImporterTests {
    static func shared(_ path: String) throws -> [UInt8] {
        let url = try #require(SharedData.url(path))
        return Array(try Data(contentsOf: url))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func readsTheRealFixtureRecordByRecord() throws {
        let bytes = try Self.shared("nvd/nvd-embedded-fixture-small.json")
        #expect(NVDImporter().recognises(bytes.prefix(65_536)))
        let batch = try NVDImporter().read(bytes, source: "fixture")
        #expect(batch.records.count == 261)
        #expect(batch.skipped.isEmpty, "\(batch.skipped)")
        let record = try #require(batch.records.first { $0.vulnerability.id == "CVE-2015-3193" })
        #expect(record.source == .nvd)
        #expect(record.vulnerability.modified == "2025-04-12T10:46:40.837")
        #expect(record.vulnerability.weaknesses.map(\.id) == ["CWE-200"])
        #expect(record.vulnerability.references.count == 44)
        let cvss = try #require(record.vulnerability.scores.first { $0.system == "CVSS:3.1" })
        #expect(cvss.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" && cvss.baseScore == 7.5)
        #expect(record.configurations.count == 3)
        let node = try #require(record.configurations.dropFirst().first?.nodes.first)
        #expect(node.criteria.dropFirst().first?.versionStartIncluding == "4.2.0")
        #expect(node.criteria.dropFirst().first?.versionEndExcluding == "4.2.3")
        // Configurations with a platform (AND of a vulnerable product and a non-vulnerable platform) keep both.
        let and = batch.records.flatMap(\.configurations).filter { $0.operator == .and }
        #expect(and.count == 24)
        #expect(and.allSatisfy { $0.nodes.count >= 2 })
        #expect(and.contains { $0.nodes.contains { $0.criteria.allSatisfy { !$0.vulnerable } } })
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func readsTheEmbeddedSubset() throws {
        let batch = try NVDImporter().read(try Self.shared("nvd/nvd-embedded-subset-2002-2015.json"), source: nil)
        #expect(batch.records.count == 1_536)
        #expect(batch.skipped.isEmpty)
        #expect(batch.records.filter { $0.vulnerability.id.hasPrefix("CVE-") }.count == 1_536)
    }

    @Test func skipsABadRecordWithItsIDAndReasonAndKeepsTheRest() throws {
        let text = #"""
            {"format":"NVD_CVE","version":"2.0","vulnerabilities":[
             {"cve":{"id":"CVE-2024-0001","lastModified":"2024-01-02T00:00:00.000","descriptions":[{"lang":"en","value":"ok"}],
               "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[
                 {"vulnerable":true,"criteria":"cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*","versionEndExcluding":"1.2.12"}]}]}]}},
             {"cve":{"id":"CVE-2024-0002","descriptions":"not a list"}},
             {"cve":{"id":"CVE-2024-0003","configurations":[{"nodes":[{"operator":"OR","cpeMatch":[
                 {"vulnerable":true,"criteria":"cpe:/a:zlib:zlib"}]}]}]}},
             {"cve":{"id":"CVE-24-1"}},
             {"cve":{"id":"CVE-2024-0005","configurations":[{"nodes":[{"operator":"XOR","cpeMatch":[]}]}]}},
             {"cve":{"id":"CVE-2024-0006","metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary",
                 "cvssData":{"version":"3.1","vectorString":"","baseScore":9.8}}]}}},
             {"nothing":true}
            ]}
            """#
        let batch = try NVDImporter().read(Array(text.utf8), source: "mixed.json")
        #expect(batch.records.map(\.vulnerability.id) == ["CVE-2024-0001"])
        #expect(batch.records.first?.vulnerability.summary == "ok")
        #expect(batch.records.first?.configurations.first?.nodes.first?.criteria.first?.hasRange == true)
        #expect(
            batch.skipped.map(\.id) == [
                "CVE-2024-0002", "CVE-2024-0003", "CVE-24-1", "CVE-2024-0005", "CVE-2024-0006", nil,
            ])
        #expect(batch.skipped[0].location == "$.vulnerabilities[1]")
        #expect(batch.skipped[0].reason.contains("descriptions"))
        #expect(batch.skipped[1].reason.contains("not a CPE 2.3 name"))
        #expect(batch.skipped[2].reason.contains("not a CVE id"))
        #expect(batch.skipped[3].reason.contains("XOR"))
        #expect(batch.skipped[4].reason.contains("no vector"))
    }

    @Test(arguments: [
        ("", FeedImportError.Code.malformedDocument),
        (#"{"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2024-0001""#, .malformedDocument),
        (#"{"format":"OSV","vulnerabilities":[]}"#, .unrecognisedFormat),
        (#"{"format":"NVD_CVE","version":"1.1","vulnerabilities":[]}"#, .unsupportedVersion),
        (#"[1,2,3]"#, .malformedDocument),
    ])
    func refusesWhatIsNotAnNVDDocument(text: String, code: FeedImportError.Code) {
        #expect {
            try NVDImporter().read(Array(text.utf8), source: "bad.json")
        } throws: { error in
            (error as? FeedImportError)?.code == code && (error as? FeedImportError)?.source == "bad.json"
        }
    }

    @Test func recognisesOnlyNVDDocuments() {
        #expect(NVDImporter().recognises(Array(#"{"resultsPerPage":1,"format":"NVD_CVE""#.utf8)[...]))
        #expect(!NVDImporter().recognises(Array(#"{"bomFormat":"CycloneDX","vulnerabilities":[]}"#.utf8)[...]))
        #expect(!NVDImporter().recognises(Array(#"{"schema_version":"1.4.0","id":"GHSA-1"}"#.utf8)[...]))
    }
}
