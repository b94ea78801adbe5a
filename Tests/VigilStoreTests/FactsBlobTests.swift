import Foundation
import GRDB
import Testing
import VigilCore
import VigilFeeds
import VigilTesting

@testable import VigilStore

/// The compact facts blobs and the kept source summaries (schema v6): what the blobs keep of real records, that a
/// corrupt one is refused, that a database from before v6 gets both when it is opened, that imports keep the
/// summaries right, and that a snapshot from before v6 still answers from its documents.
@Suite struct FactsBlobTests {
    /// What facts hold of a record: everything but configurations and affected entries.
    static func factsPart(_ record: VulnerabilityRecord) -> VulnerabilityRecord {
        VulnerabilityRecord(source: record.source, vulnerability: record.vulnerability)
    }

    static func records(_ path: String) throws -> [VulnerabilityRecord] {
        let url = try #require(SharedData.url(path))
        return try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: path).batch.records
    }

    @Test(
        "every kind of real record keeps all its facts",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage),
        arguments: [
            "nvd/nvd-embedded-fixture-small.json", "cve5-vulnrichment/vulnrichment-embedded-subset.json",
            "kernel-cna/sample/CVE-2024-36971.json", "osv-almalinux/almalinux-osv-embedded-sample.json",
            "nvd-overrides-anchore/anchore-overrides-embedded-subset.json", "kev/known_exploited_vulnerabilities.json",
            "alpine-secdb/v3.11/main.yaml", "debian-security-tracker/DSA-list",
        ])
    func roundTrip(_ path: String) throws {
        let records = try Self.records(path)
        #expect(!records.isEmpty)
        for record in records {
            #expect(
                try FactsBlob.decode(FactsBlob.encode(record)) == Self.factsPart(record), "\(record.vulnerability.id)")
        }
    }

    /// A record with every optional field set, numbers with and without fractions, and text that needs escaping in
    /// JSON (the blob needs none).
    static let everyField: VulnerabilityRecord = {
        var vulnerability = Vulnerability(
            id: "CVE-2099-0100", aliases: ["GHSA-aaaa-bbbb-cccc"], related: ["ALSA-2099:1"],
            published: "2099-01-01T00:00:00.000Z", modified: "2099-02-01T00:00:00.000Z", status: "Analyzed",
            descriptions: [.init(language: "en", text: "quote \" nl \n é 🙂"), .init(language: "es", text: "")],
            weaknesses: [.init(id: "CWE-787", source: "nvd@nist.gov", type: "Primary"), .init(id: "NVD-CWE-noinfo")],
            scores: [
                .init(
                    system: "CVSS:3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", baseScore: 9.8,
                    baseSeverity: "CRITICAL", source: "nvd@nist.gov", type: "Primary"),
                .init(system: "CVSS:2.0", vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", baseScore: 7),
                .init(system: "CVSS:4.0", vector: "CVSS:4.0/AV:N"),
            ],
            references: [.init(url: "https://example.com/a", source: "x", tags: ["Patch", "Vendor Advisory"])],
            title: "a title", assigner: "cna@example.com",
            knownExploited: .init(
                dateAdded: "2099-03-01", dueDate: "2099-03-22", requiredAction: "Apply updates.",
                knownRansomwareCampaignUse: "Known", vendorProject: "Acme", product: "Tool", name: "Acme Tool RCE",
                notes: "n"),
            exploitPrediction: .init(score: 0.00043, percentile: 0.99987, date: "2099-03-02", model: "v2025.03.14"),
            ssvc: .init(
                exploitation: "active", automatable: "yes", technicalImpact: "total", version: "2.0.3",
                timestamp: "2099-03-03T00:00:00Z"))
        vulnerability.exploitPrediction?.score = 0.1 + 0.2  // not exactly representable in decimal
        return VulnerabilityRecord(
            source: .cve5, vulnerability: vulnerability,
            affected: [.init(ecosystem: nil, name: "tool", spans: [.init(status: .affected, introduced: "1.0")])])
    }()

    @Test func everyFieldSurvives() throws {
        #expect(try FactsBlob.decode(FactsBlob.encode(Self.everyField)) == Self.factsPart(Self.everyField))
        let bare = VulnerabilityRecord(source: .nvd, vulnerability: Vulnerability(id: "CVE-2099-0101"))
        #expect(try FactsBlob.decode(FactsBlob.encode(bare)) == bare)
    }

    @Test func corruptBlobsAreRefused() {
        let blob = FactsBlob.encode(Self.everyField)
        #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode(Array(blob.dropLast())) }
        #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode(blob + [0]) }
        #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode([MatchBlob.version] + blob.dropFirst()) }
        #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode([]) }
        var huge = blob
        huge.replaceSubrange(1..<5, with: [0xFF, 0xFF, 0xFF, 0x7F])  // a string longer than the blob
        #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode(huge) }
        // Every truncation fails cleanly (no crash, no partial record).
        for length in 0..<blob.count {
            #expect(throws: MatchBlob.Malformed.self) { try FactsBlob.decode(Array(blob.prefix(length))) }
        }
    }
}

extension FactsBlobTests {
    static func record(
        _ id: String, source: FeedSource = .nvd, modified: String? = nil, alias: String? = nil
    ) -> VulnerabilityRecord {
        VulnerabilityRecord(
            source: source,
            vulnerability: Vulnerability(
                id: id, aliases: alias.map { [$0] } ?? [], modified: modified,
                descriptions: [.init(language: "en", text: "\(id) as of \(modified ?? "-")")],
                scores: [.init(system: "CVSS:3.1", vector: "CVSS:3.1/AV:N", baseScore: 5)]),
            configurations: [
                .init(nodes: [
                    .init(criteria: [.init(vulnerable: true, criteria: "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*")])
                ])
            ])
    }

    @Test("imports keep each source's count and newest time, in the import's transaction")
    func summariesFollowImports() async throws {
        let store = try SQLiteVulnerabilityStore()
        #expect(try await store.sourceSummaries().isEmpty)
        _ = try await store.importRecords([
            Self.record("CVE-2099-0001", modified: "2099-01-01T00:00:00Z"),
            Self.record("CVE-2099-0002", modified: "2099-01-05T00:00:00Z"),
            Self.record("CVE-2099-0001", source: .cve5, modified: "2099-01-02T00:00:00Z"),
        ])
        func summaries() async throws -> [String] {
            try await store.sourceSummaries().map { "\($0.source.rawValue) \($0.records) \($0.newestModified ?? "-")" }
        }
        #expect(try await summaries() == ["cve5 1 2099-01-02T00:00:00Z", "nvd 2 2099-01-05T00:00:00Z"])
        // A newer revision replaces a record (same count, newer time); an older one changes nothing.
        _ = try await store.importRecords([Self.record("CVE-2099-0001", modified: "2099-02-01T00:00:00Z")])
        _ = try await store.importRecords([Self.record("CVE-2099-0002", modified: "2098-01-01T00:00:00Z")])
        #expect(try await summaries() == ["cve5 1 2099-01-02T00:00:00Z", "nvd 2 2099-02-01T00:00:00Z"])
        // An undated record is replaced when it changes; one that becomes older than the newest is counted again.
        var undated = Self.record("CVE-2099-0004", source: .kev)
        undated.vulnerability.published = "2099-05-01"
        _ = try await store.importRecords([undated, Self.record("CVE-2099-0005", source: .kev)])
        #expect(try await summaries().contains("kev 2 2099-05-01"))
        undated.vulnerability.published = "2099-04-01"
        #expect(try await store.importRecords([undated]).replaced == 1)
        #expect(try await summaries().contains("kev 2 2099-04-01"))
        try await store.writer.write { db in try db.execute(sql: "DELETE FROM vulnerabilityRecord WHERE source = 'kev'")
        }
        try await store.writer.write { db in try db.execute(sql: "DELETE FROM sourceSummary WHERE source = 'kev'") }
        // A failed import leaves the summaries as they were.
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await store.importTransaction { session in
                _ = try session.add(FeedImportBatch(records: [Self.record("CVE-2099-0003", source: .osv)]))
                throw Failure()
            }
        }
        #expect(try await summaries() == ["cve5 1 2099-01-02T00:00:00Z", "nvd 2 2099-02-01T00:00:00Z"])
        // Facts come from the blobs, replaced with their record.
        let facts = try await store.facts(ids: ["CVE-2099-0001"])
        #expect(
            facts.compactMap(\.vulnerability.descriptions.first?.text).sorted() == [
                "CVE-2099-0001 as of 2099-01-02T00:00:00Z", "CVE-2099-0001 as of 2099-02-01T00:00:00Z",
            ])
        #expect(facts.allSatisfy { $0.configurations.isEmpty })
    }

    @Test("a database from before v6 gets its facts and summaries when it is opened")
    func migrationFromV5() async throws {
        let path = try #require(DatabaseFile.temporary())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = [
            Self.everyField, Self.record("CVE-2099-0001", modified: "2099-01-01T00:00:00Z", alias: "GHSA-one"),
            Self.record("CVE-2099-0002", source: .osv, modified: "2099-01-03T00:00:00Z"),
        ]
        do {
            let store = try SQLiteVulnerabilityStore(path: path)
            _ = try await store.importRecords(records)
        }
        let expectedFacts = try await SQLiteVulnerabilityStore(path: path).facts(ids: [
            "CVE-2099-0100", "GHSA-one", "CVE-2099-0002",
        ])
        let expectedSummaries = try await SQLiteVulnerabilityStore(path: path).sourceSummaries()
        #expect(expectedFacts.count == 3)
        #expect(expectedSummaries.map(\.records) == [1, 1, 1])
        // Make it what schema v5 wrote: no facts, no summaries, no v6 in the migration log.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE recordFacts")
            try db.execute(sql: "DROP TABLE sourceSummary")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-facts-and-summaries'")
        }
        try queue.close()
        let migrated = try SQLiteVulnerabilityStore(path: path)
        #expect(try await migrated.facts(ids: ["CVE-2099-0100", "GHSA-one", "CVE-2099-0002"]) == expectedFacts)
        #expect(try await migrated.sourceSummaries() == expectedSummaries)
    }

    @Test("a snapshot made before v6 still opens and answers facts and summaries from its documents")
    func snapshotsFromBeforeV6() async throws {
        let path = try #require(DatabaseFile.temporary())
        let snapshotPath = path + ".snapshot"
        defer {
            for file in [path, snapshotPath] { try? FileManager.default.removeItem(atPath: file) }
        }
        let store = try SQLiteVulnerabilityStore(path: path)
        _ = try await store.importRecords([Self.everyField, Self.record("CVE-2099-0001", alias: "GHSA-one")])
        let manifest = try await store.createSnapshot(
            at: snapshotPath, createdAt: "2026-01-01T00:00:00.000Z", generator: "test")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: snapshotPath)
        let queue = try DatabaseQueue(path: snapshotPath)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE recordFacts")
            try db.execute(sql: "DROP TABLE sourceSummary")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-facts-and-summaries'")
        }
        try queue.close()
        let old = try SQLiteVulnerabilityStore(snapshotAt: snapshotPath)
        #expect(try await old.sourceSummaries() == manifest.sources)
        let facts = try await old.facts(ids: ["CVE-2099-0100", "GHSA-one"])
        #expect(
            facts.map(\.vulnerability).sorted { $0.id < $1.id } == [
                Self.record("CVE-2099-0001", alias: "GHSA-one").vulnerability, Self.everyField.vulnerability,
            ])
    }
}

extension FactsBlobTests {
    @Test("a record without a facts blob is read from its JSON")
    func factsFallBackToTheDocument() async throws {
        let path = try #require(DatabaseFile.temporary())
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteVulnerabilityStore(path: path)
            _ = try await store.importRecords([Self.everyField, Self.record("CVE-2099-0001")])
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM recordFacts WHERE vulnerabilityID = 'CVE-2099-0100'")
        }
        try queue.close()
        let facts = try await SQLiteVulnerabilityStore(path: path).facts(ids: ["CVE-2099-0100", "CVE-2099-0001"])
        #expect(facts.map(\.vulnerability.id) == ["CVE-2099-0001", "CVE-2099-0100"])
        #expect(facts.last == Self.factsPart(Self.everyField))
    }

    @Test("at the same modification time a record read differently replaces the stored one")
    func sameTimeDifferentReading() async throws {
        let store = try SQLiteVulnerabilityStore()
        var record = Self.record("CVE-2099-0001", modified: "2099-01-01T00:00:00Z")
        #expect(try await store.importRecords([record]).inserted == 1)
        #expect(try await store.importRecords([record]).unchanged == 1, "the same reading changes nothing")
        record.affected = [
            .init(
                ecosystem: "GIT", name: "github.com/curl/curl", repo: "https://github.com/curl/curl",
                spans: [.init(status: .affected, scheme: "git", introduced: "0", fixed: "57ba1dd")])
        ]
        #expect(try await store.importRecords([record]).replaced == 1)
        #expect(
            try await store.records(affecting: "github.com/curl/curl", ecosystem: "GIT", sources: nil).count == 1)
        #expect(try await store.sourceSummaries().map(\.records) == [1])
    }
}
