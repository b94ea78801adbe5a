import Benchmark
import Foundation
import VigilHarden
import VigilInventory

/// The test corpus `Scripts/fetch-test-corpus` fetches: `$VIGIL_TEST_CORPUS` or `~/.cache/vigil/test-corpus`.
let corpus =
    ProcessInfo.processInfo.environment["VIGIL_TEST_CORPUS"]
    ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/vigil/test-corpus").path

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 10)

    // Target (issue 10): the whole audit of the debootstrap root in under 5 s.
    Benchmark("harden: audit the debootstrap root (every check family, Debian's kernel .config)") {
        (benchmark, input: (DirectoryRoot, String)) in
        blackHole(
            try HardeningAudit.standard(kernelConfigPath: "config").run(
                input.0, target: "debootstrap", kernelConfig: input.1, generatedAt: "2026-11-28T00:00:00.000Z"))
    } setup: {
        let root = try DirectoryRoot(corpus + "/debootstrap/bookworm-minbase")
        let boot = corpus + "/kernel/root/boot"
        let name = try FileManager.default.contentsOfDirectory(atPath: boot).first { $0.hasPrefix("config-") } ?? ""
        return (root, try String(contentsOfFile: boot + "/" + name, encoding: .utf8))
    }

    Benchmark("harden: ELF hardening of every binary of the debootstrap root") { (benchmark, root: DirectoryRoot) in
        blackHole(try BinaryAudit.binaries(in: root))
    } setup: {
        try DirectoryRoot(corpus + "/debootstrap/bookworm-minbase")
    }
}
