import Foundation
import Logging
import Testing
import VigilCore
import VigilPostgres
import VigilStore
import VigilTesting

/// The databases the server's tests run on: the SQLite file alone, and the SQLite records with the team's state in
/// PostgreSQL (when `VIGIL_TEST_POSTGRES_URL` names a server; `.ci/run` starts one and requires it).
enum ServerTestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var enabled: [ServerTestBackend] { TestPostgres.isEnabled ? [.sqlite, .postgres] : [.sqlite] }

    /// A new store holding ``ServerAPITestsFixture``'s records and product, removed afterwards.
    func withStore(_ body: (any ServerStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-server-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = try SQLiteVulnerabilityStore(path: path)
        switch self {
        case .sqlite:
            try await ServerAPITestsFixture.fill(records)
            try await body(records)
        case .postgres:
            try await TestPostgres.withDatabase { url in
                let team = try await PostgresTeamStore.connect(
                    try PostgresDatabaseURL(url), logger: Logger(label: "vigil.test"))
                defer { team.close() }
                let store = CombinedStore(records: records, team: team)
                try await ServerAPITestsFixture.fill(store)
                try await body(store)
            }
        }
    }
}
