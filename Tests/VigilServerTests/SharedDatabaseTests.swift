import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import VigilCore
import VigilMonitor
import VigilPostgres
import VigilStore
import VigilTesting

@testable import VigilServer

/// Two `vigil serve` instances on one PostgreSQL database, each with its own file of vulnerability records, as a team
/// runs them behind a load balancer: what one does, the other sees at once — uploads, decisions, sessions, and a
/// monitor's re-evaluation through the other's cache of findings.
@Suite(.enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
struct SharedDatabaseTests {
    /// An instance: its own records file and its own connection pool to the shared database.
    struct Instance {
        var store: CombinedStore<SQLiteVulnerabilityStore, PostgresTeamStore>
        var path: String
    }

    static func instance(_ url: String) async throws -> Instance {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-instance-\(UUID()).db").path
        let records = try SQLiteVulnerabilityStore(path: path)
        _ = try await records.importRecords([SampleRecords.heartbleed])
        let team = try await PostgresTeamStore.connect(try PostgresDatabaseURL(url), logger: Logger(label: "test"))
        return Instance(store: CombinedStore(records: records, team: team), path: path)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test("an upload, a decision and a session on one instance are seen by the other; a re-evaluation too")
    func twoInstances() async throws {
        try await TestPostgres.withDatabase { url in
            let a = try await Self.instance(url)
            let b = try await Self.instance(url)
            defer {
                a.store.team.close()
                b.store.team.close()
                try? FileManager.default.removeItem(atPath: a.path)
                try? FileManager.default.removeItem(atPath: b.path)
            }
            try await a.store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:00.000Z"))
            let tokens = try await ServerAPITests.tokens(a.store)
            let analyst = ServerAPITests.headers(tokens["anna:write"])
            try await b.store.add(
                User(
                    name: "bob", role: .analyst, passwordHash: Bcrypt.hash(SessionTests.password, cost: 4),
                    createdAt: "2026-11-28T00:00:00.000Z"),
                audit: AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "user.add", target: "bob"))
            let findings = "/api/v1/products/pump/releases/2.4.1/findings"

            try await ServerAPITests.app(a.store).test(.router) { first in
                try await ServerAPITests.app(b.store).test(.router) { second in
                    // Uploaded and evaluated on A; listed on B (which caches the list).
                    try await first.execute(
                        uri: "/api/v1/products/pump/releases?version=2.4.1", method: .post, headers: analyst,
                        body: ByteBuffer(bytes: ServerAPITests.sbom)
                    ) { #expect($0.status == .created) }
                    try await second.execute(uri: findings + "?state=open", method: .get, headers: analyst) {
                        response in
                        let total = try Self.json(response)["total"] as? Int
                        #expect(total == 1)
                    }
                    // The same version uploaded on B is refused: the database decides, not the instance.
                    try await second.execute(
                        uri: "/api/v1/products/pump/releases?version=2.4.1", method: .post, headers: analyst,
                        body: ByteBuffer(bytes: ServerAPITests.sbom)
                    ) { #expect($0.status == .conflict) }

                    // Decided on B; A's VEX says so.
                    try await second.execute(
                        uri: "/api/v1/triage", method: .post, headers: analyst,
                        body: ByteBuffer(
                            string: #"""
                                {"vulnerability":"CVE-2014-0160","component":"openssl","version":"1.0.1f",
                                 "state":"not_affected","justification":"vulnerable_code_not_in_execute_path",
                                 "note":"heartbeats are disabled at build time (OPENSSL_NO_HEARTBEATS)"}
                                """#)
                    ) { #expect($0.status == .created, "\(String(buffer: $0.body))") }
                    try await first.execute(
                        uri: "/api/v1/products/pump/releases/2.4.1/vex?format=openvex", method: .get, headers: analyst
                    ) { response in
                        let body = String(buffer: response.body)
                        #expect(body.contains("not_affected") && body.contains("CVE-2014-0160"), "\(body)")
                    }

                    // A monitor cycle (on A's side) re-evaluates; B's cached list follows at once.
                    let monitor = Monitor(
                        configuration: .defaults, store: a.store, channels: [], logger: Logger(label: "test"))
                    let report = await monitor.cycle(sync: false)
                    #expect(report.releasesEvaluated >= 1 && report.releasesFailed == 0)
                    try await second.execute(uri: findings + "?state=open", method: .get, headers: analyst) {
                        response in
                        let total = try Self.json(response)["total"] as? Int
                        #expect(total == 0, "\(String(buffer: response.body))")
                    }

                    // Signed in on B, the session works on A; signed out on A, it is over on B.
                    let (cookie, csrf) = try await SessionTests.signIn(second, "bob")
                    try await first.execute(
                        uri: "/api/v1/products", method: .get, headers: SessionTests.headers(cookie: cookie)
                    ) { #expect($0.status == .ok) }
                    try await first.execute(
                        uri: "/logout", method: .post, headers: SessionTests.headers(cookie: cookie, csrf: csrf)
                    ) { #expect($0.status.code < 400) }
                    try await second.execute(
                        uri: "/api/v1/products", method: .get, headers: SessionTests.headers(cookie: cookie)
                    ) { #expect($0.status == .unauthorized) }
                }
            }
            // Both instances' changes are in the one audit log.
            let log = try await b.store.auditLog(limit: 50).map(\.action)
            #expect(log.contains("release.add") && log.contains("triage.set") && log.contains("login"))
        }
    }
}
