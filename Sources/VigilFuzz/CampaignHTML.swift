import Foundation
import VigilCore

/// The campaign report as one HTML page to file as test evidence: the interface, the model, the seed, how long and
/// how many cases, the findings with their reproduction commands, and per-field coverage. No script; every value
/// escaped.
public enum CampaignHTML {
    public static func render(_ report: CampaignReport) -> String {
        let escape = HTMLText.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Fuzzing campaign: \(escape(report.model))</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}
            th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}
            .crash{color:#c62828;font-weight:600}.hang{color:#e65100;font-weight:600}code{font-size:12px}</style>
            </head><body>
            <h1>Fuzzing campaign: \(escape(report.model))</h1>
            <table>
            <tr><th>Interface</th><td><code>\(escape(report.target))</code></td></tr>
            <tr><th>Model</th><td>\(escape(report.model))</td></tr>
            <tr><th>Seed</th><td>\(report.seed)</td></tr>
            <tr><th>Cases</th><td>\(report.cases) in \(String(format: "%.1f", report.seconds)) s \
            (\(String(format: "%.0f", report.casesPerSecond)) cases/s)</td></tr>
            <tr><th>Findings</th><td>\(report.findings.count) (\(report.signatures.count) distinct)</td></tr>

            """
        if let stopped = report.stoppedBecause { html += "<tr><th>Stopped</th><td>\(escape(stopped))</td></tr>\n" }
        html += "</table>\n<h2>Findings</h2>\n"
        if report.findings.isEmpty { html += "<p>No crash or hang.</p>\n" }
        html +=
            "<table><tr><th>Case</th><th>Kind</th><th>What happened</th><th>How it was made</th><th>Reproduce</th></tr>\n"
        for finding in report.findings {
            html +=
                "<tr><td>\(finding.index)</td><td class=\"\(escape(finding.kind))\">\(escape(finding.kind))</td>"
                + "<td>\(escape(finding.reason))</td><td>\(escape(finding.steps.joined(separator: "; ")))</td>"
                + "<td><code>\(escape(finding.reproduce))</code></td></tr>\n"
        }
        html += "</table>\n<h2>Coverage of the model's fields</h2>\n<table><tr><th>Field</th><th>Cases</th></tr>\n"
        for (field, count) in report.fieldCoverage.sorted(by: { $0.key < $1.key }) {
            html += "<tr><td><code>\(escape(field))</code></td><td>\(count)</td></tr>\n"
        }
        return html + "</table>\n</body></html>\n"
    }
}
