import Foundation
import Testing
import VigilTesting

/// `vigil harden` as a user runs it: on the debootstrap root (every ELF file listed, the SARIF valid against the
/// 2.1.0 schema), on a crafted weak image packed as a .tar.gz, the release gate, and the refusals.
@Suite struct HardenEndToEndTests {
    @Test(
        "the debootstrap root: JSON with every binary, SARIF valid against the schema, --fail-on gates",
        .enabled(if: TestCorpus.has("debootstrap/bookworm-minbase"), TestCorpus.missingMessage))
    func debootstrap() throws {
        let root = try #require(TestCorpus.debootstrapRoot).path
        let json = try VigilProcess.run(["harden", root, "--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(report["schema"] as? String == "vigil.harden/1")
        let binaries = try #require(report["binaries"] as? [[String: Any]])
        #expect(binaries.count > 500)
        #expect(binaries.contains { $0["path"] as? String == "/usr/bin/apt" })
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { ($0["id"] as? String)?.hasPrefix("HF-") == true })

        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-harden-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appending(path: "harden.sarif").path
        #expect(try VigilProcess.run(["harden", root, "--format", "sarif", "-o", sarif]).status == 0)
        if let python = TestCorpus.url("validators/venv/bin/python"),
            let schema = TestCorpus.url("validators/sarif-schema-2.1.0.json")
        {
            let process = Process()
            process.executableURL = python
            process.arguments = [
                "-c",
                "import json,sys,jsonschema; jsonschema.Draft4Validator(json.load(open(sys.argv[2])), "
                    + "format_checker=jsonschema.FormatChecker()).validate(json.load(open(sys.argv[1])))",
                sarif, schema.path,
            ]
            let pipe = Pipe()
            process.standardError = pipe
            try process.run()
            let errors = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(errors.suffix(2_000))")
        }
        // Nothing critical in Debian's minimal root; its worst is high: GnuTLS's self-test private keys, compiled in.
        #expect(findings.first?["severity"] as? String == "high")
        #expect(findings.contains { $0["check"] as? String == "HC-SECRET-PRIVATE-KEY" })
        #expect(try VigilProcess.run(["harden", root, "--fail-on", "critical"]).status == 0)
        #expect(try VigilProcess.run(["harden", root, "--fail-on", "high"]).status == 1)
    }

    @Test("a weak image packed as .tar.gz: critical findings, exit 1 at --fail-on critical; refusals")
    func archive() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-harden-tar-\(UUID())")
        let rootDirectory = directory.appending(path: "root/etc")
        try FileManager.default.createDirectory(at: rootDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("root:x:0:0:root:/root:/bin/sh\nadmin::0:0::/:/bin/sh\n".utf8).write(
            to: rootDirectory.appending(path: "passwd"))
        try Data("root:$1$vigil123$t8cG6cXsgjxAuJwnjqWRh/:19000::::::\n".utf8).write(
            to: rootDirectory.appending(path: "shadow"))
        let archive = directory.appending(path: "image.tar.gz").path
        let tar = Process()
        tar.executableURL = URL(filePath: "/bin/tar")
        tar.arguments = ["-czf", archive, "-C", directory.appending(path: "root").path, "."]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)

        let table = try VigilProcess.run(["harden", archive, "--fail-on", "critical"])
        #expect(table.status == 1, "\(table.standardError)")
        for check in ["HC-ACCT-EMPTY", "HC-ACCT-UID0", "HC-ACCT-DEFAULT", "HC-ACCT-WEAK-HASH"] {
            #expect(table.standardOutput.contains(check), "\(check) in:\n\(table.standardOutput)")
        }
        #expect(table.standardOutput.contains("root's password is 'admin'"))
        #expect(!table.standardOutput.contains("t8cG6cXsgjxAuJwnjqWRh"), "no hash in the report")

        let missing = try VigilProcess.run(["harden", directory.appending(path: "nope").path])
        #expect(missing.status == 2 && missing.standardError.contains("no such file"))
        let single = try VigilProcess.run(["harden", rootDirectory.appending(path: "passwd").path])
        #expect(single.status == 2 && single.standardError.contains("neither a directory nor a tar archive"))
        #expect(try VigilProcess.run(["harden", archive, "--format", "pdf"]).status == 64)
        #expect(try VigilProcess.run(["harden", archive, "--fail-on", "severe"]).status == 64)
    }
}
