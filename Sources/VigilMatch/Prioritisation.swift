public import VigilCore

extension ScanReport {
    /// Re-scores every finding's CVSS vector in the device context (when one is given: ``Finding/contextCVSS``),
    /// gives every finding a ``VigilCore/Priority`` from that score, KEV, EPSS and the context's safety impact, and
    /// sorts the findings by it: highest first, then severity, component and vulnerability, so the order is stable.
    public mutating func prioritise(context: DeviceContextProfile?) {
        self.context = context
        for index in findings.indices {
            let finding = findings[index]
            var contextScore: Double?
            if let context, let cvss = finding.cvss, let vector = try? CVSSVector(cvss.vector),
                let rescored = context.rescore(vector)
            {
                let score = rescored.score
                findings[index].contextCVSS = ContextCVSS(
                    vector: rescored.description, score: score, severity: Severity(score: score))
                contextScore = score
            }
            findings[index].priority = Priority.of(
                cvss: finding.cvss?.score, contextScore: contextScore, exploited: finding.kev != nil,
                epss: finding.epss?.score, safety: context?.safetyImpact)
        }
        findings.sort { a, b in
            let (pa, pb) = (a.priority?.score ?? 0, b.priority?.score ?? 0)
            if pa != pb { return pa > pb }
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.component.name, a.component.id, a.vulnerability) < (
                b.component.name, b.component.id, b.vulnerability
            )
        }
    }
}
