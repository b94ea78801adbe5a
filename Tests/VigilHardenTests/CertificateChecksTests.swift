import Foundation
import Testing
import VigilHarden
import VigilInventory

/// Certificates planted in an image — expired, a 1024- and a 512-bit RSA key (which swift-certificates refuses to
/// load, so they are read with SwiftASN1), a SHA-1 signature, and a sound one — in PEM files, a bundle and DER.
@Suite struct CertificateChecksTests {
    static func fixture(_ name: String) throws -> String {
        try String(
            contentsOf: URL(filePath: #filePath).deletingLastPathComponent().appending(
                path: "Fixtures/certificates/\(name).pem"), encoding: .utf8)
    }

    static func der(_ pem: String) -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return [UInt8](Data(base64Encoded: body) ?? Data())
    }

    @Test("expired, weak keys and SHA-1 signatures found in PEM, bundles and DER; a sound certificate is not")
    func plantedCertificates() throws {
        let bundle = try Self.fixture("good") + Self.fixture("sha1")
        var files: [String: [UInt8]] = [
            "/etc/device/cert.pem": Array(try Self.fixture("expired").utf8),
            "/etc/device/bundle.pem": Array(bundle.utf8),
            "/usr/share/app/legacy.der": Self.der(try Self.fixture("rsa1024")),
            "/etc/device/tiny.crt": Array(try Self.fixture("rsa512").utf8),
            // The same expired certificate in the trust store: a low finding there (and judged once per place).
            "/etc/ssl/certs/expired-root.pem": Array(try Self.fixture("sha1").utf8),
        ]
        files["/etc/device/notes.txt"] = Array(
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n".utf8)
        let directory = try HardeningAuditTests.root(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "certs", generatedAt: "2026-12-01T00:00:00.000Z")
        func found(_ check: String) -> [String] {
            report.findings.filter { $0.check == check }.map { "\($0.evidence.path) \($0.evidence.detail)" }.sorted()
        }
        let expired = found("HC-CERT-EXPIRED")
        #expect(
            expired.count == 1
                && expired.first?.hasPrefix("/etc/device/cert.pem CN=expired.example: expired 2021-01-01") == true,
            "\(expired)")
        let weakKeys = found("HC-CERT-WEAK-KEY")
        #expect(
            weakKeys == [
                "/etc/device/tiny.crt CN=tiny.example: RSA 512 bits",
                "/usr/share/app/legacy.der CN=weak.example: RSA 1024 bits",
            ], "\(weakKeys)")
        let signatures = found("HC-CERT-WEAK-SIGNATURE")
        #expect(
            signatures == ["/etc/device/bundle.pem CN=legacy.example: signed with sha1WithRSAEncryption"],
            "\(signatures)")
        let line = report.findings.first { $0.check == "HC-CERT-WEAK-SIGNATURE" }?.evidence.line
        #expect(line == Self.fixtureLineCount(try Self.fixture("good")) + 1, "the BEGIN line of the second certificate")
        #expect(!report.findings.contains { $0.evidence.detail.contains("good.example") })
    }

    static func fixtureLineCount(_ text: String) -> Int { text.split(separator: "\n").count }

    @Test("certificates in the trust store: a self-signed root's own SHA-1 signature is not judged")
    func trustStore() throws {
        let directory = try HardeningAuditTests.root([
            "/usr/share/ca-certificates/mozilla/Old_Root.crt": Array(try Self.fixture("sha1").utf8)
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "store", generatedAt: "2026-12-01T00:00:00.000Z")
        #expect(!report.findings.contains { $0.check.hasPrefix("HC-CERT") })
    }
}
