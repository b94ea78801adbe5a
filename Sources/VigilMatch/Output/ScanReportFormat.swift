import Foundation
import VigilCore

/// The formats a scan report is written in.
public enum ScanReportFormat: String, Sendable, CaseIterable {
    /// A table for a terminal.
    case table
    /// `vigil.scan/1` JSON.
    case json
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// CycloneDX 1.6 JSON with `vulnerabilities`: a vulnerability disclosure report (VDR).
    case cyclonedx
    /// One self-contained HTML page: summary, severity chart, sortable table.
    case html

    public func render(_ report: ScanReport) throws -> [UInt8] {
        switch self {
        case .table: Array(ScanTable.render(report).utf8)
        case .json: try ScanJSON.encode(report)
        case .sarif: try ScanSARIF.render(report)
        case .cyclonedx: try ScanCycloneDX.render(report)
        case .html: Array(ScanHTML.render(report).utf8)
        }
    }
}

enum ScanJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }

    /// A JSON object written with sorted keys.
    static func serialize(_ object: Any) throws -> [UInt8] {
        Array(
            try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) + [0x0A]
    }
}

/// The terminal table: one line per affected or unresolved finding, highest priority first (worst severity first
/// when the report was not prioritised), then the counts.
enum ScanTable {
    static func render(_ report: ScanReport) -> String {
        var shown = report.findings.filter { $0.state == .affected || $0.state == .underInvestigation }
        if shown.contains(where: { $0.priority == nil }) {
            shown.sort {
                ($1.severity, $0.component.name, $0.vulnerability) < ($0.severity, $1.component.name, $1.vulnerability)
            }
        }
        var rows: [[String]] = [
            ["PRIORITY", "SEVERITY", "VULNERABILITY", "COMPONENT", "VERSION", "FIXED IN", "KEV", "EPSS", "MATCHED BY"]
        ]
        for finding in shown {
            rows.append([
                finding.priority.map { "\($0.tier) \(String(format: "%.0f", $0.score))" } ?? "-",
                finding.severity.rawValue.uppercased() + (finding.suppressed == nil ? "" : " (suppressed)")
                    + (finding.contextCVSS.map { " → \($0.severity.rawValue.uppercased())" } ?? ""),
                finding.vulnerability, finding.component.name, finding.component.version ?? "-",
                finding.fixedVersions.first ?? "-", finding.kev == nil ? "" : "yes",
                finding.epss.map { String(format: "%.3f", $0.score) } ?? "",
                Array(Set(finding.matchedBy.map(\.matcher))).sorted().joined(separator: ",")
                    + (finding.analysis.map { " (triaged \($0.decision))" } ?? ""),
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        if shown.isEmpty {
            text += "No affected components.\n"
        } else {
            for row in rows {
                text +=
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
        }
        let summary = report.summary
        let severities = Severity.allCases.compactMap { severity in
            summary.bySeverity[severity.rawValue].map { "\($0) \(severity.rawValue)" }
        }
        text +=
            "\n\(summary.components) components, \(summary.findings) findings ("
            + ["affected", "under_investigation", "fixed", "not_affected"].compactMap { state in
                summary.byState[state].map { "\($0) \(state.replacingOccurrences(of: "_", with: " "))" }
            }.joined(separator: ", ") + ")"
        if !severities.isEmpty { text += "; affected: " + severities.joined(separator: ", ") }
        if summary.suppressed > 0 { text += "; \(summary.suppressed) suppressed" }
        text += ".\n"
        if !report.unidentified.isEmpty {
            text +=
                "\(report.unidentified.count) components could not be identified (no purl or CPE): "
                + report.unidentified.prefix(10).map { $0.name + ($0.version.map { "@\($0)" } ?? "") }.joined(
                    separator: ", ")
                + (report.unidentified.count > 10 ? ", …" : "") + "\n"
        }
        if let snapshot = report.database.snapshot { text += "Database snapshot \(snapshot).\n" }
        return text
    }
}
