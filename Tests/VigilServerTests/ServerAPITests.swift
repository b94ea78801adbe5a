import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import VigilCore
import VigilStore
import VigilTesting

@testable import VigilServer

/// The REST API through HummingbirdTesting: the authorization matrix (anonymous, viewer, analyst, admin, a read-only
/// token and a revoked one × every route), the error shape, uploads and their evaluation, triage, the audit log.
@Suite struct ServerAPITests {
    struct Fixture {
        var store: any ServerStore
        var tokens: [String: String]
    }

    static let sbom = Array(
        #"""
        {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
         {"type":"library","bom-ref":"openssl","name":"openssl","version":"1.0.1f","purl":"pkg:generic/openssl@1.0.1f"}]}
        """#.utf8)

    /// The fixture on `backend`, removed afterwards (also when `body` throws).
    static func withFixture(_ backend: ServerTestBackend, _ body: (Fixture) async throws -> Void) async throws {
        try await backend.withStore { store in
            try await body(Fixture(store: store, tokens: try await tokens(store)))
        }
    }
}

/// A database with the Heartbleed record (OpenSSL 1.0.1 to 1.0.1f) and the product `pump`.
enum ServerAPITestsFixture {
    static let oldSBOM = Array(
        #"""
        {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
         {"type":"library","bom-ref":"openssl","name":"openssl","version":"0.9.8","purl":"pkg:generic/openssl@0.9.8"}]}
        """#.utf8)

    static func store() async throws -> (SQLiteVulnerabilityStore, String) {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-server-\(UUID()).db").path
        let store = try SQLiteVulnerabilityStore(path: path)
        try await fill(store)
        return (store, path)
    }

    /// The Heartbleed record in the records, the product `pump` in the team's state.
    static func fill(_ store: some ServerStore) async throws {
        _ = try await store.importRecords([SampleRecords.heartbleed])
        try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:00.000Z"))
    }
}

extension ServerAPITests {
    static func tokens(_ store: some ServerStore) async throws -> [String: String] {
        var tokens: [String: String] = [:]
        let audit = AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "setup", target: "")
        for (name, role) in [("vera", Role.viewer), ("anna", .analyst), ("adam", .admin)] {
            // A fixed hash: bcrypt is not what these tests are about.
            try await store.add(
                User(name: name, role: role, passwordHash: "$2b$04$x", createdAt: "2026-11-28T00:00:00.000Z"),
                audit: audit)
            for scope in TokenScope.allCases {
                var byte: UInt8 = UInt8(tokens.count)
                let (token, stored) = APIToken.make(user: name, scope: scope, createdAt: "2026-11-28T00:00:00.000Z") {
                    byte &+= 1
                    return (0..<32).map { UInt8(truncatingIfNeeded: Int($0) * 7 + Int(byte) * 31) }
                }
                try await store.add(stored, audit: audit)
                tokens["\(name):\(scope.rawValue)"] = token
            }
        }
        let (revoked, stored) = APIToken.make(user: "adam", scope: .write, createdAt: "2026-11-28T00:00:00.000Z") {
            (0..<32).map { UInt8($0) }
        }
        try await store.add(stored, audit: audit)
        try await store.revokeToken(id: stored.id, at: "2026-11-28T00:00:01.000Z", audit: audit)
        tokens["revoked"] = revoked
        try await store.add(
            Release(
                product: "pump", version: "1.0", sbom: sbom, sbomFormat: "cyclonedx-json",
                createdAt: "2026-11-28T00:00:00.000Z"))
        return tokens
    }

    static func app(_ store: some ServerStore) throws -> some ApplicationProtocol {
        Application(router: try VigilServerRoutes.router(store: store, logger: Logger(label: "test")))
    }

    static func headers(_ token: String?) -> HTTPFields {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    @Test("every route against every kind of caller", arguments: ServerTestBackend.enabled)
    func authorizationMatrix(_ backend: ServerTestBackend) async throws {
        try await Self.withFixture(backend) { fixture in
            // (method, path, body, minimum role, needs write) — the statuses below follow from these.
            let routes: [(HTTPRequest.Method, String, [UInt8]?, Role?, Bool)] = [
                (.get, "/health", nil, nil, false),
                (.get, "/api/v1/openapi.json", nil, .viewer, false),
                (.get, "/api/v1/products", nil, .viewer, false),
                (.get, "/api/v1/products/pump/releases", nil, .viewer, false),
                (.get, "/api/v1/products/pump/releases/1.0/findings", nil, .viewer, false),
                (.get, "/api/v1/products/pump/releases/1.0/vex?format=csaf", nil, .viewer, false),
                (.get, "/api/v1/triage", nil, .viewer, false),
                (.get, "/api/v1/alerts", nil, .viewer, false),
                (.get, "/api/v1/metrics", nil, .viewer, false),
                (.get, "/api/v1/audit", nil, .admin, false),
                (.get, "/api/v1/users", nil, .admin, false),
                (.get, "/api/v1/tokens?user=vera", nil, .admin, false),
                (
                    .post, "/api/v1/users",
                    Array(#"{"name":"u-NAME","role":"viewer","password":"correct horse battery"}"#.utf8),
                    .admin, true
                ),
                (.post, "/api/v1/tokens", Array(#"{"user":"vera","scope":"read"}"#.utf8), .admin, true),
                (.post, "/api/v1/products", Array(#"{"name":"p-NAME"}"#.utf8), .analyst, true),
                (.post, "/api/v1/products/pump/releases?version=v-NAME", Self.sbom, .analyst, true),
                (
                    .post, "/api/v1/triage",
                    Array(
                        #"{"vulnerability":"CVE-2014-0160","component":"openssl","state":"affected","responses":["update"],"note":"NAME"}"#
                            .utf8),
                    .analyst, true
                ),
            ]
            let callers: [(String, String?, Role?, TokenScope?)] = [
                ("anonymous", nil, nil, nil), ("revoked", fixture.tokens["revoked"], nil, nil),
                ("garbage", "vigil_000000000000_" + String(repeating: "0", count: 64), nil, nil),
                ("viewer:write", fixture.tokens["vera:write"], .viewer, .write),
                ("analyst:read", fixture.tokens["anna:read"], .analyst, .read),
                ("analyst:write", fixture.tokens["anna:write"], .analyst, .write),
                ("admin:read", fixture.tokens["adam:read"], .admin, .read),
                ("admin:write", fixture.tokens["adam:write"], .admin, .write),
            ]
            try await Self.app(fixture.store).test(.router) { client in
                for (method, path, body, minimum, write) in routes {
                    for (caller, token, role, scope) in callers {
                        let expected: HTTPResponse.Status =
                            if minimum == nil {
                                .ok
                            } else if role == nil {
                                .unauthorized
                            } else if role! < minimum! || (write && scope != .write) {
                                .forbidden
                            } else {
                                method == .post ? .created : .ok
                            }
                        let unique = caller.replacingOccurrences(of: ":", with: "-")
                        let uri = path.replacingOccurrences(of: "NAME", with: unique)
                        let payload = body.map {
                            String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "NAME", with: unique)
                        }
                        try await client.execute(
                            uri: uri, method: method, headers: Self.headers(token),
                            body: payload.map { ByteBuffer(string: $0) }
                        ) { response in
                            #expect(
                                response.status == expected,
                                "\(caller) \(method) \(path): \(String(buffer: response.body))"
                            )
                            if response.status.code >= 400 {
                                let error = try JSONSerialization.jsonObject(
                                    with: Data(String(buffer: response.body).utf8))
                                #expect(
                                    ((error as? [String: Any])?["error"] as? [String: Any])?["status"] as? Int
                                        == Int(response.status.code))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test(
        "uploads are evaluated; findings filtered, sorted and paged; bad input refused with the stable shape; audited",
        arguments: ServerTestBackend.enabled)
    func workflow(_ backend: ServerTestBackend) async throws {
        try await Self.withFixture(backend) { fixture in
            let analyst = Self.headers(fixture.tokens["anna:write"])
            try await Self.app(fixture.store).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/products/pump/releases?version=2.4.1&devices=1200", method: .post, headers: analyst,
                    body: ByteBuffer(bytes: Self.sbom)
                ) { #expect($0.status == .created) }
                try await client.execute(
                    uri: "/api/v1/products/pump/releases/2.4.1/findings?state=open&sort=priority&limit=5", method: .get,
                    headers: analyst
                ) { response in
                    let page = try #require(
                        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
                            as? [String: Any])
                    #expect(page["total"] as? Int == 1)
                    #expect(
                        (page["findings"] as? [[String: Any]])?.first?["vulnerability"] as? String == "CVE-2014-0160")
                }
                for (uri, method, body, status, code) in [
                    (
                        "/api/v1/products/pump/releases?version=2.4.1", HTTPRequest.Method.post, Self.sbom,
                        HTTPResponse.Status.conflict, "conflict"
                    ),
                    (
                        "/api/v1/products/pump/releases?version=9", .post, Array("not an sbom".utf8),
                        .unsupportedMediaType,
                        "not-an-sbom"
                    ),
                    ("/api/v1/products/nope/releases", .get, [], .notFound, "not-found"),
                    ("/api/v1/products/pump/releases/2.4.1/findings?sort=colour", .get, [], .badRequest, "bad-request"),
                    ("/api/v1/products", .post, Array("{".utf8), .badRequest, "bad-request"),
                    (
                        "/api/v1/triage", .post,
                        Array(
                            #"{"vulnerability":"CVE-2014-0160","component":"openssl","state":"affected","note":" "}"#
                                .utf8),
                        .unprocessableContent, "invalid-decision"
                    ),
                    ("/api/v1/nothing", .get, [], .notFound, "not-found"),
                ] as [(String, HTTPRequest.Method, [UInt8], HTTPResponse.Status, String)] {
                    try await client.execute(
                        uri: uri, method: method, headers: analyst, body: body.isEmpty ? nil : ByteBuffer(bytes: body)
                    ) { response in
                        #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
                        #expect(String(buffer: response.body).contains("\"code\":\"\(code)\""), "\(uri)")
                    }
                }
                // The release's VEX: the decision just recorded, in each format.
                try await client.execute(
                    uri: "/api/v1/triage", method: .post, headers: analyst,
                    body: ByteBuffer(
                        string:
                            #"{"vulnerability":"CVE-2014-0160","component":"openssl","version":"1.0.1f","state":"not_affected","justification":"vulnerable_code_not_in_execute_path","note":"heartbeat disabled at build time"}"#
                    )
                ) { #expect($0.status == .created, "\(String(buffer: $0.body))") }
                for (format, needle) in [
                    ("openvex", #""status" : "not_affected""#), ("cyclonedx", #""state" : "not_affected""#),
                    ("csaf", #""known_not_affected""#),
                ] {
                    try await client.execute(
                        uri: "/api/v1/products/pump/releases/2.4.1/vex?format=\(format)", method: .get, headers: analyst
                    ) { response in
                        #expect(response.status == .ok)
                        let text = String(buffer: response.body)
                        #expect(text.contains("CVE-2014-0160") && text.contains(needle), "\(format): \(text)")
                        #expect(text.contains("heartbeat disabled at build time"), "\(format)")
                        #expect(
                            response.headers[.contentDisposition]
                                == "attachment; filename=\"pump-2.4.1.\(format).json\"")
                    }
                }
                try await client.execute(
                    uri: "/api/v1/products/pump/releases/2.4.1/vex?format=spdx", method: .get, headers: analyst
                ) { #expect($0.status == .badRequest) }
                try await client.execute(uri: "/api/v1/products/pump/releases/9.9/vex", method: .get, headers: analyst)
                {
                    #expect($0.status == .notFound)
                }
                // 64 MiB is the limit.
                try await client.execute(
                    uri: "/api/v1/products/pump/releases?version=big", method: .post, headers: analyst,
                    body: ByteBuffer(repeating: 0x20, count: (64 << 20) + 1)
                ) { #expect($0.status == .contentTooLarge) }
            }
            let log = try await fixture.store.auditLog(limit: 10)
            let upload = try #require(log.first { $0.action == "release.add" })
            #expect(upload.actor == "anna" && upload.target == "pump 2.4.1")
            #expect(upload.after?.contains("\"fieldedDevices\":1200") == true)
            #expect(log.first?.action == "triage.set" && log.first?.actor == "anna")
        }
    }

    @Test(
        "admins manage users and tokens over the API; secrets are shown once and never stored or logged",
        arguments: ServerTestBackend.enabled)
    func accounts(_ backend: ServerTestBackend) async throws {
        try await Self.withFixture(backend) { fixture in
            let admin = Self.headers(fixture.tokens["adam:write"])
            try await Self.app(fixture.store).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin,
                    body: ByteBuffer(string: #"{"name":"olga","role":"analyst","password":"a long passphrase"}"#)
                ) { response in
                    #expect(response.status == .created)
                    #expect(!String(buffer: response.body).contains("passphrase"))
                    #expect(!String(buffer: response.body).contains("$2b$"))
                }
                for (body, status, code) in [
                    (
                        #"{"name":"olga","role":"viewer","password":"another passphrase"}"#,
                        HTTPResponse.Status.conflict,
                        "conflict"
                    ),
                    (
                        #"{"name":"short","role":"viewer","password":"too short"}"#, .unprocessableContent,
                        "invalid-user"
                    ),
                    (
                        #"{"name":"long","role":"viewer","password":""# + String(repeating: "x", count: 73) + "\"}",
                        .unprocessableContent, "invalid-user"
                    ),
                    (
                        #"{"name":"bad name","role":"viewer","password":"a long passphrase"}"#, .unprocessableContent,
                        "invalid-user"
                    ),
                    (#"{"name":"eve","role":"root","password":"a long passphrase"}"#, .badRequest, "bad-request"),
                ] {
                    try await client.execute(
                        uri: "/api/v1/users", method: .post, headers: admin, body: ByteBuffer(string: body)
                    ) { response in
                        #expect(response.status == status, "\(body): \(String(buffer: response.body))")
                        #expect(String(buffer: response.body).contains("\"code\":\"\(code)\""))
                    }
                }
                let stored = try #require(try await fixture.store.user(named: "olga"))
                #expect(stored.role == .analyst && stored.passwordHash.hasPrefix("$2b$12$"))
                // A token for olga: shown once, works at once, is revoked at once.
                var token = ""
                var id = ""
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: admin,
                    body: ByteBuffer(string: #"{"user":"olga","scope":"write"}"#)
                ) { response in
                    #expect(response.status == .created)
                    let created = try #require(
                        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
                            as? [String: Any])
                    token = try #require(created["token"] as? String)
                    id = try #require(created["id"] as? String)
                }
                #expect(APIToken.id(of: token) == id)
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: admin,
                    body: ByteBuffer(string: #"{"user":"nobody","scope":"read"}"#)
                ) { #expect($0.status == .notFound) }
                try await client.execute(
                    uri: "/api/v1/products", method: .post, headers: Self.headers(token),
                    body: ByteBuffer(string: #"{"name":"ventilator"}"#)
                ) { #expect($0.status == .created) }
                try await client.execute(uri: "/api/v1/tokens?user=olga", method: .get, headers: admin) { response in
                    let text = String(buffer: response.body)
                    #expect(text.contains(id) && !text.contains(token) && !text.contains("hash"))
                }
                for (caller, status) in [
                    ("vera:write", HTTPResponse.Status.forbidden), ("anna:write", .forbidden),
                    ("adam:read", .forbidden),
                    ("adam:write", .ok),
                ] {
                    try await client.execute(
                        uri: "/api/v1/tokens/\(id)", method: .delete, headers: Self.headers(fixture.tokens[caller])
                    ) { #expect($0.status == status, "\(caller)") }
                }
                try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: admin) {
                    #expect($0.status == .notFound)
                }
                try await client.execute(uri: "/api/v1/products", method: .get, headers: Self.headers(token)) {
                    #expect($0.status == .unauthorized)
                }
            }
            let log = try await fixture.store.auditLog(limit: 20)
            #expect(log.first?.action == "token.revoke" && log.first?.before?.contains("\"revokedAt\"") == false)
            #expect(log.contains { $0.action == "user.add" && $0.target == "olga" && $0.actor == "adam" })
            #expect(!log.contains { ($0.after ?? "").contains("passphrase") || ($0.after ?? "").contains("vigil_") })
        }
    }

    @Test(
        "the OpenAPI document is JSON, OpenAPI 3.1, and describes every route with every method",
        arguments: ServerTestBackend.enabled)
    func openAPI(_ backend: ServerTestBackend) async throws {
        try await Self.withFixture(backend) { fixture in
            try await Self.app(fixture.store).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/openapi.json", method: .get, headers: Self.headers(fixture.tokens["vera:read"])
                ) { response in
                    let document = try #require(
                        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
                            as? [String: Any])
                    #expect(document["openapi"] as? String == "3.1.0")
                    let paths = try #require(document["paths"] as? [String: [String: Any]])
                    let routes: [String: Set<String>] = [
                        "/openapi.json": ["get"], "/products": ["get", "post"],
                        "/products/{product}/releases": ["get", "post"],
                        "/products/{product}/releases/{version}/findings": ["get"],
                        "/products/{product}/releases/{version}/vex": ["get"], "/triage": ["get", "post"],
                        "/alerts": ["get"], "/metrics": ["get"], "/audit": ["get"], "/users": ["get", "post"],
                        "/tokens": ["get", "post"], "/tokens/{id}": ["delete"],
                    ]
                    #expect(Set(paths.keys) == Set(routes.keys))
                    for (path, methods) in routes {
                        #expect(Set(paths[path]?.keys.filter { $0 != "parameters" } ?? []) == methods, "\(path)")
                    }
                }
            }
        }
    }
}
