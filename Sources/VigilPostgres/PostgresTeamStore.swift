import Foundation
public import Logging
import NIOCore
import NIOSSL
import PostgresNIO
public import VigilCore

/// The team's state in PostgreSQL, so that several `vigil serve` instances (and a `vigil monitor`) share it: the
/// same ``TeamStore`` contract as VigilStore's SQLite file, and the same tests. Each change and its audit entry are
/// one transaction; uniqueness is the database's (`ON CONFLICT`), so two instances adding the same product race
/// safely; the triage history and the audit log are append-only (triggers refuse UPDATE and DELETE).
///
/// ``connect(_:logger:)`` checks the server can be reached and signed in to, then migrates the schema under an
/// advisory lock (instances starting together migrate once). ``close()`` ends the connection pool.
public final class PostgresTeamStore: TeamStore {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    public let url: PostgresDatabaseURL

    private init(client: PostgresClient, url: PostgresDatabaseURL, logger: Logger) {
        self.client = client
        self.url = url
        self.logger = logger
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Connects, migrates, and returns the store; a server that cannot be reached or refuses the credentials is a
    /// ``PostgresStoreError`` that says which.
    public static func connect(_ url: PostgresDatabaseURL, logger: Logger) async throws -> PostgresTeamStore {
        let tls = try tlsContext(url)
        var probe = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: tls.map { url.tls == .prefer ? .prefer($0) : .require($0) } ?? .disable)
        probe.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw PostgresStoreError("cannot connect to \(url): \(describe(error))")
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: try clientTLS(url))
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 16
        let store = PostgresTeamStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: logger), url: url, logger: logger)
        // Let the pool's run task start before the first lease (postgres-nio warns otherwise).
        await Task.yield()
        do {
            try await store.migrate()
        } catch {
            store.close()
            throw PostgresStoreError("cannot prepare the schema in \(url): \(describe(error))")
        }
        return store
    }

    /// Ends the connection pool; queries after this fail.
    public func close() { runner.cancel() }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await fetch("SELECT name FROM vigil_migration ORDER BY applied, name").map { try $0.decode(String.self) }
    }

    // MARK: Helpers the extensions share

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw Self.readable(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw Self.readable(error)
        }
    }

    /// A PostgreSQL error as a ``PostgresStoreError`` with the server's message (postgres-nio's own description
    /// hides it); the store's own errors as they are.
    static func readable(_ error: any Error) -> any Error {
        error is PSQLError || error is PostgresTransactionError
            ? PostgresStoreError("PostgreSQL: \(describe(error))") : error
    }

    /// The rows of a read outside a transaction.
    func fetch(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw Self.readable(error)
        }
    }

    /// The rows of a statement in the caller's transaction.
    func fetch(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// How many rows a statement returned (`… RETURNING 1`): what it changed.
    func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Appends an audit entry inside the caller's transaction.
    func append(_ entry: AuditEntry, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, target, before, after)
            VALUES (\(entry.at), \(entry.actor), \(entry.action), \(entry.target), \(entry.before), \(entry.after))
            """, logger: logger)
    }

    private static func tlsContext(_ url: PostgresDatabaseURL) throws -> NIOSSLContext? {
        guard let configuration = try tlsConfiguration(url) else { return nil }
        return try NIOSSLContext(configuration: configuration)
    }

    private static func clientTLS(_ url: PostgresDatabaseURL) throws -> PostgresClient.Configuration.TLS {
        guard let configuration = try tlsConfiguration(url) else { return .disable }
        return url.tls == .prefer ? .prefer(configuration) : .require(configuration)
    }

    private static func tlsConfiguration(_ url: PostgresDatabaseURL) throws -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let roots = url.rootCertificates {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(roots))
            } catch {
                throw PostgresStoreError("cannot read the certificate authorities in \(roots): \(error)")
            }
        }
        return configuration
    }

    /// A PostgreSQL error as its server message (`password authentication failed for user "vigil"`), never with
    /// the query's values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresStoreError { return error.description }
        return "\(error)"
    }

    /// Whether the error is a violated unique constraint (SQLSTATE 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}

extension PostgresTeamStore {
    /// Runs `body` while this process holds the session-level advisory lock `name` (one connection is kept for it);
    /// nil, without running it, when another session holds the lock. What one instance alone may do (the monitor
    /// delivering alerts) is done under one.
    public func exclusively<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T? {
        do {
            return try await exclusively(on: name, body)
        } catch {
            throw Self.readable(error)
        }
    }

    private func exclusively<T: Sendable>(on name: String, _ body: () async throws -> T) async throws -> T? {
        try await client.withConnection { connection in
            let acquired =
                try await fetch("SELECT pg_try_advisory_lock(hashtext(\(name)))", connection)
                .first?.decode(Bool.self) ?? false
            guard acquired else { return nil }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(name)))", logger: logger)
            return try result.get()
        }
    }
}
