public import Foundation

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&sslrootcert=FILE]`, as
/// libpq reads it. The password may instead come from `PGPASSWORD`, which keeps it out of the process list; it is
/// never part of ``description``, so the URL can be logged.
///
/// TLS is secure by default: without `sslmode`, a server on a loopback address is tried with TLS and without
/// (`prefer`), any other needs TLS with its certificate verified against the system's roots (`verify-full`).
public struct PostgresDatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, else plain; the certificate is not verified.
        case prefer
        /// TLS, the certificate not verified (libpq's meaning): encryption against eavesdroppers only.
        case require
        /// TLS, the certificate chain verified and the host name checked.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// PEM file of the certificate authorities to verify the server against, instead of the system's.
    public var rootCertificates: String?

    /// Parses a URL; the password falls back to `environment["PGPASSWORD"]`.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresStoreError(
                "the database URL is not postgres://USER:PASSWORD@HOST:PORT/DATABASE (give --database-url or "
                    + "VIGIL_DATABASE_URL in that form)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError("the database URL names no host (postgres://USER@HOST/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError("the database URL names no user (postgres://USER@HOST/DATABASE)")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw PostgresStoreError("the database URL's port is not 1 to 65535") }
        // URLComponents gives the user and password percent-decoded.
        username = user
        password = components.password ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else {
            throw PostgresStoreError("the database URL's path is one database name, not '\(path)'")
        }
        database = path.isEmpty ? user : path
        var mode: TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = TLSMode(rawValue: value) else {
                    throw PostgresStoreError(
                        "sslmode '\(item.value ?? "")' is not one of "
                            + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                mode = parsed
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else {
                    throw PostgresStoreError("sslrootcert needs a PEM file's path")
                }
                rootCertificates = value
            default:
                throw PostgresStoreError(
                    "the database URL's parameter '\(item.name)' is not supported (sslmode, sslrootcert are)")
            }
        }
        tls = mode ?? (Self.isLoopback(self.host) ? .prefer : .verifyFull)
    }

    /// The URL without its password: what logs and errors show.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(username)@\(shownHost):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Why the PostgreSQL store cannot do what it was asked, with what to do about it.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
