import Foundation
import Testing
import VigilCore
import VigilTesting

@testable import VigilMonitor

/// The e-mail channel against a real SMTP server on 127.0.0.1 (aiosmtpd, from the test corpus) with STARTTLS and
/// AUTH, its certificate made for the test by the openssl command.
@Suite(.enabled(if: TestCorpus.has("smtp/venv/.complete"), TestCorpus.missingMessage), .serialized)
struct EmailChannelTests {
    /// A running test server; `messages` reads what it received.
    final class SMTPServer {
        let process: Process
        let input: Pipe
        let port: Int
        let directory: URL
        let certificate: String

        init(starttls: Bool, subjectAltName: String = "IP:127.0.0.1,DNS:localhost") throws {
            directory = FileManager.default.temporaryDirectory.appending(path: "vigil-smtp-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            certificate = directory.appending(path: "cert.pem").path
            let openssl = Process()
            openssl.executableURL = URL(filePath: "/usr/bin/openssl")
            openssl.arguments = [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.appending(path: "key.pem").path,
                "-out", certificate, "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=\(subjectAltName)",
            ]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            let script = """
                import json, ssl, sys, threading
                from aiosmtpd.controller import Controller
                from aiosmtpd.smtp import AuthResult
                out, cert, key, tls = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
                class Handler:
                    async def handle_DATA(self, server, session, envelope):
                        with open(out, "a") as f:
                            f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                "data": envelope.content.decode("utf-8"), "tls": session.ssl is not None}) + "\\n")
                        return "250 OK"
                def authenticator(server, session, envelope, mechanism, auth_data):
                    ok = auth_data.login == b"vigil" and auth_data.password == b"s3cret-password"
                    return AuthResult(success=ok, handled=False)
                context = None
                if tls:
                    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                    context.load_cert_chain(cert, key)
                import socket
                probe = socket.socket()
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
                probe.close()
                controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context,
                    require_starttls=tls, authenticator=authenticator, auth_require_tls=True)
                controller.start()
                print(port, flush=True)
                sys.stdin.read()
                controller.stop()
                """
            let server = Process()
            server.executableURL = try #require(TestCorpus.url("smtp/venv/bin/python"))
            server.arguments = [
                "-c", script, directory.appending(path: "messages.jsonl").path, certificate,
                directory.appending(path: "key.pem").path, starttls ? "1" : "0",
            ]
            let output = Pipe()
            let stdin = Pipe()
            input = stdin
            server.standardOutput = output
            server.standardInput = stdin
            server.standardError = FileHandle.nullDevice
            try server.run()
            process = server
            var line: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { line.append(byte) }
            port = try #require(Int(String(decoding: line, as: UTF8.self)))
        }

        var messages: [[String: Any]] {
            let text = (try? String(contentsOf: directory.appending(path: "messages.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let alert = Alert(
        kind: .newFinding, product: "pump", release: "2.4.1\r\nBcc: someone@evil.example",
        finding: TrackedFinding(
            finding: "VF-1", vulnerability: "CVE-2014-0160", component: "openssl", componentVersion: "1.0.1f",
            open: true, severity: "high", kev: true),
        createdAt: "2026-11-28T00:00:00.000Z")

    static func settings(
        port: Int, caFile: String?, password: String = "s3cret-password"
    )
        -> MonitorConfiguration.Email
    {
        MonitorConfiguration.Email(
            host: "127.0.0.1", port: port, from: "vigil@example.com", to: ["psirt@example.com", "oncall@example.com"],
            username: "vigil", password: password, caFile: caFile, attempts: 3, backoff: 1, timeout: 5)
    }

    @Test("STARTTLS, a verified certificate, AUTH PLAIN: the message arrives whole, its headers safe")
    func delivers() async throws {
        let server = try SMTPServer(starttls: true)
        defer { server.stop() }
        let channel = EmailChannel(Self.settings(port: server.port, caFile: server.certificate))
        try await channel.deliver(Self.alert, body: AlertPayload.body(Self.alert), attempt: 1)
        let message = try #require(server.messages.first)
        #expect(message["tls"] as? Bool == true)
        #expect(message["from"] as? String == "vigil@example.com")
        #expect(message["to"] as? [String] == ["psirt@example.com", "oncall@example.com"])
        let data = try #require(message["data"] as? String)
        #expect(data.contains("Subject: [vigil] [new-finding] pump 2.4.1 Bcc: someone@evil.example: CVE-2014-0160"))
        #expect(!data.contains("\nBcc:"), "no header injection")
        #expect(data.contains("Message-ID: <\(Self.alert.id)@vigil>") && data.contains("vigil.alert/1"))
        #expect(
            data.split(whereSeparator: \.isNewline).allSatisfy { $0.utf8.count < 998 }, "every line within the limit")
    }

    @Test("refused: a certificate not trusted, a server without STARTTLS, a wrong password")
    func refusals() async throws {
        let server = try SMTPServer(starttls: true)
        defer { server.stop() }
        let untrusted = EmailChannel(Self.settings(port: server.port, caFile: nil))
        await #expect(throws: DeliveryError.self) {
            try await untrusted.deliver(Self.alert, body: [], attempt: 1)
        }
        let wrong = EmailChannel(Self.settings(port: server.port, caFile: server.certificate, password: "nope-nope"))
        do {
            try await wrong.deliver(Self.alert, body: [], attempt: 1)
            Issue.record("a wrong password was accepted")
        } catch {
            #expect("\(error)".contains("AUTH PLAIN ***") && !"\(error)".contains("nope-nope"), "\(error)")
        }
        let plain = try SMTPServer(starttls: false)
        defer { plain.stop() }
        let clear = EmailChannel(Self.settings(port: plain.port, caFile: plain.certificate))
        do {
            try await clear.deliver(Self.alert, body: [], attempt: 1)
            Issue.record("sent in clear")
        } catch {
            #expect("\(error)".contains("does not offer STARTTLS"))
        }
        let elsewhere = try SMTPServer(starttls: true, subjectAltName: "DNS:mail.example.org")
        defer { elsewhere.stop() }
        let wrongHost = EmailChannel(Self.settings(port: elsewhere.port, caFile: elsewhere.certificate))
        await #expect(throws: DeliveryError.self, "a trusted certificate for another host") {
            try await wrongHost.deliver(Self.alert, body: [], attempt: 1)
        }
        #expect(server.messages.isEmpty && plain.messages.isEmpty && elsewhere.messages.isEmpty)
    }
}
