import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// `vigil monitor` as a service: one-shot cycles with a signed webhook, a graceful stop on SIGTERM, and a SIGKILL in
/// the middle of a run that neither repeats nor loses an alert.
@Suite(.serialized) struct MonitorEndToEndTests {
    /// A database with the heartbleed fixture's records removed again, a product with the fixture's SBOM, and a
    /// configuration sending alerts to `webhook`.
    static func setUp(webhook: String) async throws -> (directory: URL, db: String, config: String, sbom: String) {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        #expect(try VigilProcess.run(["product", "add", "pump", "--db", db]).status == 0)
        #expect(try VigilProcess.run(["release", "add", "pump", "2.4.1", "--sbom", sbom, "--db", db]).status == 0)
        let config = directory.appending(path: "vigil.yaml").path
        try Data(
            """
            alerts:
              digest: false
              webhooks:
                - name: psirt
                  url: \(webhook)
                  attempts: 3
                  backoff: 1s
            """.utf8
        ).write(to: URL(filePath: config))
        return (directory, db, config, sbom)
    }

    /// A second release, built on a later OpenSSL that another record affects: what a new CVE in the feed does.
    static func addCVE(_ db: String, id: String) async throws {
        let store = try SQLiteVulnerabilityStore(path: db)
        _ = try await store.importRecords([
            SampleRecords.openSSL(
                id: id, start: "1.0.0", end: "1.0.2", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                baseScore: 9.8)
        ])
    }

    @Test("--once: the baseline raises nothing; a new CVE alerts once, signed; the secret comes from the environment")
    func once() async throws {
        let received = RequestRecorder()
        let server = try LocalHTTPServer { request in
            received.append(request)
            return .init(status: 204, body: [])
        }
        defer { server.stop() }
        let (directory, db, config, _) = try await Self.setUp(webhook: server.baseURL + "/hook")
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = ["VIGIL_WEBHOOK_PSIRT_SECRET": "the-environment-secret-42"]
        let first = try VigilProcess.run(
            ["monitor", "--once", "--no-sync", "--config", config, "--db", db, "-f", "json"], environment: secret)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("\"baselines\" : 1"))
        #expect(!first.standardError.contains("the-environment-secret-42"), "secrets never logged")
        try await Self.addCVE(db, id: "CVE-2099-1111")
        let second = try VigilProcess.run(
            ["monitor", "--once", "--no-sync", "--config", config, "--db", db], environment: secret)
        #expect(second.status == 0 && second.standardOutput.contains("1 alerts raised; 2 delivered"))
        #expect(second.standardError.contains("[new-finding] pump 2.4.1: CVE-2099-1111 in openssl 1.0.1f (critical)"))
        let request = try #require(received.all.first)
        #expect(received.all.count == 1)
        let expected = "sha256=" + HMACSHA256.hex(for: request.body, key: Array("the-environment-secret-42".utf8))
        #expect(request.headers["x-vigil-signature"] == expected)
        let third = try VigilProcess.run(
            ["monitor", "--once", "--no-sync", "--config", config, "--db", db], environment: secret)
        #expect(third.standardOutput.contains("0 alerts raised; 0 delivered") && received.all.count == 1)
        let listed = try VigilProcess.run(["alerts", "--db", db])
        #expect(listed.standardOutput.contains("[new-finding] pump 2.4.1: CVE-2099-1111"))
        #expect(listed.standardOutput.contains("webhook:psirt: delivered after 1 attempt(s)"))
        let deadLetters = try VigilProcess.run(["alerts", "--db", db, "--status", "dead-letter", "--format", "json"])
        #expect(deadLetters.standardOutput.contains("\"alerts\" : ["))
        #expect(!deadLetters.standardOutput.contains("CVE-2099-1111"))
        // What was recorded feeds the lifecycle metrics.
        let metrics = try VigilProcess.run(["metrics", "--db", db, "--format", "json"])
        #expect(metrics.status == 0, "\(metrics.standardError)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(metrics.standardOutput.utf8)) as? [String: Any])
        let pump = try #require((json["products"] as? [[String: Any]])?.first)
        #expect(pump["openBySeverity"] as? [String: Int] == ["critical": 1, "high": 1])
        #expect((pump["history"] as? [[String: Any]])?.isEmpty == false)
        let csv = try VigilProcess.run(["metrics", "--db", db, "--format", "csv"])
        #expect(csv.standardOutput.hasPrefix("product,metric,severity,value\npump,open,critical,1\n"))
        let table = try VigilProcess.run(["metrics", "--db", db, "--product", "pump"])
        #expect(table.standardOutput.contains("pump: 1 critical, 1 high"))
        #expect(try VigilProcess.run(["metrics", "--db", db, "--product", "nope"]).status == 2)
        let missing = try VigilProcess.run(["monitor", "--once", "--no-sync", "--config", config, "--db", db])
        #expect(missing.status == 2 && missing.standardError.contains("alerts.webhooks[0].secret"))
    }

    @Test("SIGTERM stops the service after the step in progress; SIGKILL mid-run loses and repeats nothing")
    func signals() async throws {
        let received = RequestRecorder()
        let server = try LocalHTTPServer { request in
            received.append(request)
            return .init(status: 200, body: [])
        }
        defer { server.stop() }
        let (directory, db, config, _) = try await Self.setUp(webhook: server.baseURL + "/hook")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["VIGIL_WEBHOOK_PSIRT_SECRET": "the-environment-secret-42"]
        // Baseline, then five new CVEs in the database.
        #expect(
            try VigilProcess.run(
                ["monitor", "--once", "--no-sync", "--config", config, "--db", db], environment: environment
            )
            .status == 0)
        for index in 1...5 { try await Self.addCVE(db, id: "CVE-2099-200\(index)") }

        // Services killed with SIGKILL at different moments of starting, evaluating and delivering.
        for milliseconds in [40, 80, 120, 160, 220, 300, 450, 700] {
            let killed = try Self.start(
                ["monitor", "--no-sync", "--config", config, "--db", db], environment: environment)
            try await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
            kill(killed.processIdentifier, SIGKILL)
            killed.waitUntilExit()
        }

        // Started again: it finishes whatever the killed one did not, and stops cleanly on SIGTERM.
        let log = directory.appending(path: "monitor.log")
        let service = try Self.start(
            ["monitor", "--no-sync", "--config", config, "--db", db], environment: environment, log: log)
        // Until the restarted service has finished its first cycle (and the killed one's alerts are all delivered).
        var waited = 0.0
        while waited < 30 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("cycle:"), Set(received.all.compactMap { $0.headers["x-vigil-alert-id"] }).count >= 5 {
                break
            }
            try await Task.sleep(nanoseconds: 200_000_000)
            waited += 0.2
        }
        kill(service.processIdentifier, SIGTERM)
        let stopped = Date()
        service.waitUntilExit()
        #expect(service.terminationStatus == 0, "a graceful stop")
        #expect(Date().timeIntervalSince(stopped) < 10)

        let store = try SQLiteVulnerabilityStore(path: db)
        let alerts = try await store.alerts(limit: 100, status: nil)
        #expect(alerts.count == 5, "each new CVE raised exactly one alert, across the kill and the restart")
        #expect(alerts.allSatisfy { $0.1.allSatisfy { $0.status == .delivered } }, "none lost")
        let ids = received.all.compactMap { $0.headers["x-vigil-alert-id"] }
        #expect(Set(ids) == Set(alerts.map(\.0.id)))
        // A kill between a webhook's answer and its record can re-send one alert: the same id and bytes, which a
        // receiver drops. It never creates a second alert.
        for id in Set(ids) {
            let bodies = Set(received.all.filter { $0.headers["x-vigil-alert-id"] == id }.map(\.body))
            #expect(bodies.count == 1)
        }
    }

    static func start(_ arguments: [String], environment: [String: String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try #require(VigilProcess.executableURL())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }
}
