public import Foundation
import VigilCore

/// Syncs NVD through the CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities).
///
/// The first sync pages through every CVE; later ones ask only for CVEs modified since the watermark, in
/// `lastModStartDate`/`lastModEndDate` windows of at most 120 days (the API's limit), page by page
/// (`startIndex`, `resultsPerPage` up to 2,000). Requests keep to NVD's rate limits — 5 in any 30 s without an API
/// key, 50 with one (sent as the `apiKey` header, from `NVD_API_KEY`; never logged) — and transient failures are
/// retried with backoff. Each page is committed as it arrives; the watermark moves, in the same transaction as the
/// window's last page, only when a whole window is in, so an interrupted sync resumes where it was and never skips
/// a CVE.
public struct NVDAPISync: FeedSync {
    public let source = "nvd"
    public let feed = "nvd"
    public var baseURL: URL
    public var apiKey: String?
    public var resultsPerPage: Int
    /// Days per window; NVD allows at most 120.
    public var windowDays: Int
    public var limiter: RateLimiter

    public static let defaultURL = URL(string: "https://services.nvd.nist.gov/rest/json/cves/2.0")!

    public init(
        baseURL: URL = defaultURL, apiKey: String? = nil, resultsPerPage: Int = 2_000, windowDays: Int = 120,
        limiter: RateLimiter? = nil
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.resultsPerPage = min(2_000, max(1, resultsPerPage))
        self.windowDays = min(120, max(1, windowDays))
        self.limiter = limiter ?? RateLimiter(requests: self.apiKey == nil ? 5 : 50, per: 30)
    }

    /// The paging members of an API response.
    struct Page: Decodable {
        var resultsPerPage: Int
        var startIndex: Int
        var totalResults: Int
    }

    public func sync(_ context: FeedSyncContext) async throws(FeedUpdateError) -> FeedSyncReport {
        var report = FeedSyncReport(feed: feed, url: baseURL.redactedString, outcome: .unchanged)
        let previous = try await context.state(of: feed)
        let started = context.now()
        var windows: [(start: Date, end: Date)?] = []
        if let watermark = previous?.watermark, let start = Self.parse(watermark) {
            var from = start
            while from < started {
                let to = min(started, from.addingTimeInterval(Double(windowDays) * 86_400))
                windows.append((from, to))
                from = to
            }
        } else {
            windows = [nil]  // the first sync: every CVE
        }
        for (index, window) in windows.enumerated() {
            let isLast = index == windows.count - 1
            var startIndex = 0
            var total = 1
            while startIndex < total {
                let url = pageURL(window: window, startIndex: startIndex)
                let (_, value) = try await context.downloader.fetch(
                    url, headers: apiKey.map { ["apiKey": $0] } ?? [:], limiter: limiter
                ) { response throws(FeedUpdateError) in
                    try Self.readPage(response.body, url: url)
                }
                report.requests += 1
                guard let (page, batch) = value else {
                    throw FeedUpdateError(.invalidContent, "the API answered 304 to a query", url: url.redactedString)
                }
                total = page.totalResults
                let next = page.startIndex + max(page.resultsPerPage, batch.records.count + batch.skipped.count)
                let windowDone = next >= total || page.resultsPerPage == 0
                var state = previous ?? FeedSyncState(feed: feed)
                if windowDone {
                    // The watermark: the window's end, or for the first sync the time it started.
                    state.watermark = Timestamp.string(window?.end ?? started)
                    state.url = baseURL.absoluteString
                    state.lastSuccess = Timestamp.string(context.now())
                }
                let pageState = state
                let counts: ImportCounts
                do {
                    counts = try await context.store.importTransaction { session in
                        let counts = try session.add(batch)
                        if windowDone { try session.saveSyncState(pageState) }
                        return counts
                    }
                } catch {
                    throw FeedUpdateError(.store, "the import failed: \(error)", url: url.redactedString)
                }
                report.add(batch, counts)
                if windowDone, isLast { report.watermark = pageState.watermark }
                context.progress(
                    "nvd: window \(index + 1) of \(windows.count), \(min(next, total)) of \(total) CVEs")
                if page.resultsPerPage == 0 { break }
                startIndex = next
            }
        }
        if report.read > 0 || report.skipped > 0 { report.outcome = .updated }
        return report
    }

    func pageURL(window: (start: Date, end: Date)?, startIndex: Int) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        var items = components.percentEncodedQueryItems ?? []
        if let window {
            // `+` must be percent-encoded, or the server reads it as a space.
            items.append(.init(name: "lastModStartDate", value: Self.apiDate(window.start)))
            items.append(.init(name: "lastModEndDate", value: Self.apiDate(window.end)))
        }
        items.append(.init(name: "resultsPerPage", value: String(resultsPerPage)))
        items.append(.init(name: "startIndex", value: String(startIndex)))
        components.percentEncodedQueryItems = items
        return components.url!
    }

    /// `2024-01-01T00:00:00.000%2B00:00`, as the API documents.
    static func apiDate(_ date: Date) -> String {
        Timestamp.string(date).replacingOccurrences(of: "Z", with: "%2B00:00")
    }

    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
    }

    static func readPage(_ body: [UInt8], url: URL) throws(FeedUpdateError) -> (Page, FeedImportBatch) {
        let page: Page
        do {
            page = try JSONDecoder().decode(Page.self, from: Data(body))
        } catch {
            throw FeedUpdateError(
                .invalidContent, "not an NVD API page: \(NVDImporter.describe(error))", url: url.redactedString)
        }
        do {
            return (page, try NVDImporter().read(body, source: url.redactedString))
        } catch {
            throw FeedUpdateError(.invalidContent, "\(error)", url: url.redactedString)
        }
    }
}
