import Foundation
import GRDB
import Logging
import Testing
import VigilCore
import VigilPostgres
import VigilStore
import VigilTesting

/// The two ``TeamStore``s the same tests run against: VigilStore's SQLite file and VigilPostgres's database (when
/// `VIGIL_TEST_POSTGRES_URL` names a server; `.ci/run` starts one and requires it).
enum TeamStoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends to test here: PostgreSQL when configured or required.
    static var enabled: [TeamStoreBackend] { TestPostgres.isEnabled ? [.sqlite, .postgres] : [.sqlite] }

    /// What a user with a login could try behind the store's back; each must be refused.
    enum Tampering: CaseIterable {
        case deleteAudit, updateAudit, deleteDecisions, updateDecisions

        var sqlite: String {
            switch self {
            case .deleteAudit: "DELETE FROM auditLog"
            case .updateAudit: "UPDATE auditLog SET actor = 'someone else'"
            case .deleteDecisions: "DELETE FROM triageDecision"
            case .updateDecisions: "UPDATE triageDecision SET state = 'not_affected'"
            }
        }

        var postgres: String {
            switch self {
            case .deleteAudit: "DELETE FROM audit_log"
            case .updateAudit: "UPDATE audit_log SET actor = 'someone else'"
            case .deleteDecisions: "TRUNCATE triage_decision"
            case .updateDecisions: "UPDATE triage_decision SET state = 'not_affected'"
            }
        }
    }

    /// A fresh, empty store of this backend for `body`, removed afterwards; `raw` runs SQL on it directly.
    func withStore<T>(
        _ body: (any TeamStore, _ raw: @Sendable (String) async throws -> Void) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appending(path: "vigil-team-\(UUID()).db").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let store = try SQLiteVulnerabilityStore(path: path)
            return try await body(store) { sql in
                let queue = try DatabaseQueue(path: path)
                defer { try? queue.close() }
                try await queue.write { db in try db.execute(sql: sql) }
            }
        case .postgres:
            return try await TestPostgres.withDatabase { url in
                let store = try await PostgresTeamStore.connect(
                    try PostgresDatabaseURL(url), logger: Logger(label: "vigil.test"))
                defer { store.close() }
                return try await body(store) { sql in try await TestPostgres.execute(sql, database: url) }
            }
        }
    }

    func tampering(_ tampering: Tampering) -> String {
        self == .sqlite ? tampering.sqlite : tampering.postgres
    }
}
