import Foundation

/// The real SBOMs in `shared/data/sbom`, by format, for decoder and round-trip tests.
public enum SBOMSamples {
    /// One sample document: its path under `shared/data/sbom` and its bytes.
    public struct Sample: Sendable, CustomStringConvertible {
        public var path: String
        public var bytes: [UInt8]
        public var description: String { path }
    }

    /// CycloneDX JSON documents (every CycloneDX example and the Yocto export).
    public static func cycloneDXJSON() -> [Sample] {
        samples { $0.hasPrefix("cyclonedx-examples/") || $0.hasPrefix("yocto-vulnscout/example-cyclonedx") }
    }

    /// SPDX 2.2/2.3 JSON documents (the spdx-examples 2.x files and the Yocto per-recipe documents).
    public static func spdx2JSON() -> [Sample] {
        samples { path in
            (path.contains("/spdx2.") && path.hasSuffix(".json")) || path.hasPrefix("spdx-examples/presentations/")
                || path.hasPrefix("spdx-examples/software/example14/content/") && path.hasSuffix(".spdx.json")
                || path.hasPrefix("yocto-vulnscout/yocto-recipe-")
        }
    }

    /// SPDX 3.0 JSON-LD documents (the spdx-examples 3.0 files and Yocto's image SBOM).
    public static func spdx3JSON() -> [Sample] {
        samples { $0.contains("/spdx3.0/") || $0.hasSuffix(".spdx3.json") }
    }

    /// SPDX 2.x tag-value documents (the spdx-examples `.spdx` files).
    public static func spdxTagValue() -> [Sample] {
        samples(suffix: ".spdx") { $0.hasPrefix("spdx-examples/") }
    }

    private static func samples(suffix: String = ".json", _ include: (String) -> Bool) -> [Sample] {
        guard let root = SharedData.url("sbom"),
            let enumerator = FileManager.default.enumerator(atPath: root.path)
        else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) && include($0) }.sorted()
            .compactMap { path in
                (try? Data(contentsOf: root.appending(path: path))).map { Sample(path: path, bytes: [UInt8]($0)) }
            }
    }
}
