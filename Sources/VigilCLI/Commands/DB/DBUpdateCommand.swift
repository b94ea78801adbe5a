import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil db update`: downloads what is new from the upstream feeds.
struct DBUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Download what is new from the upstream feeds into the database.",
        discussion: """
            Sources: nvd (the CVE API 2.0: everything the first time, then only CVEs modified since the last sync, \
            in windows of at most 120 days, paged, within NVD's rate limits: 5 requests per 30 s, 50 with an API \
            key in NVD_API_KEY), cve5 (the CVE List V5), kernel (the Linux kernel CNA's vulns.git), osv (each \
            --osv-ecosystem's all.zip), kev (CISA KEV) and epss (FIRST EPSS). Files are fetched with their ETag \
            and skipped when unchanged (304, or the same SHA-256). Transient failures (network errors, timeouts, \
            cut or corrupt bodies, 429, 5xx) are retried with exponential backoff, honouring Retry-After. Each \
            feed's records are committed together with its sync state (URL, ETag, SHA-256, watermark), so an \
            interrupted update loses nothing and resumes where it was.

            Exit status: 0 when every feed synced, 4 when a feed failed after its retries (the others are still \
            synced), 2 when an option is invalid or the database cannot be opened.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(
        name: .customLong("source"),
        help: "A source to update: nvd, cve5, kernel, osv, kev or epss (repeatable; default: all).")
    var sources: [String] = []
    @Option(name: .customLong("base-url"), help: "SOURCE=URL: where a source is downloaded from (repeatable).")
    var baseURLs: [String] = []
    @Option(
        name: .customLong("osv-ecosystem"),
        help: "An OSV ecosystem to sync (repeatable; default: AlmaLinux, Alpine, Debian, Ubuntu).")
    var osvEcosystems: [String] = []
    @Option(help: "Seconds without data before a request fails.") var timeout: Double = 60
    @Option(help: "Tries per request, the first included.") var tries: Int = 6
    @Option(help: "Seconds before the first retry; doubles each time.") var retryDelay: Double = 2
    @Option(help: "NVD requests allowed per 30 s (default: 5, or 50 with NVD_API_KEY).") var nvdRateLimit: Int?
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        for source in sources where !FeedSyncCatalog.sources.contains(source) {
            throw ValidationError(
                "'\(source)' is not a source; choose from \(FeedSyncCatalog.sources.joined(separator: ", "))")
        }
        for entry in baseURLs {
            guard let (source, url) = Self.parseBaseURL(entry) else {
                throw ValidationError("--base-url '\(entry)' is not SOURCE=URL with an http or https URL")
            }
            guard FeedSyncCatalog.sources.contains(source) else { throw ValidationError("'\(source)' is not a source") }
            _ = url
        }
        guard timeout > 0, tries >= 1, retryDelay >= 0 else {
            throw ValidationError("--timeout must be positive, --tries at least 1, --retry-delay not negative")
        }
    }

    static func parseBaseURL(_ entry: String) -> (String, URL)? {
        guard let equals = entry.firstIndex(of: "="),
            let url = URL(string: String(entry[entry.index(after: equals)...])),
            url.scheme == "http" || url.scheme == "https", url.host != nil
        else { return nil }
        return (String(entry[..<equals]), url)
    }

    func run() async throws {
        let store = try database.open(writing: true)
        let progress = Progress(quiet: quiet)
        var urls: [String: URL] = [:]
        for entry in baseURLs { if let (source, url) = Self.parseBaseURL(entry) { urls[source] = url } }
        let key = ProcessInfo.processInfo.environment["NVD_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let catalog = FeedSyncCatalog(
            urls: urls, osvEcosystems: osvEcosystems.isEmpty ? FeedSyncCatalog.defaultOSVEcosystems : osvEcosystems,
            nvdAPIKey: key, nvdLimiter: nvdRateLimit.map { RateLimiter(requests: $0, per: 30) })
        let quiet = quiet
        let downloader = FeedDownloader(
            fetcher: URLSessionFetcher(timeout: timeout),
            retry: RetryPolicy(attempts: tries, baseDelay: retryDelay, maximumDelay: max(retryDelay, 120)),
            log: { line in if !quiet { Console.warning(line) } })
        let context = FeedSyncContext(downloader: downloader, store: store, progress: { progress.show($0) })
        var reports: [FeedSyncReport] = []
        for sync in catalog.syncs(for: Set(sources.isEmpty ? FeedSyncCatalog.sources : sources)) {
            do {
                reports.append(try await sync.sync(context))
            } catch {
                var report = FeedSyncReport(feed: sync.feed, url: "", outcome: .failed)
                report.error = error.description
                reports.append(report)
                progress.finish()
                Console.error("\(sync.feed): \(error)")
            }
            progress.finish()
            if let report = reports.last, format == .table, !quiet, report.outcome != .failed {
                print(Self.line(report))
            }
        }
        if format == .json { print(try JSONOutput.encode(reports)) }
        if reports.contains(where: { $0.outcome == .failed }) { throw ExitStatus.downloadFailed }
    }

    static func line(_ report: FeedSyncReport) -> String {
        switch report.outcome {
        case .unchanged: return "\(report.feed): unchanged"
        case .failed: return "\(report.feed): failed: \(report.error ?? "")"
        case .updated:
            return "\(report.feed): \(report.read) records: \(report.inserted) new, \(report.replaced) replaced, "
                + "\(report.unchanged) unchanged, \(report.skipped) skipped (\(report.requests) requests)"
        }
    }
}
