public import VigilCore

/// What kernel build filtering did to a report (`kernelBuild` in `vigil.scan/1`).
public struct KernelBuildFiltering: Sendable, Codable, Hashable {
    /// What the build was read from.
    public var provenance: String
    /// Kernel findings whose records list the files their fix touches.
    public var findingsWithFiles: Int
    /// Affected or under investigation before filtering, and after.
    public var openBefore: Int
    public var openAfter: Int
    /// Findings set to `not_affected` because none of their files is built.
    public var ruledOut: Int
    /// Open findings with at least one file the build compiles.
    public var confirmedBuilt: Int
    /// Open findings with no file known to be built and at least one whose build state is unknown.
    public var undetermined: Int
}

extension ScanReport {
    /// The `origin` of an analysis kernel build filtering made.
    public static let kernelBuildOrigin = "kernel-build"

    /// Marks kernel findings whose fix touches only files the build does not compile as `not_affected` with the
    /// justification `vulnerable_code_not_present`, the evidence (each file, why it is not built, the Kconfig
    /// symbols) in the finding's ``Finding/kernelBuild`` and the analysis note. Every finding with files gets its
    /// verdicts; findings with a file that is built, or whose state is unknown, keep their state.
    ///
    /// Run it before applying triage decisions: an analyst's decision wins over the filter, and a decision that
    /// recorded the build (``TriageDecision/kernelBuild``) re-opens when this build differs.
    @discardableResult
    public mutating func applyKernelBuild(_ oracle: any KernelBuildOracle) -> KernelBuildFiltering {
        var filtering = KernelBuildFiltering(
            provenance: oracle.provenance, findingsWithFiles: 0, openBefore: 0, openAfter: 0, ruledOut: 0,
            confirmedBuilt: 0, undetermined: 0)
        var cache: [String: KernelBuildVerdict] = [:]
        for index in findings.indices {
            guard let files = findings[index].programFiles, !files.isEmpty else { continue }
            filtering.findingsWithFiles += 1
            let verdicts = files.map { path in
                if let known = cache[path] { return known }
                let verdict = oracle.verdict(for: path)
                cache[path] = verdict
                return verdict
            }
            findings[index].kernelBuild = verdicts
            let finding = findings[index]
            let open = finding.state == .affected || finding.state == .underInvestigation
            guard open else { continue }
            filtering.openBefore += 1
            if verdicts.contains(where: { $0.status == .built }) {
                filtering.confirmedBuilt += 1
            } else if verdicts.allSatisfy({ $0.status == .notBuilt }) {
                filtering.ruledOut += 1
                findings[index].analysis = Self.kernelBuildAnalysis(finding, verdicts, oracle: oracle, at: generatedAt)
                findings[index].state = .notAffected
            } else {
                filtering.undetermined += 1
            }
        }
        filtering.openAfter = filtering.openBefore - filtering.ruledOut
        kernelBuild = filtering
        recomputeSummary()
        return filtering
    }

    /// The analysis of a ruled-out finding: a stable id (`KB-` and 16 hex digits of SHA-256 over the finding and
    /// the verdicts), the justification, and the evidence as its note.
    static func kernelBuildAnalysis(
        _ finding: Finding, _ verdicts: [KernelBuildVerdict], oracle: any KernelBuildOracle, at time: String
    ) -> Analysis {
        let summary = KernelBuildVerdict.summary(of: verdicts)
        var hasher = SHA256()
        hasher.update(Array("\(finding.id)|\(summary)".utf8))
        let note =
            "The build does not compile the code the fix touches: "
            + verdicts.map { "\($0.path): \($0.reason)" }.joined(separator: "; ") + ". Build: \(oracle.provenance)."
        return Analysis(
            decision: "KB-" + String(hasher.finalize().hexString.prefix(16)), state: .notAffected,
            justification: .vulnerableCodeNotPresent, responses: [], note: note, author: "vigil", recordedAt: time,
            origin: kernelBuildOrigin, matchedState: finding.state)
    }
}
