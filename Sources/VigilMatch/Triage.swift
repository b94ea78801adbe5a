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
    @discardableResult
    public mutating func apply(_ decisions: [TriageDecision]) -> Int {
        guard !decisions.isEmpty else { return 0 }
        var byVulnerability: [String: [TriageDecision]] = [:]
        for decision in decisions { byVulnerability[decision.vulnerability, default: []].append(decision) }
        var applied = 0
        for index in findings.indices {
            let finding = findings[index]
            let name = finding.component.name.lowercased()
            let candidates = ([finding.vulnerability] + finding.aliases).flatMap { byVulnerability[$0] ?? [] }.filter {
                $0.componentName.lowercased() == name && $0.covers(version: finding.component.version)
            }
            guard
                let decision = candidates.reversed().max(by: {
                    ($0.specificity, $0.recordedAt) < ($1.specificity, $1.recordedAt)
                })
            else { continue }
            findings[index].analysis = Analysis(
                decision: decision.id, state: decision.state, justification: decision.justification,
                responses: decision.responses, note: decision.note, author: decision.author,
                recordedAt: decision.recordedAt, origin: decision.origin,
                matchedState: finding.analysis?.matchedState ?? finding.state)
            findings[index].state = decision.state
            applied += 1
        }
        recomputeSummary()
        return applied
    }
}
