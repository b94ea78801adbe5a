/// The web UI's Mustache templates and style sheet. Every value is HTML-escaped (`{{…}}`); the only unescaped one is
/// the trend chart's SVG, which ``TrendChart`` builds from numbers and escaped text. No page needs JavaScript.
enum WebTemplates {
    static let all: [String: String] = [
        "head": head, "foot": foot, "login": login, "dashboard": dashboard, "product": product, "release": release,
        "triage": triage, "diff": diff, "metrics": metrics, "audit": audit, "error": error,
    ]

    static let head = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Vigil</title><link rel="stylesheet" href="/static/vigil.css"></head>
        <body>
        <header><a class="brand" href="/">Vigil</a>
        {{#signedIn}}<nav><a href="/">Portfolio</a> <a href="/metrics">Metrics</a>{{#isAdmin}} <a href="/audit">Audit log</a>{{/isAdmin}}
        <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Sign out {{user}} ({{role}})</button></form></nav>{{/signedIn}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        """

    static let foot = """
        </main>
        <footer>{{tool}}</footer>
        </body>
        </html>
        """

    static let login = """
        {{> head}}
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        <form method="post" action="/login" class="stacked">
        <input type="hidden" name="next" value="{{next}}">
        <label>Name <input name="name" autocomplete="username" required autofocus value="{{name}}"></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        {{> foot}}
        """

    static let dashboard = """
        {{> head}}
        <table>
        <thead><tr><th>Product</th><th>Releases</th><th>Monitored</th><th>Critical</th><th>High</th><th>Medium</th>
        <th>Low</th><th>KEV</th><th>Risk</th></tr></thead>
        <tbody>
        {{#products}}<tr><td><a href="/products/{{path}}">{{name}}</a></td><td>{{releases}}</td><td>{{monitored}}</td>
        <td class="sev-critical">{{critical}}</td><td class="sev-high">{{high}}</td><td>{{medium}}</td><td>{{low}}</td>
        <td>{{kev}}</td><td class="risk-{{risk}}">{{risk}}</td></tr>{{/products}}
        {{^products}}<tr><td colspan="9">No products yet.</td></tr>{{/products}}
        </tbody></table>
        <p class="hint">Risk: <em>critical</em> with an open KEV-listed or critical finding in a monitored release,
        <em>high</em> with an open high one, <em>elevated</em> with any open finding, else <em>low</em>.</p>
        {{#canWrite}}
        <h2>Add a product</h2>
        <form method="post" action="/products" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Name <input name="name" required pattern="[A-Za-z0-9._@-]+"></label>
        <label>Description <input name="description"></label>
        <button type="submit">Add product</button>
        </form>
        {{/canWrite}}
        {{> foot}}
        """

    static let product = """
        {{> head}}
        {{#description}}<p>{{description}}</p>{{/description}}
        <table>
        <thead><tr><th>Release</th><th>Support</th><th>End of support</th><th>Devices</th><th>Critical</th><th>High</th>
        <th>Medium</th><th>Low</th><th>KEV</th><th>SBOM</th></tr></thead>
        <tbody>
        {{#releases}}<tr><td><a href="/products/{{productPath}}/releases/{{path}}">{{version}}</a></td><td>{{support}}</td>
        <td>{{endOfSupport}}</td><td>{{devices}}</td><td class="sev-critical">{{critical}}</td><td class="sev-high">{{high}}</td>
        <td>{{medium}}</td><td>{{low}}</td><td>{{kev}}</td><td>{{format}}</td></tr>{{/releases}}
        {{^releases}}<tr><td colspan="10">No releases yet.</td></tr>{{/releases}}
        </tbody></table>
        <h2>Open findings over time</h2>
        {{{chart}}}
        {{#canDiff}}
        <h2>Compare releases</h2>
        <form method="get" action="/products/{{productPath}}/diff" class="row">
        <label>From <select name="from">{{#versions}}<option{{#older}} selected{{/older}}>{{version}}</option>{{/versions}}</select></label>
        <label>To <select name="to">{{#versions}}<option{{#newest}} selected{{/newest}}>{{version}}</option>{{/versions}}</select></label>
        <button type="submit">Compare</button>
        </form>
        {{/canDiff}}
        {{#canWrite}}
        <h2>Upload a release</h2>
        <form method="post" action="/products/{{productPath}}/releases" enctype="multipart/form-data" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Version <input name="version" required></label>
        <label>Support <select name="support"><option>supported</option><option>security-only</option>
        <option>unsupported</option></select></label>
        <label>End of support <input name="endOfSupport" type="date"></label>
        <label>Fielded devices <input name="devices" type="number" min="0"></label>
        <label>SBOM (CycloneDX, SPDX; at most 64 MiB) <input name="sbom" type="file" required></label>
        <button type="submit">Upload and evaluate</button>
        </form>
        {{/canWrite}}
        {{> foot}}
        """

    static let release = """
        {{> head}}
        <p>{{support}}{{#endOfSupport}}, supported until {{endOfSupport}}{{/endOfSupport}} · {{total}} findings match ·
        VEX: <a href="/api/v1/products/{{productPath}}/releases/{{path}}/vex?format=openvex">OpenVEX</a>
        <a href="/api/v1/products/{{productPath}}/releases/{{path}}/vex?format=cyclonedx">CycloneDX</a>
        <a href="/api/v1/products/{{productPath}}/releases/{{path}}/vex?format=csaf">CSAF</a></p>
        <form method="get" class="row" aria-label="Filters">
        <label>State <select name="state"><option value="">any</option>{{#states}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/states}}</select></label>
        <label>Severity <select name="severity"><option value="">any</option>{{#severities}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/severities}}</select></label>
        <label>Component <input name="component" value="{{component}}"></label>
        <label><input type="checkbox" name="kev" value="true"{{#kev}} checked{{/kev}}> KEV only</label>
        <label>Sort <select name="sort">{{#sorts}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/sorts}}</select></label>
        <button type="submit">Filter</button>
        </form>
        <table>
        <thead><tr><th>Vulnerability</th><th>Component</th><th>Severity</th><th>Priority</th><th>KEV</th><th>State</th>
        <th>Fixed in</th><th>Triaged</th><th></th></tr></thead>
        <tbody>
        {{#findings}}<tr><td>{{vulnerability}}</td><td>{{component}} {{componentVersion}}</td>
        <td class="sev-{{severity}}">{{severity}}</td><td>{{priority}}</td><td>{{#kev}}yes{{/kev}}</td><td>{{state}}</td>
        <td>{{fixed}}</td><td>{{triagedAt}}</td>
        <td>{{#canWrite}}<a href="/products/{{productPath}}/releases/{{releasePath}}/triage?finding={{finding}}">Triage</a>{{/canWrite}}</td></tr>{{/findings}}
        {{^findings}}<tr><td colspan="9">No findings match.</td></tr>{{/findings}}
        </tbody></table>
        <p>{{#previous}}<a href="{{previous}}">Previous</a> {{/previous}}{{#next}}<a href="{{next}}">Next</a>{{/next}}</p>
        {{> foot}}
        """

    static let triage = """
        {{> head}}
        <dl><dt>Component</dt><dd>{{component}} {{componentVersion}}</dd><dt>Severity</dt><dd>{{severity}}</dd>
        <dt>Priority</dt><dd>{{priority}}</dd><dt>Known exploited</dt><dd>{{#kev}}yes (CISA KEV){{/kev}}{{^kev}}no{{/kev}}</dd>
        <dt>Fixed in</dt><dd>{{fixed}}</dd></dl>
        {{#hasDecisions}}<h2>Decisions so far</h2>{{/hasDecisions}}
        <ul>{{#decisions}}<li>{{recordedAt}} {{author}}: {{state}}{{#justification}} ({{justification}}){{/justification}} — {{note}}</li>{{/decisions}}</ul>
        <h2>Decide</h2>
        <form method="post" action="/products/{{productPath}}/releases/{{releasePath}}/triage" class="stacked">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="finding" value="{{finding}}">
        <label>For <select name="scope"><option value="version">{{component}} {{componentVersion}} only</option>
        <option value="all">every version of {{component}}</option></select></label>
        <label>State <select name="state"><option>not_affected</option><option>affected</option><option>fixed</option>
        <option>under_investigation</option></select></label>
        <label>Justification (for not_affected) <select name="justification"><option value="">none</option>
        <option>component_not_present</option><option>vulnerable_code_not_present</option>
        <option>vulnerable_code_not_in_execute_path</option><option>vulnerable_code_cannot_be_controlled_by_adversary</option>
        <option>inline_mitigations_already_exist</option></select></label>
        <label>Response (for affected) <select name="response"><option value="">none</option><option>can_not_fix</option>
        <option>will_not_fix</option><option>update</option><option>rollback</option><option>workaround_available</option></select></label>
        <label>Note (required: the reason, or what to do) <textarea name="note" rows="4" required></textarea></label>
        <button type="submit">Record decision</button>
        </form>
        {{> foot}}
        """

    static let diff = """
        {{> head}}
        <h2>Components</h2>
        <table><thead><tr><th>Change</th><th>Component</th><th>{{from}}</th><th>{{to}}</th></tr></thead><tbody>
        {{#components}}<tr><td>{{change}}</td><td>{{name}}</td><td>{{fromVersion}}</td><td>{{toVersion}}</td></tr>{{/components}}
        {{^components}}<tr><td colspan="4">No changes.</td></tr>{{/components}}
        </tbody></table>
        <h2>Findings</h2>
        <table><thead><tr><th>Change</th><th>Vulnerability</th><th>Component</th><th>{{from}}</th><th>{{to}}</th></tr></thead><tbody>
        {{#findings}}<tr><td>{{change}}</td><td>{{vulnerability}}</td><td>{{component}}</td><td>{{fromText}}</td><td>{{toText}}</td></tr>{{/findings}}
        {{^findings}}<tr><td colspan="5">No changes.</td></tr>{{/findings}}
        </tbody></table>
        {{> foot}}
        """

    static let metrics = """
        {{> head}}
        <p>Policy: triage within {{triageWithin}} days; fixes within {{fixWithin}}.</p>
        <table><thead><tr><th>Product</th><th>Open (critical/high/medium/low)</th><th>Triage median</th><th>Triage p90</th>
        <th>Triage overdue</th><th>Fix median</th><th>Fix p90</th><th>Fix overdue</th><th>Fixed within policy</th></tr></thead><tbody>
        {{#products}}<tr><td><a href="/products/{{path}}">{{product}}</a></td><td>{{open}}</td><td>{{triageMedian}}</td>
        <td>{{triageP90}}</td><td>{{triageOverdue}}</td><td>{{fixMedian}}</td><td>{{fixP90}}</td><td>{{fixOverdue}}</td>
        <td>{{withinPolicy}}</td></tr>{{/products}}
        {{^products}}<tr><td colspan="9">No products yet.</td></tr>{{/products}}
        </tbody></table>
        <p class="hint">Days from a vulnerability's publication to its triage and to a release that fixes it, over the
        findings of every release; the same figures as <code>vigil metrics</code> and <code>GET /api/v1/metrics</code>.</p>
        {{> foot}}
        """

    static let audit = """
        {{> head}}
        <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Before</th><th>After</th></tr></thead><tbody>
        {{#entries}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{target}}</td><td><code>{{before}}</code></td>
        <td><code>{{after}}</code></td></tr>{{/entries}}
        </tbody></table>
        {{> foot}}
        """

    static let error = """
        {{> head}}
        <p class="problem" role="alert">{{message}}</p>
        <p><a href="/">Back to the portfolio</a></p>
        {{> foot}}
        """

    static let css = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #fafbfc; }
        header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.5em; background: #16324f; color: #fff; }
        header a { color: #fff; text-decoration: none; margin-right: 1em; }
        .brand { font-weight: 700; font-size: 1.15em; }
        nav { display: flex; align-items: center; flex: 1; }
        nav form { margin-left: auto; }
        main { padding: 1em 1.5em 3em; max-width: 80em; }
        footer { padding: 1em 1.5em; color: #57606a; font-size: .85em; }
        table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; background: #fff; }
        th, td { border-bottom: 1px solid #d0d7de; padding: .35em .6em; text-align: left; vertical-align: top; }
        th { background: #f0f3f6; }
        .sev-critical { color: #a40e26; font-weight: 700; }
        .sev-high { color: #bc4c00; font-weight: 600; }
        .risk-critical { background: #ffd8d3; } .risk-high { background: #ffe7c2; } .risk-elevated { background: #fff8c5; }
        form.stacked { display: grid; gap: .6em; max-width: 36em; }
        form.stacked label { display: grid; gap: .2em; }
        form.row { display: flex; flex-wrap: wrap; gap: .8em; align-items: end; }
        form.inline { display: inline; }
        input, select, textarea, button { font: inherit; padding: .3em .45em; }
        button { cursor: pointer; }
        .problem { background: #ffebe9; border: 1px solid #ff8182; padding: .5em .8em; }
        .notice { background: #dafbe1; border: 1px solid #4ac26b; padding: .5em .8em; }
        .hint { color: #57606a; font-size: .9em; }
        code { font-size: .85em; word-break: break-all; }
        svg text { font: 11px system-ui, sans-serif; fill: #57606a; }
        """
}
