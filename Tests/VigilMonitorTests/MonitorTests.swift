import Foundation
import Logging
import Testing
import VigilCore
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

    static let heartbleed = VulnerabilityRecord(
        source: .nvd,
        vulnerability: Vulnerability(
            id: "CVE-2014-0160",
            scores: [
                .init(
                    system: "CVSS:3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", baseScore: 7.5,
                    source: "nvd@nist.gov", type: "Primary")
            ]),
        configurations: [
            .init(nodes: [
                .init(criteria: [
                    .init(
                        vulnerable: true, criteria: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                        versionStartIncluding: "1.0.1", versionEndExcluding: "1.0.1g")
                ])
            ])
        ])

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
        let received = ReceivedRequests()
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
        let alerts = try await store.alerts(limit: 10)
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
        let deliveries = try #require(try await store.alerts(limit: 1).first?.1)
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
        let alert = try #require(try await store.alerts(limit: 10).only?.0)
        #expect(alert.kind == .kevListed && alert.finding.kev)
        #expect(await monitor.cycle().alertsRaised == 0, "the same listing never again")
    }
}

/// Requests a handler saw, safely across the server's threads.
final class ReceivedRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [LocalHTTPServer.Request] = []
    func append(_ request: LocalHTTPServer.Request) { lock.withLock { requests.append(request) } }
    var all: [LocalHTTPServer.Request] { lock.withLock { requests } }
}

extension Array {
    var only: Element? { count == 1 ? first : nil }
}
