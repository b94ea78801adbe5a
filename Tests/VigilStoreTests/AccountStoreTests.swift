import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// Users, tokens and the audit log: added once, revoked, compared in constant time, the log append-only.
@Suite struct AccountStoreTests {
    static let audit = AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "setup", target: "x")

    @Test("users and tokens: added once, looked up, revoked; the token never stored in clear")
    func accounts() async throws {
        let store = try SQLiteVulnerabilityStore()
        let user = User(
            name: "alice@example.com", role: .analyst, passwordHash: "$2b$12$hash",
            createdAt: "2026-11-28T00:00:00.000Z")
        try await store.add(user, audit: Self.audit)
        await #expect(throws: PortfolioError.self) { try await store.add(user, audit: Self.audit) }
        await #expect(throws: PortfolioError.self) {
            try await store.add(User(name: "a b", role: .viewer, passwordHash: "x", createdAt: "t"), audit: Self.audit)
        }
        #expect(try await store.user(named: "alice@example.com") == user)
        let (token, stored) = APIToken.make(user: user.name, scope: .write, createdAt: "2026-11-28T00:00:00.000Z") {
            Array(repeating: 7, count: 32)
        }
        #expect(token.hasPrefix("vigil_") && token.count == 6 + 12 + 1 + 64)
        #expect(APIToken.id(of: token) == stored.id && stored.matches(token) && !stored.matches(token + "0"))
        #expect(!stored.hash.contains(String(token.suffix(64))), "only the hash is kept")
        try await store.add(stored, audit: Self.audit)
        var orphan = stored
        orphan.id = "tok_000000000000"
        orphan.user = "nobody"
        await #expect(throws: PortfolioError.self) { try await store.add(orphan, audit: Self.audit) }
        try await store.revokeToken(id: stored.id, at: "2026-11-28T00:01:00.000Z", audit: Self.audit)
        #expect(try await store.token(id: stored.id)?.revokedAt == "2026-11-28T00:01:00.000Z")
        await #expect(throws: PortfolioError.self) {
            try await store.revokeToken(id: stored.id, at: "2026-11-28T00:02:00.000Z", audit: Self.audit)
        }
        #expect(APIToken.id(of: "vigil_xyz_abc") == nil && APIToken.id(of: "Bearer") == nil)
        #expect(try await store.auditLog(limit: 10).count == 3, "each change with its entry")
    }

    @Test("the audit log is append-only, by Vigil or anyone")
    func appendOnly() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-audit-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteVulnerabilityStore(path: path)
        try await store.audit(Self.audit)
        let queue = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) {
            try await queue.write { db in try db.execute(sql: "DELETE FROM auditLog") }
        }
        await #expect(throws: DatabaseError.self) {
            try await queue.write { db in try db.execute(sql: "UPDATE auditLog SET actor = 'someone else'") }
        }
        try queue.close()
        #expect(try await store.auditLog(limit: 10) == [Self.audit])
    }
}
