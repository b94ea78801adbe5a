public import VigilCore

/// The postmarket measures the FDA asks manufacturers to track, per product (`vigil.metrics/1`): how long from a
/// vulnerability's publication to its triage and to a release that no longer has it, the share fixed within the
/// policy window of its severity, and open findings by severity over time — computed from the monitor's records
/// (each release's tracked findings, the evaluation history) and the portfolio.
///
/// A finding is a vulnerability in a component (by name) of a product, whatever the release. It is triaged when an
/// analyst's decision or a VEX statement applied to it (the earliest such time counts), and fixed by the first later
/// release (by when releases were added) in which it is no longer open. Days are whole UTC days, never negative.
public struct LifecycleMetrics: Sendable, Codable, Hashable {
    public static let schemaVersion = "vigil.metrics/1"

    public var schema = LifecycleMetrics.schemaVersion
    public var generatedAt: String
    public var policy: Policy
    public var products: [ProductMetrics]

    public struct Policy: Sendable, Codable, Hashable {
        public var triageWithinDays: Int
        public var fixWithinDays: [String: Int]
    }

    public struct ProductMetrics: Sendable, Codable, Hashable {
        public var product: String
        public var releases: [ReleaseMetrics]
        /// Open findings of the monitored releases, by severity, at their latest evaluations.
        public var openBySeverity: [String: Int]
        public var triage: Latency
        public var fix: Latency
        /// Per severity: of the findings fixed or past their window, the share fixed within it.
        public var fixedWithinPolicy: [String: Share]
        /// Per day with evaluations: the monitored releases' open findings by severity (each release at its latest
        /// evaluation that day or before).
        public var history: [HistoryPoint]
    }

    public struct ReleaseMetrics: Sendable, Codable, Hashable {
        public var version: String
        public var support: String
        public var monitored: Bool
        public var fieldedDevices: Int?
        public var evaluated: Bool
        public var openBySeverity: [String: Int]
    }

    public struct Latency: Sendable, Codable, Hashable {
        /// Findings measured (triaged, or fixed).
        public var count: Int
        public var medianDays: Double?
        public var p90Days: Double?
        /// Measured within the policy window.
        public var withinPolicy: Int
        /// Still open (not triaged, or not fixed) and past the window.
        public var overdue: Int
        /// Still open, within the window.
        public var pending: Int
    }

    public struct Share: Sendable, Codable, Hashable {
        public var within: Int
        public var eligible: Int
        public var share: Double?
    }

    public struct HistoryPoint: Sendable, Codable, Hashable {
        public var date: String
        public var openBySeverity: [String: Int]
    }
}

extension LifecycleMetrics {
    /// The metrics of each product from its releases (oldest first), each release's tracked findings (nil: never
    /// evaluated) and its evaluation history, on day `today` (`YYYY-MM-DD`).
    public static func compute(
        products: [(
            name: String, releases: [Release], tracked: [String: [TrackedFinding]], history: [EvaluationRecord]
        )],
        triageWithin: Int, fixWithin: [String: Int], today: String, generatedAt: String
    ) -> LifecycleMetrics {
        LifecycleMetrics(
            generatedAt: generatedAt, policy: Policy(triageWithinDays: triageWithin, fixWithinDays: fixWithin),
            products: products.map { product in
                metrics(product, triageWithin: triageWithin, fixWithin: fixWithin, today: today)
            })
    }

    static func metrics(
        _ product: (
            name: String, releases: [Release], tracked: [String: [TrackedFinding]], history: [EvaluationRecord]
        ),
        triageWithin: Int, fixWithin: [String: Int], today: String
    ) -> ProductMetrics {
        let releases = product.releases.sorted { ($0.createdAt, $0.version) < ($1.createdAt, $1.version) }
        var releaseMetrics: [ReleaseMetrics] = []
        var open: [String: Int] = [:]
        for release in releases {
            let tracked = product.tracked[release.version]
            var counts: [String: Int] = [:]
            for finding in tracked ?? [] where finding.open { counts[finding.severity, default: 0] += 1 }
            let monitored = release.isMonitored(on: today)
            if monitored { for (severity, count) in counts { open[severity, default: 0] += count } }
            releaseMetrics.append(
                ReleaseMetrics(
                    version: release.version, support: release.support.rawValue, monitored: monitored,
                    fieldedDevices: release.fieldedDevices, evaluated: tracked != nil, openBySeverity: counts))
        }
        // Each finding (vulnerability in a component) across the product's releases.
        struct Seen {
            var published: String?
            var severity = "unknown"
            var triagedAt: String?
            var openIn: [Int] = []
            var fixedAt: String?
        }
        var seen: [String: Seen] = [:]
        for (index, release) in releases.enumerated() {
            for finding in product.tracked[release.version] ?? [] {
                let key = finding.vulnerability + "|" + finding.component.lowercased()
                var entry = seen[key] ?? Seen()
                entry.published = entry.published ?? finding.published
                if finding.open {
                    entry.openIn.append(index)
                    if rank(finding.severity) > rank(entry.severity) { entry.severity = finding.severity }
                }
                if let at = finding.triagedAt, entry.triagedAt.map({ at < $0 }) ?? true { entry.triagedAt = at }
                seen[key] = entry
            }
        }
        for (key, entry) in seen {
            guard let first = entry.openIn.first else { continue }
            // The first later release evaluated without it open.
            let fixer = releases.indices.first { index in
                index > first && product.tracked[releases[index].version] != nil && !entry.openIn.contains(index)
                    && index > (entry.openIn.last ?? first)
            }
            seen[key]?.fixedAt = fixer.map { releases[$0].createdAt }
        }
        // Triage counts every finding a decision touched (a `not_affected` one never stays open) or that was open;
        // fixes count the ones that were open.
        let measured = seen.values.filter { ($0.triagedAt != nil || !$0.openIn.isEmpty) && $0.published != nil }
        var triageDays: [Int] = []
        var triageWithinCount = 0
        var triageOverdue = 0
        var triagePending = 0
        var fixDays: [Int] = []
        var fixWithinCount = 0
        var fixOverdue = 0
        var fixPending = 0
        var shares: [String: Share] = [:]
        for entry in measured {
            let published = entry.published!
            if let at = entry.triagedAt {
                let days = max(0, dayNumber(at) - dayNumber(published))
                triageDays.append(days)
                if days <= triageWithin { triageWithinCount += 1 }
            } else if dayNumber(today) - dayNumber(published) > triageWithin {
                triageOverdue += 1
            } else {
                triagePending += 1
            }
            guard !entry.openIn.isEmpty else { continue }
            let window = fixWithin[entry.severity] ?? fixWithin["low"] ?? 180
            var share = shares[entry.severity] ?? Share(within: 0, eligible: 0, share: nil)
            if let fixedAt = entry.fixedAt {
                let days = max(0, dayNumber(fixedAt) - dayNumber(published))
                fixDays.append(days)
                share.eligible += 1
                if days <= window {
                    fixWithinCount += 1
                    share.within += 1
                }
            } else if dayNumber(today) - dayNumber(published) > window {
                fixOverdue += 1
                share.eligible += 1
            } else {
                fixPending += 1
            }
            share.share = share.eligible == 0 ? nil : Double(share.within) / Double(share.eligible)
            shares[entry.severity] = share
        }
        return ProductMetrics(
            product: product.name, releases: releaseMetrics, openBySeverity: open,
            triage: Latency(
                count: triageDays.count, medianDays: percentile(triageDays, 0.5), p90Days: percentile(triageDays, 0.9),
                withinPolicy: triageWithinCount, overdue: triageOverdue, pending: triagePending),
            fix: Latency(
                count: fixDays.count, medianDays: percentile(fixDays, 0.5), p90Days: percentile(fixDays, 0.9),
                withinPolicy: fixWithinCount, overdue: fixOverdue, pending: fixPending),
            fixedWithinPolicy: shares, history: history(product.history, releases: releases, today: today))
    }

    /// Per day: the releases monitored then, each at its latest evaluation that day or before, summed. The monitor
    /// evaluates every monitored release each cycle, so a release no longer monitored (unsupported, past its end of
    /// support) counts up to its last evaluation and not after.
    static func history(_ records: [EvaluationRecord], releases: [Release], today: String) -> [HistoryPoint] {
        var lastDay: [String: String] = [:]
        for record in records {
            lastDay[record.release] = max(lastDay[record.release] ?? "", String(record.evaluatedAt.prefix(10)))
        }
        let monitored = Set(releases.filter { $0.isMonitored(on: today) }.map(\.version))
        var latest: [String: [String: Int]] = [:]
        var points: [HistoryPoint] = []
        for record in records.sorted(by: { ($0.evaluatedAt, $0.release) < ($1.evaluatedAt, $1.release) }) {
            let day = String(record.evaluatedAt.prefix(10))
            latest[record.release] = record.openBySeverity
            var sum: [String: Int] = [:]
            for (release, counts) in latest where monitored.contains(release) || (lastDay[release] ?? "") >= day {
                for (severity, count) in counts { sum[severity, default: 0] += count }
            }
            if points.last?.date == day { points.removeLast() }
            points.append(HistoryPoint(date: day, openBySeverity: sum))
        }
        return points
    }

    static func rank(_ severity: String) -> Int {
        ["unknown": 0, "none": 1, "low": 2, "medium": 3, "high": 4, "critical": 5][severity] ?? 0
    }

    /// The nearest-rank percentile of whole days; nil for none.
    static func percentile(_ values: [Int], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((fraction * Double(sorted.count)).rounded(.up)))
        return Double(sorted[min(rank, sorted.count) - 1])
    }

    /// Days since 1970-01-01 of an ISO 8601 date or time (its first ten characters, `YYYY-MM-DD`); 0 when it is not
    /// one.
    static func dayNumber(_ text: String) -> Int {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, var year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return 0
        }
        // Days from civil (H. Hinnant's algorithm).
        year -= month <= 2 ? 1 : 0
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
