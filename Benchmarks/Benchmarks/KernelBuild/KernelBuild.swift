import Benchmark
import Foundation
import VigilCore
import VigilFeeds
import VigilKernel

/// The test corpus `Scripts/fetch-test-corpus` fetches: `$VIGIL_TEST_CORPUS` or `~/.cache/vigil/test-corpus`.
let corpus =
    ProcessInfo.processInfo.environment["VIGIL_TEST_CORPUS"]
    ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/vigil/test-corpus").path

/// Debian's cloud kernel .config.
func debianConfig() -> KernelConfig {
    let boot = corpus + "/kernel/root/boot"
    guard
        let name = try? FileManager.default.contentsOfDirectory(atPath: boot).first(where: { $0.hasPrefix("config-") }),
        let data = FileManager.default.contents(atPath: boot + "/" + name)
    else { preconditionFailure("no Debian kernel under \(corpus): run Scripts/fetch-test-corpus") }
    return KernelConfig(Array(data))
}

/// Every file list of the kernel CNA's records (`../shared/data`, beside the project).
func programFiles() -> [[String]] {
    let path = URL(filePath: #filePath).deletingLastPathComponent().appending(
        path: "../../../../shared/data/kernel-cna/kernel-cna-cve5.jsonl.gz"
    ).standardized.path
    guard let data = FileManager.default.contents(atPath: path),
        let batch = try? FeedImporterRegistry.builtIn.read(Array(data), source: path).batch
    else { preconditionFailure("no kernel CNA records at \(path)") }
    return batch.records.map { Array(Set($0.affected.flatMap(\.programFiles))).sorted() }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(30), maxIterations: 10)

    Benchmark("kernel build: load the linux-source 6.1 Makefiles under Debian's cloud .config") {
        (benchmark, config: KernelConfig) in
        blackHole(try KbuildTree.load(sourceTree: corpus + "/kernel-source/linux", config: config))
    } setup: {
        debianConfig()
    }

    Benchmark("kernel build: verdicts for every file list of the kernel CNA's 14,626 records") {
        (benchmark, input: (KernelBuildProfile, [[String]])) in
        let (profile, lists) = input
        var ruledOut = 0
        benchmark.startMeasurement()
        for files in lists where !files.isEmpty && files.allSatisfy({ profile.verdict(for: $0).status == .notBuilt }) {
            ruledOut += 1
        }
        benchmark.stopMeasurement()
        blackHole(ruledOut)
    } setup: {
        let config = debianConfig()
        let tree = try! KbuildTree.load(sourceTree: corpus + "/kernel-source/linux", config: config)
        return (KernelBuildProfile(config: config, tree: tree, provenance: "benchmark"), programFiles())
    }
}
