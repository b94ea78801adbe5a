import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import VigilCore
import VigilFeeds
import VigilMatch
import VigilMonitor
import VigilStore

extension VigilServerRoutes {
    static func addWebRoutes<Store: ServerStore>(
        to router: Router<ServerContext>, actions: ServerActions<Store>, web: WebRenderer
    ) {
        let store = actions.store
        router.get("/static/vigil.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: WebTemplates.css)))
        }
        router.get("/login") { request, _ in
            web.page(
                "login", title: "Sign in", identity: nil, ["next": localPath(request.uri.queryParameters.get("next"))])
        }
        router.get("/") { _, context in
            let identity = try context.require(.viewer)
            var rows: [[String: Any]] = []
            for product in try await store.products() {
                let releases = try await store.releases(of: product.name)
                var open: [String: Int] = [:]
                var kev = 0
                for release in releases where release.support.isMonitored {
                    for finding in try await store.trackedFindings(product: product.name, release: release.version)
                        ?? [] where finding.open
                    {
                        open[finding.severity, default: 0] += 1
                        if finding.kev { kev += 1 }
                    }
                }
                let risk =
                    kev > 0 || open["critical", default: 0] > 0
                    ? "critical"
                    : open["high", default: 0] > 0 ? "high" : open.values.reduce(0, +) > 0 ? "elevated" : "low"
                rows.append([
                    "name": product.name, "path": segment(product.name), "releases": releases.count,
                    "monitored": releases.count { $0.support.isMonitored }, "critical": open["critical", default: 0],
                    "high": open["high", default: 0], "medium": open["medium", default: 0],
                    "low": open["low", default: 0], "kev": kev, "risk": risk,
                ])
            }
            return web.page("dashboard", title: "Portfolio", identity: identity, ["products": rows])
        }
        router.post("/products") { request, context in
            let identity = try context.require(.analyst, write: true)
            let form = try await form(request, context)
            let product = try await actions.addProduct(
                name: form.fields["name"] ?? "", description: form.fields["description"], by: identity)
            return WebRenderer.redirect("/products/\(segment(product.name))")
        }
        router.get("/products/{product}") { _, context in
            let identity = try context.require(.viewer)
            let name = try parameter("product", context)
            guard let product = try await store.product(named: name) else { throw notFound("product \(name)") }
            let releases = try await store.releases(of: name)
            var rows: [[String: Any]] = []
            for release in releases {
                var open: [String: Int] = [:]
                var kev = 0
                for finding in try await store.trackedFindings(product: name, release: release.version) ?? []
                where finding.open {
                    open[finding.severity, default: 0] += 1
                    if finding.kev { kev += 1 }
                }
                rows.append(
                    present([
                        "version": release.version, "path": segment(release.version),
                        "support": release.support.rawValue, "endOfSupport": release.endOfSupport,
                        "devices": release.fieldedDevices.map(String.init), "critical": open["critical", default: 0],
                        "high": open["high", default: 0], "medium": open["medium", default: 0],
                        "low": open["low", default: 0], "kev": kev, "format": release.sbomFormat,
                    ]))
            }
            let history = try await actions.metrics(product: name).products.first?.history ?? []
            let versions = releases.enumerated().map { index, release in
                [
                    "version": release.version, "older": index == releases.count - 2,
                    "newest": index == releases.count - 1,
                ] as [String: Any]
            }
            return web.page(
                "product", title: product.name, identity: identity,
                present([
                    "description": product.description, "productPath": segment(name), "releases": rows,
                    "chart": TrendChart.svg(history), "versions": versions, "canDiff": releases.count >= 2,
                ]))
        }
        router.post("/products/{product}/releases") { request, context in
            let identity = try context.require(.analyst, write: true)
            let name = try parameter("product", context)
            let form = try await form(request, context)
            guard let sbom = form.files["sbom"], !sbom.bytes.isEmpty else {
                throw APIError(.badRequest, "bad-request", "choose the release's SBOM file")
            }
            let version = form.fields["version"] ?? ""
            _ = try await actions.addRelease(
                product: name, version: version, sbom: sbom.bytes, support: try support(form.fields["support"]),
                endOfSupport: form.fields["endOfSupport"], devices: form.fields["devices"].flatMap { Int($0) },
                by: identity)
            return WebRenderer.redirect("/products/\(segment(name))/releases/\(segment(version))")
        }
        router.get("/products/{product}/releases/{version}") { request, context in
            let identity = try context.require(.viewer)
            let name = try parameter("product", context)
            let version = try parameter("version", context)
            let release = try await actions.release(name, version)
            let query = request.uri.queryParameters
            func value(_ key: String) -> String? { query.get(key).flatMap { $0.isEmpty ? nil : $0 } }
            let order = try FindingOrder(value("sort"))
            let page = try FindingsPage(
                sorted: try await actions.findings.findings(
                    product: name, release: version, order: order, store: store) ?? [], query: value)
            let base = "/products/\(segment(name))/releases/\(segment(version))"
            func link(offset: Int) -> String {
                var items = ["state", "severity", "component", "kev", "sort"].compactMap { key in
                    value(key).map { "\(key)=\(segment($0))" }
                }
                items.append("offset=\(offset)")
                return base + "?" + items.joined(separator: "&")
            }
            func options(_ values: [String], _ chosen: String?) -> [[String: Any]] {
                values.map { ["value": $0, "selected": $0 == chosen] }
            }
            let findings = page.findings.map { finding in
                present([
                    "finding": finding.finding, "vulnerability": finding.vulnerability, "component": finding.component,
                    "componentVersion": finding.componentVersion, "severity": finding.severity,
                    "priority": finding.priority, "kev": finding.kev, "state": finding.open ? "open" : "closed",
                    "fixed": finding.fixedVersions.prefix(3).joined(separator: ", "),
                    "triagedAt": finding.triagedAt.map { String($0.prefix(10)) },
                ])
            }
            return web.page(
                "release", title: "\(name) \(version)", identity: identity,
                present([
                    "productPath": segment(name), "releasePath": segment(version), "path": segment(version),
                    "support": release.support.rawValue, "endOfSupport": release.endOfSupport, "total": page.total,
                    "findings": findings, "component": value("component"), "kev": value("kev") == "true",
                    "states": options(["open", "closed"], value("state")),
                    "severities": options(["critical", "high", "medium", "low", "none", "unknown"], value("severity")),
                    "sorts": options(["priority", "severity", "vulnerability"], value("sort") ?? "priority"),
                    "previous": page.offset > 0 ? link(offset: max(page.offset - page.limit, 0)) : nil,
                    "next": page.offset + page.limit < page.total ? link(offset: page.offset + page.limit) : nil,
                    "notice": value("notice") == "recorded"
                        ? "Decision recorded; the release was evaluated again." : nil,
                ]))
        }
        router.get("/products/{product}/releases/{version}/triage") { request, context in
            let identity = try context.require(.analyst, write: true)
            let name = try parameter("product", context)
            let version = try parameter("version", context)
            _ = try await actions.release(name, version)
            let id = request.uri.queryParameters.get("finding") ?? ""
            guard
                let finding = try await store.trackedFindings(product: name, release: version)?.first(where: {
                    $0.finding == id
                })
            else { throw notFound("finding \(id) in \(name) \(version)") }
            let decisions = try await store.triageHistory(vulnerability: finding.vulnerability).filter {
                $0.componentName == finding.component
            }
            return web.page(
                "triage", title: "\(finding.vulnerability) in \(name) \(version)", identity: identity,
                present([
                    "productPath": segment(name), "releasePath": segment(version), "finding": finding.finding,
                    "component": finding.component, "componentVersion": finding.componentVersion,
                    "severity": finding.severity, "priority": finding.priority, "kev": finding.kev,
                    "fixed": finding.fixedVersions.joined(separator: ", "), "hasDecisions": !decisions.isEmpty,
                    "decisions": decisions.reversed().map { decision in
                        present([
                            "recordedAt": String(decision.recordedAt.prefix(16)), "author": decision.author,
                            "state": decision.state.rawValue, "justification": decision.justification?.rawValue,
                            "note": decision.note,
                        ])
                    },
                ]))
        }
        router.post("/products/{product}/releases/{version}/triage") { request, context in
            let identity = try context.require(.analyst, write: true)
            let name = try parameter("product", context)
            let version = try parameter("version", context)
            let release = try await actions.release(name, version)
            let form = try await form(request, context)
            let id = form.fields["finding"] ?? ""
            guard
                let finding = try await store.trackedFindings(product: name, release: version)?.first(where: {
                    $0.finding == id
                })
            else { throw notFound("finding \(id) in \(name) \(version)") }
            guard let state = FindingState(rawValue: form.fields["state"] ?? "") else {
                throw APIError(.badRequest, "bad-request", "choose a state")
            }
            let justification = try form.fields["justification"].flatMap { text -> VEXJustification? in
                if text.isEmpty { return nil }
                guard let value = VEXJustification(rawValue: text) else {
                    throw APIError(.badRequest, "bad-request", "'\(text)' is not a justification")
                }
                return value
            }
            let response = try form.fields["response"].flatMap { text -> VEXResponse? in
                if text.isEmpty { return nil }
                guard let value = VEXResponse(rawValue: text) else {
                    throw APIError(.badRequest, "bad-request", "'\(text)' is not a response")
                }
                return value
            }
            _ = try await actions.recordTriage(
                vulnerability: finding.vulnerability, component: finding.component,
                version: form.fields["scope"] == "all" ? nil : finding.componentVersion, state: state,
                justification: justification, responses: response.map { [$0] } ?? [], note: form.fields["note"] ?? "",
                origin: "web", by: identity)
            // The release at once with the decision in force, as the monitor would see it.
            do {
                _ = try await actions.monitor(alerting: true).evaluate(release)
                await actions.warm(release)
            } catch {
                actions.logger.error("\(name) \(version) not evaluated again after triage: \(error)")
            }
            return WebRenderer.redirect(
                "/products/\(segment(name))/releases/\(segment(version))?notice=recorded")
        }
        router.get("/products/{product}/diff") { request, context in
            let identity = try context.require(.viewer)
            let name = try parameter("product", context)
            guard let from = request.uri.queryParameters.get("from"), let to = request.uri.queryParameters.get("to")
            else { throw APIError(.badRequest, "bad-request", "choose two releases to compare") }
            let diff = try await actions.diff(product: name, from: from, to: to)
            var components: [[String: Any]] = []
            for (change, list) in [
                ("added", diff.components.added), ("removed", diff.components.removed),
                ("changed", diff.components.changed),
            ] {
                components += list.map {
                    present([
                        "change": change, "name": $0.name, "fromVersion": $0.fromVersion, "toVersion": $0.toVersion,
                    ])
                }
            }
            var findings: [[String: Any]] = []
            for (change, list) in [
                ("added", diff.findings.added), ("removed", diff.findings.removed), ("changed", diff.findings.changed),
            ] {
                findings += list.map { finding in
                    func text(_ state: FindingState?, _ severity: Severity?) -> String? {
                        guard let state else { return nil }
                        return state.rawValue + (severity.map { ", \($0.rawValue)" } ?? "")
                    }
                    return present([
                        "change": change, "vulnerability": finding.vulnerability, "component": finding.component,
                        "fromText": text(finding.fromState, finding.fromSeverity),
                        "toText": text(finding.toState, finding.toSeverity),
                    ])
                }
            }
            return web.page(
                "diff", title: "\(name): \(from) → \(to)", identity: identity,
                ["from": from, "to": to, "components": components, "findings": findings])
        }
        router.get("/metrics") { _, context in
            let identity = try context.require(.viewer)
            let metrics = try await actions.metrics()
            func days(_ value: Double?) -> String { value.map { String(format: "%.1f d", $0) } ?? "–" }
            let rows = metrics.products.map { product -> [String: Any] in
                let open = ["critical", "high", "medium", "low"].map { String(product.openBySeverity[$0, default: 0]) }
                let shares = product.fixedWithinPolicy.sorted { $0.key < $1.key }.compactMap { severity, share in
                    share.share.map { "\(severity) \(Int(($0 * 100).rounded()))% of \(share.eligible)" }
                }
                return [
                    "product": product.product, "path": segment(product.product),
                    "open": open.joined(separator: " / "), "triageMedian": days(product.triage.medianDays),
                    "triageP90": days(product.triage.p90Days), "triageOverdue": product.triage.overdue,
                    "fixMedian": days(product.fix.medianDays), "fixP90": days(product.fix.p90Days),
                    "fixOverdue": product.fix.overdue,
                    "withinPolicy": shares.isEmpty ? "–" : shares.joined(separator: "; "),
                ]
            }
            return web.page(
                "metrics", title: "Lifecycle metrics", identity: identity,
                [
                    "products": rows, "triageWithin": metrics.policy.triageWithinDays,
                    "fixWithin": metrics.policy.fixWithinDays.sorted { $0.key < $1.key }.map {
                        "\($0.key) \($0.value) d"
                    }
                    .joined(separator: ", "),
                ])
        }
        router.get("/audit") { request, context in
            let identity = try context.require(.admin)
            let limit = min(max(request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 200, 1), 1_000)
            let entries = try await store.auditLog(limit: limit).map { entry in
                present([
                    "at": String(entry.at.prefix(19)), "actor": entry.actor, "action": entry.action,
                    "target": entry.target, "before": entry.before, "after": entry.after,
                ])
            }
            return web.page("audit", title: "Audit log", identity: identity, ["entries": entries])
        }
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ name: String, _ context: ServerContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// The submitted form (the body, at most the upload limit).
    static func form(_ request: Request, _ context: ServerContext) async throws -> HTMLForm {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try HTMLForm(contentType: request.headers[.contentType], body: Array(buffer: body))
        } catch {
            throw APIError(.badRequest, "bad-request", "the form cannot be read: \(error)")
        }
    }

    /// A path on this server to go back to after signing in: nothing else (no `//host`, no scheme).
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return text
    }
}
