public import VigilCore
public import VigilMatch

/// Turns a release's scan report into tracked findings and, against the findings its last evaluation tracked, the
/// alerts to raise:
/// - `new-finding`: a finding that holds the release back (affected, or under investigation while the matchers
///   found it affected) and did not before, at or above the minimum severity;
/// - `severity-increased`: an open finding whose severity rose, at or above the minimum;
/// - `kev-listed`: an open finding newly in CISA's KEV catalogue (whatever its severity; a new finding that is
///   already listed is one `new-finding` that says so).
///
/// A release's first evaluation is its baseline: its findings are tracked and raise no alerts (a team adding a
/// release knows what its scan says; the monitor reports what changes after).
public enum ReleaseEvaluator {
    /// Every finding of the report as the monitor tracks it.
    public static func tracked(_ report: ScanReport) -> [TrackedFinding] {
        let open = Set(report.gateFailures(atOrAbove: .unknown).map(\.id))
        return report.findings.map { finding in
            TrackedFinding(
                finding: finding.id, vulnerability: finding.vulnerability, component: finding.component.name,
                componentVersion: finding.component.version, open: open.contains(finding.id),
                severity: finding.severity.rawValue, kev: finding.kev != nil,
                priority: finding.priority.map { "\($0.tier) \($0.score)" }, fixedVersions: finding.fixedVersions,
                published: finding.published,
                // An analyst's decision or a VEX statement, not the automatic kernel build filter.
                triagedAt: finding.analysis.flatMap { $0.origin == ScanReport.kernelBuildOrigin ? nil : $0.recordedAt })
        }
    }

    /// The findings to record and the alerts they raise against `before` (nil: the release's first evaluation, which
    /// raises none). Each open finding carries when it became open (`openedAt`: kept from before, else now), which
    /// its alerts' ids include.
    public static func evaluate(
        product: String, release: String, now found: [TrackedFinding], before: [TrackedFinding]?,
        minimumSeverity: String, at time: String
    ) -> (findings: [TrackedFinding], alerts: [Alert]) {
        let previous = Dictionary((before ?? []).map { ($0.finding, $0) }, uniquingKeysWith: { first, _ in first })
        let now = found.map { finding -> TrackedFinding in
            var finding = finding
            if finding.open {
                let old = previous[finding.finding]
                finding.openedAt = old?.open == true ? (old?.openedAt ?? time) : time
            }
            return finding
        }
        return (
            now,
            alerts(
                product: product, release: release, now: now, before: before, minimumSeverity: minimumSeverity, at: time
            )
        )
    }

    /// The alerts `now` raises against `before` (nil: the release's first evaluation, which raises none).
    public static func alerts(
        product: String, release: String, now: [TrackedFinding], before: [TrackedFinding]?, minimumSeverity: String,
        at time: String
    ) -> [Alert] {
        guard let before else { return [] }
        let previous = Dictionary(before.map { ($0.finding, $0) }, uniquingKeysWith: { first, _ in first })
        let minimum = Severity(rawValue: minimumSeverity) ?? .low
        var alerts: [Alert] = []
        for finding in now where finding.open {
            let severity = Severity(rawValue: finding.severity) ?? .unknown
            let old = previous[finding.finding]
            if old?.open != true {
                if severity >= minimum || finding.kev {
                    alerts.append(
                        Alert(kind: .newFinding, product: product, release: release, finding: finding, createdAt: time))
                }
                continue
            }
            if let old, let oldSeverity = Severity(rawValue: old.severity), severity > oldSeverity, severity >= minimum
            {
                alerts.append(
                    Alert(
                        kind: .severityIncreased, product: product, release: release, finding: finding,
                        previousSeverity: old.severity, createdAt: time))
            }
            if finding.kev, old?.kev == false {
                alerts.append(
                    Alert(kind: .kevListed, product: product, release: release, finding: finding, createdAt: time))
            }
        }
        return alerts
    }
}
