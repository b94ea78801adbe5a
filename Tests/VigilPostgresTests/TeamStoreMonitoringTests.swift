import Foundation
import Testing
import VigilCore
import VigilTesting

/// The monitor's part of the ``TeamStore`` contract on both backends, and what several instances doing the same at
/// once must not break.
@Suite struct TeamStoreMonitoringTests {
    static func finding(_ id: String, open: Bool = true, severity: String = "high") -> TrackedFinding {
        TrackedFinding(
            finding: id, vulnerability: "CVE-2014-0160", component: "openssl", componentVersion: "1.0.1f", open: open,
            severity: severity, kev: true, priority: "P1 90.0", fixedVersions: ["1.0.1g"],
            published: "2014-04-07T22:55:03.893Z")
    }

    @Test(
        "evaluations, their generation and history, alerts once each, deliveries to dead letter",
        arguments: TeamStoreBackend.enabled)
    func evaluations(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            #expect(try await store.trackedFindings(product: "pump", release: "1") == nil, "never evaluated")
            #expect(try await store.evaluationGeneration(product: "pump", release: "1") == 0)
            // An evaluation with no findings is an evaluation (an empty list, not nil).
            try await store.recordEvaluation(
                product: "pump", release: "1", findings: [], alerts: [], channels: [], at: "2026-11-28T00:00:00.000Z")
            #expect(try await store.trackedFindings(product: "pump", release: "1") == [])
            #expect(try await store.evaluationGeneration(product: "pump", release: "1") == 1)

            let findings = [Self.finding("VF-b"), Self.finding("VF-a", open: false), Self.finding("VF-a")]
            let alert = Alert(
                kind: .newFinding, product: "pump", release: "1", finding: findings[0],
                createdAt: "2026-11-28T01:00:00.000Z")
            let new = try await store.recordEvaluation(
                product: "pump", release: "1", findings: findings, alerts: [alert], channels: ["log", "webhook:ops"],
                at: "2026-11-28T01:00:00.000Z")
            #expect(new == 1)
            let tracked = try #require(try await store.trackedFindings(product: "pump", release: "1"))
            #expect(
                tracked.map(\.finding) == ["VF-a", "VF-b"] && tracked.allSatisfy(\.open), "one per id, open if any")
            #expect(try await store.evaluationGeneration(product: "pump", release: "1") == 2)
            #expect(try await store.trackedFindings(product: "pump", release: "2") == nil)
            // The same alert again (a restart re-evaluating) is not new.
            #expect(
                try await store.recordEvaluation(
                    product: "pump", release: "1", findings: findings, alerts: [alert], channels: ["log"],
                    at: "2026-11-28T02:00:00.000Z") == 0)
            let history = try await store.evaluationHistory(product: "pump")
            #expect(
                history.map(\.evaluatedAt) == [
                    "2026-11-28T00:00:00.000Z", "2026-11-28T01:00:00.000Z", "2026-11-28T02:00:00.000Z",
                ])
            #expect(history[1].openBySeverity == ["high": 2] && history[0].openBySeverity.isEmpty)
            #expect(try await store.evaluationHistory(product: "monitor").isEmpty)

            // Deliveries: due ones, on the channels asked for; delivered, retried, dead-lettered.
            let due = try await store.dueDeliveries(
                now: "2026-11-28T01:00:00.000Z", channels: ["log", "webhook:ops"], limit: 10)
            #expect(due.map(\.0.channel) == ["log", "webhook:ops"] && due.allSatisfy { $0.1 == alert })
            #expect(
                try await store.dueDeliveries(now: "2026-11-28T00:59:59.999Z", channels: ["log"], limit: 10).isEmpty)
            #expect(try await store.dueDeliveries(now: "2026-11-28T01:00:00.000Z", channels: [], limit: 10).isEmpty)
            try await store.recordAttempt(
                alert: alert.id, channel: "log", delivered: true, error: nil, nextAttemptAt: nil,
                at: "2026-11-28T01:00:01.000Z")
            try await store.recordAttempt(
                alert: alert.id, channel: "webhook:ops", delivered: false, error: "HTTP 503",
                nextAttemptAt: "2026-11-28T01:01:00.000Z", at: "2026-11-28T01:00:01.000Z")
            let retry = try await store.dueDeliveries(
                now: "2026-11-28T01:01:00.000Z", channels: ["log", "webhook:ops"], limit: 10)
            #expect(retry.map(\.0.channel) == ["webhook:ops"] && retry.first?.0.attempts == 1)
            #expect(retry.first?.0.lastError == "HTTP 503")
            try await store.recordAttempt(
                alert: alert.id, channel: "webhook:ops", delivered: false, error: "HTTP 503", nextAttemptAt: nil,
                at: "2026-11-28T01:01:00.000Z")
            let listed = try await store.alerts(limit: 10, status: nil)
            #expect(listed.count == 1 && listed[0].0 == alert)
            #expect(listed[0].1.map(\.status) == [.delivered, .deadLetter])
            #expect(listed[0].1.first?.deliveredAt == "2026-11-28T01:00:01.000Z")
            #expect(try await store.alerts(limit: 10, status: .deadLetter).count == 1)
            #expect(try await store.alerts(limit: 10, status: .pending).isEmpty)
            // A delivery no longer pending stays as it is.
            try await store.recordAttempt(
                alert: alert.id, channel: "log", delivered: false, error: "late", nextAttemptAt: nil,
                at: "2026-11-28T03:00:00.000Z")
            #expect(try await store.alerts(limit: 10, status: .delivered).first?.1.first?.lastError == nil)

            let digest = Alert(
                digest: Digest(
                    product: "pump", week: "2026-W48", monitoredReleases: 1, openBySeverity: [:], top: [],
                    alertsThisWeek: 1),
                createdAt: "2026-11-30T00:00:00.000Z")
            #expect(
                try await store.recordAlerts([digest, digest], channels: ["log"], at: "2026-11-30T00:00:00.000Z") == 1)
            #expect(try await store.alerts(since: "2026-11-29T00:00:00.000Z") == [digest])
            #expect(try await store.alerts(since: "2026-11-01T00:00:00.000Z") == [alert, digest])
        }
    }

    @Test(
        "many writers at once: one product of a name, every evaluation counted, no lost findings",
        arguments: TeamStoreBackend.enabled)
    func concurrentWriters(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            let added = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        do {
                            try await store.add(
                                Product(name: "pump", createdAt: "2026-11-28T00:00:\(10 + index).000Z"),
                                audit: AuditEntry(at: "t", actor: "w\(index)", action: "product.add", target: "pump"))
                            return true
                        } catch is PortfolioError {
                            return false
                        } catch {
                            Issue.record("not a refusal: \(error)")
                            return false
                        }
                    }
                }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(added == 1)
            #expect(try await store.products().count == 1)
            #expect(try await store.auditLog(limit: 100).count == 1, "the refused adds left no entry")

            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await store.recordEvaluation(
                            product: "pump", release: "1", findings: (0..<50).map { Self.finding("VF-\($0)") },
                            alerts: [], channels: [], at: String(format: "2026-11-28T01:00:%02d.000Z", index))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.evaluationGeneration(product: "pump", release: "1") == 12)
            #expect(try await store.trackedFindings(product: "pump", release: "1")?.count == 50)
            #expect(try await store.evaluationHistory(product: "pump").count == 12)
        }
    }

    @Test("an evaluation of thousands of findings is written whole", arguments: TeamStoreBackend.enabled)
    func largeEvaluation(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            let findings = (0..<20_000).map {
                Self.finding(String(format: "VF-%05d", $0), severity: $0 % 2 == 0 ? "high" : "low")
            }
            try await store.recordEvaluation(
                product: "pump", release: "1", findings: findings, alerts: [], channels: [],
                at: "2026-11-28T00:00:00.000Z")
            let tracked = try #require(try await store.trackedFindings(product: "pump", release: "1"))
            #expect(tracked == findings)
            #expect(
                try await store.evaluationHistory(product: "pump").first?.openBySeverity == [
                    "high": 10_000, "low": 10_000,
                ])
        }
    }
}
