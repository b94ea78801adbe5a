public import Foundation
public import Logging
import ServiceLifecycle
public import VigilCore
public import VigilFeeds
public import VigilMatch
import VigilSBOM

/// One monitoring step after another: sync the feeds, evaluate every monitored release with the decisions in force
/// (recording its findings and the alerts they raise in one transaction), deliver what is due. Each step commits on
/// its own, so a step cut short (a crash, a signal) is rolled back and done again by the next cycle, and nothing
/// already recorded is raised twice.
public struct Monitor<Store: VulnerabilityStore & TriageStore & PortfolioStore & MonitorStore>: Sendable {
    public let configuration: MonitorConfiguration
    public let store: Store
    public let channels: [any AlertChannel]
    public let logger: Logger
    let fetcher: any HTTPFetching
    let now: @Sendable () -> Date
    var skipSync = false

    public init(
        configuration: MonitorConfiguration, store: Store, channels: [any AlertChannel], logger: Logger,
        fetcher: any HTTPFetching = URLSessionFetcher(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.store = store
        self.channels = channels
        self.logger = logger
        self.fetcher = fetcher
        self.now = now
    }

    /// What a cycle did.
    public struct CycleReport: Sendable, Hashable, Codable {
        public var feedsSynced: Int = 0
        public var feedsFailed: Int = 0
        public var releasesEvaluated: Int = 0
        public var releasesFailed: Int = 0
        public var baselines: Int = 0
        public var alertsRaised: Int = 0
        /// Weekly digests raised (one per product, the first cycle of each ISO week).
        public var digests: Int = 0
        public var delivered: Int = 0
        public var retrying: Int = 0
        public var deadLettered: Int = 0
    }

    /// Whether a graceful shutdown (SIGTERM, SIGINT) or a cancellation asked the work to stop: checked between steps,
    /// so the step in progress finishes and no other starts.
    static var isStopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// The channels a configuration names: the log always, each webhook, e-mail when configured — in the order of
    /// ``MonitorConfiguration/channels``.
    public static func channels(for configuration: MonitorConfiguration, logger: Logger) -> [any AlertChannel] {
        [LogChannel(logger: logger)] + configuration.webhooks.map(WebhookChannel.init)
            + (configuration.email.map { [EmailChannel($0)] } ?? [])
    }

    /// Sync (unless `sync` is false), evaluate, deliver.
    public func cycle(sync: Bool = true) async -> CycleReport {
        var report = CycleReport()
        if sync && !skipSync { await syncFeeds(&report) }
        if !Self.isStopping { await evaluate(&report) }
        if configuration.digest && !Self.isStopping { await digests(&report) }
        if !Self.isStopping { await deliver(&report) }
        logger.info(
            "cycle: \(report.releasesEvaluated) releases evaluated, \(report.alertsRaised) alerts raised, \(report.delivered) delivered, \(report.retrying) to retry, \(report.deadLettered) dead letters"
        )
        return report
    }

    func syncFeeds(_ report: inout CycleReport) async {
        let catalog = FeedSyncCatalog(
            urls: configuration.feeds.urls,
            osvEcosystems: configuration.feeds.osvEcosystems.isEmpty
                ? FeedSyncCatalog.defaultOSVEcosystems : configuration.feeds.osvEcosystems,
            nvdAPIKey: ProcessInfo.processInfo.environment["NVD_API_KEY"].flatMap { $0.isEmpty ? nil : $0 })
        let logger = logger
        let downloader = FeedDownloader(
            fetcher: fetcher, retry: RetryPolicy(attempts: 4, baseDelay: 2, maximumDelay: 60),
            log: { line in logger.warning("\(line)") })
        let context = FeedSyncContext(downloader: downloader, store: store, now: now)
        for sync in catalog.syncs(for: Set(configuration.feeds.sources)) {
            if Self.isStopping { return }
            do {
                let result = try await sync.sync(context)
                report.feedsSynced += 1
                logger.info(
                    "feed \(sync.feed): \(result.outcome.rawValue), \(result.inserted) new, \(result.replaced) replaced"
                )
            } catch {
                report.feedsFailed += 1
                logger.error("feed \(sync.feed) failed: \(error)")
            }
        }
    }

    /// Every monitored release: scanned with the decisions in force, its findings compared with the last
    /// evaluation's, the findings and alerts recorded together.
    func evaluate(_ report: inout CycleReport) async {
        let time = Timestamp.string(now())
        let today = String(time.prefix(10))
        do {
            let decisions = try await store.currentTriageDecisions()
            for product in try await store.products() {
                for release in try await store.releases(of: product.name) where release.isMonitored(on: today) {
                    if Self.isStopping { return }
                    do {
                        let result = try await evaluate(release, decisions: decisions, at: time)
                        report.releasesEvaluated += 1
                        report.alertsRaised += result.alerts
                        if result.baseline {
                            report.baselines += 1
                            logger.info("baseline \(product.name) \(release.version): \(result.open) open findings")
                        }
                    } catch {
                        report.releasesFailed += 1
                        logger.error("\(product.name) \(release.version) could not be evaluated: \(error)")
                    }
                }
            }
        } catch {
            logger.error("the portfolio could not be read: \(error)")
        }
    }

    /// Each product's digest for this ISO week, raised by the first cycle of the week (once: its id is the product
    /// and the week).
    func digests(_ report: inout CycleReport) async {
        let date = now()
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
        let time = Timestamp.string(date)
        let weekAgo = Timestamp.string(date.addingTimeInterval(-7 * 86_400))
        do {
            let recent = try await store.alerts(since: weekAgo).filter { $0.kind != .weeklyDigest }
            var digests: [Alert] = []
            for product in try await store.products() {
                var open: [String: Int] = [:]
                var entries: [Digest.Entry] = []
                var monitored = 0
                for release in try await store.releases(of: product.name)
                where release.isMonitored(on: String(time.prefix(10))) {
                    monitored += 1
                    for finding in try await store.trackedFindings(product: product.name, release: release.version)
                        ?? []
                    where finding.open {
                        open[finding.severity, default: 0] += 1
                        entries.append(Digest.Entry(release: release.version, finding: finding))
                    }
                }
                let score = { (entry: Digest.Entry) in
                    Double(entry.finding.priority?.split(separator: " ").last ?? "") ?? 0
                }
                entries.sort { (score($0), $1.finding.vulnerability) > (score($1), $0.finding.vulnerability) }
                digests.append(
                    Alert(
                        digest: Digest(
                            product: product.name, week: week, monitoredReleases: monitored, openBySeverity: open,
                            top: Array(entries.prefix(10)),
                            alertsThisWeek: recent.count { $0.product == product.name }),
                        createdAt: time))
            }
            report.digests += try await store.recordAlerts(digests, channels: channels.map(\.name), at: time)
        } catch {
            logger.error("the weekly digests could not be made: \(error)")
        }
    }

    /// Evaluates one release now (the server does this when a release is uploaded): its findings recorded with the
    /// alerts they raise, in one transaction.
    public func evaluate(
        _ release: Release, decisions: [TriageDecision]? = nil, at time: String? = nil
    ) async throws -> (open: Int, alerts: Int, baseline: Bool) {
        let time = time ?? Timestamp.string(now())
        let inForce: [TriageDecision]
        if let decisions { inForce = decisions } else { inForce = try await store.currentTriageDecisions() }
        let scanned = try await scan(release, decisions: inForce, at: time)
        let before = try await store.trackedFindings(product: release.product, release: release.version)
        let (findings, alerts) = ReleaseEvaluator.evaluate(
            product: release.product, release: release.version, now: scanned, before: before,
            minimumSeverity: configuration.minimumSeverity, at: time)
        let raised = try await store.recordEvaluation(
            product: release.product, release: release.version, findings: findings, alerts: alerts,
            channels: channels.map(\.name), at: time)
        return (findings.count { $0.open }, raised, before == nil)
    }

    func scan(_ release: Release, decisions: [TriageDecision], at time: String) async throws -> [TrackedFinding] {
        ReleaseEvaluator.tracked(try await report(release, decisions: decisions, at: time))
    }

    /// A release's scan now, with the triage decisions in force applied (re-validated against the records) and
    /// prioritised: what the monitor evaluates, and what a VEX export of the release states.
    public func report(_ release: Release, decisions: [TriageDecision], at time: String) async throws -> ScanReport {
        let document = try SBOMDecoderRegistry.builtIn.decode(
            release.sbom, source: "\(release.product) \(release.version)", limits: SBOMDecodingLimits())
        var report = try await VulnerabilityScanner().scan(
            document, store: store,
            target: .init(
                name: "\(release.product) \(release.version)", kind: release.sbomFormat,
                components: document.components.count),
            generatedAt: time)
        let found = Set(report.findings.flatMap { [$0.vulnerability] + $0.aliases })
        var evidence: [String: String] = [:]
        for id in Set(decisions.map(\.vulnerability)).intersection(found) {
            let records = try await store.records(id: id)
            if !records.isEmpty { evidence[id] = TriageEvidence.fingerprint(of: records) }
        }
        report.apply(decisions, evidence: evidence)
        report.prioritise(context: nil)
        return report
    }

    /// Delivers every due delivery once; a failure is scheduled again with backoff, or dead-lettered after the
    /// channel's last attempt.
    func deliver(_ report: inout CycleReport) async {
        let byName = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            for (delivery, alert) in try await store.dueDeliveries(
                now: Timestamp.string(now()), channels: channels.map(\.name), limit: 10_000)
            {
                // A shutdown lets the delivery in progress finish, and starts no other.
                if Self.isStopping { break }
                guard let channel = byName[delivery.channel] else { continue }
                let attempt = delivery.attempts + 1
                do {
                    try await channel.deliver(alert, body: AlertPayload.body(alert), attempt: attempt)
                    try await store.recordAttempt(
                        alert: alert.id, channel: channel.name, delivered: true, error: nil, nextAttemptAt: nil,
                        at: Timestamp.string(now()))
                    report.delivered += 1
                } catch {
                    let last = attempt >= channel.attempts
                    let delay = channel.backoff * pow(2, Double(attempt - 1))
                    let next = last ? nil : Timestamp.string(now().addingTimeInterval(delay))
                    try? await store.recordAttempt(
                        alert: alert.id, channel: channel.name, delivered: false, error: "\(error)",
                        nextAttemptAt: next, at: Timestamp.string(now()))
                    if last {
                        report.deadLettered += 1
                        logger.error(
                            "alert \(alert.id) on \(channel.name): dead letter after \(attempt) attempts: \(error)")
                    } else {
                        report.retrying += 1
                        logger.warning(
                            "alert \(alert.id) on \(channel.name): attempt \(attempt) failed (\(error)); retry at \(next ?? "")"
                        )
                    }
                }
            }
        } catch {
            logger.error("deliveries could not be read: \(error)")
        }
    }

    /// The same monitor, its cycles not syncing feeds (`vigil monitor --no-sync`).
    public func withoutSync() -> Monitor {
        var copy = self
        copy.skipSync = true
        return copy
    }

    /// Delivers what is due, without syncing or evaluating: what the service does between cycles.
    public func deliverDue() async -> CycleReport {
        var report = CycleReport()
        await deliver(&report)
        return report
    }
}
