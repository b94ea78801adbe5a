import Benchmark
import Foundation
import VigilCore

/// Pairs of Debian versions from the shared vector files, repeated to the requested count.
///
/// Reads `$VIGIL_SHARED_DATA/vectors` or `../../shared/data/vectors` (the project sits beside `shared/`).
func debianPairs(count: Int) -> [(String, String)] {
    let root =
        ProcessInfo.processInfo.environment["VIGIL_SHARED_DATA"]
        ?? URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../../../shared/data").path
    var pairs: [(String, String)] = []
    for file in ["debian-versions.txt", "debian-versions-generated.txt"] {
        guard let text = try? String(contentsOfFile: root + "/vectors/" + file, encoding: .utf8) else { continue }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3 { pairs.append((String(parts[0]), String(parts[2]))) }
        }
    }
    precondition(!pairs.isEmpty, "no Debian version vectors under \(root)/vectors; set VIGIL_SHARED_DATA")
    return (0..<count).map { pairs[$0 % pairs.count] }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(20), maxIterations: 10)

    // The foundation issue's target: deb parses and compares 1,000,000 pairs in under 1 s on one core.
    // rpm and generic get the same pairs without epochs, which they do not share with Debian.
    let schemes: [(name: String, scheme: any VersionScheme, dropsEpoch: Bool)] = [
        ("deb", DebianVersionScheme(), false), ("rpm", RPMVersionScheme(), true),
        ("generic", UpstreamVersionScheme(), true),
    ]
    for (name, scheme, dropsEpoch) in schemes {
        Benchmark("\(name): parse and compare 1,000,000 pairs") { (benchmark, pairs: [(String, String)]) in
            var less = 0
            benchmark.startMeasurement()
            for (lhs, rhs) in pairs {
                if try scheme.compare(lhs, rhs) == .less { less += 1 }
            }
            benchmark.stopMeasurement()
            blackHole(less)
        } setup: { () -> [(String, String)] in
            let pairs = debianPairs(count: 1_000_000)
            return dropsEpoch ? pairs.map { (dropEpoch($0.0), dropEpoch($0.1)) } : pairs
        }
    }
}

/// Debian vectors without their epoch, so that schemes without epochs can parse them.
func dropEpoch(_ version: String) -> String {
    guard let colon = version.firstIndex(of: ":") else { return version }
    return String(version[version.index(after: colon)...])
}
