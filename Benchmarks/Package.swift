// swift-tools-version: 6.1
import PackageDescription

// Vigil's benchmarks: a separate package, so that the main build and CI do not compile the benchmark harness.
// Run with: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "VigilBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Vigil", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SBOMDecoding",
            dependencies: [
                .product(name: "VigilCore", package: "Vigil"),
                .product(name: "VigilSBOM", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SBOMDecoding",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "VersionSchemes",
            dependencies: [
                .product(name: "VigilCore", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/VersionSchemes",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
