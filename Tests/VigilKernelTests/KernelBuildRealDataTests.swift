import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilKernel
import VigilMatch
import VigilSBOM
import VigilStore
import VigilTesting

/// Debian's cloud kernel `.config` with the Makefiles of Debian's linux-source of the same series (the test corpus),
/// against the kernel CNA's real records and their `programFiles`.
@Suite(
    .enabled(
        if: (TestCorpus.has("kernel/.complete") && TestCorpus.has("kernel-source/.complete")),
        TestCorpus.missingMessage),
    .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
struct KernelBuildRealDataTests {
    static func debianConfig() throws -> (KernelConfig, version: String) {
        let root = try #require(TestCorpus.url("kernel/root"))
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: root.path + "/boot").first { $0.hasPrefix("config-") })
        let control = try String(contentsOf: root.appending(path: "DEBIAN/control"), encoding: .utf8)
        // `Version: 6.1.192-2`: the upstream version before the Debian revision.
        let version = try #require(
            control.split(separator: "\n").first { $0.hasPrefix("Version: ") }?.dropFirst(9).split(separator: "-")
                .first)
        return (KernelConfig(Array(try Data(contentsOf: root.appending(path: "boot/" + name)))), String(version))
    }

    static func profile() throws -> KernelBuildProfile {
        let (config, _) = try debianConfig()
        let tree = try KbuildTree.load(
            sourceTree: try #require(TestCorpus.url("kernel-source/linux")).path, config: config)
        return KernelBuildProfile(config: config, tree: tree, provenance: "Debian cloud config, linux-source Makefiles")
    }

    @Test("Debian's cloud .config through the real Makefiles: what a cloud kernel builds and what it leaves out")
    func verdicts() throws {
        let profile = try Self.profile()
        #expect(profile.config?.architecture == "x86")
        let expected: [String: KernelBuildVerdict.Status] = [
            "net/ipv4/tcp.c": .built, "mm/memory.c": .built, "kernel/bpf/verifier.c": .built, "lib/string.c": .built,
            "fs/ext4/super.c": .built, "arch/x86/kvm/x86.c": .built, "arch/x86/kvm/vmx/vmx.c": .built,
            "drivers/net/virtio_net.c": .built, "net/sctp/socket.c": .built,
            // Tab-indented lists before any rule (mm/Makefile) are read.
            "mm/madvise.c": .built,
            "net/bluetooth/l2cap_core.c": .notBuilt, "drivers/bluetooth/btusb.c": .notBuilt,
            "sound/core/pcm.c": .notBuilt, "drivers/usb/core/hub.c": .notBuilt,
            "drivers/gpu/drm/amd/amdgpu/amdgpu_vm.c": .notBuilt, "arch/arm64/kernel/setup.c": .notBuilt,
            "drivers/net/wireless/ath/ath9k/main.c": .notBuilt, "include/linux/skbuff.h": .unknown,
        ]
        for (path, status) in expected {
            let verdict = profile.verdict(for: path)
            #expect(verdict.status == status, "\(path): \(verdict.reason)")
        }
        #expect(profile.verdict(for: "net/bluetooth/l2cap_core.c").symbols == ["CONFIG_BT"])
    }

    @Test("the CNA's records: about half name only files this kernel does not build")
    func everyRecord() throws {
        let profile = try Self.profile()
        let url = try #require(SharedData.url("kernel-cna/kernel-cna-cve5.jsonl.gz"))
        let records = try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: url.path).batch
            .records
        var withFiles = 0
        var ruledOut = 0
        for record in records {
            let files = Set(record.affected.flatMap(\.programFiles))
            guard !files.isEmpty else { continue }
            withFiles += 1
            if files.allSatisfy({ profile.verdict(for: $0).status == .notBuilt }) { ruledOut += 1 }
        }
        print(
            "kernel CNA records with files: \(withFiles); every file not built under Debian's cloud config: \(ruledOut)"
        )
        // 14,626 records, each with files; 7,421 ruled out on 2026-11-28 (a new snapshot moves this a little).
        #expect(withFiles > 14_000)
        #expect(Double(ruledOut) / Double(withFiles) > 0.35 && Double(ruledOut) / Double(withFiles) < 0.65)
    }

    @Test("a scan of Debian's kernel version: counts before and after, with the evidence")
    func scan() async throws {
        let (_, version) = try Self.debianConfig()
        let profile = try Self.profile()
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-kernel-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteVulnerabilityStore(path: path)
        let url = try #require(SharedData.url("kernel-cna/kernel-cna-cve5.jsonl.gz"))
        _ = try await FeedFileImport().run(
            [.init(path: url.path, named: true)], into: store, now: { "2026-11-28T00:00:00.000Z" })
        let kernel = SBOMComponent(
            id: "linux", kind: .operatingSystem, name: "linux", version: version, purl: "pkg:generic/linux@\(version)")
        var report = try await VulnerabilityScanner().scan(
            SBOMDocument(components: [kernel]), store: store,
            target: .init(name: "debian", kind: "test", components: 1),
            generatedAt: "2026-11-28T00:00:00.000Z")
        let before = report.findings.count { $0.state == .affected }
        #expect(before > 100)
        #expect(report.findings.allSatisfy { $0.programFiles?.isEmpty == false }, "every CNA record lists files")
        let filtering = report.applyKernelBuild(profile)
        print("kernel \(version): \(filtering)")
        #expect(filtering.openBefore == before)
        #expect(filtering.ruledOut > before / 5)
        #expect(filtering.openAfter == report.findings.count { $0.state == .affected })
        #expect(filtering.ruledOut + filtering.confirmedBuilt + filtering.undetermined == filtering.openBefore)
        for finding in report.findings where finding.state == .notAffected {
            #expect(finding.analysis?.justification == .vulnerableCodeNotPresent)
            #expect(finding.analysis?.origin == ScanReport.kernelBuildOrigin)
            #expect(finding.analysis?.matchedState == .affected)
            #expect(finding.kernelBuild?.allSatisfy { $0.status == .notBuilt } == true)
            #expect(finding.analysis?.note.contains(finding.kernelBuild?.first?.path ?? "?") == true)
        }
        for finding in report.findings where finding.state == .affected {
            #expect(finding.kernelBuild?.contains { $0.status != .notBuilt } == true)
        }
    }
}
