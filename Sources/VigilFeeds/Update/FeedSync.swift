public import Foundation
public import VigilCore

/// Downloads one upstream feed into the store: a plug-in, one per upstream (NVD's API, a file with validators).
public protocol FeedSync: Sendable {
    /// The `--source` it belongs to: `nvd`, `cve5`, `kernel`, `osv`, `kev`, `epss`.
    var source: String { get }
    /// The sync-state key (`nvd`, `osv:AlmaLinux`).
    var feed: String { get }
    /// Downloads what is new and imports it, committing records and sync state together.
    func sync(_ context: FeedSyncContext) async throws(FeedUpdateError) -> FeedSyncReport
}

/// What a sync works with.
public struct FeedSyncContext: Sendable {
    public var downloader: FeedDownloader
    public var store: any VulnerabilityStore
    public var registry: FeedImporterRegistry
    /// The clock (tests pin it).
    public var now: @Sendable () -> Date
    /// Progress lines (`nvd: page 3 of 12`).
    public var progress: @Sendable (String) -> Void

    public init(
        downloader: FeedDownloader, store: any VulnerabilityStore,
        registry: FeedImporterRegistry = .builtIn, now: @escaping @Sendable () -> Date = { Date() },
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.downloader = downloader
        self.store = store
        self.registry = registry
        self.now = now
        self.progress = progress
    }

    func state(of feed: String) async throws(FeedUpdateError) -> FeedSyncState? {
        do {
            return try await store.syncStates().first { $0.feed == feed }
        } catch {
            throw FeedUpdateError(.store, "cannot read the sync state: \(error)")
        }
    }
}

/// What one feed's sync did.
public struct FeedSyncReport: Sendable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        /// New data was imported.
        case updated
        /// The server said nothing changed (304), or the body's SHA-256 is the one imported last time.
        case unchanged
        case failed
    }

    public var feed: String
    public var url: String
    public var outcome: Outcome
    public var requests = 0
    public var read = 0
    public var inserted = 0
    public var replaced = 0
    public var unchanged = 0
    public var skipped = 0
    public var sha256: String?
    public var watermark: String?
    public var error: String?

    public init(feed: String, url: String, outcome: Outcome) {
        self.feed = feed
        self.url = url
        self.outcome = outcome
    }

    mutating func add(_ batch: FeedImportBatch, _ counts: ImportCounts) {
        read += batch.records.count + (batch.packageCPEs?.count ?? 0)
        skipped += batch.skipped.count
        inserted += counts.inserted
        replaced += counts.replaced
        unchanged += counts.unchanged
    }
}

/// A feed published as one file (KEV JSON, EPSS CSV, an OSV ecosystem's `all.zip`, the kernel CNA's tarball, the
/// CVE List V5 zip): fetched with `If-None-Match`/`If-Modified-Since`, skipped when its SHA-256 is unchanged, and
/// imported through the registry document by document in one transaction with its new sync state. A body that does
/// not read (truncated, corrupt) is downloaded again, up to the retry policy's tries.
public struct FileFeedSync: FeedSync {
    public let source: String
    public let feed: String
    public let url: URL
    /// The decompression budget for this feed (the CVE List is larger than the default).
    public var decompressedLimit: Int?

    public init(source: String, feed: String, url: URL, decompressedLimit: Int? = nil) {
        self.source = source
        self.feed = feed
        self.url = url
        self.decompressedLimit = decompressedLimit
    }

    public func sync(_ context: FeedSyncContext) async throws(FeedUpdateError) -> FeedSyncReport {
        var report = FeedSyncReport(feed: feed, url: url.redactedString, outcome: .unchanged)
        let previous = try await context.state(of: feed)
        var headers: [String: String] = [:]
        if let previous, previous.url == url.absoluteString {
            if let etag = previous.etag { headers["If-None-Match"] = etag }
            if let modified = previous.lastModified { headers["If-Modified-Since"] = modified }
        }
        var registry = context.registry
        if let decompressedLimit { registry.decompressedLimit = decompressedLimit }
        var attempt = 1
        while true {
            context.progress("\(feed): downloading \(url.redactedString)")
            let (response, _) = try await context.downloader.fetch(url, headers: headers) { _ throws(FeedUpdateError) in
                ()
            }
            report.requests += 1
            let now = Timestamp.string(context.now())
            var state = previous ?? FeedSyncState(feed: feed)
            state.lastSuccess = now
            if response.status == 304 {
                try await save(state, in: context)
                return report
            }
            let digest = SHA256.hash(response.body).hexString
            report.sha256 = digest
            state.url = url.absoluteString
            state.etag = response.headers["etag"]
            state.lastModified = response.headers["last-modified"]
            if previous?.sha256 == digest, previous?.url == url.absoluteString {
                try await save(state, in: context)
                return report
            }
            state.sha256 = digest
            context.progress("\(feed): importing \(response.body.count) bytes")
            let body = response.body
            let source = url.redactedString
            let frozenState = state
            let reader = registry
            do {
                let counts = try await context.store.importTransaction { session in
                    var counts = FeedSyncReport(feed: "", url: "", outcome: .updated)
                    _ = try reader.read(body, source: source) { _, batch in
                        counts.add(batch, try session.add(batch))
                    }
                    var state = frozenState
                    state.records = counts.read
                    try session.saveSyncState(state)
                    return counts
                }
                report.outcome = .updated
                report.read = counts.read
                report.inserted = counts.inserted
                report.replaced = counts.replaced
                report.unchanged = counts.unchanged
                report.skipped = counts.skipped
                return report
            } catch let error as FeedImportError {
                let failure = FeedUpdateError(.invalidContent, "the download does not read: \(error)", url: source)
                guard attempt < context.downloader.retry.attempts else { throw failure }
                let delay = context.downloader.retry.delay(after: attempt, retryAfter: nil)
                context.downloader.log("retrying in \(Int(delay.rounded())) s: \(failure)")
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                attempt += 1
            } catch {
                throw FeedUpdateError(.store, "the import failed: \(error)", url: source)
            }
        }
    }

    private func save(_ state: FeedSyncState, in context: FeedSyncContext) async throws(FeedUpdateError) {
        do {
            try await context.store.importTransaction { session in try session.saveSyncState(state) }
        } catch {
            throw FeedUpdateError(.store, "cannot save the sync state: \(error)")
        }
    }
}
