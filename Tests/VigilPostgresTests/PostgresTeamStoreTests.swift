import Foundation
import Logging
import Testing
import VigilCore
import VigilPostgres
import VigilTesting

/// What is PostgreSQL's own: the connection URL (secure TLS defaults, no password in what is shown), clear errors
/// for a server that is not there or refuses the login, migrations once under a lock, and rows Vigil did not write.
@Suite struct PostgresTeamStoreTests {
    static let logger = Logger(label: "vigil.test")

    @Test("URLs: the parts, percent-decoding, PGPASSWORD, TLS secure unless on loopback, the password never shown")
    func urls() throws {
        let url = try PostgresDatabaseURL("postgres://vigil:p%40ss%2Fword@db.example.com:6543/team", environment: [:])
        #expect(url.host == "db.example.com" && url.port == 6543 && url.username == "vigil")
        #expect(url.password == "p@ss/word" && url.database == "team")
        #expect(url.tls == .verifyFull, "a remote server's certificate is verified unless told otherwise")
        #expect(!url.description.contains("p@ss") && !url.description.contains("p%40ss"))
        #expect(url.description == "postgres://vigil@db.example.com:6543/team?sslmode=verify-full")

        let local = try PostgresDatabaseURL("postgresql://vigil@127.0.0.1", environment: ["PGPASSWORD": "secret"])
        #expect(local.password == "secret" && local.port == 5432 && local.database == "vigil" && local.tls == .prefer)
        let v6 = try PostgresDatabaseURL("postgres://u@[::1]:5433/d?sslmode=disable", environment: [:])
        #expect(v6.host == "::1" && v6.tls == .disable && v6.description.contains("[::1]:5433"))
        let roots = try PostgresDatabaseURL(
            "postgres://u@h/d?sslmode=require&sslrootcert=/etc/ca.pem", environment: [:])
        #expect(roots.tls == .require && roots.rootCertificates == "/etc/ca.pem")

        for bad in [
            "mysql://u@h/d", "postgres:///d", "postgres://h/d", "postgres://u@h/a/b", "postgres://u@h/d?sslmode=maybe",
            "postgres://u@h/d?application_name=x", "postgres://u@h:0/d", "not a url", "",
        ] {
            #expect(throws: PostgresStoreError.self, "\(bad)") { try PostgresDatabaseURL(bad, environment: [:]) }
        }
    }

    @Test("a server that is not there is a clear error, soon", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        let port = freeLoopbackPort()
        let url = try PostgresDatabaseURL(
            "postgres://vigil:x@127.0.0.1:\(port)/vigil?sslmode=disable", environment: [:])
        let error = await #expect(throws: PostgresStoreError.self) {
            _ = try await PostgresTeamStore.connect(url, logger: Self.logger)
        }
        #expect(error?.description.contains("cannot connect to postgres://vigil@127.0.0.1:\(port)/vigil") == true)
        #expect(error?.description.contains(":x@") == false, "no password in the error")
    }

    @Test(
        "a wrong password is refused with the server's reason, and the password is not in it",
        .enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
    func wrongPassword() async throws {
        let adminURL = try #require(TestPostgres.url)
        let admin = try #require(URLComponents(string: adminURL))
        var wrong = admin
        wrong.password = "not-the-password-7"
        let url = try PostgresDatabaseURL(try #require(wrong.string), environment: [:])
        let error = await #expect(throws: PostgresStoreError.self) {
            _ = try await PostgresTeamStore.connect(url, logger: Self.logger)
        }
        #expect(error?.description.contains("authentication failed") == true, "\(String(describing: error))")
        #expect(error?.description.contains("not-the-password-7") == false)
    }

    @Test(
        "instances starting together migrate once; a newer schema is refused",
        .enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
    func migrations() async throws {
        try await TestPostgres.withDatabase { text in
            let url = try PostgresDatabaseURL(text, environment: [:])
            let stores = try await withThrowingTaskGroup(of: PostgresTeamStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresTeamStore.connect(url, logger: Self.logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            defer { stores.forEach { $0.close() } }
            #expect(try await stores[0].appliedMigrations() == ["p1-team", "p2-login-failures"])
            try await TestPostgres.execute("INSERT INTO vigil_migration (name) VALUES ('p99-future')", database: text)
            let error = await #expect(throws: PostgresStoreError.self) {
                _ = try await PostgresTeamStore.connect(url, logger: Self.logger)
            }
            #expect(error?.description.contains("p99-future") == true)
        }
    }

    @Test(
        "one holder of an exclusive lock across instances (one monitor per database); released after, also on error",
        .enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
    func exclusiveLock() async throws {
        try await TestPostgres.withDatabase { text in
            let url = try PostgresDatabaseURL(text, environment: [:])
            let first = try await PostgresTeamStore.connect(url, logger: Self.logger)
            let second = try await PostgresTeamStore.connect(url, logger: Self.logger)
            defer {
                first.close()
                second.close()
            }
            let inner = try await first.exclusively("vigil monitor") {
                try await second.exclusively("vigil monitor") { "second ran" }
            }
            #expect(inner == .some(nil), "the second instance did not get the lock while the first held it")
            #expect(try await second.exclusively("vigil monitor") { 1 } == 1, "released when the first was done")
            struct Failure: Error {}
            await #expect(throws: Failure.self) { try await first.exclusively("vigil monitor") { throw Failure() } }
            #expect(try await second.exclusively("vigil monitor") { 2 } == 2, "released after an error too")
        }
    }

    @Test(
        "rows Vigil did not write are errors when read, never a crash; a changed SBOM is detected",
        .enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
    func hostileRows() async throws {
        try await TestPostgres.withDatabase { text in
            let store = try await PostgresTeamStore.connect(
                try PostgresDatabaseURL(text, environment: [:]), logger: Self.logger)
            defer { store.close() }
            try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:00.000Z"))
            try await store.add(
                Release(
                    product: "pump", version: "1", sbom: Array("{}".utf8), sbomFormat: "cyclonedx-json",
                    createdAt: "2026-11-28T00:00:01.000Z"))
            try await TestPostgres.execute("UPDATE product_release SET sbom = '\\x5b5d'", database: text)
            await #expect(throws: PostgresStoreError.self) { try await store.release(of: "pump", version: "1") }
            try await TestPostgres.execute(
                """
                INSERT INTO triage_decision (id, vulnerability, component_name, state, responses, note, author,
                    recorded_at, origin) VALUES ('TD-x', 'CVE-1', 'c', 'bogus', '', 'n', 'a', 't', 'cli')
                """, database: text)
            await #expect(throws: PostgresStoreError.self) { try await store.triageHistory(vulnerability: nil) }
            // The schema itself refuses what is not a role.
            await #expect(throws: (any Error).self) {
                try await TestPostgres.execute(
                    "INSERT INTO account (name, role, password_hash, created_at) VALUES ('eve', 'root', 'x', 't')",
                    database: text)
            }
            try await TestPostgres.execute(
                "INSERT INTO evaluation (product, release, evaluated_at, generation) VALUES ('pump', '1', 't', 1)",
                database: text)
            try await TestPostgres.execute(
                "INSERT INTO tracked_finding (product, release, finding, data) VALUES ('pump', '1', 'VF-1', '{')",
                database: text)
            await #expect(throws: (any Error).self) { try await store.trackedFindings(product: "pump", release: "1") }
        }
    }
}
