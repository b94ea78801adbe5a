import VigilCore
import VigilStore

/// The evidence triage decisions rest on, read from the database.
enum TriageSupport {
    /// The fingerprint of each vulnerability's records now (``TriageEvidence/fingerprint(of:)``); a vulnerability
    /// no source knows gets none.
    static func evidence(
        for vulnerabilities: some Sequence<String>, store: SQLiteVulnerabilityStore
    ) async throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for id in Set(vulnerabilities) {
            // The records with that id, alias or related id (what `records(id:)` finds).
            let records = try await store.records(id: id)
            if !records.isEmpty { fingerprints[id] = TriageEvidence.fingerprint(of: records) }
        }
        return fingerprints
    }
}
