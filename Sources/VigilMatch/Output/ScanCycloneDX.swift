import Foundation
import VigilCore

/// CycloneDX 1.6 with `vulnerabilities`: a vulnerability disclosure report (VDR). The components are the ones with
/// findings (by their SBOM `bom-ref`); each vulnerability lists the components it affects with their status, its
/// ratings, CISA KEV and EPSS as properties, and the analysis (`exploitable`, `resolved`, `not_affected`,
/// `in_triage`, with the suppression rule's reason when one applies).
enum ScanCycloneDX {
    static func render(_ report: ScanReport) throws -> [UInt8] {
        var components: [[String: Any]] = []
        var seen = Set<String>()
        for finding in report.findings where seen.insert(finding.component.id).inserted {
            var component: [String: Any] = [
                "type": "library", "bom-ref": finding.component.id, "name": finding.component.name,
            ]
            if let version = finding.component.version { component["version"] = version }
            if let purl = finding.component.purl { component["purl"] = purl }
            if let cpe = finding.component.cpe { component["cpe"] = cpe }
            components.append(component)
        }
        var byVulnerability: [String: [ScanReport.Finding]] = [:]
        var order: [String] = []
        for finding in report.findings {
            if byVulnerability[finding.vulnerability] == nil { order.append(finding.vulnerability) }
            byVulnerability[finding.vulnerability, default: []].append(finding)
        }
        let vulnerabilities: [[String: Any]] = order.map { id in
            let findings = byVulnerability[id]!
            let first = findings[0]
            var vulnerability: [String: Any] = [
                "bom-ref": "vulnerability-\(id)", "id": id,
                "source": source(id),
                "affects": findings.map { finding in
                    [
                        "ref": finding.component.id,
                        "versions": [
                            [
                                "version": finding.component.version ?? "",
                                "status": finding.state == .affected || finding.state == .underInvestigation
                                    ? "affected" : "unaffected",
                            ]
                        ],
                    ]
                },
                "analysis": analysis(findings),
            ]
            if let cvss = first.cvss {
                var rating: [String: Any] = [
                    "vector": cvss.vector, "severity": first.severity.rawValue, "method": method(cvss.version),
                ]
                if let score = cvss.score { rating["score"] = score }
                if let by = cvss.source { rating["source"] = ["name": by] }
                vulnerability["ratings"] = [rating]
            } else if first.severity != .unknown {
                vulnerability["ratings"] = [["severity": first.severity.rawValue]]
            }
            if let title = first.title { vulnerability["description"] = title }
            if let published = first.published.flatMap(Self.dateTime) { vulnerability["published"] = published }
            if !first.references.isEmpty { vulnerability["advisories"] = first.references.map { ["url": $0] } }
            if !first.fixedVersions.isEmpty {
                vulnerability["recommendation"] = "Upgrade to \(first.fixedVersions.joined(separator: " or "))."
            }
            var properties: [[String: String]] = first.aliases.map { ["name": "vigil:alias", "value": $0] }
            if let kev = first.kev { properties.append(["name": "vigil:kev.dateAdded", "value": kev.dateAdded]) }
            if let epss = first.epss {
                properties.append(["name": "vigil:epss.score", "value": String(epss.score)])
                properties.append(["name": "vigil:epss.percentile", "value": String(epss.percentile)])
            }
            properties += findings.map { ["name": "vigil:finding", "value": $0.id] }
            vulnerability["properties"] = properties
            return vulnerability
        }
        let document: [String: Any] = [
            "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "serialNumber": "urn:uuid:" + UUID().uuidString.lowercased(),
            "metadata": [
                "timestamp": report.generatedAt, "tools": ["components": [["type": "application", "name": "vigil"]]],
                "component": ["type": "firmware", "name": report.target.name, "bom-ref": "target"],
                "properties": [["name": "vigil:database.snapshot", "value": report.database.snapshot ?? ""]],
            ],
            "components": components, "vulnerabilities": vulnerabilities,
        ]
        return try ScanJSON.serialize(document)
    }

    /// RFC 3339 as CycloneDX's `date-time` wants it: NVD writes UTC times without a zone (`2015-04-24T14:59:08.187`),
    /// distributions dates alone (`2014-06-02`).
    static func dateTime(_ text: String) -> String? {
        if text.count == 10, text.allSatisfy({ $0.isNumber || $0 == "-" }) { return text + "T00:00:00Z" }
        guard text.contains("T") else { return nil }
        let zone =
            text.split(separator: "T").last.map { $0.hasSuffix("Z") || $0.contains("+") || $0.contains("-") } ?? false
        return zone ? text : text + "Z"
    }

    static func source(_ id: String) -> [String: String] {
        if id.hasPrefix("CVE-") { return ["name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/\(id)"] }
        if id.hasPrefix("GHSA-") { return ["name": "GitHub", "url": "https://github.com/advisories/\(id)"] }
        return ["name": "OSV", "url": "https://osv.dev/vulnerability/\(id)"]
    }

    static func method(_ version: String) -> String {
        switch version {
        case "3.1": "CVSSv31"
        case "3.0": "CVSSv3"
        case "4.0": "CVSSv4"
        case "2.0": "CVSSv2"
        default: "other"
        }
    }

    /// CycloneDX's analysis for the worst state among a vulnerability's findings.
    static func analysis(_ findings: [ScanReport.Finding]) -> [String: Any] {
        let worst = findings.map(\.state).min() ?? .underInvestigation
        let state = worst.cycloneDX
        var analysis: [String: Any] = ["state": state]
        var details: [String] = []
        // The triage decision behind the worst state, as CycloneDX VEX says it.
        if let decided = findings.first(where: { $0.state == worst && $0.analysis != nil })?.analysis {
            if let justification = decided.justification {
                analysis["justification"] = justification.cycloneDX
            }
            if !decided.responses.isEmpty { analysis["response"] = decided.responses.map(\.rawValue) }
            details.append("\(decided.note) (\(decided.decision), \(decided.author), \(decided.recordedAt))")
        }
        if let suppression = findings.compactMap(\.suppressed).first {
            details.append("Suppressed until \(suppression.expires): \(suppression.reason) (\(suppression.rule))")
        }
        if !details.isEmpty { analysis["detail"] = details.joined(separator: "\n") }
        return analysis
    }
}
