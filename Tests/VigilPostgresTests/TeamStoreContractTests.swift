import Foundation
import Testing
import VigilCore
import VigilTesting

/// The ``TeamStore`` contract, one suite for both backends (SQLite and PostgreSQL): what the server and the monitor
/// rely on — refusals with the reason, changes written with their audit entries or not at all, append-only history,
/// alerts once, and uniqueness that holds when many writers race.
@Suite struct TeamStoreContractTests {
    static let audit = AuditEntry(at: "2026-11-28T00:00:00.000Z", actor: "test", action: "setup", target: "x")
    static let sbom = Array(#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#.utf8)

    static func release(_ version: String, product: String = "pump") -> Release {
        Release(
            product: product, version: version, sbom: sbom, sbomFormat: "cyclonedx-json", endOfSupport: "2030-12-31",
            fieldedDevices: 1_200, createdAt: "2026-11-28T00:00:03.000Z")
    }

    @Test(
        "the PostgreSQL test server is configured", .enabled(if: TestPostgres.isEnabled, TestPostgres.missingMessage))
    func postgresConfigured() {
        #expect(TestPostgres.url != nil, "VIGIL_REQUIRE_POSTGRES=1 but VIGIL_TEST_POSTGRES_URL is not set")
    }

    @Test(
        "products and releases: added once, listed, looked up, updated; bad values refused",
        arguments: TeamStoreBackend.enabled)
    func portfolio(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.add(Product(name: "pump", description: "IP-200", createdAt: "2026-11-28T00:00:00.000Z"))
            try await store.add(Product(name: "monitor", createdAt: "2026-11-28T00:00:01.000Z"), audit: Self.audit)
            #expect(try await store.products().map(\.name) == ["monitor", "pump"])
            #expect(try await store.product(named: "pump")?.description == "IP-200")
            #expect(try await store.product(named: "ventilator") == nil)
            await #expect(throws: PortfolioError.self) {
                try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:02.000Z"))
            }
            await #expect(throws: PortfolioError.self) {
                try await store.add(Product(name: "a b", createdAt: "2026-11-28T00:00:02.000Z"))
            }
            let release = Self.release("2.4.1")
            try await store.add(release)
            try await store.add(Self.release("2.5.0"), audit: Self.audit)
            #expect(try await store.release(of: "pump", version: "2.4.1") == release)
            #expect(try await store.releases(of: "pump").map(\.version) == ["2.4.1", "2.5.0"])
            #expect(try await store.releases(of: "monitor").isEmpty)
            await #expect(throws: PortfolioError.self) { try await store.add(release) }
            await #expect(throws: PortfolioError.self) { try await store.add(Self.release("1", product: "x")) }
            await #expect(throws: PortfolioError.self) { try await store.add(Self.release("2.4.1\r\nBcc: x@x")) }
            var badDate = Self.release("9")
            badDate.endOfSupport = "31.12.2030"
            await #expect(throws: PortfolioError.self) { try await store.add(badDate) }

            try await store.updateRelease(
                of: "pump", version: "2.4.1", support: .securityOnly, endOfSupport: nil, fieldedDevices: 900)
            let updated = try #require(try await store.release(of: "pump", version: "2.4.1"))
            #expect(updated.support == .securityOnly && updated.fieldedDevices == 900)
            #expect(updated.endOfSupport == "2030-12-31", "nil leaves a value as it is")
            await #expect(throws: PortfolioError.self) {
                try await store.updateRelease(
                    of: "pump", version: "7", support: .unsupported, endOfSupport: nil, fieldedDevices: nil)
            }
            await #expect(throws: PortfolioError.self) {
                try await store.updateRelease(
                    of: "pump", version: "2.4.1", support: nil, endOfSupport: nil, fieldedDevices: -1)
            }
            #expect(try await store.auditLog(limit: 10).count == 2, "the two changes given an entry have one each")
        }
    }

    @Test(
        "users, tokens and sessions; each change with its audit entry, none without",
        arguments: TeamStoreBackend.enabled)
    func accounts(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            let user = User(
                name: "alice@example.com", role: .analyst, passwordHash: "$2b$12$hash",
                createdAt: "2026-11-28T00:00:00.000Z")
            try await store.add(user, audit: Self.audit)
            await #expect(throws: PortfolioError.self) { try await store.add(user, audit: Self.audit) }
            #expect(try await store.user(named: user.name) == user)
            #expect(try await store.users() == [user])
            let (token, stored) = APIToken.make(user: user.name, scope: .write, createdAt: "2026-11-28T00:00:00.000Z") {
                Array(repeating: 7, count: 32)
            }
            try await store.add(stored, audit: Self.audit)
            #expect(try await store.token(id: stored.id)?.matches(token) == true)
            var orphan = stored
            orphan.id = "tok_000000000000"
            orphan.user = "nobody"
            await #expect(throws: PortfolioError.self) { try await store.add(orphan, audit: Self.audit) }
            #expect(try await store.token(id: orphan.id) == nil)
            try await store.touchToken(id: stored.id, at: "2026-11-28T00:00:30.000Z")
            #expect(try await store.token(id: stored.id)?.lastUsedAt == "2026-11-28T00:00:30.000Z")
            #expect(try await store.tokens(user: user.name).map(\.id) == [stored.id])
            #expect(try await store.tokens(user: "nobody").isEmpty)
            #expect(try await store.tokens(user: nil).count == 1)
            try await store.revokeToken(id: stored.id, at: "2026-11-28T00:01:00.000Z", audit: Self.audit)
            #expect(try await store.token(id: stored.id)?.revokedAt == "2026-11-28T00:01:00.000Z")
            await #expect(throws: PortfolioError.self) {
                try await store.revokeToken(id: stored.id, at: "2026-11-28T00:02:00.000Z", audit: Self.audit)
            }

            let session = BrowserSession(
                idHash: String(repeating: "a", count: 64), user: user.name, csrfToken: "csrf",
                createdAt: "2026-11-28T00:00:00.000Z", expiresAt: "2026-11-28T08:00:00.000Z")
            try await store.add(session, audit: Self.audit)
            #expect(try await store.session(idHash: session.idHash, now: "2026-11-28T07:59:59.999Z") == session)
            #expect(try await store.session(idHash: session.idHash, now: "2026-11-28T08:00:00.000Z") == nil)
            var stranger = session
            stranger.idHash = String(repeating: "b", count: 64)
            stranger.user = "nobody"
            await #expect(throws: PortfolioError.self) { try await store.add(stranger, audit: Self.audit) }
            // A new session removes the expired ones.
            var later = session
            later.idHash = String(repeating: "c", count: 64)
            later.createdAt = "2026-11-28T09:00:00.000Z"
            later.expiresAt = "2026-11-28T17:00:00.000Z"
            try await store.add(later, audit: Self.audit)
            #expect(try await store.session(idHash: session.idHash, now: "2026-11-28T00:00:01.000Z") == nil)
            try await store.endSession(idHash: later.idHash, audit: Self.audit)
            try await store.endSession(idHash: later.idHash, audit: Self.audit)
            #expect(try await store.session(idHash: later.idHash, now: "2026-11-28T10:00:00.000Z") == nil)

            // user, token, revoke, session, session, end (once: the second ended nothing).
            let log = try await store.auditLog(limit: 100)
            #expect(log.count == 6)
            try await store.audit(
                AuditEntry(at: "2026-11-28T11:00:00.000Z", actor: "bob", action: "login.failed", target: "bob"))
            #expect(try await store.auditLog(limit: 1).first?.actor == "bob", "newest first")
        }
    }

    @Test(
        "decisions are appended once each; the latest is in force; a duplicate is refused",
        arguments: TeamStoreBackend.enabled)
    func triage(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, _ in
            func decision(_ state: FindingState, at time: String, version: String = "3.0.11") -> TriageDecision {
                TriageDecision(
                    vulnerability: "CVE-2024-0727", componentName: "openssl", componentVersion: version, state: state,
                    justification: state == .notAffected ? .vulnerableCodeNotInExecutePath : nil,
                    responses: state == .affected ? [.update, .willNotFix] : [], note: "reason", author: "alice",
                    recordedAt: time, evidence: "fp", kernelBuild: "{\"files\":[]}")
            }
            let first = decision(.underInvestigation, at: "2026-01-01T00:00:00.000Z")
            let second = decision(.notAffected, at: "2026-01-02T00:00:00.000Z")
            let other = decision(.affected, at: "2026-01-01T12:00:00.000Z", version: "1.1.1w")
            #expect(try await store.record([first, second, other]) == 3)
            #expect(try await store.record([first]) == 0, "already on record")
            await #expect(throws: TriageError.self) { try await store.record(second, audit: Self.audit) }
            #expect(try await store.triageHistory(vulnerability: nil) == [first, second, other])
            #expect(try await store.triageHistory(vulnerability: "CVE-2099-0001").isEmpty)
            let current = try await store.currentTriageDecisions()
            #expect(Set(current) == [second, other])
            let third = decision(.fixed, at: "2026-01-03T00:00:00.000Z")
            try await store.record(third, audit: Self.audit)
            #expect(try await store.triageHistory(vulnerability: "CVE-2024-0727").last == third)
            #expect(try await store.auditLog(limit: 10).count == 1, "only the new decision given an entry has one")
        }
    }

    @Test("history and the audit log cannot be changed behind the store's back", arguments: TeamStoreBackend.enabled)
    func appendOnly(_ backend: TeamStoreBackend) async throws {
        try await backend.withStore { store, raw in
            try await store.audit(Self.audit)
            let decision = TriageDecision(
                vulnerability: "CVE-2024-0727", componentName: "openssl", componentVersion: "3.0.11",
                state: .affected, note: "reason", author: "alice", recordedAt: "2026-01-01T00:00:00.000Z")
            try await store.record(decision, audit: Self.audit)
            for tampering in TeamStoreBackend.Tampering.allCases {
                await #expect(throws: (any Error).self, "\(tampering)") { try await raw(backend.tampering(tampering)) }
            }
            #expect(try await store.auditLog(limit: 10).count == 2)
            #expect(try await store.auditLog(limit: 10).allSatisfy { $0.actor == "test" })
            #expect(try await store.triageHistory(vulnerability: nil) == [decision])
        }
    }
}
