import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// Triage decisions in the database: an append-only history, the decisions in force, and what a decision must say.
@Suite struct TriageStoreTests {
    static func decision(
        _ state: FindingState, version: String? = "3.0.11", at time: String, note: String = "reason",
        justification: VEXJustification? = nil
    ) -> TriageDecision {
        TriageDecision(
            vulnerability: "CVE-2024-0727", componentName: "openssl", componentVersion: version, state: state,
            justification: justification, note: note, author: "alice", recordedAt: time)
    }

    @Test("decisions are appended, the latest per component and version is in force, and none can be changed")
    func appendOnlyHistory() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-triage-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteVulnerabilityStore(path: path)
        let first = Self.decision(.underInvestigation, at: "2026-01-01T00:00:00.000Z")
        let second = Self.decision(
            .notAffected, at: "2026-01-02T00:00:00.000Z", note: "PKCS12 files are never parsed",
            justification: .vulnerableCodeNotInExecutePath)
        let everyVersion = Self.decision(.affected, version: nil, at: "2026-01-03T00:00:00.000Z")
        for decision in [first, second, everyVersion] { try await store.record(decision) }
        #expect(try await store.triageHistory(vulnerability: "CVE-2024-0727") == [first, second, everyVersion])
        #expect(try await store.triageHistory(vulnerability: "CVE-2099-0001").isEmpty)
        #expect(try await store.currentTriageDecisions() == [second, everyVersion])
        // Recording the same decision twice is refused (its id is unique), and the table refuses changes.
        await #expect(throws: (any Error).self) { try await store.record(second) }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        for sql in ["UPDATE triageDecision SET state = 'affected'", "DELETE FROM triageDecision"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { db in try db.execute(sql: sql) } }
        }
        #expect(try await store.triageHistory(vulnerability: nil).count == 3)
    }

    @Test func decisionIDsAreStableAndDistinct() {
        let one = Self.decision(.affected, at: "2026-01-01T00:00:00.000Z")
        #expect(one.id == Self.decision(.affected, at: "2026-01-01T00:00:00.000Z").id)
        #expect(one.id != Self.decision(.affected, at: "2026-01-01T00:00:00.001Z").id)
        #expect(one.id.hasPrefix("TD-") && one.id.count == 19)
    }

    @Test func incompleteDecisionsAreRefused() {
        #expect(Self.decision(.notAffected, at: "t", justification: .componentNotPresent).problems().isEmpty)
        #expect(!Self.decision(.affected, at: "t", note: "  ").problems().isEmpty, "a note is required")
        #expect(
            Self.decision(.affected, at: "t", justification: .componentNotPresent).problems() == [
                "a justification belongs to a not_affected decision only"
            ])
        var badID = Self.decision(.affected, at: "t")
        badID.vulnerability = "CVE 2024 0727; DROP TABLE"
        #expect(badID.problems().count == 1)
        for id in ["CVE-2024-0727", "GHSA-xxxx-yyyy-zzzz", "ALSA-2024:1234", "OSV-2020-1.1", "DSA-5380-1"] {
            #expect(TriageDecision.isVulnerabilityID(id), "\(id)")
        }
        for id in ["", "-CVE", "CVE/1", "CVÉ-1", String(repeating: "A", count: 129)] {
            #expect(!TriageDecision.isVulnerabilityID(id), "\(id)")
        }
    }

    @Test("a snapshot leaves decisions out (its hash covers vulnerability knowledge only) and refuses new ones")
    func snapshots() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-triage-\(UUID()).db").path
        let snapshotPath = path + ".snapshot"
        defer { for file in [path, snapshotPath] { try? FileManager.default.removeItem(atPath: file) } }
        let store = try SQLiteVulnerabilityStore(path: path)
        let decision = Self.decision(.affected, at: "2026-01-01T00:00:00.000Z")
        try await store.record(decision)
        _ = try await store.createSnapshot(at: snapshotPath, createdAt: "2026-01-02T00:00:00.000Z", generator: "test")
        let snapshot = try SQLiteVulnerabilityStore(snapshotAt: snapshotPath)
        #expect(try await snapshot.currentTriageDecisions().isEmpty)
        #expect(try await store.currentTriageDecisions() == [decision], "the database keeps them")
        await #expect(throws: SQLiteVulnerabilityStore.SnapshotError.self) {
            try await snapshot.record(Self.decision(.fixed, at: "2026-01-03T00:00:00.000Z"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: snapshotPath)
        let queue = try DatabaseQueue(path: snapshotPath)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS triageDecision")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-triage-decisions'")
        }
        try queue.close()
        #expect(try await SQLiteVulnerabilityStore(snapshotAt: snapshotPath).triageHistory(vulnerability: nil).isEmpty)
    }

    @Test("rows Vigil did not write are an error when read, never a crash")
    func hostileRows() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "vigil-triage-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteVulnerabilityStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let columns =
            "(id, vulnerability, componentName, state, responses, note, author, recordedAt, origin)"
        for values in [
            "('TD-1', 'CVE-1', 'x', 'bogus', '', 'n', 'a', 't', 'cli')",
            "('TD-2', 'CVE-2', 'x', 'affected', '', X'FF00FE', 'a', 't', 'cli')",
        ] {
            try await queue.write { db in try db.execute(sql: "INSERT INTO triageDecision \(columns) VALUES \(values)")
            }
            await #expect(throws: DatabaseError.self) { try await store.triageHistory(vulnerability: nil) }
            try await queue.write { db in
                try db.execute(sql: "DROP TRIGGER triageDecision_append_only_delete")
                try db.execute(sql: "DELETE FROM triageDecision")
                try db.execute(
                    sql: """
                        CREATE TRIGGER triageDecision_append_only_delete BEFORE DELETE ON triageDecision
                        BEGIN SELECT RAISE(ABORT, 'the triage history is append-only'); END
                        """)
            }
        }
        try queue.close()
    }
}
