public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import VigilCore
import VigilFeeds
import VigilStore

/// Failed sign-ins counted per user name and per client address: after `limit` failures for a name (or
/// `addressLimit` from one address, which may be a whole hospital network behind NAT) within `window`, further
/// attempts are refused (429 with `Retry-After`) until the oldest failure leaves the window, whether the password is
/// right or not. A success clears its name's count, not its address's (one known account must not reset the count
/// of an address guessing others). The failures are kept in the team's database (``AccountStore``), so the count is
/// the same for every server instance sharing it and survives a restart.
public struct LoginLimiter: Sendable {
    let limit: Int
    let addressLimit: Int
    let window: TimeInterval

    public init(limit: Int = 5, addressLimit: Int = 50, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.addressLimit = addressLimit
        self.window = window
    }

    static func keys(user: String, address: String) -> [(String, Bool)] {
        [("user:" + user.lowercased(), true), ("address:" + address, false)]
    }

    /// Seconds until this name and address may try again, or nil when they may now.
    func retryAfter(user: String, address: String, now: Date, store: any AccountStore) async throws -> Int? {
        let since = Timestamp.string(now.addingTimeInterval(-window))
        var wait: TimeInterval = 0
        for (key, isUser) in Self.keys(user: user, address: address) {
            let limit = isUser ? limit : addressLimit
            let recent = try await store.loginFailures(key: key, since: since)
                .compactMap(Timestamp.date(from:)).filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit {
                wait = max(wait, window - now.timeIntervalSince(recent[recent.count - limit]))
            }
        }
        return wait > 0 ? max(Int(wait.rounded(.up)), 1) : nil
    }

    func failed(user: String, address: String, at now: Date, store: any AccountStore) async throws {
        try await store.recordLoginFailure(
            keys: Self.keys(user: user, address: address).map(\.0), at: Timestamp.string(now),
            forgetBefore: Timestamp.string(now.addingTimeInterval(-window)))
    }

    func succeeded(user: String, store: any AccountStore) async throws {
        try await store.clearLoginFailures(key: "user:" + user.lowercased())
    }
}

extension VigilServerRoutes {
    /// The session cookie's name.
    static let sessionCookie = "vigil_session"
    /// Sessions end 8 hours after sign-in.
    static let sessionLifetime: TimeInterval = 8 * 3600
    /// What unknown users' passwords are checked against, so that a wrong name takes as long as a wrong password.
    static let decoyHash = Bcrypt.hash("vigil-decoy-password", cost: 12)

    static func addSessionRoutes(
        to router: Router<ServerContext>, store: any AccountStore, limiter: LoginLimiter, web: WebRenderer?,
        now: @escaping @Sendable () -> Date
    ) {
        router.post("/login") { request, context in
            struct Body: Decodable {
                var name: String
                var password: String
            }
            let body: Body
            let isForm = HTMLForm.isForm(request.headers[.contentType])
            var next = "/"
            if isForm {
                let form = try await VigilServerRoutes.form(request, context)
                body = Body(name: form.fields["name"] ?? "", password: form.fields["password"] ?? "")
                next = localPath(form.fields["next"])
            } else {
                body = try await decode(Body.self, request, context)
            }
            // A browser gets the sign-in page again with the reason; a script the JSON error.
            func refuse(_ error: APIError) -> any Error {
                guard isForm, let web else { return error }
                var page = web.page(
                    "login", title: "Sign in", identity: nil,
                    ["problem": error.message, "name": body.name, "next": next],
                    status: error.status)
                if let retryAfter = error.retryAfter { page.headers[.retryAfter] = String(retryAfter) }
                return PageResponse(response: page)
            }
            let time = now()
            let address = context.clientAddress ?? "unknown"
            if let wait = try await limiter.retryAfter(user: body.name, address: address, now: time, store: store) {
                throw refuse(
                    APIError(
                        .tooManyRequests, "too-many-attempts",
                        "too many failed sign-ins: try again in \(wait) seconds", retryAfter: wait))
            }
            let user = User.problem(name: body.name) == nil ? try await store.user(named: body.name) : nil
            let password = body.password
            let hash = user?.passwordHash ?? decoyHash
            let verified = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
            guard let user, verified, !user.disabled else {
                try await limiter.failed(user: body.name, address: address, at: time, store: store)
                try? await store.audit(
                    AuditEntry(
                        at: Timestamp.string(time), actor: "anonymous", action: "login.failed",
                        target: User.problem(name: body.name) == nil ? body.name : "(not a user name)",
                        after: try encoded(["address": address])))
                throw refuse(APIError(.unauthorized, "unauthenticated", "the name or the password is wrong"))
            }
            try await limiter.succeeded(user: body.name, store: store)
            var generator = SystemRandomNumberGenerator()
            let (cookie, session) = BrowserSession.make(
                user: user.name, createdAt: Timestamp.string(time),
                expiresAt: Timestamp.string(time.addingTimeInterval(sessionLifetime))
            ) { (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            try await store.add(
                session,
                audit: AuditEntry(
                    at: session.createdAt, actor: user.name, action: "login", target: user.name,
                    after: try encoded(["address": address, "expiresAt": session.expiresAt]))
            )
            struct SignedIn: Encodable {
                var user: String
                var role: Role
                var csrfToken: String
                var expiresAt: String
            }
            var response =
                isForm
                ? WebRenderer.redirect(next)
                : try json(
                    SignedIn(
                        user: user.name, role: user.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt))
            response.headers[.setCookie] =
                "\(sessionCookie)=\(cookie); Path=/; Max-Age=\(Int(sessionLifetime)); HttpOnly; Secure; SameSite=Strict"
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.post("/logout") { request, context in
            let identity = try context.require(.viewer)
            guard let idHash = identity.session else {
                throw APIError(.badRequest, "bad-request", "only a browser session signs out; revoke a token instead")
            }
            try await store.endSession(
                idHash: idHash,
                audit: AuditEntry(
                    at: Timestamp.string(now()), actor: identity.user, action: "logout", target: identity.user))
            var response =
                HTMLForm.isForm(request.headers[.contentType])
                ? WebRenderer.redirect("/login") : try json(["status": "signed out"])
            response.headers[.setCookie] = "\(sessionCookie)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
            return response
        }
    }

    /// The value of the session cookie in a `Cookie` header, if any.
    static func sessionCookieValue(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == sessionCookie { return String(parts[1]) }
            }
        }
        return nil
    }
}

/// A finished page thrown past the error handling (a refused sign-in answered with the sign-in page).
struct PageResponse: Error, HTTPResponseError {
    var response: Response
    var status: HTTPResponse.Status { response.status }
    func response(from request: Request, context: some RequestContext) throws -> Response { response }
}
