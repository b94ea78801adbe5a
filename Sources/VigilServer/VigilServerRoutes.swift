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
    public static func router<Store: ServerStore>(
        store: Store, configuration: MonitorConfiguration = .defaults, logger: Logger,
        tool: String = "vigil", limiter: LoginLimiter = LoginLimiter(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        let actions = ServerActions(
            store: store, configuration: configuration, logger: logger, tool: tool, now: now)
        let web = try WebRenderer(tool: tool)
        router.add(middleware: ErrorMiddleware(web: web))
        router.add(middleware: TokenAuthMiddleware(store: store, now: now))
        router.get("/health") { _, _ in try json(["status": "ok"]) }
        addSessionRoutes(to: router, store: store, limiter: limiter, web: web, now: now)
        addWebRoutes(to: router, actions: actions, web: web)
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
            let body = try await decode(NewProduct.self, request, context)
            return try json(
                try await actions.addProduct(name: body.name, description: body.description, by: identity),
                status: .created)
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
            let query = request.uri.queryParameters
            guard let version = query.get("version"), !version.isEmpty else {
                throw APIError(.badRequest, "bad-request", "give the release's version: ?version=2.4.1")
            }
            let release = try await actions.addRelease(
                product: name, version: version,
                sbom: Array(buffer: try await request.body.collect(upTo: context.maxUploadSize)),
                support: try support(query.get("support")), endOfSupport: query.get("endOfSupport"),
                devices: query.get("devices").flatMap { Int($0) }, by: identity)
            return try json(ReleaseSummary(release), status: .created)
        }
        api.get("/products/{product}/releases/{version}/findings") { request, context in
            _ = try context.require(.viewer)
            let name = try context.parameters.require("product")
            let version = try context.parameters.require("version")
            let query = request.uri.queryParameters
            let order = try FindingOrder(query.get("sort"))
            let cache = actions.findings
            // An evaluated release exists; only an unevaluated one needs looking up (it has no findings yet).
            let generation = try await cache.generation(product: name, release: version, store: store)
            if generation == 0 {
                guard try await store.release(of: name, version: version) != nil else {
                    throw notFound("release \(name) \(version)")
                }
                return try json(try FindingsPage(sorted: []) { query.get($0) })
            }
            // The same question about the same evaluation gets the same bytes.
            let key = query.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")
            if let bytes = await cache.page(product: name, release: version, generation: generation, query: key) {
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
            let sorted = try await cache.findings(product: name, release: version, order: order, store: store) ?? []
            let bytes = Array(try encoded(try FindingsPage(sorted: sorted) { query.get($0) }).utf8)
            await cache.keep(bytes, product: name, release: version, generation: generation, query: key)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        api.get("/products/{product}/releases/{version}/vex") { request, context in
            let identity = try context.require(.viewer)
            let name = try context.parameters.require("product")
            let version = try context.parameters.require("version")
            let format = request.uri.queryParameters.get("format") ?? "openvex"
            let release = try await actions.release(name, version)
            let bytes = try await actions.vex(
                release, format: format, author: request.uri.queryParameters.get("author") ?? identity.user,
                namespace: request.uri.queryParameters.get("namespace"))
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
            let decision = try await actions.recordTriage(
                vulnerability: body.vulnerability, component: body.component, version: body.version,
                state: body.state, justification: body.justification, responses: body.responses ?? [],
                note: body.note, origin: "api", by: identity)
            return try json(decision, status: .created)
        }
        api.get("/alerts") { request, context in
            _ = try context.require(.viewer)
            let status = request.uri.queryParameters.get("status").flatMap(AlertDelivery.Status.init(rawValue:))
            let limit = min(request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100, 1_000)
            let rows = try await store.alerts(limit: max(1, limit), status: status).map {
                AlertRow(alert: $0.0, deliveries: $0.1)
            }
            return try json(["alerts": rows])
        }
        api.get("/metrics") { _, context in
            _ = try context.require(.viewer)
            return try json(try await actions.metrics())
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

    static func support(_ text: String?) throws -> SupportStatus? {
        guard let text, !text.isEmpty else { return nil }
        guard let status = SupportStatus(rawValue: text) else {
            throw APIError(.badRequest, "bad-request", "support is supported, security-only or unsupported")
        }
        return status
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
/// How a findings listing is sorted.
enum FindingOrder: String, Sendable {
    /// Highest priority score first, then severity, then id.
    case priority
    /// Highest severity first, then id.
    case severity
    /// By id, then component.
    case vulnerability

    init(_ text: String?) throws {
        guard let order = FindingOrder(rawValue: text ?? "priority") else {
            throw APIError(.badRequest, "bad-request", "sort is priority, severity or vulnerability")
        }
        self = order
    }

    static let rank = ["critical": 5, "high": 4, "medium": 3, "low": 2, "none": 1, "unknown": 0]

    /// `list` in this order; each finding's keys computed once, not once per comparison.
    func sorted(_ list: [TrackedFinding]) -> [TrackedFinding] {
        let rank = Self.rank
        func score(_ finding: TrackedFinding) -> Double {
            Double(finding.priority?.split(separator: " ").last ?? "") ?? 0
        }
        switch self {
        case .priority:
            return list.map { (score($0), rank[$0.severity] ?? 0, $0) }
                .sorted { ($0.0, $0.1, $1.2.vulnerability) > ($1.0, $1.1, $0.2.vulnerability) }.map(\.2)
        case .severity:
            return list.map { (rank[$0.severity] ?? 0, $0) }
                .sorted { ($0.0, $1.1.vulnerability) > ($1.0, $0.1.vulnerability) }.map(\.1)
        case .vulnerability:
            return list.sorted { ($0.vulnerability, $0.component) < ($1.vulnerability, $1.component) }
        }
    }
}

struct FindingsPage: Encodable {
    var total: Int
    var offset: Int
    var limit: Int
    var findings: [TrackedFinding]

    init(_ all: [TrackedFinding], query: Parameters) throws {
        try self.init(all) { query.get($0) }
    }

    /// The page `query` asks for (`state`, `severity`, `component`, `kev`, `sort`, `limit`, `offset`).
    init(_ all: [TrackedFinding], query: (String) -> String?) throws {
        try self.init(sorted: try FindingOrder(query("sort")).sorted(all), query: query)
    }

    /// The page `query` asks for of findings already in the order it asks for.
    init(sorted list: [TrackedFinding], query: (String) -> String?) throws {
        var predicates: [(TrackedFinding) -> Bool] = []
        if let state = query("state") {
            guard ["open", "closed"].contains(state) else {
                throw APIError(.badRequest, "bad-request", "state is open or closed")
            }
            let open = state == "open"
            predicates.append { $0.open == open }
        }
        if let severity = query("severity") { predicates.append { $0.severity == severity } }
        if let component = query("component") { predicates.append { $0.component == component } }
        if query("kev") == "true" { predicates.append(\.kev) }
        let matching = predicates.isEmpty ? list : list.filter { finding in predicates.allSatisfy { $0(finding) } }
        let limit = min(max(query("limit").flatMap { Int($0) } ?? 100, 1), 1_000)
        let offset = max(query("offset").flatMap { Int($0) } ?? 0, 0)
        total = matching.count
        self.offset = offset
        self.limit = limit
        findings = Array(matching.dropFirst(offset).prefix(limit))
    }
}

/// The body of `POST /api/v1/products`.
private struct NewProduct: Decodable {
    var name: String
    var description: String?
}

/// An alert with its deliveries, as `GET /api/v1/alerts` lists it.
private struct AlertRow: Encodable {
    var alert: Alert
    var deliveries: [AlertDelivery]
}
