import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// `vigil triage` as analysts use it: decisions recorded, listed, traced, applied by `vigil scan` and the gate.
@Suite struct TriageEndToEndTests {
    @Test func decisionsAreRecordedListedAndApplied() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Before any decision the gate fails on heartbleed.
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--quiet"]).status == 1)

        let set = try VigilProcess.run([
            "triage", "set", "cve-2014-0160", "--component", "openssl@1.0.1f", "--state", "not_affected",
            "--justification", "vulnerable_code_not_in_execute_path", "--note", "TLS heartbeats are compiled out",
            "--author", "alice", "--db", db,
        ])
        #expect(set.status == 0, "\(set.standardError)")
        #expect(set.standardOutput.hasPrefix("TD-") && set.standardOutput.contains("CVE-2014-0160"))

        // Incomplete or invalid decisions are refused with the reason, and nothing is recorded.
        let noNote = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl", "--state", "affected", "--note", " ",
            "--db", db,
        ])
        #expect(noNote.status == 2 && noNote.standardError.contains("needs a note"))
        let badState = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl", "--state", "wontfix", "--note", "x",
            "--db", db,
        ])
        #expect(badState.status == 64 && badState.standardError.contains("not_affected"))

        let scan = try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--format", "json"])
        #expect(scan.status == 0, "the decision takes the finding out of the gate: \(scan.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(finding["state"] as? String == "not_affected")
        let analysis = try #require(finding["analysis"] as? [String: Any])
        #expect(analysis["justification"] as? String == "vulnerable_code_not_in_execute_path")
        #expect(analysis["matchedState"] as? String == "affected")
        #expect(analysis["author"] as? String == "alice")

        // A later decision supersedes it; the history keeps both.
        let reopen = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl@1.0.1f", "--state", "affected",
            "--response", "update", "--note", "Heartbeats are on in the 2.1 build; update to 1.0.1g", "--author",
            "bob", "--db", db,
        ])
        #expect(reopen.status == 0)
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--quiet"]).status == 1)
        let list = try VigilProcess.run(["triage", "list", "--db", db, "--format", "json"])
        let current = try #require(
            (try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any])?["decisions"]
                as? [[String: Any]])
        #expect(current.map { $0["author"] as? String } == ["bob"])
        let history = try VigilProcess.run(["triage", "history", "CVE-2014-0160", "--db", db])
        #expect(history.status == 0)
        #expect(history.standardOutput.contains("by alice") && history.standardOutput.contains("by bob"))
        #expect(
            try VigilProcess.run(["triage", "list", "--state", "not_affected", "--db", db]).standardOutput
                == "no decisions\n")
    }

    @Test("a decision re-opens when the vulnerability's record changes its ranges, and holds when only words change")
    func decisionsReopenWhenTheirEvidenceChanges() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl@1.0.1f", "--state", "not_affected",
            "--justification", "vulnerable_code_not_present", "--note", "Heartbeats compiled out", "--db", db,
        ])
        #expect(set.status == 0, "\(set.standardError)")
        func finding() throws -> [String: Any] {
            let scan = try VigilProcess.run(["scan", sbom, "--db", db, "--format", "json", "--quiet"])
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
            return try #require((report["findings"] as? [[String: Any]])?.first)
        }
        #expect(try finding()["state"] as? String == "not_affected")

        // NVD rewords the description: the decision holds.
        func importHeartbleed(description: String, endExcluding: String) async throws {
            let store = try SQLiteVulnerabilityStore(path: db)
            _ = try await store.importRecords([
                VulnerabilityRecord(
                    source: .nvd,
                    vulnerability: Vulnerability(
                        id: "CVE-2014-0160", published: "2014-04-07T22:55:03.780",
                        descriptions: [.init(language: "en", text: description)],
                        scores: [
                            .init(
                                system: "CVSS:3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
                                baseScore: 7.5, source: "nvd@nist.gov", type: "Primary")
                        ]),
                    configurations: [
                        .init(nodes: [
                            .init(criteria: [
                                .init(
                                    vulnerable: true, criteria: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                                    versionStartIncluding: "1.0.1", versionEndExcluding: endExcluding)
                            ])
                        ])
                    ])
            ])
        }
        try await importHeartbleed(
            description: "The TLS heartbeat extension leaks memory (reworded).", endExcluding: "1.0.1g")
        #expect(try finding()["state"] as? String == "not_affected")

        // NVD widens the range: the decision re-opens, with the reason, and the gate counts the finding again.
        try await importHeartbleed(description: "Reworded again.", endExcluding: "1.0.1h")
        let reopened = try finding()
        #expect(reopened["state"] as? String == "under_investigation")
        let analysis = try #require(reopened["analysis"] as? [String: Any])
        #expect((analysis["reopened"] as? String)?.contains("ranges or scores differ") == true)
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--quiet"]).status == 1)

        // Deciding again, on the new evidence, closes it.
        let again = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl@1.0.1f", "--state", "not_affected",
            "--justification", "vulnerable_code_not_present", "--note", "Still compiled out; checked 1.0.1h's range",
            "--db", db,
        ])
        #expect(again.status == 0)
        #expect(try finding()["state"] as? String == "not_affected")
    }
}
