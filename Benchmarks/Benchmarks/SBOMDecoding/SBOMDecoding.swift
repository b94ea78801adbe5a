import Benchmark
import Foundation
import VigilCore
import VigilSBOM

/// A CycloneDX document of `count` realistic components with purls, CPEs, hashes, licences and a dependency chain.
func generatedCycloneDX(components count: Int) -> [UInt8] {
    var document = SBOMDocument(
        metadata: SBOMMetadata(timestamp: "2026-01-01T00:00:00Z", tools: [SBOMTool(name: "bench")]))
    for index in 0..<count {
        document.components.append(
            SBOMComponent(
                id: "component-\(index)", name: "package-\(index)", version: "1.\(index % 100).\(index % 7)",
                supplier: SBOMParty(.organization, name: "Supplier \(index % 50)"),
                purl: "pkg:deb/debian/package-\(index)@1.\(index % 100).\(index % 7)-1",
                cpes: ["cpe:2.3:a:vendor\(index % 50):package-\(index):1.\(index % 100).\(index % 7):*:*:*:*:*:*:*"],
                hashes: [SBOMHash(algorithm: "SHA-256", value: String(repeating: "ab", count: 32))],
                declaredLicense: index % 2 == 0 ? "MIT" : "GPL-2.0-only"))
        if index > 0 {
            document.relationships.append(SBOMRelationship("component-\(index - 1)", .dependsOn, "component-\(index)"))
        }
    }
    return (try? CycloneDXJSONEncoder().encode(document)) ?? []
}

/// A CycloneDX document of at least `bytes` bytes, written directly (no model in memory), so that the benchmark's
/// peak memory is the decoder's.
func largeCycloneDX(bytes target: Int) -> [UInt8] {
    var output = Array(
        #"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"timestamp":"2026-01-01T00:00:00Z"},"components":["#
            .utf8)
    output.reserveCapacity(target + 4096)
    var index = 0
    while output.count < target {
        let version = "1.\(index % 100).\(index % 7)"
        let component =
            (index == 0 ? "" : ",") + #"{"type":"library","bom-ref":"c\#(index)","name":"package-\#(index)","#
            + #""version":"\#(version)","supplier":{"name":"Supplier \#(index % 50)"},"#
            + #""purl":"pkg:deb/debian/package-\#(index)@\#(version)-1","hashes":[{"alg":"SHA-256","content":"\#(String(repeating: "ab", count: 32))"}],"#
            + #""licenses":[{"expression":"MIT"}]}"#
        output.append(contentsOf: component.utf8)
        index += 1
    }
    output.append(contentsOf: "]}".utf8)
    return output
}

/// `$VIGIL_SHARED_DATA` or `../../shared/data` beside the project.
func sharedData(_ path: String) -> [UInt8] {
    let root =
        ProcessInfo.processInfo.environment["VIGIL_SHARED_DATA"]
        ?? URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../../../shared/data").path
    guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
        fatalError("\(root)/\(path) is missing; set VIGIL_SHARED_DATA")
    }
    return [UInt8](data)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(20),
        maxIterations: 20)

    // Target: under 100 ms.
    Benchmark("cyclonedx-json: decode the 4 MB Yocto VEX export") { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            blackHole(try CycloneDXJSONDecoder().decode(bytes, source: nil, limits: .init()))
        }
    } setup: {
        sharedData("sbom/yocto-vulnscout/example-cyclonedx-export-vex.json")
    }

    // Target: under 300 ms.
    Benchmark("cyclonedx-json: decode a generated 10,000-component document") { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            blackHole(try CycloneDXJSONDecoder().decode(bytes, source: nil, limits: .init()))
        }
    } setup: {
        generatedCycloneDX(components: 10_000)
    }

    Benchmark("spdx3-json: decode Yocto's 1.6 MB image SBOM") { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            blackHole(try SPDX3JSONDecoder().decode(bytes, source: nil, limits: .init()))
        }
    } setup: {
        sharedData("sbom/yocto-vulnscout/core-image-minimal-qemux86-64.rootfs.spdx3.json")
    }

    // Memory: a 200 MB document must not exhaust the machine; peak resident memory is the figure to watch.
    Benchmark("cyclonedx-json: decode a generated 200 MB document", configuration: .init(maxIterations: 2)) {
        benchmark, bytes in
        blackHole(try CycloneDXJSONDecoder().decode(bytes, source: nil, limits: .init()))
    } setup: {
        largeCycloneDX(bytes: 200 << 20)
    }
}
