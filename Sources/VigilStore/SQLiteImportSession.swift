import Foundation
import GRDB
import VigilCore

extension SQLiteVulnerabilityStore {
    /// The writes of one import transaction.
    final class Session: VulnerabilityImportSession {
        let db: Database
        /// Vendor and product per CPE criterion string: NVD repeats criteria thousands of times.
        var products: [String: (vendor: String, product: String)] = [:]
        /// What this session changed of each source's summary, which ``refreshSummaries()`` applies: records added
        /// and the newest time written. Counting a source's records again would read all of them (half a second for
        /// NVD), so summaries are kept incrementally; only a replacement that makes a record older sends its source
        /// to be counted again (`recount`).
        var summaryChanges: [String: (added: Int, newest: String?)] = [:]
        var recount = Set<String>()

        init(db: Database) {
            self.db = db
        }

        func product(of criteria: String) -> (vendor: String, product: String)? {
            if let known = products[criteria] { return known }
            // Criteria were validated by their importer; reading two fields is enough (and far cheaper than a parse).
            guard let value = CPEName.vendorAndProduct(ofFormattedString: criteria) else { return nil }
            if products.count >= 200_000 { products.removeAll(keepingCapacity: true) }  // bounded memory at scale
            products[criteria] = value
            return value
        }

        func add(_ prepared: PreparedImportBatch) throws -> ImportCounts {
            var counts = ImportCounts()
            let batch = prepared.batch
            for (index, record) in batch.records.enumerated() {
                switch try store(
                    record, document: Data(prepared.documents[index]), facts: Data(prepared.facts[index]),
                    matchBlob: Data(prepared.matchBlobs[index]))
                {
                case .inserted: counts.inserted += 1
                case .replaced: counts.replaced += 1
                case .unchanged: counts.unchanged += 1
                }
            }
            if let mappings = batch.packageCPEs {
                for source in Set(mappings.map(\.source)) {
                    try db.execute(sql: "DELETE FROM packageCPE WHERE source = ?", arguments: [source.rawValue])
                }
                for mapping in mappings {
                    try db.cachedStatement(
                        sql: "INSERT INTO packageCPE (source, ecosystem, package, cpe) VALUES (?, ?, ?, ?)"
                    ).execute(arguments: [mapping.source.rawValue, mapping.ecosystem, mapping.package, mapping.cpe])
                }
            }
            return counts
        }

        func saveSyncState(_ state: FeedSyncState) throws {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO feedSyncState
                    (feed, url, etag, lastModified, sha256, watermark, lastSuccess, records)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.feed, state.url, state.etag, state.lastModified, state.sha256, state.watermark,
                    state.lastSuccess, state.records,
                ])
        }

        func logImportedFile(_ file: ImportedFile) throws {
            try db.execute(
                sql: "INSERT INTO importedFile (path, sha256, format, records, importedAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [file.path, file.sha256, file.format, file.records, file.importedAt])
        }

        /// Applies the summary changes of this session, inside its transaction.
        func refreshSummaries() throws {
            for (source, change) in summaryChanges.sorted(by: { $0.key < $1.key }) where !recount.contains(source) {
                try db.execute(
                    sql: """
                        INSERT INTO sourceSummary (source, records, newest) VALUES (?, ?, ?)
                        ON CONFLICT (source) DO UPDATE SET
                          records = records + excluded.records,
                          newest = CASE WHEN newest IS NULL OR excluded.newest > newest THEN excluded.newest
                                        ELSE newest END
                        """, arguments: [source, change.added, change.newest])
            }
            for source in recount.sorted() {
                try db.execute(sql: "DELETE FROM sourceSummary WHERE source = ?", arguments: [source])
                try db.execute(
                    sql: """
                        INSERT INTO sourceSummary (source, records, newest)
                        \(SQLiteVulnerabilityStore.summarySelect) WHERE source = ? GROUP BY source
                        """, arguments: [source])
            }
            summaryChanges.removeAll()
            recount.removeAll()
        }

        /// Notes a record written: `replacing` is the time of the record it replaces, if it replaces one.
        private func noteSummary(source: String, time: String?, replacing: String??) {
            var change = summaryChanges[source] ?? (0, nil)
            if let replaced = replacing {
                // The replaced record may have been the newest: a replacement dated earlier needs a recount.
                if let replaced, time.map({ $0 < replaced }) ?? true { recount.insert(source) }
            } else {
                change.added += 1
            }
            if let time, change.newest.map({ time > $0 }) ?? true { change.newest = time }
            summaryChanges[source] = change
        }

        enum Outcome { case inserted, replaced, unchanged }

        private func store(
            _ record: VulnerabilityRecord, document: Data, facts: Data, matchBlob: Data
        ) throws -> Outcome {
            let source = record.source.rawValue
            let vulnerability = record.vulnerability
            let outcome: Outcome
            var replacedTime: String??
            if let stored = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT modified, published, document FROM vulnerabilityRecord WHERE source = ? AND id = ?"),
                arguments: [source, vulnerability.id])
            {
                let storedModified: String? = stored["modified"]
                if let modified = vulnerability.modified, let storedModified {
                    // ISO 8601 times of one source compare as text. At the same time a different document is the
                    // same record read better (a newer Vigil's importer): it replaces the stored one.
                    guard modified >= storedModified else { return .unchanged }
                    if modified == storedModified {
                        let storedDocument: Data = stored["document"]
                        guard storedDocument != document else { return .unchanged }
                    }
                } else {
                    let storedDocument: Data = stored["document"]
                    guard storedDocument != document else { return .unchanged }
                }
                try db.cachedStatement(sql: "DELETE FROM vulnerabilityRecord WHERE source = ? AND id = ?").execute(
                    arguments: [source, vulnerability.id])
                try db.cachedStatement(sql: "DELETE FROM matchBlob WHERE source = ? AND vulnerabilityID = ?").execute(
                    arguments: [source, vulnerability.id])
                try db.cachedStatement(sql: "DELETE FROM recordFacts WHERE vulnerabilityID = ? AND source = ?")
                    .execute(arguments: [vulnerability.id, source])
                outcome = .replaced
                replacedTime = .some(storedModified ?? stored["published"])
            } else {
                outcome = .inserted
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO vulnerabilityRecord (source, id, modified, published, document)
                    VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [source, vulnerability.id, vulnerability.modified, vulnerability.published, document])
            try db.cachedStatement(sql: "INSERT INTO matchBlob (source, vulnerabilityID, blob) VALUES (?, ?, ?)")
                .execute(arguments: [source, vulnerability.id, matchBlob])
            try db.cachedStatement(sql: "INSERT INTO recordFacts (vulnerabilityID, source, facts) VALUES (?, ?, ?)")
                .execute(arguments: [vulnerability.id, source, facts])
            noteSummary(
                source: source, time: vulnerability.modified ?? vulnerability.published, replacing: replacedTime)
            for configuration in record.configurations {
                for node in configuration.nodes {
                    for criterion in node.criteria {
                        guard let name = product(of: criterion.criteria) else { continue }
                        try db.cachedStatement(
                            sql: """
                                INSERT INTO cpeCriterion (source, vulnerabilityID, vendor, product, criteria, vulnerable)
                                VALUES (?, ?, ?, ?, ?, ?)
                                """
                        ).execute(
                            arguments: [
                                source, vulnerability.id, name.vendor, name.product, criterion.criteria,
                                criterion.vulnerable,
                            ])
                    }
                }
            }
            for alias in Set(vulnerability.aliases + vulnerability.related) where alias != vulnerability.id {
                try db.cachedStatement(sql: "INSERT INTO alias (source, vulnerabilityID, alias) VALUES (?, ?, ?)")
                    .execute(arguments: [source, vulnerability.id, alias])
            }
            var seen = Set<[String?]>()
            for affected in record.affected {
                // Git ranges are also found by their repository (`GIT`, `github.com/curl/curl`), whatever package
                // the entry names (OSS-Fuzz's `curl`, or none).
                var keys: [[String?]] = [[affected.ecosystem, affected.name]]
                if affected.spans.contains(where: { $0.scheme == "git" }),
                    let repository = affected.repo.flatMap(GitReference.repository)
                {
                    keys.append([GitReference.ecosystem, repository])
                }
                for key in keys where seen.insert(key).inserted {
                    try db.cachedStatement(
                        sql:
                            "INSERT INTO affectedPackage (source, vulnerabilityID, ecosystem, name) VALUES (?, ?, ?, ?)"
                    ).execute(arguments: [source, vulnerability.id, key[0], key[1]])
                }
            }
            return outcome
        }
    }
}
