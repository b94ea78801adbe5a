import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// Schema v7: records with git ranges are indexed by repository, also those imported before the index existed.
@Suite struct GitIndexMigrationTests {
    static let record = VulnerabilityRecord(
        source: .osv, vulnerability: Vulnerability(id: "OSV-2099-1", modified: "2099-01-01T00:00:00Z"),
        affected: [
            .init(
                ecosystem: "OSS-Fuzz", name: "curl", repo: "https://github.com/curl/curl.git",
                spans: [
                    .init(
                        status: .affected, scheme: "git", introduced: "29c4aa00a16872514eb2e2c639576a382ffb66d3",
                        fixed: "57ba1dd51975c95628cc3936ab086f80cba4c2d0")
                ], versions: ["curl-7_87_0"]),
            // A second entry naming the same repository is indexed once.
            .init(
                ecosystem: nil, name: "curl", repo: "git@github.com:curl/curl.git",
                spans: [.init(status: .affected, scheme: "git", introduced: "0", fixed: "57ba1dd")]),
            // Without git ranges a repository is not indexed.
            .init(ecosystem: "PyPI", name: "pycurl", repo: "https://github.com/pycurl/pycurl"),
        ])

    @Test("a database from before v7 indexes its git ranges by repository when it is opened")
    func backfill() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-git-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteVulnerabilityStore(path: path)
            _ = try await store.importRecords([Self.record])
        }
        let queue = try DatabaseQueue(path: path)
        let indexed = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM affectedPackage WHERE ecosystem = 'GIT'")
        }
        #expect(indexed == ["github.com/curl/curl"])
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM affectedPackage WHERE ecosystem = 'GIT'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v7-git-repository-index'")
        }
        try queue.close()
        let migrated = try SQLiteVulnerabilityStore(path: path)
        let found = try await migrated.records(affecting: "github.com/curl/curl", ecosystem: "GIT", sources: nil)
        #expect(found.map(\.vulnerability.id) == ["OSV-2099-1"])
        #expect(found.first?.affected.first?.spans.first?.scheme == "git", "git spans come back")
        #expect(found.first?.affected.first?.repo == "https://github.com/curl/curl.git")
        #expect(
            try await migrated.records(affecting: "github.com/pycurl/pycurl", ecosystem: "GIT", sources: nil).isEmpty)
    }
}
