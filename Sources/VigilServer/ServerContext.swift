import Foundation
public import Hummingbird
public import VigilCore

/// Who a request is from, once its token is checked.
public struct Identity: Sendable, Hashable {
    public var user: String
    public var role: Role
    public var scope: TokenScope
    /// The token's id, or `session` for a browser session.
    public var token: String
    /// The browser session's id hash, for signing out.
    public var session: String? = nil
    /// The browser session's CSRF token, for the forms of the pages it is shown.
    public var csrf: String? = nil
}

/// The request context: Hummingbird's core plus the caller's identity.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The client's IP address, for login rate limiting and the audit log.
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Uploads up to 64 MiB (an SBOM); larger bodies are refused with 413.
    public var maxUploadSize: Int { 64 << 20 }

    /// The caller, who must have at least `role`; `write` also needs a token with write scope. 401 without an
    /// identity, 403 without the right.
    public func require(_ role: Role, write: Bool = false) throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, "unauthenticated", "send Authorization: Bearer TOKEN") }
        guard identity.role >= role else {
            throw APIError(
                .forbidden, "forbidden",
                "this needs the \(role.rawValue) role; \(identity.user) is \(identity.role.rawValue)")
        }
        if write, identity.scope != .write {
            throw APIError(.forbidden, "forbidden", "this token is read-only: create one with --scope write")
        }
        return identity
    }
}

/// Every error the API returns, as JSON with a stable shape: `{"error": {"status": 404, "code": "not-found",
/// "message": "…"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Seconds, for `Retry-After` (429).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(
            APIErrorBody(error: .init(status: status.code, code: code, message: message)))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON of an ``APIError``.
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        var status: Int
        var code: String
        var message: String
    }
    var error: Detail
}
