import Foundation
import Testing
import VigilTesting

/// `vigil context init/check` and `vigil scan --context`/`--fail-on-priority` as a product-security engineer uses
/// them.
@Suite struct ContextEndToEndTests {
    static let answers = [
        "exposure=adjacent", "physical-access=controlled", "operator=no", "patient-data=one-patient", "secrets=no",
        "therapy=life-sustaining", "diagnosis=alarms", "workflow=yes",
    ]

    @Test("the questionnaire writes a profile; check shows what it does; scan re-scores, prioritises and gates")
    func profileToGate() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let profile = directory.appending(path: "context.yaml").path
        let written = try VigilProcess.run(
            ["context", "init", "--device", "IP-200 pump", "-o", profile] + Self.answers.flatMap { ["--answer", $0] })
        #expect(written.status == 0, "\(written.standardError)")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        #expect(text.contains("networkExposure: adjacent") && text.contains("safetyImpact: catastrophic"))
        #expect(text.contains("CR:M IR:H AR:H") && text.contains("therapy: life-sustaining"))

        // The same answers from a file; a wrong or missing answer is refused with the reason.
        let answersFile = directory.appending(path: "answers.yaml").path
        try Data(Self.answers.map { $0.replacing("=", with: ": ") }.joined(separator: "\n").utf8).write(
            to: URL(filePath: answersFile))
        let fromFile = try VigilProcess.run(["context", "init", "--answers", answersFile, "--device", "IP-200 pump"])
        #expect(fromFile.status == 0 && fromFile.standardOutput == text)
        let wrong = try VigilProcess.run(["context", "init", "--answers", answersFile, "--answer", "therapy=maybe"])
        #expect(wrong.status == 2 && wrong.standardError.contains("none, injury, life-sustaining"))
        let missing = try VigilProcess.run(["context", "init", "--answer", "exposure=internet"])
        #expect(missing.status == 2 && missing.standardError.contains("is not answered"))

        let check = try VigilProcess.run([
            "context", "check", profile, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        ])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(
            check.standardOutput.contains(
                " 7.5 →  6.5  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/CR:M/IR:H/AR:H/MAV:A"))

        let scan = try VigilProcess.run(["scan", sbom, "--db", db, "-f", "json", "--context", profile])
        #expect(scan.status == 0, "\(scan.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        let context = try #require(finding["contextCVSS"] as? [String: Any])
        #expect(context["score"] as? Double == 6.5 && context["severity"] as? String == "medium")
        let priority = try #require(finding["priority"] as? [String: Any])
        #expect(priority["tier"] as? String == "P1", "heartbleed is in KEV and the pump's harm is catastrophic")
        #expect((report["context"] as? [String: Any])?["device"] as? String == "IP-200 pump")
        let table = try VigilProcess.run(["scan", sbom, "--db", db, "--context", profile])
        #expect(table.standardOutput.contains("P1 ") && table.standardOutput.contains("HIGH → MEDIUM"))

        let gate = try VigilProcess.run([
            "scan", sbom, "--db", db, "--context", profile, "--fail-on-priority", "P1", "--quiet",
        ])
        #expect(gate.status == 1 && gate.standardError.contains("CVE-2014-0160 in openssl (P1)"))
        let bad = try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on-priority", "P9"])
        #expect(bad.status == 64)
        try Data("networkExposure: adjacent\nsafetyImpact: deadly\ndataSensitivity: low\n".utf8).write(
            to: URL(filePath: profile))
        let invalid = try VigilProcess.run(["scan", sbom, "--db", db, "--context", profile])
        #expect(invalid.status == 2 && invalid.standardError.contains("'safetyImpact': one of negligible"))
    }
}
