import VigilCore
import VigilMatch
import VigilStore

/// The evidence triage decisions rest on, read from the database.
enum TriageSupport {
    /// The fingerprint of each vulnerability's records now (``TriageEvidence/fingerprint(of:)``); a vulnerability
    /// no source knows gets none.
    static func evidence(
        for vulnerabilities: some Sequence<String>, store: some VulnerabilityStore
    ) async throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for id in Set(vulnerabilities) {
            // The records with that id, alias or related id (what `records(id:)` finds).
            let records = try await store.records(id: id)
            if !records.isEmpty { fingerprints[id] = TriageEvidence.fingerprint(of: records) }
        }
        return fingerprints
    }

    /// What a decision about a kernel vulnerability relies on of a build: each file the kernel CNA's records say the
    /// fix touches, and whether the build compiles it (``KernelBuildVerdict/summary(of:)``); nil when no record
    /// lists files.
    static func kernelBuild(
        for vulnerability: String, build: any KernelBuildOracle, store: some VulnerabilityStore
    ) async throws -> String? {
        let files = KernelMatcher.programFiles(of: try await store.records(id: vulnerability))
        guard !files.isEmpty else { return nil }
        return KernelBuildVerdict.summary(of: files.map(build.verdict(for:)))
    }
}
