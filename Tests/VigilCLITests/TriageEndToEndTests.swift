import Foundation
import Testing
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
}
