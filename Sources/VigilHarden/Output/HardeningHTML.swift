import VigilCore

/// One self-contained HTML page (no script, no external files): the image and a summary by severity and by
/// requirement category, each check's findings with the rationale and the remedy, and every binary's hardening as
/// checksec lists it. Every value is HTML-escaped.
enum HardeningHTML {
    static func render(_ report: HardeningReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Vigil hardening audit: \(escape(report.target))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1b1b;max-width:80em}
            table{border-collapse:collapse;width:100%;margin-bottom:1em}
            th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}.sev{padding:1px 6px;border-radius:3px;font-weight:600}
            .critical{color:#fff;background:#7b1fa2}.high{color:#fff;background:#c62828}.medium{background:#f9a825}
            .low{background:#9ccc65}.info{background:#e0e0e0}.muted{color:#666}.no{color:#c62828;font-weight:600}
            code{font-size:12px}section{margin-bottom:1.5em}
            </style></head><body>
            <h1>Hardening audit: \(escape(report.target))</h1>
            <p class="muted">Generated \(escape(report.generatedAt)) by \(escape(report.tool)) (\(escape(report.schema))).</p>
            <h2>Summary</h2>
            <p>\(report.summary.files) files, \(report.summary.binaries) ELF binaries, \(report.summary.findings) findings.</p>
            <table><tr><th>Severity</th><th>Findings</th><th>Requirement</th><th>Findings</th></tr>

            """
        let severities = HardeningSeverity.allCases.reversed().map { $0 }
        let categories = RequirementCategory.allCases
        for row in 0..<max(severities.count, categories.count) {
            let severity = row < severities.count ? severities[row] : nil
            let category = row < categories.count ? categories[row] : nil
            html +=
                "<tr><td>" + (severity.map { badge($0) } ?? "") + "</td><td>"
                + (severity.map { String(report.summary.bySeverity[$0.rawValue] ?? 0) } ?? "") + "</td><td>"
                + (category.map { escape($0.rawValue) } ?? "") + "</td><td>"
                + (category.map { String(report.summary.byCategory[$0.rawValue] ?? 0) } ?? "") + "</td></tr>\n"
        }
        html += "</table>\n<h2>Findings</h2>\n"
        if report.findings.isEmpty { html += "<p>No weaknesses found.</p>\n" }
        let descriptors = Dictionary(report.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var order: [String] = []
        var byCheck: [String: [HardeningFinding]] = [:]
        for finding in report.findings {
            if byCheck[finding.check] == nil { order.append(finding.check) }
            byCheck[finding.check, default: []].append(finding)
        }
        for check in order {
            let findings = byCheck[check] ?? []
            let descriptor = descriptors[check]
            html += """
                <section id="\(escape(check))"><h3>\(badge(findings[0].severity)) \(escape(descriptor?.title ?? findings[0].title)) \
                <span class="muted"><code>\(escape(check))</code> · \(escape(findings[0].cwe)) · \
                \(escape(findings[0].category.rawValue)) · \(findings.count)</span></h3>
                <p>\(escape(descriptor?.rationale ?? ""))</p><p><strong>Remedy:</strong> \(escape(findings[0].remediation))</p>
                <table><tr><th>Finding</th><th>Where</th><th>Evidence</th></tr>

                """
            for finding in findings {
                let place =
                    finding.evidence.path + (finding.evidence.line.map { ":\($0)" } ?? "")
                    + (finding.evidence.offset.map { " @\($0)" } ?? "")
                html +=
                    "<tr><td><code>\(escape(finding.id))</code></td><td><code>\(escape(place))</code></td>"
                    + "<td>\(escape(finding.evidence.detail))</td></tr>\n"
            }
            html += "</table></section>\n"
        }
        html += """
            <h2>Binaries</h2>
            <table><tr><th>File</th><th>RELRO</th><th>Canary</th><th>NX</th><th>PIE</th><th>RPATH</th><th>RUNPATH</th>
            <th>Symbols</th><th>FORTIFY</th><th>Fortified</th><th>Fortifiable</th></tr>

            """
        for binary in report.binaries {
            let hardening = binary.hardening
            func flag(_ good: Bool, _ text: String) -> String {
                good ? escape(text) : "<span class=\"no\">\(escape(text))</span>"
            }
            html +=
                "<tr><td><code>\(escape(binary.path))</code></td>"
                + "<td>\(flag(hardening.relro == .full, hardening.relro.rawValue))</td>"
                + "<td>\(flag(hardening.canary, hardening.canary ? "yes" : "no"))</td>"
                + "<td>\(flag(hardening.nx, hardening.nx ? "yes" : "no"))</td>"
                + "<td>\(flag(hardening.pie != .no, hardening.pie.rawValue))</td>"
                + "<td>\(escape(hardening.rpath ?? "—"))</td><td>\(escape(hardening.runpath ?? "—"))</td>"
                + "<td>\(hardening.symbols ? "yes" : "no")</td><td>\(hardening.fortifySource ? "yes" : "no")</td>"
                + "<td>\(hardening.fortified)</td><td>\(hardening.fortifiable)</td></tr>\n"
        }
        html += "</table>\n"
        if !report.problems.isEmpty {
            html += "<h2>Not read</h2><ul>\n"
            for problem in report.problems { html += "<li>\(escape(problem))</li>\n" }
            html += "</ul>\n"
        }
        return html + "</body></html>\n"
    }

    static func badge(_ severity: HardeningSeverity) -> String {
        "<span class=\"sev \(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
