import Foundation
import Hummingbird
import HummingbirdBcrypt
import VigilCore
import VigilFeeds
import VigilStore

/// User and token management for admins: `/users` and `/tokens`. Passwords and token secrets never appear in an
/// answer or the audit log; a new token is shown once, in the answer that creates it.
extension VigilServerRoutes {
    /// A user as the API shows one: never the password hash.
    struct UserSummary: Codable, Sendable {
        var name: String
        var role: Role
        var createdAt: String
        var disabled: Bool

        init(_ user: User) {
            name = user.name
            role = user.role
            createdAt = user.createdAt
            disabled = user.disabled
        }
    }

    /// A token as the API shows one: never its hash.
    struct TokenSummary: Codable, Sendable {
        var id: String
        var user: String
        var scope: TokenScope
        var createdAt: String
        var revokedAt: String?
        var lastUsedAt: String?

        init(_ token: APIToken) {
            id = token.id
            user = token.user
            scope = token.scope
            createdAt = token.createdAt
            revokedAt = token.revokedAt
            lastUsedAt = token.lastUsedAt
        }
    }

    static func addAccountRoutes(
        to api: RouterGroup<ServerContext>, store: any AccountStore, now: @escaping @Sendable () -> Date
    ) {
        api.get("/users") { _, context in
            _ = try context.require(.admin)
            return try json(["users": try await store.users().map(UserSummary.init)])
        }
        api.post("/users") { request, context in
            let identity = try context.require(.admin, write: true)
            struct Body: Decodable {
                var name: String
                var role: Role
                var password: String
            }
            let body = try await decode(Body.self, request, context)
            if let problem = User.problem(name: body.name) ?? User.problem(password: body.password) {
                throw APIError(.unprocessableContent, "invalid-user", problem)
            }
            // bcrypt at cost 12 takes a quarter of a second: off the request's executor.
            let password = body.password
            let hash = await Task.detached { Bcrypt.hash(password, cost: 12) }.value
            let user = User(name: body.name, role: body.role, passwordHash: hash, createdAt: Timestamp.string(now()))
            do {
                try await store.add(
                    user,
                    audit: AuditEntry(
                        at: user.createdAt, actor: identity.user, action: "user.add", target: user.name,
                        after: try encoded(UserSummary(user))))
            } catch let error as PortfolioError {
                throw APIError(.conflict, "conflict", error.message)
            }
            return try json(UserSummary(user), status: .created)
        }
        api.get("/tokens") { request, context in
            _ = try context.require(.admin)
            let user = request.uri.queryParameters.get("user")
            return try json(["tokens": try await store.tokens(user: user).map(TokenSummary.init)])
        }
        api.post("/tokens") { request, context in
            let identity = try context.require(.admin, write: true)
            struct Body: Decodable {
                var user: String
                var scope: TokenScope?
            }
            let body = try await decode(Body.self, request, context)
            guard let owner = try await store.user(named: body.user), !owner.disabled else {
                throw notFound("user \(body.user)")
            }
            var generator = SystemRandomNumberGenerator()
            let (token, stored) = APIToken.make(
                user: owner.name, scope: body.scope ?? .read, createdAt: Timestamp.string(now())
            ) { (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            try await store.add(
                stored,
                audit: AuditEntry(
                    at: stored.createdAt, actor: identity.user, action: "token.create",
                    target: "\(stored.id) \(owner.name)", after: try encoded(TokenSummary(stored))))
            struct Created: Encodable {
                var token: String
                var id: String
                var user: String
                var scope: TokenScope
                var createdAt: String
            }
            return try json(
                Created(
                    token: token, id: stored.id, user: stored.user, scope: stored.scope, createdAt: stored.createdAt),
                status: .created)
        }
        api.delete("/tokens/{id}") { _, context in
            let identity = try context.require(.admin, write: true)
            let id = try context.parameters.require("id")
            guard let before = try await store.token(id: id), before.revokedAt == nil else {
                throw notFound("active token \(id)")
            }
            let at = Timestamp.string(now())
            var after = before
            after.revokedAt = at
            do {
                try await store.revokeToken(
                    id: id, at: at,
                    audit: AuditEntry(
                        at: at, actor: identity.user, action: "token.revoke", target: "\(id) \(before.user)",
                        before: try encoded(TokenSummary(before)), after: try encoded(TokenSummary(after))))
            } catch let error as PortfolioError {
                throw notFound(error.message)
            }
            return try json(TokenSummary(after))
        }
    }
}
