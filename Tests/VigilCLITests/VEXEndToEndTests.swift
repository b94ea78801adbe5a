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
}
