import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilKernel
import VigilTesting

/// Debian's cloud kernel `.config` with the Makefiles of Debian's linux-source of the same series, against every
/// `programFiles` list in the kernel CNA's records.
@Suite struct KernelBuildRealDataTests {
    static let configPath = "kernel/root/boot"
    static let treePath = "kernel-source/linux"

    static func debianConfig() throws -> KernelConfig {
        let boot = try #require(TestCorpus.url(configPath))
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: boot.path).first { $0.hasPrefix("config-") })
        return KernelConfig(Array(try Data(contentsOf: boot.appending(path: name))))
    }

    @Test(
        .enabled(if: TestCorpus.has("kernel/.complete") && TestCorpus.has("kernel-source/.complete"),
            TestCorpus.missingMessage),
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func debianCloudConfigRulesOutKernelCVEsWhoseFilesAreNotBuilt() throws {
        let config = try Self.debianConfig()
        #expect(config.architecture == "x86")
        let tree = try KbuildTree.load(sourceTree: try #require(TestCorpus.url(Self.treePath)).path, config: config)
        for name in ["libs-y", "ARCH_LIB", "core-y", "obj-y"] { print(name, tree.makefiles[""]!.words(name).map { "\($0.text)\($0.certain ? "" : "?")" }) }
        let profile = KernelBuildProfile(config: config, tree: tree, provenance: "debian cloud")
        let url = try #require(SharedData.url("kernel-cna/kernel-cna-cve5.jsonl.gz"))
        let batch = try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: url.path).batch
        var withFiles = 0
        var notBuilt = 0
        var statuses: [KernelBuildVerdict.Status: Int] = [:]
        var samples: [String] = []
        var unknownC: [String: Int] = [:]
        var unknownSamples: [String] = []
        for record in batch.records {
            let files = Set(record.affected.flatMap(\.programFiles))
            guard !files.isEmpty else { continue }
            withFiles += 1
            let verdicts = files.sorted().map(profile.verdict(for:))
            for verdict in verdicts { statuses[verdict.status, default: 0] += 1
                if verdict.status == .unknown, verdict.path.hasSuffix(".c") { unknownC[verdict.reason.split(separator: ":").first.map(String.init) ?? "", default: 0] += 1; if unknownSamples.count < 25 { unknownSamples.append("\(verdict.path) — \(verdict.reason)") } }
            }
            if verdicts.allSatisfy({ $0.status == .notBuilt }) {
                notBuilt += 1
                if samples.count < 15 { samples.append("\(record.vulnerability.id): \(verdicts[0].path) — \(verdicts[0].reason)") }
            }
        }
        print("records \(batch.records.count) with files \(withFiles) not built \(notBuilt) statuses \(statuses)")
        for sample in samples { print(sample) }
        print("UNKNOWN C", unknownC.values.reduce(0, +), unknownC.sorted { $0.value > $1.value }.prefix(15))
        for sample in unknownSamples { print("U", sample) }
        for path in ["net/ipv4/tcp.c", "net/ipv4/fou_core.c", "drivers/net/wireless/ath/ath9k/main.c", "fs/ext4/super.c",
            "drivers/gpu/drm/amd/amdgpu/amdgpu_vm.c", "arch/arm64/kernel/setup.c", "lib/string.c", "arch/x86/kvm/x86.c",
            "drivers/bluetooth/btusb.c", "net/bluetooth/l2cap_core.c", "include/linux/skbuff.h", "drivers/net/virtio_net.c",
            "sound/core/pcm.c", "fs/ntfs3/super.c", "drivers/usb/core/hub.c", "net/sctp/socket.c", "mm/memory.c", "kernel/bpf/verifier.c"] {
            let v = profile.verdict(for: path)
            print("\(path): \(v.status) — \(v.reason)")
        }
        #expect(notBuilt > 0)
    }
}
