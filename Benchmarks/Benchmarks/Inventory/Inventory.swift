import Benchmark
import Foundation
import VigilInventory

/// The test corpus `Scripts/fetch-test-corpus` fetches: `$VIGIL_TEST_CORPUS` or `~/.cache/vigil/test-corpus`.
let corpus =
    ProcessInfo.processInfo.environment["VIGIL_TEST_CORPUS"]
    ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/vigil/test-corpus").path

/// Every binary the signature scan would read under the corpus's debootstrap root and Debian packages, in memory.
func binaries() -> [[UInt8]] {
    var files: [[UInt8]] = []
    for directory in ["debootstrap/bookworm-minbase", "debs"] {
        guard let root = try? DirectoryRoot(corpus + "/" + directory), let paths = try? root.regularFiles() else {
            continue
        }
        for (path, size) in paths where size >= 4 {
            guard let head = try? root.prefix(ofFile: path, count: 4), head == [0x7F, 0x45, 0x4C, 0x46],
                let bytes = try? root.contents(ofFile: path, limit: 1 << 30)
            else { continue }
            files.append(bytes)
        }
    }
    precondition(!files.isEmpty, "no test corpus under \(corpus): run Scripts/fetch-test-corpus")
    return files
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput], maxDuration: .seconds(30),
        maxIterations: 10)

    // The inventory issue's target: signature scanning at 200 MB/s or more on one core, each file read once.
    Benchmark("signatures: scan every ELF file of the corpus, one core, in memory") { (benchmark, files: [[UInt8]]) in
        let matcher = SignatureSet.builtIn.matcher()
        var found = 0
        benchmark.startMeasurement()
        for file in files { found += matcher.scan(file).count }
        benchmark.stopMeasurement()
        blackHole(found)
    } setup: {
        let files = binaries()
        let bytes = files.reduce(0) { $0 + $1.count }
        print("signature corpus: \(files.count) ELF files, \(bytes) bytes")
        return files
    }

    let root = corpus + "/debootstrap/bookworm-minbase"
    Benchmark("inventory: debootstrap minbase bookworm, every source") { benchmark in
        let (document, _) = try Inventory.builtIn.run(try DirectoryRoot(root), name: "bookworm")
        blackHole(document)
    }
    Benchmark("inventory: debootstrap minbase bookworm, one thread") { benchmark in
        var sources = Inventory.builtIn.sources
        sources[sources.count - 1] = BinarySignatureSource(threads: 1)
        let (document, _) = try Inventory(sources: sources).run(try DirectoryRoot(root), name: "bookworm")
        blackHole(document)
    }
    Benchmark("inventory: debootstrap minbase bookworm, package databases only") { benchmark in
        let (document, _) = try Inventory.rootFilesystem(binarySignatures: false).run(
            try DirectoryRoot(root), name: "bookworm")
        blackHole(document)
    }
}
