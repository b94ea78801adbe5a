// swift-tools-version: 6.1
import PackageDescription

/// Settings every Vigil target shares: Swift 6 language mode plus the upcoming features the conventions require.
let sharedSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "VigilSBOM", targets: ["VigilSBOM"]),
        .library(name: "VigilFeeds", targets: ["VigilFeeds"]),
        .library(name: "VigilStore", targets: ["VigilStore"]),
        .library(name: "VigilInventory", targets: ["VigilInventory"]),
        .library(name: "VigilMatch", targets: ["VigilMatch"]),
        .library(name: "VigilVEX", targets: ["VigilVEX"]),
        .library(name: "VigilKernel", targets: ["VigilKernel"]),
        .library(name: "VigilMonitor", targets: ["VigilMonitor"]),
        .library(name: "VigilServer", targets: ["VigilServer"]),
        .library(name: "VigilPostgres", targets: ["VigilPostgres"]),
        .library(name: "VigilHarden", targets: ["VigilHarden"]),
        .library(name: "VigilFuzz", targets: ["VigilFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", from: "0.18.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        /** The model every module shares: package URLs, CPE names, version schemes and ranges, plug-in protocols,
            error types. Depends on nothing but the standard library. */
        .target(
            name: "VigilCore",
            swiftSettings: sharedSwiftSettings
        ),
        /** Debian's libzstd, for Zstandard-compressed archives (Yocto SPDX archives, later root filesystems). */
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        /** SBOM documents: decoders and encoders for CycloneDX and SPDX, mapped to and from VigilCore's one SBOM
            model, with format detection from content. */
        .target(
            name: "VigilSBOM",
            dependencies: ["VigilCore", "CZstd", .product(name: "XMLCoder", package: "XMLCoder")],
            swiftSettings: sharedSwiftSettings
        ),
        /** Debian's zlib and liblzma, for gzip- and xz-compressed feeds. */
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLZMA", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        /** Vulnerability feeds: one importer per format (NVD, Anchore's NVD overrides, CVE 5, OSV, Alpine secdb,
            Debian's tracker lists, CISA KEV, FIRST EPSS), picked by content, reading records into VigilCore's
            vulnerability model and skipping, with a reason, any record that does not validate. Input may be gzip,
            xz, zip or JSON Lines. */
        .target(
            name: "VigilFeeds",
            dependencies: ["VigilCore", "CZlib", "CLZMA", .product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        /** The embedded vulnerability store: SQLite through GRDB, named frozen migrations, transactional imports that
            keep the newer of two records, CPE criteria indexed by vendor and product. */
        .target(
            name: "VigilStore",
            dependencies: ["VigilCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: sharedSwiftSettings
        ),
        /** Device inventory: root filesystems (directories, archives in memory) walked without ever leaving the root,
            and the sources that find components in them (package databases, OS release, later binary signatures). */
        .target(
            name: "VigilInventory",
            dependencies: [
                "VigilCore", "VigilSBOM", "VigilFeeds", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** Matching a device against the vulnerability store: component identity, the matchers (NVD
            configurations, distribution and OSV ranges, the kernel CNA), findings, ignore rules and the report
            formats. */
        .target(
            name: "VigilMatch",
            dependencies: ["VigilCore", "VigilSBOM", .product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        /** VEX documents in and out: OpenVEX and CycloneDX VEX read into statements (products resolved through the
            document and its BOMs, CISA's minimum requirements checked), which become triage decisions. */
        .target(
            name: "VigilVEX",
            dependencies: ["VigilCore", "VigilMatch"],
            swiftSettings: sharedSwiftSettings
        ),
        /** Kernel builds: a kernel source tree's Kbuild Makefiles evaluated under a `.config`, a build directory's
            `.cmd` files, or a list of compiled files, answering whether a source file was built (the evidence that
            filters kernel CVEs by the files their fixes touch). */
        .target(
            name: "VigilKernel",
            dependencies: ["VigilCore"],
            swiftSettings: sharedSwiftSettings
        ),
        /** The firmware hardening audit: an ELF reader (32/64-bit, either byte order, any machine) and the binary
            hardening checksec reports, with the root filesystem read through VigilInventory's safe walker. */
        /** Debian's libxcrypt (libcrypt), for crypt(3): checking password hashes against known defaults. */
        .systemLibrary(name: "CCrypt", pkgConfig: "libcrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(
            name: "VigilHarden",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilInventory", "CCrypt",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** The protocol fuzzer: deterministic cases from a seed, byte-level mutators, protocol models (fields with
            lengths and checksums) and structure-aware variants. */
        .target(
            name: "VigilFuzz",
            dependencies: ["VigilCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        /** Debian's OpenSSL (libssl), for TLS on SMTP connections (STARTTLS). */
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        /** Continuous monitoring: the configuration (`vigil.yaml`), release evaluation that raises alerts exactly once,
            their delivery (log, signed webhooks) with retries and dead letters, and the long-running service. */
        .target(
            name: "VigilMonitor",
            dependencies: [
                "VigilCore", "VigilMatch", "VigilSBOM", "VigilFeeds", "COpenSSL", .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** The team's shared state in PostgreSQL (postgres-nio): products and releases, triage decisions, the
            monitor's evaluations and alerts, accounts, sessions and the audit log, so several `vigil serve`
            instances share one database. The vulnerability records stay in VigilStore's SQLite file. */
        .target(
            name: "VigilPostgres",
            dependencies: [
                "VigilCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** The team server: a Hummingbird 2 application with the REST API under /api/v1 (OpenAPI 3.1), bearer-token
            authentication, role checks on every route, and the audit log of every change. */
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilCore", "VigilMatch", "VigilSBOM", "VigilStore", "VigilMonitor", "VigilVEX",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** The `vigil <noun> <verb>` commands: flag parsing, output formats and exit codes. The composition root
            that picks which registries of plug-ins to use. */
        .target(
            name: "VigilCLI",
            dependencies: [
                "VigilCore",
                "VigilSBOM",
                "VigilFeeds",
                "VigilStore",
                "VigilInventory",
                "VigilMatch",
                "VigilVEX",
                "VigilKernel",
                "VigilMonitor",
                "VigilServer",
                "VigilPostgres",
                "VigilHarden",
                "VigilFuzz",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        /** The `vigil` executable: `@main` only. */
        .executableTarget(
            name: "vigil",
            dependencies: ["VigilCLI"],
            swiftSettings: sharedSwiftSettings
        ),
        /** Helpers for test targets only: law checkers for orderings, loaders for the shared test vectors, the
            locator of `../shared/data`, and a database of its own per test on the test PostgreSQL server. */
        .target(
            name: "VigilTesting",
            dependencies: [
                "VigilCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilCoreTests",
            dependencies: [
                "VigilCore",
                "VigilTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilSBOMTests",
            dependencies: [
                "VigilSBOM",
                "CZstd",
                "VigilCore",
                "VigilTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilFeedsTests",
            dependencies: ["VigilFeeds", "VigilStore", "VigilCore", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilStoreTests",
            dependencies: [
                "VigilStore", "VigilFeeds", "VigilCore", "VigilTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilMatchTests",
            dependencies: ["VigilMatch", "VigilCore", "VigilStore", "VigilSBOM", "VigilFeeds", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilVEXTests",
            dependencies: ["VigilVEX", "VigilCore", "VigilSBOM", "VigilMatch", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilMonitorTests",
            dependencies: ["VigilMonitor", "VigilCore", "VigilMatch", "VigilStore", "VigilSBOM", "VigilFeeds", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilServerTests",
            dependencies: [
                "VigilServer", "VigilCore", "VigilStore", "VigilMatch", "VigilTesting", "VigilPostgres", "VigilMonitor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilPostgresTests",
            dependencies: [
                "VigilPostgres", "VigilStore", "VigilCore", "VigilTesting",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilHardenTests",
            dependencies: ["VigilHarden", "VigilInventory", "VigilCore", "VigilTesting"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilFuzzTests",
            dependencies: ["VigilFuzz", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilKernelTests",
            dependencies: ["VigilKernel", "VigilCore", "VigilMatch", "VigilStore", "VigilFeeds", "VigilTesting"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilInventoryTests",
            dependencies: [
                "VigilInventory", "VigilCore", "VigilSBOM", "VigilTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilTestingTests",
            dependencies: ["VigilTesting", "VigilCore"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "VigilCLITests",
            dependencies: ["VigilCLI", "VigilCore", "VigilTesting", "vigil"],
            exclude: ["Snapshots"],
            swiftSettings: sharedSwiftSettings
        ),
    ]
)
