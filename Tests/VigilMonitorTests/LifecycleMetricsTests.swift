import Testing
import VigilCore

@testable import VigilMonitor

/// Lifecycle metrics from releases, tracked findings and history, on a fixed day.
@Suite struct LifecycleMetricsTests {
    static func release(_ version: String, _ created: String, _ support: SupportStatus = .supported) -> Release {
        Release(
            product: "pump", version: version, sbom: [], sbomFormat: "cyclonedx-json", support: support,
            createdAt: created)
    }

    static func finding(
        _ vulnerability: String, open: Bool, severity: String = "high", published: String = "2026-01-01T00:00:00.000Z",
        triaged: String? = nil
    ) -> TrackedFinding {
        TrackedFinding(
            finding: "VF-\(vulnerability)", vulnerability: vulnerability, component: "OpenSSL", componentVersion: "1",
            open: open, severity: severity, kev: false, published: published, triagedAt: triaged)
    }

    @Test("triage and fix times, policy shares, overdue and pending, open counts, history by day")
    func compute() throws {
        let releases = [
            Self.release("1.0", "2026-01-05T00:00:00.000Z"), Self.release("1.1", "2026-02-20T00:00:00.000Z"),
            Self.release("2.0", "2026-06-01T00:00:00.000Z"),
            Self.release("0.9", "2025-12-01T00:00:00.000Z", .unsupported),
        ]
        let tracked: [String: [TrackedFinding]] = [
            // CVE-A: published Jan 1, triaged Jan 4, fixed by 1.1 (Feb 20): 50 days, past high's 30.
            // CVE-B: published Jan 1, critical, triaged Jan 20 (19 days, past 7), fixed by 2.0 (Jun 1): 151 days.
            // CVE-C: published May 20, medium, open in 2.0, untriaged: triage overdue on Jun 10, fix pending (90 d).
            "1.0": [
                Self.finding("CVE-A", open: true, triaged: "2026-01-04T10:00:00.000Z"),
                Self.finding("CVE-B", open: true, severity: "critical", triaged: "2026-01-20T00:00:00.000Z"),
            ],
            "1.1": [
                Self.finding("CVE-A", open: false),
                Self.finding("CVE-B", open: true, severity: "critical"),
            ],
            "2.0": [
                Self.finding("CVE-C", open: true, severity: "medium", published: "2026-05-20T00:00:00.000Z"),
                // Decided not affected from the start: never open, but triaged in 2 days.
                Self.finding(
                    "CVE-D", open: false, published: "2026-05-01T00:00:00.000Z", triaged: "2026-05-03T00:00:00.000Z"),
            ],
        ]
        let history = [
            EvaluationRecord(
                product: "pump", release: "1.0", evaluatedAt: "2026-01-05T01:00:00.000Z",
                openBySeverity: ["high": 1, "critical": 1]),
            EvaluationRecord(
                product: "pump", release: "1.1", evaluatedAt: "2026-02-20T01:00:00.000Z",
                openBySeverity: ["critical": 1]),
            EvaluationRecord(
                product: "pump", release: "1.0", evaluatedAt: "2026-02-20T02:00:00.000Z",
                openBySeverity: ["high": 1, "critical": 1]),
        ]
        let metrics = LifecycleMetrics.compute(
            products: [("pump", releases, tracked, history)], triageWithin: 7,
            fixWithin: ["critical": 15, "high": 30, "medium": 90, "low": 180], today: "2026-06-10",
            generatedAt: "2026-06-10T00:00:00.000Z")
        let pump = try #require(metrics.products.first)
        #expect(pump.triage.count == 3 && pump.triage.withinPolicy == 2 && pump.triage.overdue == 1)
        #expect(pump.triage.medianDays == 3 && pump.triage.p90Days == 19)
        #expect(pump.fix.count == 2 && pump.fix.medianDays == 50 && pump.fix.p90Days == 151 && pump.fix.pending == 1)
        #expect(pump.fixedWithinPolicy["high"] == .init(within: 0, eligible: 1, share: 0))
        #expect(pump.fixedWithinPolicy["critical"] == .init(within: 0, eligible: 1, share: 0))
        #expect(pump.fixedWithinPolicy["medium"] == nil || pump.fixedWithinPolicy["medium"]?.eligible == 0)
        #expect(pump.openBySeverity == ["high": 1, "critical": 2, "medium": 1], "monitored releases at their latest")
        #expect(pump.releases.map(\.evaluated) == [false, true, true, true], "oldest first")
        #expect(pump.history.map(\.date) == ["2026-01-05", "2026-02-20"])
        #expect(pump.history.last?.openBySeverity == ["high": 1, "critical": 2])
    }

    @Test func days() {
        #expect(LifecycleMetrics.dayNumber("1970-01-01") == 0)
        #expect(LifecycleMetrics.dayNumber("2000-03-01T12:00:00Z") == 11_017)
        #expect(LifecycleMetrics.dayNumber("2026-06-10") - LifecycleMetrics.dayNumber("2026-01-01") == 160)
        #expect(LifecycleMetrics.dayNumber("garbage") == 0)
        #expect(LifecycleMetrics.percentile([], 0.5) == nil && LifecycleMetrics.percentile([5, 1, 3], 0.5) == 3)
    }
}
