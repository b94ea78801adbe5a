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
            name: "KernelBuild",
            dependencies: [
                .product(name: "VigilCore", package: "Vigil"),
                .product(name: "VigilFeeds", package: "Vigil"),
                .product(name: "VigilKernel", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KernelBuild",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DatabaseImport",
            dependencies: [
                .product(name: "VigilCore", package: "Vigil"),
                .product(name: "VigilFeeds", package: "Vigil"),
                .product(name: "VigilStore", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DatabaseImport",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        /** nvd-corpus: writes a realistic NVD corpus of any size from the real feeds, for DatabaseImport. */
        .executableTarget(
            name: "nvd-corpus",
            dependencies: [.product(name: "VigilFeeds", package: "Vigil")],
            path: "Sources/NVDCorpus",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "HardeningAudit",
            dependencies: [
                .product(name: "VigilHarden", package: "Vigil"),
                .product(name: "VigilInventory", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HardeningAudit",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Inventory",
            dependencies: [
                .product(name: "VigilInventory", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Inventory",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Scan",
            dependencies: [
                .product(name: "VigilCore", package: "Vigil"),
                .product(name: "VigilStore", package: "Vigil"),
                .product(name: "VigilMatch", package: "Vigil"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Scan",
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
