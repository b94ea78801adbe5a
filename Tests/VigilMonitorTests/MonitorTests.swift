import Foundation
import Logging
import Testing
import VigilCore
import VigilFeeds
import VigilMatch
import VigilStore
import VigilTesting

@testable import VigilMonitor

/// The monitor against a real database: baselines, alerts raised once, delivered to a signed webhook, retried with
/// backoff and dead-lettered; feeds synced from a local server.
@Suite struct MonitorTests {
    static let sbom = Array(
        #"""
        {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
         {"type":"library","bom-ref":"openssl","name":"openssl","version":"1.0.1f","purl":"pkg:generic/openssl@1.0.1f"}]}
        """#.utf8)

    static let heartbleed = SampleRecords.heartbleed

    static let secret = "a-webhook-secret-0123456789"

    /// A clock tests move by hand.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_795_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    static func portfolio() async throws -> SQLiteVulnerabilityStore {
        let store = try SQLiteVulnerabilityStore()
        _ = try await store.importRecords([
            VulnerabilityRecord(source: .nvd, vulnerability: Vulnerability(id: "CVE-2000-0001"))
        ])
        try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:00.000Z"))
        try await store.add(
            Release(
                product: "pump", version: "2.4.1", sbom: sbom, sbomFormat: "cyclonedx-json",
                createdAt: "2026-11-28T00:00:00.000Z"))
        try await store.add(
            Release(
                product: "pump", version: "1.0", sbom: sbom, sbomFormat: "cyclonedx-json", support: .unsupported,
                createdAt: "2026-11-28T00:00:00.000Z"))
        return store
    }

    static func configuration(webhook url: String?, attempts: Int = 3) throws -> MonitorConfiguration {
        var configuration = MonitorConfiguration.defaults
        configuration.digest = false  // the digest test turns it on
        if let url {
            configuration.webhooks = [
                .init(
                    name: "psirt", url: URL(string: url)!, secret: secret, attempts: attempts, backoff: 60, timeout: 5)
            ]
        }
        return configuration
    }

    @Test("baseline, then one alert for a new finding, delivered once, signed; unsupported releases are not watched")
    func alertsOnce() async throws {
        let received = RequestRecorder()
        let server = try LocalHTTPServer { request in
            received.append(request)
            return .init(status: 200, body: [])
        }
        defer { server.stop() }
        let store = try await Self.portfolio()
        let clock = Clock()
        let configuration = try Self.configuration(webhook: server.baseURL + "/hooks/vigil")
        let monitor = Monitor(
            configuration: configuration, store: store,
            channels: [LogChannel(logger: Logger(label: "test"))] + configuration.webhooks.map(WebhookChannel.init),
            logger: Logger(label: "test"), now: { clock.now })
        let first = await monitor.cycle(sync: false)
        #expect(first.releasesEvaluated == 1 && first.baselines == 1 && first.alertsRaised == 0)

        _ = try await store.importRecords([Self.heartbleed])
        clock.advance(3_600)
        let second = await monitor.cycle(sync: false)
        #expect(second.alertsRaised == 1 && second.delivered == 2, "the log and the webhook")
        let request = try #require(received.all.only)
        #expect(request.method == "POST" && request.path == "/hooks/vigil")
        let signature = WebhookChannel.signature(body: request.body, secret: Array(Self.secret.utf8))
        #expect(
            HMACSHA256.constantTimeEquals(
                Array((request.headers["x-vigil-signature"] ?? "").utf8), Array(signature.utf8)))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["schema"] as? String == "vigil.alert/1" && body["kind"] as? String == "new-finding")
        #expect(body["id"] as? String == request.headers["x-vigil-alert-id"])
        #expect((body["summary"] as? String)?.contains("CVE-2014-0160 in openssl 1.0.1f (high)") == true)

        clock.advance(3_600)
        let third = await monitor.cycle(sync: false)
        #expect(third.alertsRaised == 0 && third.delivered == 0)
        #expect(received.all.count == 1, "never again")
        let alerts = try await store.alerts(limit: 10, status: nil)
        #expect(alerts.count == 1 && alerts[0].1.allSatisfy { $0.status == .delivered && $0.attempts == 1 })
    }

    @Test("a failing webhook is retried with doubling backoff, then dead-lettered; the log still gets the alert")
    func retriesAndDeadLetters() async throws {
        let server = try LocalHTTPServer { _ in .init(status: 503, body: []) }
        defer { server.stop() }
        let store = try await Self.portfolio()
        let clock = Clock()
        let configuration = try Self.configuration(webhook: server.baseURL + "/down", attempts: 3)
        let monitor = Monitor(
            configuration: configuration, store: store,
            channels: [LogChannel(logger: Logger(label: "test"))] + configuration.webhooks.map(WebhookChannel.init),
            logger: Logger(label: "test"), now: { clock.now })
        _ = await monitor.cycle(sync: false)
        _ = try await store.importRecords([Self.heartbleed])
        let raised = await monitor.cycle(sync: false)
        #expect(raised.alertsRaised == 1 && raised.delivered == 1 && raised.retrying == 1)
        #expect(await monitor.deliverDue().retrying == 0, "not due before its backoff (60 s)")
        clock.advance(60)
        #expect(await monitor.deliverDue().retrying == 1, "second attempt fails; next in 120 s")
        clock.advance(119)
        #expect(await monitor.deliverDue() == Monitor.CycleReport())
        clock.advance(1)
        #expect(await monitor.deliverDue().deadLettered == 1)
        let deliveries = try #require(try await store.alerts(limit: 1, status: nil).first?.1)
        let webhook = try #require(deliveries.first { $0.channel == "webhook:psirt" })
        #expect(webhook.status == .deadLetter && webhook.attempts == 3 && webhook.lastError?.contains("503") == true)
        #expect(deliveries.first { $0.channel == "log" }?.status == .delivered)
        #expect(server.requests.count == 3)
        #expect(Set(server.requests.map { $0.headers["x-vigil-delivery-attempt"] ?? "" }) == ["1", "2", "3"])
    }

    @Test("a KEV feed served locally lists the vulnerability: one kev-listed alert, once")
    func feedSyncRaisesKEVAlert() async throws {
        let kev = Array(
            #"""
            {"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.11.28","dateReleased":"2026-11-28T00:00:00.000Z","count":1,
             "vulnerabilities":[{"cveID":"CVE-2014-0160","vendorProject":"OpenSSL","product":"OpenSSL","vulnerabilityName":"Heartbleed","dateAdded":"2026-11-28","shortDescription":"x","requiredAction":"Apply updates.","dueDate":"2026-12-19","knownRansomwareCampaignUse":"Unknown","notes":""}]}
            """#.utf8)
        let feed = try LocalHTTPServer { _ in .init(status: 200, headers: ["ETag": "\"v1\""], body: kev) }
        defer { feed.stop() }
        let store = try await Self.portfolio()
        _ = try await store.importRecords([Self.heartbleed])
        var configuration = try Self.configuration(webhook: nil)
        configuration.feeds.sources = ["kev"]
        configuration.feeds.urls["kev"] = URL(string: feed.baseURL + "/kev.json")
        let monitor = Monitor(
            configuration: configuration, store: store, channels: [LogChannel(logger: Logger(label: "test"))],
            logger: Logger(label: "test"))
        _ = await monitor.cycle(sync: false)  // the baseline: heartbleed open, not in KEV
        let synced = await monitor.cycle()
        #expect(synced.feedsSynced == 1 && synced.alertsRaised == 1)
        let alert = try #require(try await store.alerts(limit: 10, status: nil).only?.0)
        #expect(alert.kind == .kevListed && alert.finding?.kev == true)
        #expect(await monitor.cycle().alertsRaised == 0, "the same listing never again")
    }
}

extension MonitorTests {
    @Test("an NVD API update served locally brings a new CVE for one of two releases: one alert, once")
    func feedUpdateRaisesOneAlert() async throws {
        let served = NVDResponse()
        let feed = try LocalHTTPServer { _ in .init(status: 200, body: served.body) }
        defer { feed.stop() }
        let store = try await Self.portfolio()
        // A second monitored release on OpenSSL 1.1.1, which the new CVE does not affect.
        try await store.add(
            Release(
                product: "pump", version: "3.0",
                sbom: Array(String(decoding: Self.sbom, as: UTF8.self).replacing("1.0.1f", with: "1.1.1").utf8),
                sbomFormat: "cyclonedx-json", createdAt: "2026-11-28T01:00:00.000Z"))
        var configuration = try Self.configuration(webhook: nil)
        configuration.feeds.sources = ["nvd"]
        configuration.feeds.urls["nvd"] = URL(string: feed.baseURL + "/rest/json/cves/2.0")
        let clock = Clock()
        let monitor = Monitor(
            configuration: configuration, store: store, channels: [LogChannel(logger: Logger(label: "test"))],
            logger: Logger(label: "test"), now: { clock.now })
        let baseline = await monitor.cycle()
        #expect(baseline.feedsSynced == 1 && baseline.baselines == 2 && baseline.alertsRaised == 0)
        served.body = NVDResponse.document(
            with: """
                {"cve":{"id":"CVE-2099-4242","sourceIdentifier":"nvd@nist.gov","published":"2099-01-02T00:00:00.000",
                 "lastModified":"2099-01-02T00:00:00.000","vulnStatus":"Analyzed",
                 "descriptions":[{"lang":"en","value":"A flaw in OpenSSL 1.0.x."}],
                 "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
                  "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}}]},
                 "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,
                  "criteria":"cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*","versionStartIncluding":"1.0.0",
                  "versionEndExcluding":"1.0.2","matchCriteriaId":"00000000-0000-0000-0000-000000000001"}]}]}]}}
                """)
        clock.advance(3_600)
        let updated = await monitor.cycle()
        #expect(updated.feedsSynced == 1 && updated.alertsRaised == 1)
        let alert = try #require(try await store.alerts(limit: 10, status: nil).only?.0)
        #expect(
            alert.kind == .newFinding && alert.release == "2.4.1" && alert.finding?.vulnerability == "CVE-2099-4242")
        #expect(alert.finding?.severity == "critical" && alert.finding?.published?.hasPrefix("2099-01-02") == true)
        clock.advance(3_600)
        #expect(await monitor.cycle().alertsRaised == 0, "the same CVE never alerts again")
    }
}

extension MonitorTests {
    @Test("one digest per product and ISO week, delivered on every channel, with what is open and most urgent")
    func weeklyDigest() async throws {
        let received = RequestRecorder()
        let server = try LocalHTTPServer { request in
            received.append(request)
            return .init(status: 200, body: [])
        }
        defer { server.stop() }
        let store = try await Self.portfolio()
        _ = try await store.importRecords([Self.heartbleed])
        var configuration = try Self.configuration(webhook: server.baseURL + "/hook")
        configuration.digest = true
        let clock = Clock()  // Wednesday 2026-11-18, ISO week 47
        let monitor = Monitor(
            configuration: configuration, store: store,
            channels: [LogChannel(logger: Logger(label: "test"))] + configuration.webhooks.map(WebhookChannel.init),
            logger: Logger(label: "test"), now: { clock.now })
        let first = await monitor.cycle(sync: false)
        #expect(first.digests == 1 && first.delivered == 2)
        clock.advance(3 * 86_400)  // Saturday, the same week
        #expect(await monitor.cycle(sync: false).digests == 0)
        clock.advance(2 * 86_400)  // Monday: week 48
        #expect(await monitor.cycle(sync: false).digests == 1)
        let digests = try await store.alerts(limit: 10, status: nil).map(\.0).filter { $0.kind == .weeklyDigest }
        #expect(digests.count == 2 && Set(digests.map { $0.digest?.week }) == ["2026-W47", "2026-W48"])
        let digest = try #require(digests.first?.digest)
        #expect(digest.product == "pump" && digest.monitoredReleases == 1 && digest.openBySeverity == ["high": 1])
        #expect(digest.top.first?.finding.vulnerability == "CVE-2014-0160" && digest.top.first?.release == "2.4.1")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(received.all[0].body)) as? [String: Any])
        #expect(
            body["kind"] as? String == "weekly-digest"
                && (body["digest"] as? [String: Any])?["week"] as? String == "2026-W47")
    }
}

extension MonitorTests {
    @Test("a finding closed by a decision and re-opened later alerts again, under a new id")
    func reopenedFindingsAlertAgain() async throws {
        let store = try await Self.portfolio()
        let clock = Clock()
        let monitor = Monitor(
            configuration: try Self.configuration(webhook: nil), store: store,
            channels: [LogChannel(logger: Logger(label: "test"))], logger: Logger(label: "test"), now: { clock.now })
        _ = await monitor.cycle(sync: false)
        _ = try await store.importRecords([Self.heartbleed])
        clock.advance(60)
        #expect(await monitor.cycle(sync: false).alertsRaised == 1)
        // Decisions made with the records as they are (else they re-open at once).
        let evidence = TriageEvidence.fingerprint(of: try await store.records(id: "CVE-2014-0160"))
        try await store.record(
            TriageDecision(
                vulnerability: "CVE-2014-0160", componentName: "openssl", state: .notAffected,
                justification: .vulnerableCodeNotInExecutePath, note: "heartbeats off", author: "a",
                recordedAt: Timestamp.string(clock.now), evidence: evidence))
        clock.advance(60)
        #expect(await monitor.cycle(sync: false).alertsRaised == 0, "closed")
        try await store.record(
            TriageDecision(
                vulnerability: "CVE-2014-0160", componentName: "openssl", state: .affected, responses: [.update],
                note: "heartbeats are on after all", author: "a",
                recordedAt: Timestamp.string(clock.now.addingTimeInterval(1)), evidence: evidence))
        clock.advance(60)
        #expect(await monitor.cycle(sync: false).alertsRaised == 1, "re-opened: a new alert")
        let alerts = try await store.alerts(limit: 10, status: nil)
        #expect(alerts.count == 2 && Set(alerts.map(\.0.id)).count == 2)
    }

    @Test("two components with one identity give one tracked finding; a delivered delivery stays delivered")
    func storeGuards() async throws {
        let store = try await Self.portfolio()
        let finding = TrackedFinding(
            finding: "VF-1", vulnerability: "CVE-1", component: "a", componentVersion: "1", open: false,
            severity: "low", kev: false)
        var open = finding
        open.open = true
        try await store.recordEvaluation(
            product: "pump", release: "2.4.1", findings: [finding, open], alerts: [], channels: ["log"],
            at: "2026-11-28T00:00:00.000Z")
        #expect(try await store.trackedFindings(product: "pump", release: "2.4.1")?.map(\.open) == [true])
        let alert = Alert(
            kind: .newFinding, product: "pump", release: "2.4.1", finding: open, createdAt: "2026-11-28T00:00:00.000Z")
        try await store.recordAlerts([alert], channels: ["log"], at: "2026-11-28T00:00:00.000Z")
        try await store.recordAttempt(
            alert: alert.id, channel: "log", delivered: true, error: nil, nextAttemptAt: nil,
            at: "2026-11-28T00:00:01.000Z")
        try await store.recordAttempt(
            alert: alert.id, channel: "log", delivered: false, error: "late", nextAttemptAt: nil,
            at: "2026-11-28T00:00:02.000Z")
        let delivery = try #require(try await store.alerts(limit: 1, status: nil).first?.1.first)
        #expect(delivery.status == .delivered && delivery.attempts == 1)
        #expect(try await store.alerts(limit: 10, status: .deadLetter).isEmpty)
        #expect(try await store.dueDeliveries(now: "2099-01-01T00:00:00.000Z", channels: ["log"], limit: 10).isEmpty)
    }
}

/// What the local NVD API answers: a 2.0 response document, changed by the test.
final class NVDResponse: @unchecked Sendable {
    private let lock = NSLock()
    private var current = NVDResponse.document(with: nil)
    var body: [UInt8] {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    static func document(with vulnerability: String?) -> [UInt8] {
        let list = vulnerability.map { "[\($0)]" } ?? "[]"
        let count = vulnerability == nil ? 0 : 1
        return Array(
            """
            {"resultsPerPage":\(count),"startIndex":0,"totalResults":\(count),"format":"NVD_CVE","version":"2.0",
             "timestamp":"2099-01-02T00:00:00.000","vulnerabilities":\(list)}
            """.utf8)
    }
}

extension Array {
    var only: Element? { count == 1 ? first : nil }
}
