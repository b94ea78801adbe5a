import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// `vigil scan` as users run it: formats, several outputs, the gate, ignore rules, exit statuses.
@Suite struct ScanEndToEndTests {
    /// A directory with a database holding one NVD record (heartbleed's range) and one KEV listing, and an SBOM.
    static func fixture() async throws -> (directory: URL, db: String, sbom: String) {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-scan-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appending(path: "vigil.db").path
        let store = try SQLiteVulnerabilityStore(path: db)
        let heartbleed = VulnerabilityRecord(
            source: .nvd,
            vulnerability: Vulnerability(
                id: "CVE-2014-0160", published: "2014-04-07T22:55:03.780",
                descriptions: [.init(language: "en", text: "The TLS heartbeat extension leaks memory.")],
                scores: [
                    .init(
                        system: "CVSS:3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", baseScore: 7.5,
                        source: "nvd@nist.gov", type: "Primary")
                ],
                references: [.init(url: "https://heartbleed.com/", tags: [])]),
            configurations: [
                .init(nodes: [
                    .init(criteria: [
                        .init(
                            vulnerable: true, criteria: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                            versionStartIncluding: "1.0.1", versionEndExcluding: "1.0.1g")
                    ])
                ])
            ])
        let kev = VulnerabilityRecord(
            source: .kev,
            vulnerability: Vulnerability(
                id: "CVE-2014-0160", knownExploited: KnownExploitation(dateAdded: "2022-05-04")))
        _ = try await store.importRecords([heartbleed, kev])
        let sbom = directory.appending(path: "device.cdx.json").path
        try Data(
            #"""
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
             {"type":"library","bom-ref":"openssl","name":"openssl","version":"1.0.1f","purl":"pkg:generic/openssl@1.0.1f"},
             {"type":"library","bom-ref":"blob","name":"vendor-blob","version":"2"}]}
            """#.utf8
        ).write(to: URL(filePath: sbom))
        return (directory, db, sbom)
    }

    @Test func scansWritesEveryFormatAndGates() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appending(path: "scan.json").path
        let sarif = directory.appending(path: "scan.sarif").path
        let html = directory.appending(path: "scan.html").path
        let vdr = directory.appending(path: "scan.vdr.json").path
        let result = try VigilProcess.run([
            "scan", sbom, "--db", db, "--output", "json=\(json)", "--output", "sarif=\(sarif)", "--output",
            "html=\(html)", "--output", "cyclonedx=\(vdr)",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("HIGH"))
        #expect(result.standardOutput.contains("CVE-2014-0160"))
        #expect(result.standardOutput.contains("vendor-blob@2"), "unidentified components are listed")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(filePath: json))) as? [String: Any])
        #expect(report["schema"] as? String == "vigil.scan/1")
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(finding["vulnerability"] as? String == "CVE-2014-0160")
        #expect(finding["state"] as? String == "affected")
        #expect(finding["severity"] as? String == "high")
        #expect((finding["kev"] as? [String: Any])?["dateAdded"] as? String == "2022-05-04")
        #expect(finding["fixedVersions"] as? [String] == ["1.0.1g"])
        #expect(
            (finding["component"] as? [String: Any])?["cpe"] as? String
                == "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*")
        #expect((report["unidentified"] as? [[String: Any]])?.first?["name"] as? String == "vendor-blob")
        let sarifJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(filePath: sarif))) as? [String: Any])
        #expect(sarifJSON["version"] as? String == "2.1.0")
        let vdrText = try String(contentsOfFile: vdr, encoding: .utf8)
        #expect(vdrText.contains("\"vulnerabilities\"") && vdrText.contains("\"state\" : \"exploitable\""))
        let htmlText = try String(contentsOfFile: html, encoding: .utf8)
        #expect(
            htmlText.contains("<svg") && htmlText.contains("<table id=\"findings\">")
                && htmlText.contains("CVE-2014-0160"))

        let gate = try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "high", "--format", "json"])
        #expect(gate.status == 1)
        #expect(gate.standardError.contains("release gate failed: 1 affected finding(s) at or above high"))
        let passes = try VigilProcess.run(["scan", sbom, "--db", db, "--fail-on", "critical", "--quiet"])
        #expect(passes.status == 0)
    }

    @Test(
        "the SARIF and CycloneDX VDR outputs validate against the official schemas",
        .enabled(if: TestCorpus.has("validators/venv/.complete"), TestCorpus.missingMessage))
    func reportsValidateAgainstTheirSchemas() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appending(path: "scan.sarif").path
        let vdr = directory.appending(path: "scan.vdr.json").path
        // A triage decision, so that the VDR's analysis carries a justification, a response and a detail.
        let decided = try VigilProcess.run([
            "triage", "set", "CVE-2014-0160", "--component", "openssl", "--state", "not_affected", "--justification",
            "inline_mitigations_already_exist", "--response", "will_not_fix", "--note", "Heartbeats are off", "--db",
            db,
        ])
        #expect(decided.status == 0, "\(decided.standardError)")
        let scan = try VigilProcess.run([
            "scan", sbom, "--db", db, "--quiet", "--output", "sarif=\(sarif)", "--output", "cyclonedx=\(vdr)",
        ])
        #expect(scan.status == 0, "\(scan.standardError)")
        let (status, output) = try ReportValidators.run(sarif: sarif, cyclonedx: vdr)
        #expect(status == 0, "\(output)")
        #expect(output.contains("SARIF 2.1.0") && output.contains("CycloneDX 1.6"))
    }

    @Test func ignoreRulesSuppressAndTheGatePasses() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appending(path: "ignore.yaml").path
        try Data(
            """
            rules:
              - vulnerability: CVE-2014-0160
                component: openssl
                reason: Heartbeats are compiled out (OPENSSL_NO_HEARTBEATS), see TR-7.
                expires: 2099-12-31
            """.utf8
        ).write(to: URL(filePath: rules))
        let result = try VigilProcess.run([
            "scan", sbom, "--db", db, "--ignore", rules, "--fail-on", "low", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Heartbeats are compiled out"))
        try Data("rules:\n  - vulnerability: CVE-2014-0160\n    reason: x\n".utf8).write(to: URL(filePath: rules))
        let invalid = try VigilProcess.run(["scan", sbom, "--db", db, "--ignore", rules])
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("ignore.yaml"))
    }

    @Test func exitStatusesForAMissingDatabaseAndBadInput() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try VigilProcess.run(["scan", sbom, "--db", directory.appending(path: "none.db").path])
        #expect(missing.status == 3)
        #expect(missing.standardError.contains("vigil db update"))
        #expect(
            !FileManager.default.fileExists(atPath: directory.appending(path: "none.db").path), "no database is created"
        )
        // Records imported without a feed sync or a logged file: no refresh time, so any age limit fails.
        let stale = try VigilProcess.run(["scan", sbom, "--db", db, "--max-db-age", "7"])
        #expect(stale.status == 3 && stale.standardError.contains("vigil db update"))
        let emptyDB = directory.appending(path: "empty.db").path
        _ = try SQLiteVulnerabilityStore(path: emptyDB)
        let empty = try VigilProcess.run(["scan", sbom, "--db", emptyDB])
        #expect(empty.status == 3 && empty.standardError.contains("holds no records"))
        let absent = try VigilProcess.run(["scan", directory.appending(path: "nothing.json").path, "--db", db])
        #expect(absent.status == 2)
        let badFormat = try VigilProcess.run(["scan", sbom, "--db", db, "--format", "pdf"])
        #expect(badFormat.status == 64)
        let badOutput = try VigilProcess.run(["scan", sbom, "--db", db, "--output", "sarif"])
        #expect(badOutput.status == 64)
    }

    @Test(
        "a database refreshed by an import today passes --max-db-age",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func aFreshDatabasePassesTheAgeCheck() async throws {
        let (directory, _, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feed = try #require(SharedData.url("nvd/nvd-embedded-fixture-small.json"))
        let db = directory.appending(path: "fresh.db").path
        #expect(try VigilProcess.run(["db", "import", "--db", db, feed.path]).status == 0)
        let result = try VigilProcess.run(["scan", sbom, "--db", db, "--max-db-age", "1", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("a scan against an as-of snapshot names the snapshot's content hash and gives the same findings")
    func scansAgainstASnapshot() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshot = directory.appending(path: "release.vigil-snapshot").path
        let created = try VigilProcess.run(["db", "snapshot", "create", "--db", db, "--output", snapshot])
        #expect(created.status == 0, "\(created.standardError)")
        let fromSnapshot = try VigilProcess.run(["scan", sbom, "--db-snapshot", snapshot, "--format", "json"])
        #expect(fromSnapshot.status == 0, "\(fromSnapshot.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(fromSnapshot.standardOutput.utf8)) as? [String: Any])
        let hash = (report["database"] as? [String: Any])?["snapshot"] as? String
        #expect(hash?.hasPrefix("sha256:") == true && hash?.count == 71)
        let fromDatabase = try VigilProcess.run(["scan", sbom, "--db", db, "--format", "json"])
        func findings(_ text: String) throws -> [String] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try findings(fromSnapshot.standardOutput) == findings(fromDatabase.standardOutput))
    }

    /// Under a pseudo-terminal (util-linux `script`) the scan shows how many components it has matched; in a pipe
    /// nothing but the report.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is absent"))
    func showsProgressOnATerminalOnly() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vigil = try #require(VigilProcess.executableURL()).path
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/script")
        process.arguments = ["-qec", [vigil, "scan", sbom, "--db", db].joined(separator: " "), "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(terminal.contains("matching 1 of 1 components"))
        #expect(terminal.contains("CVE-2014-0160"))
        let piped = try VigilProcess.run(["scan", sbom, "--db", db])
        #expect(!piped.standardError.contains("matching") && !piped.standardOutput.contains("matching"))
    }

    @Test("a root filesystem is inventoried, then scanned")
    func scansARootFilesystem() async throws {
        let (directory, db, _) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appending(path: "rootfs.tar")
        try Data(
            TarBuilder.archive([
                .file(
                    "./usr/lib/libcrypto.so.1.0.0",
                    [0x7F, 0x45, 0x4C, 0x46] + Array("\0OpenSSL 1.0.1f 6 Jan 2014\0OPENSSLDIR: \"/usr/lib/ssl\"\0".utf8)
                )
            ])
        ).write(to: archive)
        let result = try VigilProcess.run(["scan", archive.path, "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"kind\" : \"rootfs\""))
        #expect(result.standardOutput.contains("CVE-2014-0160"))
    }
}

extension ScanEndToEndTests {
    @Test func patchesPrintsThePlanInEveryFormat() async throws {
        let (directory, db, sbom) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try VigilProcess.run(["patches", sbom, "--db", db])
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("CVE-2014-0160  openssl    1.0.1f   update to 1.0.1g  yes"))
        #expect(table.standardOutput.contains("1 findings to remediate; 0 need a back-port"))
        let json = try VigilProcess.run(["patches", sbom, "--db", db, "--format", "json"])
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(plan["schema"] as? String == "vigil.patches/1")
        #expect((plan["items"] as? [[String: Any]])?.first?["nearestFix"] as? String == "1.0.1g")
        let markdown = try VigilProcess.run(["patches", sbom, "--db", db, "--format", "markdown"])
        #expect(
            markdown.standardOutput.contains("| high | CVE-2014-0160 | openssl | 1.0.1f | update to 1.0.1g | yes |"))
        #expect(try VigilProcess.run(["patches", sbom, "--db", db, "--format", "pdf"]).status == 64)
    }
}

/// Runs `Scripts/validate-scan-reports` (SARIF 2.1.0 and CycloneDX 1.6 schemas) on two files.
enum ReportValidators {
    static func run(sarif: String, cyclonedx: String) throws -> (status: Int32, output: String) {
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(
            path: "../../Scripts/validate-scan-reports"
        ).standardizedFileURL
        let process = Process()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = [script.path, sarif, cyclonedx]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
