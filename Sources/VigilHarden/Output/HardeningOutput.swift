public import Foundation

/// The report formats of `vigil harden`: a table for people, JSON (`vigil.harden/1`), SARIF 2.1.0 for code-scanning
/// dashboards, and one HTML page to file as evidence. The JSON and SARIF are stable: sorted keys, findings most
/// severe first.
public enum HardeningOutput {
    public enum Format: String, Sendable, CaseIterable { case table, json, sarif, html }

    public static func render(_ report: HardeningReport, as format: Format) throws -> [UInt8] {
        switch format {
        case .table: Array(table(report).utf8)
        case .json: try json(report)
        case .sarif: try sarif(report)
        case .html: Array(HardeningHTML.render(report).utf8)
        }
    }

    static func json(_ report: HardeningReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(report)) + [0x0a]
    }

    static func table(_ report: HardeningReport) -> String {
        var lines: [String] = []
        let counts = HardeningSeverity.allCases.reversed().map {
            "\(report.summary.bySeverity[$0.rawValue] ?? 0) \($0)"
        }
        lines.append(
            "\(report.target): \(report.summary.files) files, \(report.summary.binaries) ELF binaries; "
                + "\(report.summary.findings) findings (\(counts.joined(separator: ", ")))")
        guard !report.findings.isEmpty else { return (lines + ["no weaknesses found"]).joined(separator: "\n") + "\n" }
        // One block per check, most severe first: its findings' places, ten at most, then how many more.
        var order: [String] = []
        var byCheck: [String: [HardeningFinding]] = [:]
        for finding in report.findings {
            if byCheck[finding.check] == nil { order.append(finding.check) }
            byCheck[finding.check, default: []].append(finding)
        }
        let descriptors = Dictionary(report.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for check in order {
            let findings = byCheck[check] ?? []
            let first = findings[0]
            lines.append("")
            lines.append(
                "\(first.severity.rawValue.uppercased())  \(check)  \(descriptors[check]?.title ?? first.title)  "
                    + "(\(first.cwe), \(first.category.rawValue); \(findings.count))")
            for finding in findings.prefix(10) {
                let place = finding.evidence.path + (finding.evidence.line.map { ":\($0)" } ?? "")
                lines.append("  \(place)  \(finding.evidence.detail)")
            }
            if findings.count > 10 { lines.append("  … and \(findings.count - 10) more (--format json lists all)") }
            lines.append("  fix: \(first.remediation)")
        }
        if !report.problems.isEmpty {
            lines.append("")
            lines.append("not read: " + report.problems.prefix(5).joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sarif(_ report: HardeningReport) throws -> [UInt8] {
        let used = Set(report.findings.map(\.check))
        let rules = report.checks.filter { used.contains($0.id) }
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sarifRules: [[String: Any]] = rules.map { rule in
            [
                "id": rule.id, "name": rule.title, "shortDescription": ["text": rule.title],
                "fullDescription": ["text": rule.rationale], "help": ["text": rule.remediation],
                "defaultConfiguration": ["level": level(rule.severity)],
                "properties": [
                    // SARIF's tags are a set: the category may be "hardening" itself.
                    "tags": ["security", "hardening", rule.category.rawValue, "external/cwe/\(rule.cwe.lowercased())"]
                        .reduce(into: [String]()) { tags, tag in if !tags.contains(tag) { tags.append(tag) } },
                    "security-severity": securitySeverity(rule.severity), "cwe": rule.cwe,
                    "category": rule.category.rawValue,
                ],
            ]
        }
        let results: [[String: Any]] = report.findings.map { finding in
            var region: [String: Any] = [:]
            if let line = finding.evidence.line { region["startLine"] = line }
            if let offset = finding.evidence.offset { region["byteOffset"] = offset }
            var physical: [String: Any] = [
                "artifactLocation": ["uri": uri(finding.evidence.path), "uriBaseId": "ROOTFS"]
            ]
            if !region.isEmpty { physical["region"] = region }
            return [
                "ruleId": finding.check, "ruleIndex": ruleIndex[finding.check] ?? 0, "level": level(finding.severity),
                "message": ["text": "\(finding.title): \(finding.evidence.detail)"],
                "locations": [["physicalLocation": physical]],
                "partialFingerprints": ["vigilHardeningFinding/v1": finding.id],
                "properties": ["severity": finding.severity.rawValue, "category": finding.category.rawValue],
            ]
        }
        let run: [String: Any] = [
            "tool": [
                "driver": [
                    "name": "vigil", "informationUri": "https://vigil.invalid/harden", "rules": sarifRules,
                    "semanticVersion": "0.1.0",
                ]
            ],
            "originalUriBaseIds": ["ROOTFS": ["description": ["text": report.target]]],
            "results": results,
            "properties": ["target": report.target, "binaries": report.summary.binaries],
        ]
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run],
        ]
        return Array(
            try JSONSerialization.data(
                withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            + [0x0a]
    }

    /// A path in the root as a relative URI reference (`usr/bin/%5B` for `/usr/bin/[`).
    static func uri(_ path: String) -> String {
        String(path.drop { $0 == "/" }).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "unknown"
    }

    static func level(_ severity: HardeningSeverity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's `security-severity`: the middle of each CVSS band.
    static func securitySeverity(_ severity: HardeningSeverity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "2.0"
        case .info: "0.0"
        }
    }
}
