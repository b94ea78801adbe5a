import Foundation
import VigilCore

/// One self-contained HTML page (no external files, no network): the target and database, a summary, an SVG bar
/// chart of affected findings by severity, and the findings in a table that sorts by any column (a few lines of
/// inline script; without script the table is still complete, worst first).
enum ScanHTML {
    static func render(_ report: ScanReport) -> String {
        let findings = report.findings.sorted {
            ($0.state, $1.severity, $0.component.name, $0.vulnerability) < (
                $1.state, $0.severity, $1.component.name, $1.vulnerability
            )
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Vigil scan: \(escape(report.target.name))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1b1b}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{cursor:pointer;background:#f3f3f3;position:sticky;top:0}
            .critical{color:#fff;background:#7b1fa2}.high{color:#fff;background:#c62828}.medium{background:#f9a825}
            .low{background:#9ccc65}.none,.unknown{background:#e0e0e0}.sev{padding:1px 6px;border-radius:3px;font-weight:600}
            .muted{color:#666}.kev{color:#c62828;font-weight:600}code{font-size:12px}
            </style></head><body>
            <h1>Vulnerability scan: \(escape(report.target.name))</h1>
            <p class="muted">Generated \(escape(report.generatedAt)) by Vigil (\(escape(report.schema))).
            Database \(escape(report.database.snapshot.map { "snapshot " + $0 } ?? report.database.path ?? "")).</p>
            <h2>Summary</h2>
            <p>\(report.summary.components) components, \(report.summary.findings) findings:
            \(["affected", "under_investigation", "fixed", "not_affected"].compactMap { state in report.summary.byState[state].map { "\($0) \(state.replacingOccurrences(of: "_", with: " "))" } }.joined(separator: ", ")).
            \(report.summary.suppressed) suppressed; \(report.unidentified.count) components not identified.</p>

            """
        html += chart(report)
        html += """
            <h2>Findings</h2>
            <table id="findings"><thead><tr><th>Severity</th><th>Score</th><th>Vulnerability</th><th>Component</th>
            <th>Version</th><th>State</th><th>Fixed in</th><th>KEV</th><th>EPSS</th><th>Matched by</th></tr></thead><tbody>

            """
        for finding in findings {
            let score = finding.cvss?.score.map { String(format: "%.1f", $0) } ?? ""
            html += """
                <tr><td data-sort="\(finding.severity.rankValue)"><span class="sev \(finding.severity.rawValue)">\(finding.severity.rawValue)</span></td>
                <td>\(score)</td><td><a href="\(escape(link(finding)))">\(escape(finding.vulnerability))</a>\
                \(finding.title.map { "<br><span class=\"muted\">\(escape($0))</span>" } ?? "")</td>
                <td>\(escape(finding.component.name))</td><td><code>\(escape(finding.component.version ?? ""))</code></td>
                <td>\(escape(finding.state.rawValue))\(finding.analysis.map { "<br><span class=\"muted\">triaged \(escape($0.decision)): \(escape($0.note))</span>" } ?? "")\(finding.suppressed.map { "<br><span class=\"muted\">suppressed: \(escape($0.reason))</span>" } ?? "")</td>
                <td><code>\(escape(finding.fixedVersions.joined(separator: ", ")))</code></td>
                <td>\(finding.kev.map { "<span class=\"kev\">\(escape($0.dateAdded))</span>" } ?? "")</td>
                <td>\(finding.epss.map { String(format: "%.3f", $0.score) } ?? "")</td>
                <td class="muted">\(escape(finding.matchedBy.map { "\($0.matcher): \($0.detail)" }.joined(separator: "; ")))</td></tr>

                """
        }
        html += "</tbody></table>\n"
        if !report.unidentified.isEmpty {
            html += "<h2>Components not identified</h2><ul>"
            for component in report.unidentified {
                html += "<li>\(escape(component.name)) \(escape(component.version ?? ""))</li>"
            }
            html += "</ul>\n"
        }
        html += """
            <script>
            document.querySelectorAll('#findings th').forEach(function (th, column) {
              th.addEventListener('click', function () {
                var body = th.closest('table').tBodies[0], rows = Array.from(body.rows);
                var ascending = th.dataset.order !== 'asc'; th.dataset.order = ascending ? 'asc' : 'desc';
                function key(row) { var cell = row.cells[column]; return cell.dataset.sort || cell.textContent.trim(); }
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
                  var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                  return ascending ? order : -order;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
            </script>
            </body></html>

            """
        return html
    }

    /// A horizontal bar per severity, affected and unsuppressed findings only.
    static func chart(_ report: ScanReport) -> String {
        let severities: [Severity] = [.critical, .high, .medium, .low, .unknown]
        let counts = severities.map { report.summary.bySeverity[$0.rawValue] ?? 0 }
        let largest = max(counts.max() ?? 0, 1)
        let colours: [Severity: String] = [
            .critical: "#7b1fa2", .high: "#c62828", .medium: "#f9a825", .low: "#9ccc65", .unknown: "#9e9e9e",
        ]
        var svg =
            "<svg role=\"img\" aria-label=\"Affected findings by severity\" width=\"520\" height=\"\(severities.count * 28 + 10)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (index, severity) in severities.enumerated() {
            let y = index * 28 + 5
            let width = counts[index] * 360 / largest
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\">\(severity.rawValue)</text>"
            svg += "<rect x=\"90\" y=\"\(y)\" width=\"\(width)\" height=\"20\" fill=\"\(colours[severity]!)\"/>"
            svg += "<text x=\"\(96 + width)\" y=\"\(y + 16)\" font-size=\"13\">\(counts[index])</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func link(_ finding: ScanReport.Finding) -> String {
        finding.vulnerability.hasPrefix("CVE-")
            ? "https://nvd.nist.gov/vuln/detail/\(finding.vulnerability)"
            : "https://osv.dev/vulnerability/\(finding.vulnerability)"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}

extension Severity {
    var rankValue: Int { rank }
}
