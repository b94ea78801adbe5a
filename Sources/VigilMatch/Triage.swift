public import VigilCore

extension ScanReport {
    /// Applies triage decisions to the findings: a decision applies to a finding of its vulnerability (or one of
    /// the finding's aliases) in a component of its name (any case) — at its version, in its version range, or at any
    /// version when it names neither. A decision for the version wins over one for a range, which wins over one for
    /// every version; among equals the latest recorded.
    /// The decision sets the finding's state and is kept as its ``Finding/analysis``. (The history is oldest first, so
    /// among decisions recorded in the same millisecond the later one wins.)
    ///
    /// - Returns: how many findings a decision was applied to.
    ///
    /// A decision whose evidence changed is re-opened: the finding goes back to `under_investigation`, with the
    /// reason in ``Analysis/reopened`` — when the vulnerability's records now have another fingerprint than the one
    /// the decision recorded (`evidence`: vulnerability id → ``TriageEvidence/fingerprint(of:)`` now), when the kernel
    /// build it recorded compiles the fix's files differently from the build this scan was given (see
    /// ``applyKernelBuild(_:)``, which must run first), or when the only decision for the component was made for
    /// another version of it.
    @discardableResult
    public mutating func apply(_ decisions: [TriageDecision], evidence: [String: String] = [:]) -> Int {
        guard !decisions.isEmpty else { return 0 }
        var byVulnerability: [String: [TriageDecision]] = [:]
        for decision in decisions { byVulnerability[decision.vulnerability, default: []].append(decision) }
        var applied = 0
        for index in findings.indices {
            let finding = findings[index]
            let named = ([finding.vulnerability] + finding.aliases).flatMap { byVulnerability[$0] ?? [] }.filter {
                $0.names(component: finding.component.name, purl: finding.component.purl)
            }
            let candidates = named.filter { $0.covers(version: finding.component.version) }
            func newest(_ list: [TriageDecision]) -> TriageDecision? {
                list.reversed().max { ($0.specificity, $0.recordedAt) < ($1.specificity, $1.recordedAt) }
            }
            var reopened: String?
            let decision: TriageDecision
            if let found = newest(candidates) {
                decision = found
                // Changed evidence, or records for a vulnerability that had none when it was decided.
                if let current = evidence[found.vulnerability], found.evidence != current {
                    reopened =
                        "the records of \(found.vulnerability) changed since \(found.id) (\(found.recordedAt)): their "
                        + "ranges or scores differ; decide again"
                }
                // The kernel build it relied on, compared when this scan was given the build.
                if reopened == nil, let recorded = found.kernelBuild, let verdicts = finding.kernelBuild,
                    KernelBuildVerdict.summary(of: verdicts) != recorded
                {
                    reopened =
                        "the kernel build changed since \(found.id) (\(found.recordedAt)): "
                        + Self.kernelBuildChanges(recorded: recorded, now: verdicts) + "; decide again"
                }
            } else if finding.analysis == nil, finding.state == .affected || finding.state == .underInvestigation,
                let earlier = newest(named.filter { $0.componentVersion != nil })
            {
                // Only a finding no decision has touched yet (a later pass, `scan --vex`, must not undo one).
                decision = earlier
                reopened =
                    "\(earlier.id) decided \(earlier.state.rawValue) for \(earlier.componentName)@"
                    + "\(earlier.componentVersion ?? "") and this is version \(finding.component.version ?? "unknown"): "
                    + "decide again"
            } else {
                continue
            }
            // Re-opening never improves a state: an `affected` decision stays affected until decided again.
            let state = reopened == nil ? decision.state : min(.underInvestigation, decision.state)
            findings[index].analysis = Analysis(
                decision: decision.id, state: state, justification: reopened == nil ? decision.justification : nil,
                responses: decision.responses, note: decision.note, author: decision.author,
                recordedAt: decision.recordedAt, origin: decision.origin,
                matchedState: finding.analysis?.matchedState ?? finding.state, reopened: reopened,
                decidedState: decision.state)
            findings[index].state = state
            applied += 1
        }
        recomputeSummary()
        return applied
    }

    /// `net/x.c was not-built, now built (reason)`, for each file whose build state differs.
    static func kernelBuildChanges(recorded: String, now verdicts: [KernelBuildVerdict]) -> String {
        let before = KernelBuildVerdict.parse(summary: recorded)
        var changes: [String] = []
        for verdict in verdicts where before[verdict.path] != verdict.status.rawValue {
            changes.append(
                "\(verdict.path) was \(before[verdict.path] ?? "not among the files"), now \(verdict.status.rawValue) "
                    + "(\(verdict.reason))")
        }
        let listed = Set(verdicts.map(\.path))
        for path in before.keys.sorted() where !listed.contains(path) {
            changes.append("\(path) is no longer among the files the fix touches")
        }
        return changes.joined(separator: "; ")
    }
}
