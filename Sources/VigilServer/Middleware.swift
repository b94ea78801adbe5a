public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
public import VigilCore
import VigilFeeds

/// Turns every error into the API's JSON shape: ``APIError`` as it is, Hummingbird's own (a missing route, a body
/// too large) with their status, anything else as a 500 that says nothing of the inside.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = ServerContext

    let web: WebRenderer?

    public init() { web = nil }

    init(web: WebRenderer) { self.web = web }

    public func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageResponse {
            throw error
        } catch {
            let problem = problem(error, context: context)
            // Browsers get a page; the API and scripts the JSON shape.
            if let web, !request.uri.path.hasPrefix("/api/"),
                request.headers[.accept]?.contains("text/html") == true
                    || HTMLForm.isForm(request.headers[.contentType])
            {
                return web.problem(problem, identity: nil)
            }
            throw problem
        }
    }

    func problem(_ error: any Error, context: ServerContext) -> APIError {
        do {
            throw error
        } catch let error as APIError {
            return error
        } catch let error as any HTTPResponseError {
            let code: String =
                switch error.status {
                case .notFound: "not-found"
                case .contentTooLarge: "too-large"
                case .badRequest: "bad-request"
                case .methodNotAllowed: "method-not-allowed"
                default: "error"
                }
            return APIError(error.status, code, error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed: \(error)")
            return APIError(.internalServerError, "internal", "the request could not be completed")
        }
    }
}

/// Checks `Authorization: Bearer TOKEN` on every route but the health check: a token of an enabled user, not
/// revoked, compared in constant time. The identity (user, role, scope) goes into the context; a missing or bad
/// token is a 401 (the same answer whatever was wrong with it).
public struct TokenAuthMiddleware<Store: AccountStore>: RouterMiddleware {
    public typealias Context = ServerContext
    let store: Store
    let open: Set<String>
    let now: @Sendable () -> Date

    public init(
        store: Store, open: Set<String> = ["/health", "/login", "/static/vigil.css"],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.open = open
        self.now = now
    }

    public func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        if open.contains(request.uri.path) { return try await next(request, context) }
        var context = context
        var request = request
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let identity = try await identify(String(header.dropFirst(7))) else {
                throw APIError(
                    .unauthorized, "unauthenticated", "send Authorization: Bearer TOKEN (vigil token create)")
            }
            context.identity = identity
        } else if let cookie = VigilServerRoutes.sessionCookieValue(request),
            let session = try await store.session(
                idHash: BrowserSession.hash(cookie: cookie), now: Timestamp.string(now())),
            let user = try await store.user(named: session.user), !user.disabled
        {
            // A browser's changes carry the session's CSRF token: a page of another site cannot read it.
            // A form carries it as the field `csrf`; a script as the header.
            if ![.get, .head, .options].contains(request.method) {
                var presented = request.headers[Self.csrfHeader]
                if presented == nil, HTMLForm.isForm(request.headers[.contentType]) {
                    let body = try await request.collectBody(upTo: context.maxUploadSize)
                    presented =
                        (try? HTMLForm(contentType: request.headers[.contentType], body: Array(buffer: body)))?
                        .fields["csrf"]
                }
                guard let presented, session.acceptsCSRF(presented) else {
                    throw APIError(.forbidden, "csrf", "a change from a browser session needs its CSRF token")
                }
            }
            context.identity = Identity(
                user: user.name, role: user.role, scope: .write, token: "session", session: session.idHash,
                csrf: session.csrfToken)
        } else if request.method == .get, !request.uri.path.hasPrefix("/api/") {
            // A page asked for without a session: the sign-in page, then back.
            var response = Response(status: .seeOther)
            response.headers[.location] =
                "/login?next="
                + (request.uri.path.addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) ?? "/")
            return response
        } else {
            throw APIError(
                .unauthorized, "unauthenticated",
                "sign in (POST /login) or send Authorization: Bearer TOKEN (vigil token create)")
        }
        return try await next(request, context)
    }

    /// The header a browser session's changes carry their CSRF token in.
    static var csrfHeader: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }

    func identify(_ token: String) async throws -> Identity? {
        guard let id = APIToken.id(of: token), let stored = try await store.token(id: id), stored.revokedAt == nil,
            stored.matches(token), let user = try await store.user(named: stored.user), !user.disabled
        else { return nil }
        // When it was last used, to the minute: one write per token per minute at most, not one per request.
        let minute = Timestamp.minute(now())
        if stored.lastUsedAt.map({ !$0.hasPrefix(minute) }) ?? true {
            try? await store.touchToken(id: stored.id, at: Timestamp.string(now()))
        }
        return Identity(user: user.name, role: user.role, scope: stored.scope, token: stored.id)
    }
}

extension Timestamp {
    /// `2026-11-28T08:33`: a time to the minute, as the start of ``Timestamp/string(_:)``.
    static func minute(_ date: Date) -> String { String(Timestamp.string(date).prefix(16)) }
}
