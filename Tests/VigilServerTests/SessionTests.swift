import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import VigilCore
import VigilStore

@testable import VigilServer

/// Browser sessions: sign-in (JSON and form), the cookie's attributes, CSRF on every change, sign-out, expiry, and
/// login rate limiting with a clock the test moves.
@Suite struct SessionTests {
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        func now() -> Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    static let password = "correct horse battery"

    static func fixture() async throws -> (SQLiteVulnerabilityStore, String) {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-session-\(UUID()).db").path
        let store = try SQLiteVulnerabilityStore(path: path)
        let audit = AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "setup", target: "")
        for (name, role) in [("vera", Role.viewer), ("anna", .analyst)] {
            try await store.add(
                User(
                    name: name, role: role, passwordHash: Bcrypt.hash(password, cost: 4),
                    createdAt: "2026-11-28T00:00:00.000Z"), audit: audit)
        }
        return (store, path)
    }

    static func app(_ store: SQLiteVulnerabilityStore, clock: Clock) throws -> some ApplicationProtocol {
        Application(
            router: try VigilServerRoutes.router(
                store: store, logger: Logger(label: "test"),
                limiter: LoginLimiter(limit: 5, addressLimit: 50, window: 900),
                now: { clock.now() }))
    }

    static func login(_ name: String, _ password: String) -> ByteBuffer {
        ByteBuffer(string: #"{"name":"\#(name)","password":"\#(password)"}"#)
    }

    /// The cookie and the CSRF token of a successful sign-in.
    static func signIn(_ client: some TestClientProtocol, _ name: String) async throws -> (String, String) {
        try await client.execute(uri: "/login", method: .post, body: login(name, password)) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let cookie = try #require(response.headers[.setCookie])
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
            return (String(cookie.split(separator: ";")[0]), try #require(body["csrfToken"] as? String))
        }
    }

    static func headers(cookie: String, csrf: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        fields[.cookie] = cookie
        if let csrf { fields[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return fields
    }

    @Test("a session reads, changes only with its CSRF token and its role, and ends at sign-out or after 8 hours")
    func sessions() async throws {
        let (store, path) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = Clock()
        try await Self.app(store, clock: clock).test(.router) { client in
            try await client.execute(uri: "/login", method: .post, body: Self.login("anna", Self.password)) {
                response in
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.hasPrefix("vigil_session=") && cookie.contains("; HttpOnly"))
                #expect(
                    cookie.contains("; Secure") && cookie.contains("; SameSite=Strict") && cookie.contains("Path=/"))
                #expect(response.headers[.cacheControl] == "no-store")
            }
            let (cookie, csrf) = try await Self.signIn(client, "anna")
            try await client.execute(uri: "/api/v1/products", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect($0.status == .ok)
            }
            for (token, status, code) in [
                (nil, HTTPResponse.Status.forbidden, "csrf"), (String(repeating: "0", count: 64), .forbidden, "csrf"),
                (csrf, .created, nil),
            ] as [(String?, HTTPResponse.Status, String?)] {
                try await client.execute(
                    uri: "/api/v1/products", method: .post, headers: Self.headers(cookie: cookie, csrf: token),
                    body: ByteBuffer(string: #"{"name":"pump"}"#)
                ) { response in
                    #expect(response.status == status)
                    if let code { #expect(String(buffer: response.body).contains("\"code\":\"\(code)\"")) }
                }
            }
            // Another session's CSRF token is not this one's.
            let (viewerCookie, viewerCSRF) = try await Self.signIn(client, "vera")
            try await client.execute(
                uri: "/api/v1/products", method: .post, headers: Self.headers(cookie: cookie, csrf: viewerCSRF),
                body: ByteBuffer(string: #"{"name":"other"}"#)
            ) { #expect($0.status == .forbidden) }
            // A viewer's session has the viewer's rights.
            try await client.execute(
                uri: "/api/v1/products", method: .post, headers: Self.headers(cookie: viewerCookie, csrf: viewerCSRF),
                body: ByteBuffer(string: #"{"name":"other"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("\"code\":\"forbidden\""))
            }
            // Signing out ends the session at once; it needs the CSRF token too.
            try await client.execute(uri: "/logout", method: .post, headers: Self.headers(cookie: viewerCookie)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/logout", method: .post, headers: Self.headers(cookie: viewerCookie, csrf: viewerCSRF)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(
                uri: "/api/v1/products", method: .get, headers: Self.headers(cookie: viewerCookie)
            ) { #expect($0.status == .unauthorized) }
            // A made-up cookie signs no one in.
            try await client.execute(
                uri: "/api/v1/products", method: .get,
                headers: Self.headers(cookie: "vigil_session=" + String(repeating: "a", count: 64))
            ) { #expect($0.status == .unauthorized) }
            // Eight hours on, the session is over.
            clock.advance(8 * 3600 - 1)
            try await client.execute(uri: "/api/v1/products", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect($0.status == .ok)
            }
            clock.advance(1)
            try await client.execute(uri: "/api/v1/products", method: .get, headers: Self.headers(cookie: cookie)) {
                #expect($0.status == .unauthorized)
            }
        }
        let log = try await store.auditLog(limit: 50)
        #expect(log.contains { $0.action == "login" && $0.actor == "anna" })
        #expect(log.contains { $0.action == "logout" && $0.actor == "vera" })
        #expect(log.contains { $0.action == "product.add" && $0.actor == "anna" && $0.target == "pump" })
    }

    @Test("five failed sign-ins lock the name for the window, right password or not; the form works; failures audited")
    func rateLimit() async throws {
        let (store, path) = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = Clock()
        try await Self.app(store, clock: clock).test(.router) { client in
            for name in ["anna", "nobody"] {
                try await client.execute(uri: "/login", method: .post, body: Self.login(name, "wrong password")) {
                    response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains("the name or the password is wrong"))
                }
            }
            for _ in 0..<4 {
                clock.advance(60)
                try await client.execute(uri: "/login", method: .post, body: Self.login("anna", "wrong password")) {
                    #expect($0.status == .unauthorized)
                }
            }
            // Five failures for anna: even the right password waits.
            try await client.execute(uri: "/login", method: .post, body: Self.login("anna", Self.password)) {
                response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "660")
                #expect(response.headers[.setCookie] == nil)
            }
            clock.advance(661)
            var form = HTTPFields()
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(
                uri: "/login", method: .post, headers: form,
                body: ByteBuffer(string: "name=anna&password=correct+horse%20battery")
            ) { response in
                #expect(
                    response.status == .seeOther && response.headers[.location] == "/",
                    "\(String(buffer: response.body))")
                #expect(response.headers[.setCookie]?.hasPrefix("vigil_session=") == true)
            }
        }
        let failed = try await store.auditLog(limit: 50).filter { $0.action == "login.failed" }
        #expect(failed.count == 6)
        #expect(failed.allSatisfy { !($0.after ?? "").contains("wrong password") })
    }

    @Test(
        "the limiter counts per name and per address within its window, in the database; success clears the name only",
        arguments: ServerTestBackend.enabled)
    func limiter(_ backend: ServerTestBackend) async throws {
        try await backend.withStore { store in
            let limiter = LoginLimiter(limit: 2, addressLimit: 3, window: 100)
            // Another server process on the same database: the counts are the same for it.
            let other = LoginLimiter(limit: 2, addressLimit: 3, window: 100)
            let start = Date(timeIntervalSince1970: 1_795_000_000)
            func wait(
                _ limiter: LoginLimiter, _ user: String, _ address: String, _ seconds: TimeInterval
            ) async throws
                -> Int?
            {
                try await limiter.retryAfter(
                    user: user, address: address, now: start.addingTimeInterval(seconds), store: store)
            }
            #expect(try await wait(limiter, "a", "ip", 0) == nil)
            try await limiter.failed(user: "a", address: "ip", at: start, store: store)
            try await other.failed(user: "A", address: "ip", at: start.addingTimeInterval(10), store: store)
            #expect(try await wait(limiter, "a", "other", 20) == 80)
            #expect(try await wait(other, "a", "other", 20) == 80)
            #expect(try await wait(limiter, "b", "ip", 20) == nil)
            try await limiter.failed(user: "b", address: "ip", at: start.addingTimeInterval(30), store: store)
            // The address has three failures now: every name from it waits for the oldest to leave the window.
            #expect(try await wait(limiter, "c", "ip", 40) == 60)
            #expect(try await wait(limiter, "c", "other", 40) == nil)
            #expect(try await wait(limiter, "a", "other", 110) == nil)
            try await limiter.succeeded(user: "b", store: store)
            #expect(try await wait(limiter, "b", "ip", 40) == 60)
            #expect(try await wait(limiter, "b", "x", 40) == nil)
            // Failures older than the window are forgotten when the next is recorded.
            try await limiter.failed(user: "z", address: "far", at: start.addingTimeInterval(1_000), store: store)
            #expect(try await store.loginFailures(key: "user:a", since: "0").isEmpty)
        }
    }
}
