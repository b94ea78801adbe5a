import Foundation
public import VigilCore
public import VigilMatch

extension VEXDocument {
    /// A device's VEX document: every finding of its scan that no suppression hides, with the decision in force.
    public init(report: ScanReport, format: String, author: String) {
        self.init(
            format: format, author: author, timestamp: report.generatedAt,
            statements: report.findings.filter { $0.suppressed == nil }.map(VEXStatement.init(finding:)))
    }
}

extension VEXStatement {
    /// A finding as a statement about its component (identified by its purl): its state, and the decision's
    /// justification, responses and note. An affected finding without a decision gets an action statement from its
    /// fixed versions, so the statement meets CISA's minimum requirements.
    public init(finding: ScanReport.Finding) {
        let component = finding.component
        let purl =
            component.purl
            ?? (try? PackageURL(type: "generic", name: component.name, version: component.version))?.description
        let product = VEXProduct(name: component.name, version: component.version, purl: purl, reference: component.id)
        // A re-opened decision no longer speaks for the finding: its reason does.
        let analysis = finding.analysis?.reopened == nil ? finding.analysis : nil
        self.init(
            vulnerability: finding.vulnerability, aliases: finding.aliases, product: product, status: finding.state,
            justification: analysis?.justification, responses: analysis?.responses ?? [],
            timestamp: analysis?.recordedAt, author: analysis?.author)
        let matched = finding.matchedBy.map(\.detail).joined(separator: "; ")
        switch finding.state {
        case .notAffected: impactStatement = analysis?.note ?? matched
        case .affected:
            if let note = analysis?.note ?? finding.analysis?.reopened {
                actionStatement = note
            } else if let fixed = finding.fixedVersions.first {
                actionStatement = "Update \(component.name) to \(fixed) or later."
                responses = [.update]
            } else {
                actionStatement = "No fixed version is known; assess mitigations for \(component.name)."
            }
        case .fixed, .underInvestigation: detail = analysis?.note ?? finding.analysis?.reopened ?? matched
        }
    }
}
