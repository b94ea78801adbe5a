public import Foundation

/// The upstreams `vigil db update` knows, with their default URLs, each overridable (`--base-url SOURCE=URL`).
public struct FeedSyncCatalog: Sendable {
    /// The `--source` names, in update order.
    public static let sources = ["nvd", "cve5", "kernel", "osv", "kev", "epss"]

    /// Default base URLs per source. For `osv` it is the bucket; an ecosystem's file is `BASE/ECOSYSTEM/all.zip`.
    public static let defaultURLs: [String: URL] = [
        "nvd": NVDAPISync.defaultURL,
        "cve5": URL(string: "https://github.com/CVEProject/cvelistV5/archive/refs/heads/main.zip")!,
        "kernel": URL(string: "https://git.kernel.org/pub/scm/linux/security/vulns.git/snapshot/vulns-master.tar.gz")!,
        "osv": URL(string: "https://osv-vulnerabilities.storage.googleapis.com")!,
        "kev": URL(string: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json")!,
        "epss": URL(string: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz")!,
    ]

    /// The OSV ecosystems synced by default: the distributions embedded devices are built from.
    public static let defaultOSVEcosystems = ["AlmaLinux", "Alpine", "Debian", "Ubuntu"]

    public var urls: [String: URL]
    public var osvEcosystems: [String]
    public var nvdAPIKey: String?
    public var nvdLimiter: RateLimiter?

    public init(
        urls: [String: URL] = [:], osvEcosystems: [String] = defaultOSVEcosystems, nvdAPIKey: String? = nil,
        nvdLimiter: RateLimiter? = nil
    ) {
        self.urls = Self.defaultURLs.merging(urls) { _, override in override }
        self.osvEcosystems = osvEcosystems
        self.nvdAPIKey = nvdAPIKey
        self.nvdLimiter = nvdLimiter
    }

    /// The syncs for the chosen sources, in ``sources`` order.
    public func syncs(for chosen: Set<String>) -> [any FeedSync] {
        var syncs: [any FeedSync] = []
        for source in Self.sources where chosen.contains(source) {
            let url = urls[source]!
            switch source {
            case "nvd":
                syncs.append(NVDAPISync(baseURL: url, apiKey: nvdAPIKey, limiter: nvdLimiter))
            case "osv":
                for ecosystem in osvEcosystems {
                    syncs.append(
                        FileFeedSync(
                            source: "osv", feed: "osv:\(ecosystem)",
                            url: url.appending(path: ecosystem).appending(path: "all.zip")))
                }
            case "cve5":
                syncs.append(FileFeedSync(source: source, feed: source, url: url, decompressedLimit: 16 << 30))
            default:
                syncs.append(FileFeedSync(source: source, feed: source, url: url))
            }
        }
        return syncs
    }
}
