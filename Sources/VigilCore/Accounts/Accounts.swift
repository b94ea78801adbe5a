/// Who may do what on the team server.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Reads everything: portfolio, findings, metrics, alerts.
    case viewer
    /// Also changes things: products, releases (SBOM uploads), triage decisions.
    case analyst
    /// Also manages users and tokens.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person with an account.
public struct User: Sendable, Hashable, Codable {
    /// Letters, digits, `.`, `_`, `-`, `@`; 1 to 64 bytes; unique.
    public var name: String
    public var role: Role
    /// bcrypt (`$2b$12$…`); never in logs or API answers.
    public var passwordHash: String
    public var createdAt: String
    public var disabled: Bool

    public init(name: String, role: Role, passwordHash: String, createdAt: String, disabled: Bool = false) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabled = disabled
    }

    /// Why the name cannot be a user's, or nil.
    public static func problem(name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64,
            name.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-@".unicodeScalars.contains($0))
            })
        else { return "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'" }
        return nil
    }

    /// Why the password cannot be used, or nil: at least 12 characters, and at most 72 bytes (bcrypt reads no
    /// further, so a longer one would be cut silently).
    public static func problem(password: String) -> String? {
        if password.count < 12 { return "a password has at least 12 characters" }
        if password.utf8.count > 72 { return "a password has at most 72 bytes (bcrypt reads no further)" }
        return nil
    }
}

/// What a token may do: read only, or read and write (with its user's role as the ceiling).
public enum TokenScope: String, Sendable, Hashable, Codable, CaseIterable {
    case read
    case write
}

/// An API token as stored: the secret itself is never kept, only its SHA-256 (a token has 256 bits of entropy, so a
/// fast hash is enough), compared in constant time.
public struct APIToken: Sendable, Hashable, Codable {
    /// `tok_` and 12 hex digits: what lists and audit entries show; it is also the token's prefix.
    public var id: String
    public var user: String
    public var scope: TokenScope
    /// Hex SHA-256 of the whole token.
    public var hash: String
    public var createdAt: String
    public var revokedAt: String?
    public var lastUsedAt: String?

    public init(
        id: String, user: String, scope: TokenScope, hash: String, createdAt: String, revokedAt: String? = nil,
        lastUsedAt: String? = nil
    ) {
        self.id = id
        self.user = user
        self.scope = scope
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// A new token: `vigil_` + its id's 12 hex digits + `_` + 64 hex digits of secret (the 32 random bytes
    /// `random` gives, which must come from a cryptographic generator), and what to store of it.
    public static func make(
        user: String, scope: TokenScope, createdAt: String, random: () -> [UInt8]
    ) -> (token: String, stored: APIToken) {
        var bytes = random()
        precondition(bytes.count == 32, "a token needs 32 random bytes")
        let secret = SHA256.Digest(bytes: bytes).hexString
        let id = String(SHA256.hash(bytes).hexString.prefix(12))
        bytes = []
        let token = "vigil_\(id)_" + secret
        let stored = APIToken(
            id: "tok_" + id, user: user, scope: scope, hash: SHA256.hash(Array(token.utf8)).hexString,
            createdAt: createdAt)
        return (token, stored)
    }

    /// The id a presented token claims (`tok_…`), or nil when it is not shaped like one.
    public static func id(of token: String) -> String? {
        let parts = token.split(separator: "_")
        guard parts.count == 3, parts[0] == "vigil", parts[1].count == 12, parts[2].count == 64,
            (parts[1] + parts[2]).allSatisfy(\.isHexDigit)
        else { return nil }
        return "tok_" + parts[1]
    }

    /// Whether `token` is this one, in constant time.
    public func matches(_ token: String) -> Bool {
        HMACSHA256.constantTimeEquals(
            Array(SHA256.hash(Array(token.utf8)).hexString.utf8), Array(hash.utf8))
    }
}

/// One change on the server: who, what, when, the state before and after (JSON), for the audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: String
    /// The user (or `cli` for commands run on the server's machine).
    public var actor: String
    /// `product.add`, `release.add`, `triage.set`, `user.add`, `token.create`, `token.revoke`, `login.failed`, …
    public var action: String
    /// What it was done to: `pump`, `pump 2.4.1`, `CVE-2024-3596 openssl`.
    public var target: String
    public var before: String?
    public var after: String?

    public init(at: String, actor: String, action: String, target: String, before: String? = nil, after: String? = nil)
    {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

/// A browser's signed-in session. The cookie carries 32 random bytes; only their SHA-256 is stored, so a copy of
/// the database signs no one in. The CSRF token is sent back with every change a session makes.
public struct BrowserSession: Sendable, Hashable, Codable {
    /// Hex SHA-256 of the cookie's value.
    public var idHash: String
    public var user: String
    /// 64 hex digits: what forms and `X-CSRF-Token` must carry.
    public var csrfToken: String
    public var createdAt: String
    /// An absolute end: sessions are not extended by use.
    public var expiresAt: String

    public init(idHash: String, user: String, csrfToken: String, createdAt: String, expiresAt: String) {
        self.idHash = idHash
        self.user = user
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// A new session for `user`: the cookie's value (`random` gives 64 bytes from a cryptographic generator: 32 for
    /// the cookie, 32 for the CSRF token) and what to store of it.
    public static func make(
        user: String, createdAt: String, expiresAt: String, random: () -> [UInt8]
    ) -> (cookie: String, stored: BrowserSession) {
        let bytes = random()
        precondition(bytes.count == 64, "a session needs 64 random bytes")
        let cookie = SHA256.Digest(bytes: Array(bytes[0..<32])).hexString
        let csrf = SHA256.Digest(bytes: Array(bytes[32..<64])).hexString
        return (
            cookie,
            BrowserSession(
                idHash: hash(cookie: cookie), user: user, csrfToken: csrf, createdAt: createdAt, expiresAt: expiresAt)
        )
    }

    /// What is stored for a cookie's value.
    public static func hash(cookie: String) -> String { SHA256.hash(Array(cookie.utf8)).hexString }

    /// Whether `token` is this session's CSRF token, in constant time.
    public func acceptsCSRF(_ token: String) -> Bool {
        HMACSHA256.constantTimeEquals(Array(token.utf8), Array(csrfToken.utf8))
    }
}

/// Where accounts, tokens and the audit log are kept (VigilStore's database conforms).
public protocol AccountStore: Sendable {
    func add(_ user: User, audit: AuditEntry) async throws
    func user(named name: String) async throws -> User?
    func users() async throws -> [User]
    func add(_ token: APIToken, audit: AuditEntry) async throws
    func token(id: String) async throws -> APIToken?
    func tokens(user: String?) async throws -> [APIToken]
    func revokeToken(id: String, at: String, audit: AuditEntry) async throws
    func touchToken(id: String, at: String) async throws
    /// Appends to the audit log (it is append-only).
    func audit(_ entry: AuditEntry) async throws
    /// The newest entries first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
    /// Stores a new session (and removes expired ones), with its audit entry.
    func add(_ session: BrowserSession, audit: AuditEntry) async throws
    /// The session with this hash, if it has not expired at `now`.
    func session(idHash: String, now: String) async throws -> BrowserSession?
    /// Ends a session (signing out), with its audit entry.
    func endSession(idHash: String, audit: AuditEntry) async throws
    /// Records a failed sign-in under each key (`user:NAME`, `address:IP`) and forgets every failure before
    /// `forgetBefore`, in one transaction: what login rate limiting counts, shared by every server process.
    func recordLoginFailure(keys: [String], at: String, forgetBefore: String) async throws
    /// The times of the failures under `key` at or after `since`, oldest first.
    func loginFailures(key: String, since: String) async throws -> [String]
    /// Forgets the failures under `key` (a name that signed in).
    func clearLoginFailures(key: String) async throws
}
