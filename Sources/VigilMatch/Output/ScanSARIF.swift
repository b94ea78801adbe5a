import Foundation
import VigilCore

/// SARIF 2.1.0: one rule per vulnerability, one result per affected (or unresolved) finding, located at the
/// component as a logical location (a package has no source line). Suppressed findings carry an external
/// suppression with the rule's reason; `partialFingerprints` holds the stable finding id.
enum ScanSARIF {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func render(_ report: ScanReport) throws -> [UInt8] {
        let findings = report.findings.filter { $0.state == .affected || $0.state == .underInvestigation }
        var rules: [[String: Any]] = []
        var ruleIndex: [String: Int] = [:]
        for finding in findings where ruleIndex[finding.vulnerability] == nil {
            ruleIndex[finding.vulnerability] = rules.count
            var rule: [String: Any] = [
                "id": finding.vulnerability,
                "shortDescription": ["text": finding.title ?? finding.vulnerability],
                "properties": [
                    "tags": ["security", "vulnerability"],
                    "security-severity": String(format: "%.1f", finding.cvss?.score ?? Self.score(finding.severity)),
                ],
            ]
            if let help = finding.references.first { rule["helpUri"] = help }
            rules.append(rule)
        }
        let results: [[String: Any]] = findings.map { finding in
            var message =
                "\(finding.component.name) \(finding.component.version ?? "") is affected by \(finding.vulnerability)"
            if let fixed = finding.fixedVersions.first { message += "; fixed in \(fixed)" }
            if finding.kev != nil { message += "; listed in CISA KEV" }
            var logical: [String: Any] = ["name": finding.component.name, "kind": "package"]
            logical["fullyQualifiedName"] = finding.component.purl ?? finding.component.cpe ?? finding.component.name
            var result: [String: Any] = [
                "ruleId": finding.vulnerability, "ruleIndex": ruleIndex[finding.vulnerability]!,
                "level": level(finding.severity), "message": ["text": message],
                "locations": [["logicalLocations": [logical]]],
                "partialFingerprints": ["vigilFinding/v1": finding.id],
                "properties": [
                    "state": finding.state.rawValue, "severity": finding.severity.rawValue,
                    "fixedVersions": finding.fixedVersions, "matchedBy": finding.matchedBy.map(\.matcher),
                    "aliases": finding.aliases,
                ],
            ]
            if let analysis = finding.analysis, var properties = result["properties"] as? [String: Any] {
                properties["triage"] = [
                    "decision": analysis.decision, "note": analysis.note, "author": analysis.author,
                    "recordedAt": analysis.recordedAt, "responses": analysis.responses.map(\.rawValue),
                ]
                result["properties"] = properties
            }
            if let suppression = finding.suppressed {
                result["suppressions"] = [
                    ["kind": "external", "status": "accepted", "justification": suppression.reason]
                ]
            }
            return result
        }
        let run: [String: Any] = [
            "tool": [
                "driver": [
                    "name": "vigil", "rules": rules,
                    "semanticVersion": "0.1.0",
                ]
            ],
            "results": results,
            "properties": ["target": report.target.name, "databaseSnapshot": report.database.snapshot ?? ""],
        ]
        return try ScanJSON.serialize(["$schema": schema, "version": "2.1.0", "runs": [run]])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        default: "note"
        }
    }

    /// GitHub's `security-severity` for findings without a score: the middle of the severity's band.
    static func score(_ severity: Severity) -> Double {
        switch severity {
        case .critical: 9.5
        case .high: 8.0
        case .medium: 5.5
        case .low: 2.0
        default: 0.0
        }
    }
}
