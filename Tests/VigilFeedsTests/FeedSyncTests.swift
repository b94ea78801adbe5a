import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilStore
import VigilTesting

/// The download code against a real HTTP server on 127.0.0.1 that answers like real upstreams do: 503s, 429s with
/// Retry-After, slow and cut responses, ETags and 304s.
@Suite struct FeedSyncTests {
    /// A mutable value shared with the server's handler threads.
    final class Box<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func update<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
    }

    static func downloader(timeout: Double = 5) -> FeedDownloader {
        FeedDownloader(
            fetcher: URLSessionFetcher(timeout: timeout), retry: RetryPolicy(attempts: 4, baseDelay: 0.01))
    }

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func nvdPage(ids: [String], modified: String, start: Int, total: Int, perPage: Int) -> [UInt8] {
        let items = ids.map {
            #"{"cve":{"id":"\#($0)","lastModified":"\#(modified)","descriptions":[{"lang":"en","value":"x"}]}}"#
        }
        return Array(
            #"""
            {"resultsPerPage":\#(perPage),"startIndex":\#(start),"totalResults":\#(total),"format":"NVD_CVE",
             "version":"2.0","timestamp":"2099-06-01T00:00:00.000","vulnerabilities":[\#(items.joined(separator: ","))]}
            """#.utf8)
    }

    @Test func nvdPagesWindowsRetriesAndKeepsItsWatermark() async throws {
        // Answers by query, with a count per query, so that a retry under load never shifts the script.
        let seen = Box([String: Int]())
        let server = try LocalHTTPServer { request in
            let start = request.query["startIndex"] ?? "0"
            let key = (request.query["lastModStartDate"]?.prefix(10) ?? "all") + "@" + start
            let count = seen.update { counts -> Int in
                counts[key, default: 0] += 1
                return counts[key]!
            }
            let old = "2099-01-01T00:00:00.000"
            switch (key, count) {
            case ("all@0", 1): return .init(status: 503)
            case ("all@0", _):
                return .init(
                    body: Self.nvdPage(
                        ids: ["CVE-2099-0001", "CVE-2099-0002"], modified: old, start: 0, total: 3, perPage: 2))
            case ("all@2", 1):
                let page = Self.nvdPage(ids: ["CVE-2099-0003"], modified: old, start: 2, total: 3, perPage: 2)
                return .init(body: page, truncateAfter: 40)
            case ("all@2", _):
                return .init(body: Self.nvdPage(ids: ["CVE-2099-0003"], modified: old, start: 2, total: 3, perPage: 2))
            case ("2099-06-01@0", 1): return .init(status: 429, headers: ["Retry-After": "0"])
            case ("2099-06-01@0", _):
                return .init(
                    body: Self.nvdPage(
                        ids: ["CVE-2099-0001"], modified: "2099-07-01T00:00:00.000", start: 0, total: 1, perPage: 2000))
            case ("2099-09-29@0", 1):
                return .init(body: Self.nvdPage(ids: [], modified: "", start: 0, total: 0, perPage: 2000), delay: 6)
            default: return .init(body: Self.nvdPage(ids: [], modified: "", start: 0, total: 0, perPage: 2000))
            }
        }
        defer { server.stop() }
        let store = try SQLiteVulnerabilityStore()
        let sync = NVDAPISync(
            baseURL: URL(string: server.baseURL + "/rest/json/cves/2.0")!, apiKey: "secret-key", resultsPerPage: 2,
            limiter: RateLimiter(requests: 1_000, per: 30))
        var context = FeedSyncContext(
            downloader: FeedDownloader(
                fetcher: URLSessionFetcher(timeout: 2), retry: RetryPolicy(attempts: 6, baseDelay: 0.01)),
            store: store, now: { Self.date("2099-06-01T00:00:00Z") })

        let first = try await sync.sync(context)
        #expect(first.outcome == .updated)
        #expect(first.read == 3 && first.inserted == 3)
        #expect(first.watermark == "2099-06-01T00:00:00.000Z")
        let firstRequests = server.requests
        #expect(firstRequests.allSatisfy { $0.headers["apikey"] == "secret-key" })
        #expect(firstRequests.allSatisfy { $0.query["lastModStartDate"] == nil }, "the first sync takes everything")
        #expect(seen.update { $0["all@0"] ?? 0 } >= 2 && seen.update { $0["all@2"] ?? 0 } >= 2, "503 and cut retried")

        context.now = { Self.date("2099-12-01T00:00:00Z") }
        let second = try await sync.sync(context)
        #expect(second.read == 1 && second.replaced == 1)
        #expect(second.watermark == "2099-12-01T00:00:00.000Z")
        let windows = Set(
            server.requests.dropFirst(firstRequests.count).map {
                [$0.query["lastModStartDate"] ?? "", $0.query["lastModEndDate"] ?? ""]
            })
        #expect(
            windows == [
                ["2099-06-01T00:00:00.000+00:00", "2099-09-29T00:00:00.000+00:00"],
                ["2099-09-29T00:00:00.000+00:00", "2099-12-01T00:00:00.000+00:00"],
            ], "two windows of at most 120 days")
        #expect(seen.update { $0["2099-06-01@0"] ?? 0 } >= 2, "429 retried")
        #expect(seen.update { $0["2099-09-29@0"] ?? 0 } >= 2, "a hung response times out and is retried")
        let state = try await store.syncStates().first
        #expect(state?.feed == "nvd" && state?.watermark == "2099-12-01T00:00:00.000Z")
        #expect(try await store.records(id: "CVE-2099-0001").first?.vulnerability.modified == "2099-07-01T00:00:00.000")
    }

    @Test func aFileFeedUsesItsETagAndHashAndReplacesOnChange() async throws {
        let version = Box(1)
        let server = try LocalHTTPServer { request in
            let current = version.update { $0 }
            let body = Array(
                #"{"catalogVersion":"2099.0\#(current)","vulnerabilities":[{"cveID":"CVE-2099-0001","dateAdded":"2099-01-0\#(current)"}]}"#
                    .utf8)
            if current == 1, request.headers["if-none-match"] == "\"v1\"" { return .init(status: 304) }
            return .init(headers: current == 1 ? ["ETag": "\"v1\""] : [:], body: body)
        }
        defer { server.stop() }
        let store = try SQLiteVulnerabilityStore()
        let sync = FileFeedSync(source: "kev", feed: "kev", url: URL(string: server.baseURL + "/kev.json")!)
        let context = FeedSyncContext(downloader: Self.downloader(), store: store)
        let first = try await sync.sync(context)
        #expect(first.outcome == .updated && first.inserted == 1)
        let notModified = try await sync.sync(context)
        #expect(notModified.outcome == .unchanged)
        #expect(server.requests.last?.headers["if-none-match"] == "\"v1\"")
        version.update { $0 = 2 }
        let changed = try await sync.sync(context)
        #expect(changed.outcome == .updated && changed.replaced == 1)
        let sameAgain = try await sync.sync(context)
        #expect(sameAgain.outcome == .unchanged, "no ETag now, but the same SHA-256")
        let state = try #require(try await store.syncStates().first)
        #expect(state.sha256 == changed.sha256 && state.sha256?.count == 64)
        #expect(state.records == 1)
        #expect(
            try await store.records(id: "CVE-2099-0001").first?.vulnerability.knownExploited?.dateAdded == "2099-01-02")
    }

    @Test func aCorruptBodyIsDownloadedAgainAndA404FailsAtOnce() async throws {
        let calls = Box(0)
        let csv = Array(
            "#model_version:v2025.03.14,score_date:2099-11-27T00:00:00Z\ncve,epss,percentile\nCVE-2099-0001,0.5,0.9\n"
                .utf8)
        let gzip = GzipWriter.compress(csv)
        let server = try LocalHTTPServer { request in
            if request.path == "/missing.csv.gz" { return .init(status: 404) }
            let call = calls.update { value -> Int in
                value += 1
                return value
            }
            // A cut gzip whose Content-Length matches: only reading it shows it is broken.
            return call == 1 ? .init(body: Array(gzip.prefix(gzip.count / 2))) : .init(body: gzip)
        }
        defer { server.stop() }
        let store = try SQLiteVulnerabilityStore()
        let context = FeedSyncContext(downloader: Self.downloader(), store: store)
        let sync = FileFeedSync(source: "epss", feed: "epss", url: URL(string: server.baseURL + "/epss.csv.gz")!)
        let report = try await sync.sync(context)
        #expect(report.outcome == .updated && report.inserted == 1 && report.requests == 2)
        let missing = FileFeedSync(source: "epss", feed: "epss", url: URL(string: server.baseURL + "/missing.csv.gz")!)
        do {
            _ = try await missing.sync(context)
            Issue.record("a 404 synced")
        } catch {
            #expect(error.status == 404)
            #expect(error.message.contains("not found"))
        }
        #expect(server.requests.filter { $0.path == "/missing.csv.gz" }.count == 1, "a 404 is not retried")
    }

    @Test func osvZipsAndTheKernelTarballComeFromTheirCatalogURLs() async throws {
        let osv =
            #"{"id":"ALSA-2099:0001","modified":"2099-01-02T00:00:00Z","related":["CVE-2099-0001"],"affected":[{"package":{"ecosystem":"AlmaLinux:9","name":"zlib"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2.11-40.el9"}]}]}]}"#
        let kernel =
            #"{"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2099-0002","state":"PUBLISHED","assignerOrgId":"f4215fc3-5b6b-47ff-a258-f7189bd81038"},"containers":{"cna":{"affected":[{"vendor":"Linux","product":"Linux","defaultStatus":"affected","programFiles":["net/core/dev.c"],"versions":[{"version":"6.1.90","lessThanOrEqual":"6.1.*","status":"unaffected","versionType":"semver"}]}]}}}"#
        let tarball = GzipWriter.compress(
            TarBuilder.archive([
                TarBuilder.file("vulns-master/cve/published/2099/CVE-2099-0002.json", kernel),
                TarBuilder.file("vulns-master/cve/published/2099/CVE-2099-0002.mbox", "From: someone"),
            ]))
        let zip = Array(FeedRobustnessTests.osvZip)
        let server = try LocalHTTPServer { request in
            switch request.path {
            case "/osv/AlmaLinux/all.zip": .init(body: zip)
            case "/vulns.tar.gz": .init(body: tarball)
            default: .init(status: 404)
            }
        }
        defer { server.stop() }
        let catalog = FeedSyncCatalog(
            urls: [
                "osv": URL(string: server.baseURL + "/osv")!, "kernel": URL(string: server.baseURL + "/vulns.tar.gz")!,
            ],
            osvEcosystems: ["AlmaLinux"])
        let syncs = catalog.syncs(for: ["osv", "kernel"])
        #expect(syncs.map(\.feed) == ["kernel", "osv:AlmaLinux"])
        let store = try SQLiteVulnerabilityStore()
        let context = FeedSyncContext(downloader: Self.downloader(), store: store)
        for sync in syncs { _ = try await sync.sync(context) }
        #expect(try await store.countsBySource() == [.osv: 2, .kernel: 1])
        let record = try #require(try await store.records(id: "CVE-2099-0002").first)
        #expect(record.affected.first?.programFiles == ["net/core/dev.c"])
        #expect(try await store.syncStates().map(\.feed) == ["kernel", "osv:AlmaLinux"])
        _ = osv
    }
}
