/// What the monitor tells a team: a release newly affected by a vulnerability, a finding whose severity rose, a
/// vulnerability newly listed in CISA's KEV catalogue — or, once a week, a product's digest. Created exactly once — its id is derived from what it says,
/// and it is stored in the same transaction as the evaluation that produced it — and delivered on every channel.
public struct Alert: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case newFinding = "new-finding"
        case severityIncreased = "severity-increased"
        case kevListed = "kev-listed"
        /// A product's weekly summary (``digest``; no finding).
        case weeklyDigest = "weekly-digest"
    }

    /// `AL-` and 16 hex digits of SHA-256 over the kind, product, release, finding and what changed.
    public var id: String
    public var kind: Kind
    public var product: String
    public var release: String
    /// The finding (none for a digest).
    public var finding: TrackedFinding?
    /// The severity before, for `severity-increased`.
    public var previousSeverity: String?
    /// The summary, for `weekly-digest`.
    public var digest: Digest?
    public var createdAt: String

    public init(
        kind: Kind, product: String, release: String, finding: TrackedFinding, previousSeverity: String? = nil,
        createdAt: String
    ) {
        self.kind = kind
        self.product = product
        self.release = release
        self.finding = finding
        self.previousSeverity = previousSeverity
        self.createdAt = createdAt
        // The episode (when the finding last became open) too: a finding closed by a decision and re-opened later is
        // a new alert, not the old one again.
        id = Self.id(
            kind.rawValue, product, release, finding.finding, kind == .severityIncreased ? finding.severity : "",
            finding.openedAt ?? "")
    }

    /// A product's digest for one ISO week: once per product and week (`AL-` over the product and the week).
    public init(digest: Digest, createdAt: String) {
        kind = .weeklyDigest
        product = digest.product
        release = ""
        self.digest = digest
        self.createdAt = createdAt
        id = Self.id(Kind.weeklyDigest.rawValue, digest.product, digest.week)
    }

    static func id(_ fields: String...) -> String { StableID.make("AL", fields) }

    /// One line for logs and e-mail subjects: `[new-finding] pump 2.4.1: CVE-2024-3596 in openssl 3.0.11 (high)`.
    public var summary: String {
        if let digest {
            let open = ["critical", "high", "medium", "low"].compactMap { severity in
                digest.openBySeverity[severity].map { "\($0) \(severity)" }
            }
            return "[\(kind.rawValue)] \(product) \(digest.week): \(digest.monitoredReleases) monitored releases, "
                + (open.isEmpty ? "no open findings" : open.joined(separator: ", "))
                + ", \(digest.alertsThisWeek) alerts"
        }
        guard let finding else { return "[\(kind.rawValue)] \(product) \(release)" }
        return "[\(kind.rawValue)] \(product) \(release): \(finding.vulnerability) in \(finding.component)"
            + (finding.componentVersion.map { " \($0)" } ?? "") + " (\(finding.severity)"
            + (previousSeverity.map { ", was \($0)" } ?? "") + (finding.kev ? ", KEV" : "") + ")"
    }
}

/// A product's week: what is open in its monitored releases, the most urgent findings, the alerts raised.
public struct Digest: Sendable, Hashable, Codable {
    public var product: String
    /// ISO week: `2026-W48`.
    public var week: String
    public var monitoredReleases: Int
    public var openBySeverity: [String: Int]
    /// Up to ten open findings, highest priority first, with their release.
    public var top: [Entry]
    /// Alerts about the product in the seven days before.
    public var alertsThisWeek: Int

    public struct Entry: Sendable, Hashable, Codable {
        public var release: String
        public var finding: TrackedFinding

        public init(release: String, finding: TrackedFinding) {
            self.release = release
            self.finding = finding
        }
    }

    public init(
        product: String, week: String, monitoredReleases: Int, openBySeverity: [String: Int], top: [Entry],
        alertsThisWeek: Int
    ) {
        self.product = product
        self.week = week
        self.monitoredReleases = monitoredReleases
        self.openBySeverity = openBySeverity
        self.top = top
        self.alertsThisWeek = alertsThisWeek
    }
}

/// A finding as the monitor keeps track of it between evaluations of a release.
public struct TrackedFinding: Sendable, Hashable, Codable {
    /// The finding's id (`VF-…`).
    public var finding: String
    public var vulnerability: String
    public var component: String
    public var componentVersion: String?
    /// Whether it holds the release back (affected, or under investigation while the matchers found it affected).
    public var open: Bool
    /// `critical` … `unknown`.
    public var severity: String
    public var kev: Bool
    /// `P1 73.9`, when known.
    public var priority: String?
    /// What to update to, when known.
    public var fixedVersions: [String]
    /// When the vulnerability was published (ISO 8601), when known: where lifecycle metrics start counting.
    public var published: String?
    /// When an analyst's decision (or a VEX statement) applying to it was recorded, if one was.
    public var triagedAt: String?
    /// When the monitor saw it become open (this time): the start of the episode its alerts belong to.
    public var openedAt: String?

    public init(
        finding: String, vulnerability: String, component: String, componentVersion: String?, open: Bool,
        severity: String, kev: Bool, priority: String? = nil, fixedVersions: [String] = [], published: String? = nil,
        triagedAt: String? = nil
    ) {
        self.finding = finding
        self.vulnerability = vulnerability
        self.component = component
        self.componentVersion = componentVersion
        self.open = open
        self.severity = severity
        self.kev = kev
        self.priority = priority
        self.fixedVersions = fixedVersions
        self.published = published
        self.triagedAt = triagedAt
    }
}

/// One alert's delivery on one channel.
public struct AlertDelivery: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pending
        case delivered
        /// Every attempt failed: kept, with the last error, for someone to look at.
        case deadLetter = "dead-letter"
    }

    public var alert: String
    /// `log`, `webhook:NAME`, `email`.
    public var channel: String
    public var status: Status
    public var attempts: Int
    /// ISO 8601: not before.
    public var nextAttemptAt: String
    public var lastError: String?
    public var deliveredAt: String?

    public init(
        alert: String, channel: String, status: Status = .pending, attempts: Int = 0, nextAttemptAt: String,
        lastError: String? = nil, deliveredAt: String? = nil
    ) {
        self.alert = alert
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}

/// Where the monitor keeps what it found in each release and the alerts it raised (VigilStore's SQLite database
/// conforms). ``recordEvaluation(product:release:findings:alerts:channels:at:)`` is one transaction: the findings,
/// the alerts and their pending deliveries are all written, or none is.
public protocol MonitorStore: Sendable {
    /// The findings tracked for a release at its last evaluation; nil when it was never evaluated.
    func trackedFindings(product: String, release: String) async throws -> [TrackedFinding]?
    /// Replaces a release's tracked findings and adds the alerts (one already on record is skipped) with a pending
    /// delivery on each channel, in one transaction. Returns how many alerts were new.
    @discardableResult
    func recordEvaluation(
        product: String, release: String, findings: [TrackedFinding], alerts: [Alert], channels: [String], at: String
    ) async throws -> Int
    /// Pending deliveries on these channels due at `now`, oldest alert first, with their alerts.
    func dueDeliveries(now: String, channels: [String], limit: Int) async throws -> [(AlertDelivery, Alert)]
    /// Records an attempt on a pending delivery: delivered, or failed with the error and when to retry (nil: no more
    /// tries, dead letter). A delivery no longer pending is left as it is.
    func recordAttempt(
        alert: String, channel: String, delivered: Bool, error: String?, nextAttemptAt: String?, at: String
    ) async throws
    /// Adds alerts not tied to a release's evaluation (weekly digests), with their pending deliveries, in one
    /// transaction; one already on record is skipped. Returns how many were new.
    @discardableResult
    func recordAlerts(_ alerts: [Alert], channels: [String], at: String) async throws -> Int
    /// Alerts, newest first, with every channel's delivery; only those with a delivery in `status` when given.
    func alerts(limit: Int, status: AlertDelivery.Status?) async throws -> [(Alert, [AlertDelivery])]
    /// Alerts created at or after `since`, oldest first.
    func alerts(since: String) async throws -> [Alert]
    /// Every evaluation of a product's releases, oldest first: when, and its open findings by severity.
    func evaluationHistory(product: String) async throws -> [EvaluationRecord]
}

/// One evaluation of one release, as history keeps it.
public struct EvaluationRecord: Sendable, Hashable, Codable {
    public var product: String
    public var release: String
    public var evaluatedAt: String
    /// Open findings by severity (`critical` … `unknown`).
    public var openBySeverity: [String: Int]

    public init(product: String, release: String, evaluatedAt: String, openBySeverity: [String: Int]) {
        self.product = product
        self.release = release
        self.evaluatedAt = evaluatedAt
        self.openBySeverity = openBySeverity
    }
}

extension TrackedFinding {
    /// What a store keeps of one evaluation: one finding per id (two components with the same identity give one
    /// finding, open if either is), sorted by id, and the open ones counted by severity.
    public static func evaluation(
        _ findings: [TrackedFinding]
    ) -> (findings: [TrackedFinding], openBySeverity: [String: Int]) {
        var unique: [String: TrackedFinding] = [:]
        for finding in findings {
            if var known = unique[finding.finding] {
                known.open = known.open || finding.open
                unique[finding.finding] = known
            } else {
                unique[finding.finding] = finding
            }
        }
        var bySeverity: [String: Int] = [:]
        for finding in unique.values where finding.open { bySeverity[finding.severity, default: 0] += 1 }
        return (unique.values.sorted { $0.finding < $1.finding }, bySeverity)
    }
}
