public import Foundation
import Logging
import PostgresNIO
public import Testing

/// A PostgreSQL server for the tests that run the team stores against it: `VIGIL_TEST_POSTGRES_URL`
/// (`postgres://USER:PASSWORD@127.0.0.1:5432/postgres`, a role that may create databases), which `.ci/run` sets after
/// starting Debian's PostgreSQL. Each test gets a database of its own, dropped when it is done.
///
/// Without the variable those tests run on SQLite only and one test says why; with `VIGIL_REQUIRE_POSTGRES=1`
/// (`.ci/run` sets it) a missing server fails instead.
public enum TestPostgres {
    /// The administrative URL, or nil.
    public static var url: String? {
        ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether a missing server is an error.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_POSTGRES"] == "1" }

    /// Whether the tests should run against PostgreSQL (configured, or required and so failing without it).
    public static var isEnabled: Bool { url != nil || isRequired }

    public static let missingMessage: Comment = """
        VIGIL_TEST_POSTGRES_URL is not set: the team stores were tested on SQLite only (set it to \
        postgres://USER:PASSWORD@127.0.0.1:5432/postgres, a role with CREATEDB, to test PostgreSQL too)
        """

    /// A database made for one test.
    public struct Database: Sendable {
        /// Its URL, for the store under test.
        public let url: String
        let name: String
        let admin: URLComponents

        /// Drops the database (ending any connection still open to it).
        public func drop() async {
            _ = try? await TestPostgres.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
        }
    }

    /// Creates a new, empty database on the test server.
    public static func database() async throws -> Database {
        guard let text = url, let admin = URLComponents(string: text) else {
            throw TestPostgresError("VIGIL_TEST_POSTGRES_URL is not set")
        }
        let name = "vigil_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", on: admin)
        var components = admin
        components.path = "/" + name
        guard let url = components.string else { throw TestPostgresError("cannot form the test database's URL") }
        return Database(url: url, name: name, admin: admin)
    }

    /// Runs `body` on a database made for it, dropped afterwards, also when `body` throws.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let database = try await database()
        do {
            let result = try await body(database.url)
            await database.drop()
            return result
        } catch {
            await database.drop()
            throw error
        }
    }

    /// Runs one statement (no parameters: the names are generated here) as the administrative user.
    @discardableResult
    static func execute(_ sql: String, on admin: URLComponents) async throws -> Int {
        guard let host = admin.host, let user = admin.user else {
            throw TestPostgresError("VIGIL_TEST_POSTGRES_URL needs a user and a host")
        }
        let database = admin.path.count > 1 ? String(admin.path.dropFirst()) : "postgres"
        let logger = Logger(label: "vigil.test.postgres")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: host, port: admin.port ?? 5432, username: user, password: admin.password, database: database,
                tls: .disable),
            id: 1, logger: logger)
        do {
            var rows = 0
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) { rows += 1 }
            try await connection.close()
            return rows
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs one statement on a test database, as a user with a login would (to try what the store must refuse).
    @discardableResult
    public static func execute(_ sql: String, database url: String) async throws -> Int {
        guard let components = URLComponents(string: url) else { throw TestPostgresError("not a URL: \(url)") }
        return try await execute(sql, on: components)
    }
}

public struct TestPostgresError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
