import Foundation
import GRDB
import Testing
import VigilCore
import VigilFeeds
import VigilTesting

@testable import VigilStore

/// The compact match blobs: what they keep of real records, that a corrupt one is refused, and that look-ups fall
/// back to the JSON document when a record has none.
@Suite struct MatchBlobTests {
    /// What matching reads of a record: ids, configurations (without NVD's criterion ids), affected entries without
    /// git ranges, with their `programFiles`.
    static func matchingPart(_ record: VulnerabilityRecord) -> VulnerabilityRecord {
        VulnerabilityRecord(
            source: record.source,
            vulnerability: Vulnerability(
                id: record.vulnerability.id, aliases: record.vulnerability.aliases,
                related: record.vulnerability.related),
            configurations: record.configurations.map { configuration in
                NVDConfiguration(
                    operator: configuration.operator, negate: configuration.negate,
                    nodes: configuration.nodes.map { node in
                        .init(
                            operator: node.operator, negate: node.negate,
                            criteria: node.criteria.map { criterion in
                                var criterion = criterion
                                criterion.matchCriteriaID = nil  // NVD's id for the criterion: not for matching
                                return criterion
                            })
                    })
            },
            affected: record.affected.map { affected in
                AffectedPackage(
                    ecosystem: affected.ecosystem, name: affected.name, vendor: affected.vendor, cpes: affected.cpes,
                    defaultStatus: affected.defaultStatus, spans: affected.spans.filter { $0.scheme != "git" },
                    versions: affected.versions, programFiles: affected.programFiles)
            })
    }

    @Test(
        "real NVD, kernel CNA, Debian and Alpine records keep everything matching reads",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage),
        arguments: [
            "nvd/nvd-embedded-fixture-small.json", "kernel-cna/sample/CVE-2020-36776.json",
            "debian-security-tracker/DSA-list", "alpine-secdb/v3.10/main.yaml",
        ])
    func roundTrip(_ path: String) throws {
        let url = try #require(SharedData.url(path))
        let records = try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: path).batch
            .records
        #expect(!records.isEmpty)
        for record in records {
            #expect(
                try MatchBlob.decode(MatchBlob.encode(record)) == Self.matchingPart(record),
                "\(record.vulnerability.id)")
        }
    }

    @Test func corruptBlobsAreRefused() {
        let record = VulnerabilityRecord(
            source: .nvd, vulnerability: Vulnerability(id: "CVE-2099-0001", aliases: ["GHSA-x"]),
            configurations: [
                .init(nodes: [.init(criteria: [.init(vulnerable: true, criteria: "cpe:2.3:a:v:p:*:*:*:*:*:*:*:*")])])
            ])
        let blob = MatchBlob.encode(record)
        #expect(throws: MatchBlob.Malformed.self) { try MatchBlob.decode(Array(blob.dropLast())) }
        #expect(throws: MatchBlob.Malformed.self) { try MatchBlob.decode(blob + [0]) }
        #expect(throws: MatchBlob.Malformed.self) { try MatchBlob.decode([2] + blob.dropFirst()) }
        var huge = blob
        huge.replaceSubrange(1..<5, with: [0xFF, 0xFF, 0xFF, 0x7F])  // a string longer than the blob
        #expect(throws: MatchBlob.Malformed.self) { try MatchBlob.decode(huge) }
    }

    @Test("a record without a blob is read from its JSON, with the same result")
    func lookUpsFallBackToTheDocument() async throws {
        let path = try #require(DatabaseFile.temporary())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteVulnerabilityStore(path: path)
        let record = VulnerabilityRecord(
            source: .nvd,
            vulnerability: Vulnerability(id: "CVE-2099-0002", descriptions: [.init(language: "en", text: "x")]),
            configurations: [
                .init(nodes: [
                    .init(criteria: [
                        .init(
                            vulnerable: true, criteria: "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*",
                            versionEndExcluding: "2.0")
                    ])
                ])
            ])
        _ = try await store.importRecords([record])
        let withBlob = try await store.records(cpeVendor: "acme", product: "tool", version: "1.0")
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "DELETE FROM matchBlob") }
        try queue.close()
        let fromJSON = try await SQLiteVulnerabilityStore(path: path).records(
            cpeVendor: "acme", product: "tool", version: "1.0")
        #expect(withBlob == [Self.matchingPart(record)])
        #expect(fromJSON == withBlob)
    }
}

extension MatchBlobTests {
    @Test("a snapshot made before match blobs (schema v4) still opens and answers from its JSON")
    func snapshotsFromBeforeMatchBlobs() async throws {
        let path = try #require(DatabaseFile.temporary())
        let snapshotPath = path + ".snapshot"
        defer {
            for file in [path, snapshotPath] { try? FileManager.default.removeItem(atPath: file) }
        }
        let store = try SQLiteVulnerabilityStore(path: path)
        let record = VulnerabilityRecord(
            source: .nvd, vulnerability: Vulnerability(id: "CVE-2099-0003"),
            configurations: [
                .init(nodes: [
                    .init(criteria: [.init(vulnerable: true, criteria: "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*")])
                ])
            ])
        _ = try await store.importRecords([record])
        _ = try await store.createSnapshot(at: snapshotPath, createdAt: "2026-01-01T00:00:00.000Z", generator: "test")
        // Make it what an earlier Vigil wrote: no blobs, no v5 in the migration log.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: snapshotPath)
        let queue = try DatabaseQueue(path: snapshotPath)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE matchBlob")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-match-blobs'")
        }
        try queue.close()
        let old = try SQLiteVulnerabilityStore(snapshotAt: snapshotPath)
        #expect(
            try await old.records(cpeVendor: "acme", product: "tool", version: "1.0") == [Self.matchingPart(record)])
        #expect(try await old.records(cpeVendor: "acme", product: "tool").map(\.vulnerability.id) == ["CVE-2099-0003"])
    }
}

extension MatchBlobTests {
    @Test("look-ups are cached, and an import empties the cache")
    func cachedLookUpsSeeImports() async throws {
        let store = try SQLiteVulnerabilityStore()
        func record(_ id: String) -> VulnerabilityRecord {
            VulnerabilityRecord(
                source: .nvd, vulnerability: Vulnerability(id: id, aliases: ["GHSA-\(id)"]),
                configurations: [
                    .init(nodes: [
                        .init(criteria: [.init(vulnerable: true, criteria: "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*")])
                    ])
                ])
        }
        _ = try await store.importRecords([record("CVE-2099-0010")])
        #expect(try await store.records(cpeVendor: "acme", product: "tool", version: "1.0").count == 1)
        #expect(try await store.facts(ids: ["GHSA-CVE-2099-0010"]).map(\.vulnerability.id) == ["CVE-2099-0010"])
        _ = try await store.importRecords([record("CVE-2099-0011")])
        #expect(try await store.records(cpeVendor: "acme", product: "tool", version: "1.0").count == 2)
        #expect(try await store.records(cpeVendor: "acme", product: "tool").count == 2)
        #expect(try await store.facts(ids: ["CVE-2099-0011", "GHSA-CVE-2099-0010"]).count == 2)
        #expect(try await store.facts(ids: ["CVE-2099-0011", "GHSA-CVE-2099-0010"]).count == 2, "from the cache")
    }
}

/// A path for a database file in the temporary directory.
enum DatabaseFile {
    static func temporary() -> String? {
        FileManager.default.temporaryDirectory.appending(path: "vigil-matchblob-\(UUID()).db").path
    }
}
