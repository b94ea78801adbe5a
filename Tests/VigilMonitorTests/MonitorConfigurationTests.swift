import Foundation
import Logging
import Testing
import VigilStore

@testable import VigilMonitor

/// `vigil.yaml`: a full configuration read, secrets from the environment, and every kind of mistake refused with the
/// exact key.
@Suite struct MonitorConfigurationTests {
    static let full = """
        database: /var/lib/vigil/vigil.db
        feeds:
          sources: [nvd, kev, epss]
          urls:
            kev: http://127.0.0.1:8080/kev.json
          osvEcosystems: [Debian]
        schedule:
          interval: 6h
        alerts:
          minimumSeverity: medium
          webhooks:
            - name: psirt
              url: https://hooks.example.com/vigil
              secret: "from-the-file-0123456789"
              attempts: 4
              backoff: 10s
        policy:
          triageWithin: 5d
          fixWithin:
            critical: 7d
        """

    @Test("a full configuration; the environment's secret wins over the file's")
    func reads() throws {
        let configuration = try MonitorConfiguration.read(Self.full, environment: [:])
        #expect(configuration.database == "/var/lib/vigil/vigil.db")
        #expect(configuration.feeds.sources == ["nvd", "kev", "epss"])
        #expect(configuration.feeds.urls["kev"]?.absoluteString == "http://127.0.0.1:8080/kev.json")
        #expect(configuration.interval == 21_600 && configuration.minimumSeverity == "medium")
        let hook = try #require(configuration.webhooks.first)
        #expect(
            hook.name == "psirt" && hook.attempts == 4 && hook.backoff == 10
                && hook.secret == "from-the-file-0123456789")
        #expect(!hook.description.contains(hook.secret), "secrets never in descriptions")
        #expect(configuration.triageWithin == 5 && configuration.fixWithin["critical"] == 7)
        #expect(configuration.fixWithin["high"] == 30, "defaults for what is not given")
        #expect(configuration.channels == ["log", "webhook:psirt"])
        let fromEnvironment = try MonitorConfiguration.read(
            Self.full, environment: ["VIGIL_WEBHOOK_PSIRT_SECRET": "from-the-environment-123"])
        #expect(fromEnvironment.webhooks.first?.secret == "from-the-environment-123")
        #expect(try MonitorConfiguration.read("", environment: [:]) == .defaults)
    }

    @Test("e-mail: the password from the environment, never from a log")
    func email() throws {
        let text = """
            alerts:
              email:
                server: smtp.example.com:587
                from: vigil@example.com
                to: [psirt@example.com]
                username: vigil
                caFile: /etc/ssl/private-ca.pem
            """
        let configuration = try MonitorConfiguration.read(text, environment: ["VIGIL_SMTP_PASSWORD": "pw-from-env"])
        let email = try #require(configuration.email)
        #expect(email.host == "smtp.example.com" && email.port == 587 && email.password == "pw-from-env")
        #expect(email.caFile == "/etc/ssl/private-ca.pem" && email.attempts == 6)
        #expect(configuration.channels == ["log", "email"])
        let channels = Monitor<SQLiteVulnerabilityStore>.channels(for: configuration, logger: Logger(label: "test"))
        #expect(channels.map(\.name) == configuration.channels, "every configured channel is made")
    }

    @Test(
        "mistakes name the key",
        arguments: [
            ("feeds:\n  sources: [nvd, bogus]\n", "feeds.sources[1]"),
            ("schedule:\n  interval: soon\n", "schedule.interval"),
            ("schedule:\n  interval: 10s\n", "schedule.interval"),
            ("alerts:\n  minimumSeverity: severe\n", "alerts.minimumSeverity"),
            (
                "alerts:\n  webhooks:\n    - name: a\n      url: ftp://x\n      secret: 0123456789abcdef\n",
                "alerts.webhooks[0].url"
            ),
            ("alerts:\n  webhooks:\n    - name: a\n      url: https://x.example\n", "alerts.webhooks[0].secret"),
            (
                "alerts:\n  webhooks:\n    - name: a\n      url: https://x.example\n      secret: short\n",
                "alerts.webhooks[0].secret"
            ),
            ("alerts:\n  webhooks:\n    - url: https://x.example\n", "alerts.webhooks[0].name"),
            (
                "alerts:\n  webhooks:\n    - name: a\n      url: https://x.example\n      secret: 0123456789abcdef\n      retries: 3\n",
                "alerts.webhooks[0].retries"
            ),
            (
                "alerts:\n  webhooks:\n    - name: a\n      url: https://x.example\n      secret: 0123456789abcdef\n      attempts: 99\n",
                "alerts.webhooks[0].attempts"
            ),
            ("policy:\n  fixWithin:\n    urgent: 3d\n", "policy.fixWithin.urgent"),
            ("policy:\n  triageWithin: 36h\n", "policy.triageWithin"),
            ("alerts:\n  digest: weekly\n", "alerts.digest"),
            ("alerts:\n  email:\n    from: a@b.c\n    to: [d@e.f]\n", "alerts.email.server"),
            (
                "alerts:\n  email:\n    server: smtp.example.com\n    from: a@b.c\n    to: [d@e.f]\n",
                "alerts.email.server"
            ),
            (
                "alerts:\n  email:\n    server: smtp.example.com:587\n    from: nobody\n    to: [d@e.f]\n",
                "alerts.email.from"
            ),
            (
                // A real CR LF (YAML's double-quoted escapes), which would start another SMTP command.
                "alerts:\n  email:\n    server: smtp.example.com:587\n    from: a@b.c\n    to: [d@e.f, \"x@y\\r\\nRSET\"]\n",
                "alerts.email.to[1]"
            ),
            (
                "alerts:\n  email:\n    server: smtp.example.com:587\n    from: a@b.c\n    to: [d@e.f]\n    password: p\n",
                "alerts.email.password"
            ),
            ("schedule:\n  interval: infs\n", "schedule.interval"),
            ("schedule:\n  interval: 1e30\n", "schedule.interval"),
            (
                "alerts:\n  email:\n    server: smtp.example.com:587\n    from: a@b.c\n    to: [d@e.f]\n    username: u\n",
                "alerts.email.password"
            ),
            ("colour: blue\n", "colour"),
            ("- a list\n", "(file)"),
            ("a: [\n", "(file)"),
        ] as [(String, String)])
    func mistakes(_ text: String, _ key: String) {
        do {
            _ = try MonitorConfiguration.read(text, environment: [:])
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }
}
