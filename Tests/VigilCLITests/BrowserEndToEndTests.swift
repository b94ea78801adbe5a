import Foundation
import Testing
import VigilTesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The web UI in a real browser: `vigil serve` on 127.0.0.1 and Debian's Chromium, headless, driven over the
/// DevTools protocol — sign in, add a product, upload an SBOM through the file input, triage its finding, export
/// VEX — with a screenshot of each step in `.build/test-artifacts/browser/`. The pages need no JavaScript; the test
/// uses it only to fill in forms and press their buttons, as a person would.
///
/// `.ci/run` installs Chromium and sets `VIGIL_REQUIRE_BROWSER=1`, so there the test fails rather than skips when
/// the browser is missing.
@Suite struct BrowserEndToEndTests {
    static let available = HeadlessChromium.executable != nil && VigilProcess.executableURL() != nil
    static let required = ProcessInfo.processInfo.environment["VIGIL_REQUIRE_BROWSER"] == "1"

    static let nvd = #"""
        {"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2014-0160",
         "published":"2014-04-07T22:55:03.893","lastModified":"2024-01-01T00:00:00.000","vulnStatus":"Analyzed",
         "descriptions":[{"lang":"en","value":"The TLS and DTLS heartbeat extension in OpenSSL 1.0.1 before 1.0.1g reads out of bounds."}],
         "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
          "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","baseScore":7.5,"baseSeverity":"HIGH"}}]},
         "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,
          "criteria":"cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*","versionStartIncluding":"1.0.1",
          "versionEndExcluding":"1.0.1g","matchCriteriaId":"3D1C1D2B-0B6D-4C8E-9B0E-0D4B4A3C6E11"}]}]}]}}]}
        """#

    static let sbom = #"""
        {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
         {"type":"library","bom-ref":"openssl","name":"openssl","version":"1.0.1f","purl":"pkg:generic/openssl@1.0.1f",
          "cpe":"cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"}]}
        """#

    @Test(.enabled(if: available || required, "Chromium (Debian's chromium) or the vigil executable is missing"))
    func signInUploadTriageExport() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-browser-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let artifacts = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: ".build/test-artifacts/browser")
        try? FileManager.default.removeItem(at: artifacts)
        let db = directory.appending(path: "vigil.db").path
        let feed = directory.appending(path: "nvd.json")
        try Self.nvd.write(to: feed, atomically: true, encoding: .utf8)
        let sbom = directory.appending(path: "infusion-2.0.cdx.json")
        try Self.sbom.write(to: sbom, atomically: true, encoding: .utf8)
        let imported = try VigilProcess.run(["db", "import", "--db", db, feed.path])
        #expect(imported.status == 0, "\(imported.standardError)")
        let added = try VigilProcess.run(
            ["user", "add", "anna", "--role", "analyst", "--db", db], input: "correct horse battery\n")
        #expect(added.status == 0, "\(added.standardError)")

        let port = freeLoopbackPort()
        let server = Process()
        server.executableURL = try #require(VigilProcess.executableURL())
        server.arguments = ["serve", "--db", db, "--port", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        var healthy = false
        for _ in 0..<100 where !healthy {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "\(base)/health")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                healthy = true
            } else {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        try #require(healthy, "vigil serve did not start")

        let browser = try HeadlessChromium()
        func shot(_ name: String) throws { try browser.screenshot(to: artifacts.appending(path: "\(name).png")) }
        func fill(_ selector: String, _ value: String) -> String {
            "document.querySelector('\(selector)').value = \(Self.literal(value));"
        }

        // Asked for the portfolio, the browser is sent to the sign-in page.
        try browser.navigate("\(base)/")
        #expect(try browser.evaluate("location.pathname") as? String == "/login")
        try shot("01-sign-in")
        try browser.act(
            fill("input[name=name]", "anna") + fill("input[name=password]", "correct horse battery")
                + "document.querySelector('form[action=\"/login\"]').submit();")
        #expect(try browser.evaluate("location.pathname") as? String == "/")
        #expect(try browser.text().contains("Sign out anna (analyst)"))
        try shot("02-portfolio")

        try browser.act(
            fill("form[action=\"/products\"] input[name=name]", "infusion")
                + fill("form[action=\"/products\"] input[name=description]", "Infusion pump IP-200")
                + "document.querySelector('form[action=\"/products\"]').submit();")
        #expect(try browser.evaluate("location.pathname") as? String == "/products/infusion")
        try shot("03-product")

        try browser.setFiles("input[name=sbom]", [sbom.path])
        try browser.act(
            fill("input[name=version]", "2.0") + fill("input[name=devices]", "1200")
                + "document.querySelector('form[enctype=\"multipart/form-data\"]').submit();")
        #expect(try browser.evaluate("location.pathname") as? String == "/products/infusion/releases/2.0")
        let findings = try browser.text()
        #expect(findings.contains("CVE-2014-0160") && findings.contains("1 findings match"), "\(findings)")
        try shot("04-release-findings")

        try browser.act("document.querySelector('a[href*=\"triage?finding=\"]').click();")
        #expect(try browser.text().contains("Decide"))
        try browser.act(
            fill("select[name=state]", "not_affected")
                + fill("select[name=justification]", "vulnerable_code_not_in_execute_path")
                + fill("textarea[name=note]", "Heartbeat is compiled out (OPENSSL_NO_HEARTBEATS).")
                + "document.querySelector('form[action$=\"/triage\"]').submit();")
        let triaged = try browser.text()
        #expect(triaged.contains("Decision recorded") && triaged.contains("closed"), "\(triaged)")
        try shot("05-triaged")

        // The VEX download: the release page's OpenVEX link, saved by the browser.
        try browser.download("document.querySelector('a[href$=\"format=openvex\"]').click();", into: artifacts)
        let vex = try String(
            contentsOf: artifacts.appending(path: "infusion-2.0.openvex.json"), encoding: .utf8)
        #expect(vex.contains("CVE-2014-0160") && vex.contains("not_affected"))
        #expect(vex.contains("vulnerable_code_not_in_execute_path") && vex.contains("OPENSSL_NO_HEARTBEATS"))

        try browser.act("document.querySelector('form[action=\"/logout\"]').submit();")
        #expect(try browser.evaluate("location.pathname") as? String == "/login")
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
    }

    /// A JavaScript string literal.
    static func literal(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }
}
