public import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
public import VigilCore
import VigilFeeds
import VigilMatch
public import VigilMonitor
import VigilSBOM
public import VigilStore
import VigilVEX

/// The REST API under `/api/v1` (described by ``OpenAPIDocument`` at `/api/v1/openapi.json`). Every route but
/// `/health` needs a token; reads need the viewer role, changes the analyst role and a write token, the audit log
/// the admin role. Every change is written with its audit entry.
public enum VigilServerRoutes {
    public static func router(
        store: SQLiteVulnerabilityStore, configuration: MonitorConfiguration = .defaults, logger: Logger,
        tool: String = "vigil", limiter: LoginLimiter = LoginLimiter(), now: @escaping @Sendable () -> Date = { Date() }
    ) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: TokenAuthMiddleware(store: store, now: now))
        router.get("/health") { _, _ in try json(["status": "ok"]) }
        addSessionRoutes(to: router, store: store, limiter: limiter, now: now)
        let api = router.group("/api/v1")
        api.get("/openapi.json") { _, context in
            _ = try context.require(.viewer)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("/products") { _, context in
            _ = try context.require(.viewer)
            return try json(["products": try await store.products()])
        }
        api.post("/products") { request, context in
            let identity = try context.require(.analyst, write: true)
            struct Body: Decodable {
                var name: String
                var description: String?
            }
            let body = try await decode(Body.self, request, context)
            let product = Product(name: body.name, description: body.description, createdAt: Timestamp.string(now()))
            do {
                try await store.add(
                    product,
                    audit: AuditEntry(
                        at: product.createdAt, actor: identity.user, action: "product.add", target: product.name,
                        after: try encoded(product)))
            } catch let error as PortfolioError {
                throw APIError(.conflict, "conflict", error.message)
            }
            return try json(product, status: .created)
        }
        api.get("/products/{product}/releases") { _, context in
            _ = try context.require(.viewer)
            let name = try context.parameters.require("product")
            guard try await store.product(named: name) != nil else { throw notFound("product \(name)") }
            return try json(["releases": try await store.releases(of: name).map(ReleaseSummary.init)])
        }
        api.post("/products/{product}/releases") { request, context in
            let identity = try context.require(.analyst, write: true)
            let name = try context.parameters.require("product")
            guard let version = request.uri.queryParameters.get("version"), !version.isEmpty else {
                throw APIError(.badRequest, "bad-request", "give the release's version: ?version=2.4.1")
            }
            let support = try request.uri.queryParameters.get("support").map { text in
                guard let status = SupportStatus(rawValue: text) else {
                    throw APIError(.badRequest, "bad-request", "support is supported, security-only or unsupported")
                }
                return status
            }
            let bytes = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
            guard let decoder = SBOMDecoderRegistry.builtIn.decoder(for: bytes.prefix(65_536)) else {
                throw APIError(.unsupportedMediaType, "not-an-sbom", "the body is not an SBOM in a format Vigil reads")
            }
            do {
                _ = try SBOMDecoderRegistry.builtIn.decode(bytes, source: "upload", limits: SBOMDecodingLimits())
            } catch {
                throw APIError(.unprocessableContent, "invalid-sbom", "\(error)")
            }
            let release = Release(
                product: name, version: version, sbom: bytes, sbomFormat: decoder.formatID.rawValue,
                support: support ?? .supported, endOfSupport: request.uri.queryParameters.get("endOfSupport"),
                fieldedDevices: request.uri.queryParameters.get("devices").flatMap { Int($0) },
                createdAt: Timestamp.string(now()))
            do {
                try await store.add(
                    release,
                    audit: AuditEntry(
                        at: release.createdAt, actor: identity.user, action: "release.add",
                        target: "\(name) \(version)", after: try encoded(ReleaseSummary(release))))
            } catch let error as PortfolioError {
                throw APIError(
                    error.message.contains("no product") ? .notFound : .conflict,
                    error.message.contains("no product") ? "not-found" : "conflict", error.message)
            }
            // Its findings now: the release's baseline evaluation.
            let monitor = Monitor(
                configuration: configuration, store: store,
                channels: Monitor<SQLiteVulnerabilityStore>.channels(for: configuration, logger: logger),
                logger: logger, now: now)
            // The release is stored whatever happens next; a failed evaluation is done again by the monitor.
            do {
                _ = try await monitor.evaluate(release)
            } catch {
                logger.error("\(name) \(version) stored but not evaluated yet: \(error)")
            }
            return try json(ReleaseSummary(release), status: .created)
        }
        api.get("/products/{product}/releases/{version}/findings") { request, context in
            _ = try context.require(.viewer)
            let name = try context.parameters.require("product")
            let version = try context.parameters.require("version")
            guard try await store.release(of: name, version: version) != nil else {
                throw notFound("release \(name) \(version)")
            }
            let tracked = try await store.trackedFindings(product: name, release: version) ?? []
            return try json(try FindingsPage(tracked, query: request.uri.queryParameters))
        }
        api.get("/products/{product}/releases/{version}/vex") { request, context in
            let identity = try context.require(.viewer)
            let name = try context.parameters.require("product")
            let version = try context.parameters.require("version")
            let format = request.uri.queryParameters.get("format") ?? "openvex"
            guard let writer = VEXWriters.writer(format) else {
                throw APIError(.badRequest, "bad-request", "format is openvex, cyclonedx or csaf")
            }
            guard let release = try await store.release(of: name, version: version) else {
                throw notFound("release \(name) \(version)")
            }
            // The release scanned now with the decisions in force: what the team states about it today.
            let time = Timestamp.string(now())
            let monitor = Monitor(configuration: configuration, store: store, channels: [], logger: logger, now: now)
            let report = try await monitor.report(
                release, decisions: try await store.currentTriageDecisions(), at: time)
            let author = request.uri.queryParameters.get("author") ?? identity.user
            let bytes = try writer.write(
                VEXDocument(report: report, format: format, author: author),
                identity: VEXIdentity(
                    author: author,
                    namespace: request.uri.queryParameters.get("namespace") ?? "https://vigil.invalid",
                    timestamp: time, tool: tool))
            let file = "\(name)-\(version).\(format).json".map {
                $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_"
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: format == "cyclonedx" ? "application/vnd.cyclonedx+json" : "application/json",
                    .contentDisposition: "attachment; filename=\"\(String(file))\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        api.get("/triage") { request, context in
            _ = try context.require(.viewer)
            let decisions = try await store.currentTriageDecisions().filter { decision in
                request.uri.queryParameters.get("vulnerability").map { $0 == decision.vulnerability } ?? true
            }
            return try json(["decisions": decisions])
        }
        api.post("/triage") { request, context in
            let identity = try context.require(.analyst, write: true)
            let body = try await decode(TriageBody.self, request, context)
            var decision = TriageDecision(
                vulnerability: body.vulnerability, componentName: body.component, componentVersion: body.version,
                state: body.state, justification: body.justification, responses: body.responses ?? [],
                note: body.note, author: identity.user, recordedAt: Timestamp.string(now()), origin: "api")
            let problems = decision.problems()
            guard problems.isEmpty else {
                throw APIError(.unprocessableContent, "invalid-decision", problems.joined(separator: "; "))
            }
            let records = try await store.records(id: decision.vulnerability)
            if !records.isEmpty { decision.evidence = TriageEvidence.fingerprint(of: records) }
            decision.id = TriageDecision.id(of: decision)
            try await store.record(
                decision,
                audit: AuditEntry(
                    at: decision.recordedAt, actor: identity.user, action: "triage.set",
                    target: "\(decision.vulnerability) \(decision.componentName)", after: try encoded(decision)))
            return try json(decision, status: .created)
        }
        api.get("/alerts") { request, context in
            _ = try context.require(.viewer)
            let status = request.uri.queryParameters.get("status").flatMap(AlertDelivery.Status.init(rawValue:))
            let limit = min(request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100, 1_000)
            struct Row: Encodable {
                var alert: Alert
                var deliveries: [AlertDelivery]
            }
            let rows = try await store.alerts(limit: max(1, limit), status: status).map {
                Row(alert: $0.0, deliveries: $0.1)
            }
            return try json(["alerts": rows])
        }
        api.get("/metrics") { _, context in
            _ = try context.require(.viewer)
            var inputs:
                [(name: String, releases: [Release], tracked: [String: [TrackedFinding]], history: [EvaluationRecord])] =
                    []
            for product in try await store.products() {
                let releases = try await store.releases(of: product.name)
                var tracked: [String: [TrackedFinding]] = [:]
                for release in releases {
                    tracked[release.version] = try await store.trackedFindings(
                        product: product.name, release: release.version)
                }
                inputs.append(
                    (product.name, releases, tracked, try await store.evaluationHistory(product: product.name)))
            }
            let time = Timestamp.string(now())
            return try json(
                LifecycleMetrics.compute(
                    products: inputs, triageWithin: configuration.triageWithin, fixWithin: configuration.fixWithin,
                    today: String(time.prefix(10)), generatedAt: time))
        }
        addAccountRoutes(to: api, store: store, now: now)
        api.get("/audit") { request, context in
            _ = try context.require(.admin)
            let limit = min(request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100, 1_000)
            return try json(["entries": try await store.auditLog(limit: max(1, limit))])
        }
        return router
    }

    struct TriageBody: Decodable {
        var vulnerability: String
        var component: String
        var version: String?
        var state: FindingState
        var justification: VEXJustification?
        var responses: [VEXResponse]?
        var note: String
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not-found", "no \(what)") }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ServerContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        do {
            return try JSONDecoder().decode(T.self, from: Data(Array(buffer: buffer)))
        } catch {
            throw APIError(.badRequest, "bad-request", "the body is not the JSON this route takes: \(error)")
        }
    }

    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: try encoded(value))))
    }
}

/// A release without its SBOM's bytes.
struct ReleaseSummary: Codable, Sendable {
    var product: String
    var version: String
    var support: SupportStatus
    var endOfSupport: String?
    var fieldedDevices: Int?
    var sbomFormat: String
    var sbomSHA256: String
    var createdAt: String

    init(_ release: Release) {
        product = release.product
        version = release.version
        support = release.support
        endOfSupport = release.endOfSupport
        fieldedDevices = release.fieldedDevices
        sbomFormat = release.sbomFormat
        sbomSHA256 = release.sbomSHA256
        createdAt = release.createdAt
    }
}

/// A page of a release's findings: filtered (`state=open|closed`, `severity=`, `component=`, `kev=true`), sorted
/// (`sort=priority` — the default —, `severity`, `vulnerability`), paged (`limit` up to 1,000, `offset`).
struct FindingsPage: Encodable {
    var total: Int
    var offset: Int
    var limit: Int
    var findings: [TrackedFinding]

    init(_ all: [TrackedFinding], query: Parameters) throws {
        var list = all
        if let state = query.get("state") {
            guard ["open", "closed"].contains(state) else {
                throw APIError(.badRequest, "bad-request", "state is open or closed")
            }
            list = list.filter { $0.open == (state == "open") }
        }
        if let severity = query.get("severity") { list = list.filter { $0.severity == severity } }
        if let component = query.get("component") { list = list.filter { $0.component == component } }
        if query.get("kev") == "true" { list = list.filter(\.kev) }
        let rank = ["critical": 5, "high": 4, "medium": 3, "low": 2, "none": 1, "unknown": 0]
        func score(_ finding: TrackedFinding) -> Double {
            Double(finding.priority?.split(separator: " ").last ?? "") ?? 0
        }
        switch query.get("sort") ?? "priority" {
        case "priority":
            list.sort {
                (score($0), rank[$0.severity] ?? 0, $1.vulnerability) > (
                    score($1), rank[$1.severity] ?? 0, $0.vulnerability
                )
            }
        case "severity":
            list.sort { (rank[$0.severity] ?? 0, $1.vulnerability) > (rank[$1.severity] ?? 0, $0.vulnerability) }
        case "vulnerability":
            list.sort { ($0.vulnerability, $0.component) < ($1.vulnerability, $1.component) }
        default:
            throw APIError(.badRequest, "bad-request", "sort is priority, severity or vulnerability")
        }
        let limit = min(max(query.get("limit").flatMap { Int($0) } ?? 100, 1), 1_000)
        let offset = max(query.get("offset").flatMap { Int($0) } ?? 0, 0)
        total = list.count
        self.offset = offset
        self.limit = limit
        findings = Array(list.dropFirst(offset).prefix(limit))
    }
}
