import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import VigilCore
import VigilStore

@testable import VigilServer

/// The web UI through HummingbirdTesting as a browser without JavaScript uses it: sign in with the form, the
/// portfolio, a product added, an SBOM uploaded as multipart, its findings filtered, a finding triaged, two releases
/// compared, the metrics and the audit log — every change with the CSRF field, every value escaped.
@Suite struct WebUITests {
    static let password = "correct horse battery"

    static func fixture() async throws -> (SQLiteVulnerabilityStore, String) {
        let (store, path) = try await ServerAPITestsFixture.store()
        let audit = AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "setup", target: "")
        for (name, role) in [("vera", Role.viewer), ("anna", .analyst), ("adam", .admin)] {
            try await store.add(
                User(
                    name: name, role: role, passwordHash: Bcrypt.hash(password, cost: 4),
                    createdAt: "2026-11-28T00:00:00.000Z"), audit: audit)
        }
        return (store, path)
    }

    static func app(_ store: SQLiteVulnerabilityStore) throws -> some ApplicationProtocol {
        Application(
            router: try VigilServerRoutes.router(store: store, logger: Logger(label: "test"), tool: "vigil test"))
    }

    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml"]

    static func headers(cookie: String?, form: Bool = false, boundary: String? = nil) -> HTTPFields {
        var fields = browser
        if let cookie { fields[.cookie] = cookie }
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        if let boundary { fields[.contentType] = "multipart/form-data; boundary=\(boundary)" }
        return fields
    }

    /// Signs in with the form; the session cookie and the CSRF token on the next page.
    static func signIn(_ client: some TestClientProtocol, _ name: String) async throws -> (String, String) {
        let cookie = try await client.execute(
            uri: "/login", method: .post, headers: headers(cookie: nil, form: true),
            body: ByteBuffer(string: "name=\(name)&password=correct+horse+battery&next=%2Fmetrics")
        ) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/metrics")
            return String(try #require(response.headers[.setCookie]).split(separator: ";")[0])
        }
        let csrf = try await client.execute(uri: "/", method: .get, headers: headers(cookie: cookie)) { response in
            let html = String(buffer: response.body)
            let marker = #"name="csrf" value=""#
            let start = try #require(html.range(of: marker)).upperBound
            return String(html[start...].prefix(64))
        }
        return (cookie, csrf)
    }

    static func form(_ pairs: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: pairs.map { key, value in
                "\(key)=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }.joined(separator: "&"))
    }

    @Test("pages need a session; sign-in by form goes back where it was asked; a wrong password shows the form again")
    func signIn() async throws {
        let (store, path) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.app(store).test(.router) { client in
            for page in ["/", "/metrics", "/products/pump", "/audit"] {
                try await client.execute(uri: page, method: .get, headers: Self.browser) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location]?.hasPrefix("/login?next=/") == true, "\(page)")
                }
            }
            try await client.execute(uri: "/login?next=//evil.example/x", method: .get, headers: Self.browser) {
                response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains(#"<form method="post" action="/login""#))
                #expect(html.contains(#"name="next" value="/""#))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(
                uri: "/login", method: .post, headers: Self.headers(cookie: nil, form: true),
                body: Self.form([("name", "anna"), ("password", "wrong"), ("next", "https://evil.example/")])
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                let html = String(buffer: response.body)
                #expect(html.contains("the name or the password is wrong") && html.contains(#"value="anna""#))
            }
            try await client.execute(
                uri: "/login", method: .post, headers: Self.headers(cookie: nil, form: true),
                body: Self.form([("name", "anna"), ("password", Self.password), ("next", "//evil.example/")])
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/")
            }
            try await client.execute(uri: "/static/vigil.css", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("an analyst adds a product, uploads two releases, filters, triages, compares; the admin reads the audit log")
    func workflow() async throws {
        let (store, path) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.app(store).test(.router) { client in
            let (cookie, csrf) = try await Self.signIn(client, "anna")
            #expect(csrf.count == 64)
            // Without the CSRF field the form is refused, as a page.
            try await client.execute(
                uri: "/products", method: .post, headers: Self.headers(cookie: cookie, form: true),
                body: Self.form([("name", "infusion")])
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("CSRF token"))
            }
            try await client.execute(
                uri: "/products", method: .post, headers: Self.headers(cookie: cookie, form: true),
                body: Self.form([("csrf", csrf), ("name", "infusion"), ("description", "<script>alert(1)</script>")])
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/products/infusion")
            }
            try await client.execute(uri: "/products/infusion", method: .get, headers: Self.headers(cookie: cookie)) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"))
                #expect(html.contains(#"enctype="multipart/form-data""#))
            }
            for (version, sbom) in [("1.0", ServerAPITestsFixture.oldSBOM), ("2.0", ServerAPITests.sbom)] {
                var body = Array("--B0\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
                body += Array("--B0\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n\(version)\r\n".utf8)
                body += Array("--B0\r\nContent-Disposition: form-data; name=\"devices\"\r\n\r\n250\r\n".utf8)
                body += Array(
                    "--B0\r\nContent-Disposition: form-data; name=\"sbom\"; filename=\"bom.json\"\r\n\r\n".utf8)
                body += sbom + Array("\r\n--B0--\r\n".utf8)
                try await client.execute(
                    uri: "/products/infusion/releases", method: .post,
                    headers: Self.headers(cookie: cookie, boundary: "B0"), body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .seeOther, "\(String(buffer: response.body))")
                    #expect(response.headers[.location] == "/products/infusion/releases/\(version)")
                }
            }
            var finding = ""
            try await client.execute(
                uri: "/products/infusion/releases/2.0?state=open&severity=high&sort=priority", method: .get,
                headers: Self.headers(cookie: cookie)
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("CVE-2014-0160") && html.contains("1 findings match"))
                #expect(html.contains("vex?format=csaf"))
                let start = try #require(html.range(of: "triage?finding=")).upperBound
                finding = String(html[start...].prefix { $0 != "\"" })
            }
            try await client.execute(
                uri: "/products/infusion/releases/2.0?severity=low", method: .get, headers: Self.headers(cookie: cookie)
            ) { #expect(String(buffer: $0.body).contains("No findings match.")) }
            try await client.execute(
                uri: "/products/infusion/releases/2.0/triage?finding=\(finding)", method: .get,
                headers: Self.headers(cookie: cookie)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("vulnerable_code_not_in_execute_path"))
            }
            // A decision without a note is refused with CISA's reason; with one it is recorded and the release
            // evaluated again.
            try await client.execute(
                uri: "/products/infusion/releases/2.0/triage", method: .post,
                headers: Self.headers(cookie: cookie, form: true),
                body: Self.form([
                    ("csrf", csrf), ("finding", finding), ("scope", "version"), ("state", "not_affected"),
                    ("justification", ""), ("note", ""),
                ])
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(
                uri: "/products/infusion/releases/2.0/triage", method: .post,
                headers: Self.headers(cookie: cookie, form: true),
                body: Self.form([
                    ("csrf", csrf), ("finding", finding), ("scope", "version"), ("state", "not_affected"),
                    ("justification", "vulnerable_code_not_in_execute_path"), ("response", ""),
                    ("note", "Heartbeat is compiled out (OPENSSL_NO_HEARTBEATS)."),
                ])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/products/infusion/releases/2.0?notice=recorded")
            }
            try await client.execute(
                uri: "/products/infusion/releases/2.0?notice=recorded", method: .get,
                headers: Self.headers(cookie: cookie)
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Decision recorded") && html.contains("<td>closed</td>"))
            }
            try await client.execute(
                uri: "/products/infusion/diff?from=1.0&to=2.0", method: .get, headers: Self.headers(cookie: cookie)
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(html)")
                #expect(html.contains("<td>changed</td><td>openssl</td><td>0.9.8</td><td>1.0.1f</td>"))
                #expect(html.contains("<td>added</td><td>CVE-2014-0160</td>"))
            }
            try await client.execute(uri: "/products/infusion", method: .get, headers: Self.headers(cookie: cookie)) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("<svg") && html.contains("Open findings by severity"))
                #expect(html.contains(#"<option selected>1.0</option>"#))
            }
            try await client.execute(uri: "/", method: .get, headers: Self.headers(cookie: cookie)) { response in
                #expect(String(buffer: response.body).contains(#"<a href="/products/infusion">infusion</a>"#))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect(String(buffer: $0.body).contains("Triage median"))
            }
            try await client.execute(uri: "/audit", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/logout", method: .post, headers: Self.headers(cookie: cookie, form: true),
                body: Self.form([("csrf", csrf)])
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect($0.status == .seeOther)
            }
            let (adminCookie, _) = try await Self.signIn(client, "adam")
            try await client.execute(uri: "/audit", method: .get, headers: Self.headers(cookie: adminCookie)) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("triage.set") && html.contains("release.add") && html.contains("logout"))
            }
            // A viewer sees no forms that change anything.
            let (viewerCookie, _) = try await Self.signIn(client, "vera")
            try await client.execute(
                uri: "/products/infusion/releases/2.0", method: .get, headers: Self.headers(cookie: viewerCookie)
            ) { response in
                #expect(response.status == .ok && !String(buffer: response.body).contains("Triage</a>"))
            }
            try await client.execute(
                uri: "/products/infusion/releases/2.0/triage?finding=\(finding)", method: .get,
                headers: Self.headers(cookie: viewerCookie)
            ) { #expect($0.status == .forbidden) }
        }
    }
}
