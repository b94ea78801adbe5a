import Foundation
import Testing
import VigilTesting

/// `vigil vex import` and `vigil scan --vex`: statements become decisions, once, and apply to scans.
@Suite struct VEXEndToEndTests {
    static let openVEX = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "Acme PSIRT",
         "timestamp": "2099-01-02T03:04:05Z", "version": 1,
         "statements": [{"vulnerability": {"name": "CVE-2014-0160"}, "products": [{"@id": "pkg:generic/openssl@1.0.1f"}],
           "status": "not_affected", "justification": "vulnerable_code_not_present",
           "impact_statement": "Built with OPENSSL_NO_HEARTBEATS"}]}
        """

    @Test func importsOnceAndAppliesToScans() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vex = directory.appending(path: "acme.openvex.json").path
        try Data(Self.openVEX.utf8).write(to: URL(filePath: vex))

        // For one run only: the database keeps no decision.
        let once = try VigilProcess.run(["scan", sbom, "--db", db, "--vex", vex, "--fail-on", "high", "--quiet"])
        #expect(once.status == 0, "\(once.standardError)")
        #expect(try VigilProcess.run(["triage", "list", "--db", db]).standardOutput == "no decisions\n")
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--quiet"]).status == 1)

        let imported = try VigilProcess.run(["vex", "import", vex, "--db", db])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("1 statements, 1 new decisions recorded"))
        let again = try VigilProcess.run(["vex", "import", vex, "--db", db])
        #expect(again.standardOutput.contains("0 new decisions recorded, 1 already on record"))
        // A document without times: its statements take the import's time, and a second import still adds nothing.
        let untimed = directory.appending(path: "untimed.json").path
        try Data(
            Self.openVEX.replacingOccurrences(of: #""timestamp": "2099-01-02T03:04:05Z", "#, with: "").utf8
        ).write(to: URL(filePath: untimed))
        #expect(
            try VigilProcess.run(["vex", "import", untimed, "--db", db]).standardOutput.contains("1 new decisions"))
        #expect(
            try VigilProcess.run(["vex", "import", untimed, "--db", db]).standardOutput.contains(
                "0 new decisions recorded, 1 already on record"))
        let list = try VigilProcess.run(["triage", "list", "--db", db])
        #expect(list.standardOutput.contains("by Acme PSIRT [vex:acme.openvex.json]"))
        #expect(list.standardOutput.contains("Built with OPENSSL_NO_HEARTBEATS"))
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--quiet"]).status == 0)
    }

    @Test func incompleteAndUnreadableDocumentsRecordNothing() async throws {
        let (directory, db, _) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vex = directory.appending(path: "bad.json").path
        try Data(
            """
            {"@context": "https://openvex.dev/ns/v0.2.0", "author": "Acme PSIRT", "timestamp": "2099-01-02T03:04:05Z",
             "statements": [{"vulnerability": {"name": "CVE-2014-0160"},
               "products": [{"@id": "pkg:generic/openssl@1.0.1f"}], "status": "affected"}]}
            """.utf8
        ).write(to: URL(filePath: vex))
        let refused = try VigilProcess.run(["vex", "import", vex, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("an affected statement needs an action statement"))
        #expect(try VigilProcess.run(["triage", "list", "--db", db]).standardOutput == "no decisions\n")
        let skipped = try VigilProcess.run(["vex", "import", vex, "--skip-invalid", "--db", db])
        #expect(skipped.status == 0 && skipped.standardOutput.contains("1 statements, 1 incomplete (skipped), 0 new"))
        try Data("not json".utf8).write(to: URL(filePath: vex))
        let unreadable = try VigilProcess.run(["vex", "import", vex, "--db", db])
        #expect(unreadable.status == 2 && unreadable.standardError.contains("not a VEX document"))
    }

    @Test("export writes every finding with its decision, in each format, and imports back")
    func exportAndImportBack() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let decided = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl", "--state", "not_affected", "--justification",
            "vulnerable_code_not_present", "--note", "Heartbeats compiled out", "--author", "alice", "--db", db,
        ])
        #expect(decided.status == 0)
        for format in ["openvex", "cyclonedx", "csaf"] {
            let file = directory.appending(path: "device.\(format).json").path
            let export = try VigilProcess.run([
                "vex", "export", sbom, "--db", db, "--format", format, "-o", file, "--author", "Acme PSIRT",
                "--namespace", "https://acme.example",
            ])
            #expect(export.status == 0, "\(format): \(export.standardError)")
            let other = directory.appending(path: "other-\(format).db").path
            let imported = try VigilProcess.run(["vex", "import", file, "--db", other])
            #expect(imported.status == 0, "\(format): \(imported.standardError)")
            #expect(imported.standardOutput.contains("1 statements, 1 new decisions recorded"), "\(format)")
            let list = try VigilProcess.run(["triage", "list", "--db", other, "--format", "json"])
            let decisions = try #require(
                (try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any])?[
                    "decisions"] as? [[String: Any]])
            #expect(decisions.first?["state"] as? String == "not_affected", "\(format)")
            #expect(decisions.first?["justification"] as? String == "vulnerable_code_not_present", "\(format)")
            #expect(decisions.first?["note"] as? String == "Heartbeats compiled out", "\(format)")
            #expect(decisions.first?["componentVersion"] as? String == "1.0.1f", "\(format)")
        }
        let unknown = try VigilProcess.run(["vex", "export", sbom, "--db", db, "--format", "spdx"])
        #expect(unknown.status == 64 && unknown.standardError.contains("openvex, cyclonedx, csaf"))
    }

    @Test(
        "the CycloneDX VEX export validates against the CycloneDX 1.6 schema",
        .enabled(if: TestCorpus.has("validators/venv/.complete"), TestCorpus.missingMessage))
    func cycloneDXExportValidates() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appending(path: "scan.sarif").path
        let vex = directory.appending(path: "device.vex.cdx.json").path
        #expect(try VigilProcess.run(["scan", sbom, "--db", db, "--quiet", "--output", "sarif=\(sarif)"]).status == 0)
        #expect(
            try VigilProcess.run(["vex", "export", sbom, "--db", db, "--format", "cyclonedx", "-o", vex]).status == 0)
        let (status, output) = try ReportValidators.run(sarif: sarif, cyclonedx: vex)
        #expect(status == 0, "\(output)")
    }
}
