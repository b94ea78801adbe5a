import PostgresNIO
public import VigilCore

/// Users, API tokens (only their hashes), browser sessions (only their ids' hashes) and the append-only audit log.
extension PostgresTeamStore {
    public func add(_ user: User, audit: AuditEntry) async throws {
        if let problem = User.problem(name: user.name) { throw PortfolioError(problem) }
        try await transaction { connection in
            let inserted = try await fetch(
                """
                INSERT INTO account (name, role, password_hash, created_at, disabled)
                VALUES (\(user.name), \(user.role.rawValue), \(user.passwordHash), \(user.createdAt), \(user.disabled))
                ON CONFLICT (name) DO NOTHING RETURNING 1
                """, connection)
            guard !inserted.isEmpty else { throw PortfolioError("the user '\(user.name)' exists already") }
            try await append(audit, connection)
        }
    }

    public func user(named name: String) async throws -> User? {
        try await fetch("\(unescaped: Self.userSelect) WHERE name = \(name)").first.map(Self.user)
    }

    public func users() async throws -> [User] {
        try await fetch("\(unescaped: Self.userSelect) ORDER BY name").map(Self.user)
    }

    public func add(_ token: APIToken, audit: AuditEntry) async throws {
        try await transaction { connection in
            // The user's row is locked, so it cannot go between the check and the insert.
            guard !(try await fetch("SELECT 1 FROM account WHERE name = \(token.user) FOR SHARE", connection).isEmpty)
            else { throw PortfolioError("no user '\(token.user)': add it first (vigil user add)") }
            try await connection.query(
                """
                INSERT INTO api_token (id, user_name, scope, hash, created_at)
                VALUES (\(token.id), \(token.user), \(token.scope.rawValue), \(token.hash), \(token.createdAt))
                """, logger: logger)
            try await append(audit, connection)
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await fetch("\(unescaped: Self.tokenSelect) WHERE id = \(id)").first.map(Self.token)
    }

    public func tokens(user: String?) async throws -> [APIToken] {
        try await fetch(
            "\(unescaped: Self.tokenSelect) WHERE \(user)::text IS NULL OR user_name = \(user) ORDER BY created_at, id"
        ).map(Self.token)
    }

    public func revokeToken(id: String, at: String, audit: AuditEntry) async throws {
        try await transaction { connection in
            let changed = try await fetch(
                "UPDATE api_token SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING 1",
                connection)
            guard changed.count == 1 else { throw PortfolioError("no active token \(id)") }
            try await append(audit, connection)
        }
    }

    public func touchToken(id: String, at: String) async throws {
        _ = try await fetch("UPDATE api_token SET last_used_at = \(at) WHERE id = \(id)")
    }

    public func add(_ session: BrowserSession, audit: AuditEntry) async throws {
        try await transaction { connection in
            guard
                !(try await fetch("SELECT 1 FROM account WHERE name = \(session.user) FOR SHARE", connection).isEmpty)
            else { throw PortfolioError("no user '\(session.user)'") }
            try await connection.query(
                "DELETE FROM browser_session WHERE expires_at <= \(session.createdAt)", logger: logger)
            try await connection.query(
                """
                INSERT INTO browser_session (id_hash, user_name, csrf_token, created_at, expires_at)
                VALUES (\(session.idHash), \(session.user), \(session.csrfToken), \(session.createdAt),
                    \(session.expiresAt))
                """, logger: logger)
            try await append(audit, connection)
        }
    }

    public func session(idHash: String, now: String) async throws -> BrowserSession? {
        try await fetch(
            """
            SELECT id_hash, user_name, csrf_token, created_at, expires_at FROM browser_session
            WHERE id_hash = \(idHash) AND expires_at > \(now)
            """
        ).first.map { row in
            let (idHash, user, csrf, createdAt, expiresAt) = try row.decode(
                (String, String, String, String, String).self)
            return BrowserSession(
                idHash: idHash, user: user, csrfToken: csrf, createdAt: createdAt, expiresAt: expiresAt)
        }
    }

    public func endSession(idHash: String, audit: AuditEntry) async throws {
        try await transaction { connection in
            let ended = try await fetch(
                "DELETE FROM browser_session WHERE id_hash = \(idHash) RETURNING 1", connection)
            if ended.count == 1 { try await append(audit, connection) }
        }
    }

    public func audit(_ entry: AuditEntry) async throws {
        try await transaction { connection in try await append(entry, connection) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await fetch(
            "SELECT at, actor, action, target, before, after FROM audit_log ORDER BY sequence DESC LIMIT \(limit)"
        ).map { row in
            let (at, actor, action, target, before, after) =
                try row.decode((String, String, String, String, String?, String?).self)
            return AuditEntry(at: at, actor: actor, action: action, target: target, before: before, after: after)
        }
    }

    public func recordLoginFailure(keys: [String], at: String, forgetBefore: String) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM login_failure WHERE at < \(forgetBefore)", logger: logger)
            for key in keys {
                try await connection.query("INSERT INTO login_failure (key, at) VALUES (\(key), \(at))", logger: logger)
            }
        }
    }

    public func loginFailures(key: String, since: String) async throws -> [String] {
        try await fetch("SELECT at FROM login_failure WHERE key = \(key) AND at >= \(since) ORDER BY at").map {
            try $0.decode(String.self)
        }
    }

    public func clearLoginFailures(key: String) async throws {
        _ = try await fetch("DELETE FROM login_failure WHERE key = \(key)")
    }

    static let userSelect = "SELECT name, role, password_hash, created_at, disabled FROM account"
    static let tokenSelect =
        "SELECT id, user_name, scope, hash, created_at, revoked_at, last_used_at FROM api_token"

    static func user(_ row: PostgresRow) throws -> User {
        let (name, roleText, hash, createdAt, disabled) = try row.decode((String, String, String, String, Bool).self)
        guard let role = Role(rawValue: roleText) else {
            throw PostgresStoreError("the user \(name) has role '\(roleText)'")
        }
        return User(name: name, role: role, passwordHash: hash, createdAt: createdAt, disabled: disabled)
    }

    static func token(_ row: PostgresRow) throws -> APIToken {
        let (id, user, scopeText, hash, createdAt, revokedAt, lastUsedAt) =
            try row.decode((String, String, String, String, String, String?, String?).self)
        guard let scope = TokenScope(rawValue: scopeText) else {
            throw PostgresStoreError("the token \(id) has scope '\(scopeText)'")
        }
        return APIToken(
            id: id, user: user, scope: scope, hash: hash, createdAt: createdAt, revokedAt: revokedAt,
            lastUsedAt: lastUsedAt)
    }
}
