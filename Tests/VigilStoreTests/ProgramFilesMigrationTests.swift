import Foundation
import GRDB
import Testing
import VigilTesting

@testable import VigilCore
@testable import VigilStore

/// Match blob layout 3 (with `programFiles`), the blobs of layout 1 it replaces, and migration
/// `v9-kernel-program-files`.
@Suite struct ProgramFilesMigrationTests {
    static let record = VulnerabilityRecord(
        source: .kernel, vulnerability: Vulnerability(id: "CVE-2099-0001"),
        affected: [
            .init(
                ecosystem: nil, name: "Linux", vendor: "Linux", defaultStatus: .affected,
                spans: [.init(status: .unaffected, scheme: "semver", introduced: "6.1.80", lastAffected: "6.1.*")],
                programFiles: ["net/ipv4/fou_core.c", "include/net/fou.h"])
        ])

    @Test("layout 3 keeps programFiles; layout 1 blobs still decode, with none")
    func layouts() throws {
        let decoded = try MatchBlob.decode(MatchBlob.encode(Self.record))
        #expect(decoded.affected.first?.programFiles == ["net/ipv4/fou_core.c", "include/net/fou.h"])
        let old = try MatchBlob.decode(MatchBlob.encode(Self.record, version: 1))
        #expect(old.affected.first?.programFiles == [])
        #expect(old.affected.first?.spans == Self.record.affected.first?.spans)
        #expect(throws: MatchBlob.Malformed.self) {
            try MatchBlob.decode([2] + MatchBlob.encode(Self.record).dropFirst())
        }
    }

    @Test("fingerprints do not change with layout 3: decisions recorded before keep holding")
    func fingerprintsStay() {
        var without = Self.record
        without.affected[0].programFiles = []
        #expect(TriageEvidence.fingerprint(of: [Self.record]) == TriageEvidence.fingerprint(of: [without]))
        var widened = Self.record
        widened.affected[0].spans[0].introduced = "6.1.90"
        #expect(TriageEvidence.fingerprint(of: [Self.record]) != TriageEvidence.fingerprint(of: [widened]))
    }

    @Test("a database from before v9 gets layout 3 blobs for records with programFiles, and the kernelBuild column")
    func backfill() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-pf-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteVulnerabilityStore(path: path)
            _ = try await store.importRecords([Self.record])
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE matchBlob SET blob = ?", arguments: [Data(MatchBlob.encode(Self.record, version: 1))])
            try db.execute(sql: "DROP TRIGGER triageDecision_append_only_update")
            try db.execute(sql: "ALTER TABLE triageDecision DROP COLUMN kernelBuild")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v9-kernel-program-files'")
        }
        try queue.close()
        let migrated = try SQLiteVulnerabilityStore(path: path)
        let found = try await migrated.records(affecting: "Linux", ecosystem: nil, sources: [.kernel])
        #expect(found.first?.affected.first?.programFiles == ["net/ipv4/fou_core.c", "include/net/fou.h"])
        let decision = TriageDecision(
            vulnerability: "CVE-2099-0001", componentName: "linux", state: .notAffected,
            justification: .vulnerableCodeNotPresent, note: "fou is not built", author: "a",
            recordedAt: "2026-01-01T00:00:00.000Z", kernelBuild: "net/ipv4/fou_core.c=not-built")
        try await migrated.record(decision)
        #expect(try await migrated.currentTriageDecisions() == [decision])
    }
}
