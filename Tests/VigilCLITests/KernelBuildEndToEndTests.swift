import Foundation
import Testing
import VigilTesting

/// `vigil scan --kernel-files/--kernel-build-dir/--kernel-config/--kernel-source` with the kernel CNA's real sample
/// records: what is ruled out, the counts, decisions that recorded a build, VEX out, and bad input.
@Suite(.enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
struct KernelBuildEndToEndTests {
    /// A database of the CNA's 73 sample records, a 6.1.50 kernel SBOM and a compiled-file list.
    static func fixture() throws -> (directory: URL, db: String, sbom: String, files: String) {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-kbuild-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appending(path: "vigil.db").path
        let sample = try #require(SharedData.url("kernel-cna/sample"))
        let imported = try VigilProcess.run(["db", "import", sample.path, "--db", db])
        #expect(imported.status == 0, "\(imported.standardError)")
        let sbom = directory.appending(path: "kernel.cdx.json").path
        try Data(
            """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"operating-system",\
            "bom-ref":"k","name":"linux","version":"6.1.50","purl":"pkg:generic/linux@6.1.50"}]}
            """.utf8
        ).write(to: URL(filePath: sbom))
        let files = directory.appending(path: "compiled.txt").path
        try Data(
            ("# what the device's kernel compiles\nnet/ipv4/route.c\nnet/ipv6/route.c\ninclude/net/sock.h\n"
                + "lib/pci_iomap.c\nkernel/bpf/cgroup.c\n").utf8
        ).write(to: URL(filePath: files))
        return (directory, db, sbom, files)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func states(_ report: [String: Any]) -> [String: String] {
        var states: [String: String] = [:]
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            states[finding["vulnerability"] as? String ?? ""] = finding["state"] as? String
        }
        return states
    }

    @Test("a compiled-file list rules out the CVEs whose files are not in it; the counts and the evidence")
    func compiledFiles() throws {
        let (directory, db, sbom, files) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try Self.json(
            try VigilProcess.run(["scan", sbom, "--db", db, "-f", "json", "--quiet"]).standardOutput)
        let before = Self.states(plain)
        #expect(before.count == 25 && before.values.allSatisfy { $0 == "affected" })
        let run = try VigilProcess.run(["scan", sbom, "--db", db, "-f", "json", "--kernel-files", files])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("25 open kernel findings with files, 22 not built (not_affected)"))
        let report = try Self.json(run.standardOutput)
        let after = Self.states(report)
        #expect(
            after.filter { $0.value == "affected" }.keys.sorted() == [
                "CVE-2024-26977", "CVE-2024-36971", "CVE-2026-63809",
            ])
        #expect(after.count { $0.value == "not_affected" } == 22)
        let counts = try #require(report["kernelBuild"] as? [String: Any])
        #expect(
            counts["openBefore"] as? Int == 25 && counts["openAfter"] as? Int == 3 && counts["ruledOut"] as? Int == 22)
        let netfilter = try #require(
            (report["findings"] as? [[String: Any]])?.first { $0["vulnerability"] as? String == "CVE-2024-27017" })
        let analysis = try #require(netfilter["analysis"] as? [String: Any])
        #expect(analysis["justification"] as? String == "vulnerable_code_not_present")
        #expect(analysis["origin"] as? String == "kernel-build")
        #expect((analysis["note"] as? String)?.contains("net/netfilter/nf_tables_api.c") == true)
        #expect((netfilter["kernelBuild"] as? [[String: Any]])?.count == 3)

        // The same evidence goes out as VEX.
        let vex = try VigilProcess.run([
            "vex", "export", sbom, "--db", db, "--format", "openvex", "--kernel-files", files,
        ])
        #expect(vex.status == 0, "\(vex.standardError)")
        let statements = try #require(try Self.json(vex.standardOutput)["statements"] as? [[String: Any]])
        let statement = try #require(
            statements.first { ($0["vulnerability"] as? [String: Any])?["name"] as? String == "CVE-2024-27017" })
        #expect(statement["status"] as? String == "not_affected")
        #expect(statement["justification"] as? String == "vulnerable_code_not_present")
    }

    @Test("a decision made with a build re-opens when the build changes; without one it holds")
    func decisionsFollowTheBuild() throws {
        let (directory, db, sbom, files) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try VigilProcess.run([
            "triage", "set", "CVE-2024-36971", "--component", "linux", "--state", "not_affected", "--justification",
            "vulnerable_code_not_in_execute_path", "--note", "dst negative advice is unreachable: no IPv6 routes",
            "--author", "alice", "--db", db, "--kernel-files", files,
        ])
        #expect(set.status == 0, "\(set.standardError)")
        let same = try Self.json(
            try VigilProcess.run(["scan", sbom, "--db", db, "-f", "json", "--quiet", "--kernel-files", files])
                .standardOutput)
        #expect(Self.states(same)["CVE-2024-36971"] == "not_affected")
        // The next release compiles xfrm too: the decision's evidence changed.
        let next = directory.appending(path: "next.txt").path
        try Data((try String(contentsOfFile: files, encoding: .utf8) + "net/xfrm/xfrm_policy.c\n").utf8).write(
            to: URL(filePath: next))
        let changed = try VigilProcess.run([
            "scan", sbom, "--db", db, "-f", "json", "--quiet", "--kernel-files", next, "--fail-on", "high",
        ])
        #expect(changed.status == 1, "a re-opened affected finding fails the gate")
        let report = try Self.json(changed.standardOutput)
        let finding = try #require(
            (report["findings"] as? [[String: Any]])?.first { $0["vulnerability"] as? String == "CVE-2024-36971" })
        #expect(finding["state"] as? String == "under_investigation")
        let reopened = try #require((finding["analysis"] as? [String: Any])?["reopened"] as? String)
        #expect(reopened.contains("net/xfrm/xfrm_policy.c was not-built, now built"))
        // Without a build the scan cannot check, and the decision holds.
        let unchecked = try Self.json(
            try VigilProcess.run(["scan", sbom, "--db", db, "-f", "json", "--quiet"]).standardOutput)
        #expect(Self.states(unchecked)["CVE-2024-36971"] == "not_affected")
    }

    @Test("a build directory's .cmd files; bad input exits 2 or 64 with the reason")
    func buildDirectoryAndErrors() throws {
        let (directory, db, sbom, files) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        let build = directory.appending(path: "build")
        try FileManager.default.createDirectory(
            at: build.appending(path: "net/packet"), withIntermediateDirectories: true)
        try Data("CONFIG_X86=y\n".utf8).write(to: build.appending(path: ".config"))
        try Data(
            "source_net/packet/af_packet.o := net/packet/af_packet.c\ndeps_net/packet/af_packet.o := \\\n  include/net/sock.h \\\n\n"
                .utf8
        )
        .write(to: build.appending(path: "net/packet/.af_packet.o.cmd"))
        let run = try VigilProcess.run([
            "scan", sbom, "--db", db, "-f", "json", "--quiet", "--kernel-build-dir", build.path,
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let states = Self.states(try Self.json(run.standardOutput))
        #expect(states["CVE-2025-38617"] == "affected", "af_packet.c is compiled")
        #expect(states["CVE-2024-53150"] == "not_affected")

        let noConfig = try VigilProcess.run(["scan", sbom, "--db", db, "--kernel-source", directory.path])
        #expect(noConfig.status == 64 && noConfig.standardError.contains("--kernel-source needs --kernel-config"))
        let both = try VigilProcess.run([
            "scan", sbom, "--db", db, "--kernel-files", files, "--kernel-build-dir", build.path,
        ])
        #expect(both.status == 64)
        let notTop = try VigilProcess.run(["scan", sbom, "--db", db, "--kernel-build-dir", build.path + "/net"])
        #expect(notTop.status == 2 && notTop.standardError.contains("top of the kernel build directory"))
        let missing = try VigilProcess.run(["scan", sbom, "--db", db, "--kernel-files", directory.path + "/none.txt"])
        #expect(missing.status == 2, "\(missing.standardError)")
        let config = directory.appending(path: "config").path
        try Data("CONFIG_X86=y\nCONFIG_64BIT=y\n".utf8).write(to: URL(filePath: config))
        let notATree = try VigilProcess.run([
            "scan", sbom, "--db", db, "--kernel-config", config, "--kernel-source", directory.path,
        ])
        #expect(notATree.status == 2 && notATree.standardError.contains("not a Linux kernel source tree"))
        let notAConfig = try VigilProcess.run(["scan", sbom, "--db", db, "--kernel-config", files])
        #expect(notAConfig.status == 2 && notAConfig.standardError.contains("not a kernel .config"))
        let configOnly = try VigilProcess.run(["scan", sbom, "--db", db, "--kernel-config", config, "--quiet"])
        #expect(configOnly.status == 0 && configOnly.standardError.contains("a .config alone only rules out"))
    }
}
