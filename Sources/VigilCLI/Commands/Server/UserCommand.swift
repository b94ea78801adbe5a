import ArgumentParser
import Foundation
import HummingbirdBcrypt
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil user`: the team server's accounts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add and list the team server's users.",
        subcommands: [UserAddCommand.self, UserListCommand.self])
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user; the password is read from standard input (prompted for on a terminal).",
        discussion: """
            Roles: viewer (reads), analyst (also changes products, releases and triage), admin (also users, tokens, \
            the audit log). The password (at least 12 characters) is hashed with bcrypt (cost 12) and never stored or \
            shown in clear. The change is in the audit log.

            Exit status: 0 added; 2 the name is taken or not valid, or the password too short; 64 usage error.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The user's name.") var name: String
    @Option(
        help: "viewer, analyst or admin.",
        transform: { text in
            guard let role = Role(rawValue: text) else {
                throw ValidationError("'\(text)' is not a role: viewer, analyst, admin")
            }
            return role
        })
    var role: Role

    func run() async throws {
        let password = try Self.readPassword()
        if let problem = User.problem(password: password) {
            Console.error(problem)
            throw ExitStatus.invalidInput
        }
        let store = try await database.open(writing: true)
        let now = Timestamp.string()
        let user = User(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: 12), createdAt: now)
        do {
            try await store.add(
                user,
                audit: AuditEntry(
                    at: now, actor: "cli:\(NSUserName())", action: "user.add", target: name,
                    after: "{\"name\":\"\(name)\",\"role\":\"\(role.rawValue)\"}"))
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        print("added \(role.rawValue) \(name)")
    }

    /// A line of standard input, or on a terminal a prompt twice with echo off.
    static func readPassword() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) ?? "" }
        func ask(_ prompt: String) -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return readLine(strippingNewline: true) ?? ""
        }
        let first = ask("password: ")
        guard ask("again: ") == first else {
            Console.error("the passwords differ")
            throw ExitStatus.invalidInput
        }
        return first
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
    @OptionGroup var database: TeamDatabaseOptions

    func run() async throws {
        let store = try await database.open()
        for user in try await store.users() {
            print("\(user.name)  \(user.role.rawValue)\(user.disabled ? "  (disabled)" : "")  since \(user.createdAt)")
        }
    }
}

/// `vigil token`: API tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens.",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self])
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API token for a user and print it — once: only its hash is kept.",
        discussion: """
            A read token can only read, whatever the user's role; a write token can do what the role allows. Send it \
            as 'Authorization: Bearer TOKEN'.

            Exit status: 0 created; 2 no such user; 64 usage error.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: "The user the token acts as.") var user: String
    @Option(
        help: "read or write.",
        transform: { text in
            guard let scope = TokenScope(rawValue: text) else {
                throw ValidationError("'\(text)' is not a scope: read, write")
            }
            return scope
        })
    var scope: TokenScope = .read

    func run() async throws {
        let store = try await database.open(writing: true)
        let now = Timestamp.string()
        var generator = SystemRandomNumberGenerator()
        let (token, stored) = APIToken.make(user: user, scope: scope, createdAt: now) {
            (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        do {
            try await store.add(
                stored,
                audit: AuditEntry(
                    at: now, actor: "cli:\(NSUserName())", action: "token.create", target: "\(stored.id) \(user)",
                    after: "{\"id\":\"\(stored.id)\",\"scope\":\"\(scope.rawValue)\",\"user\":\"\(user)\"}"))
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        FileHandle.standardError.write(
            Data("token \(stored.id) for \(user) (\(scope.rawValue)); it is shown once:\n".utf8))
        print(token)
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the secrets).")
    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: "Only this user's.") var user: String?

    func run() async throws {
        let store = try await database.open()
        for token in try await store.tokens(user: user) {
            print(
                "\(token.id)  \(token.user)  \(token.scope.rawValue)  created \(token.createdAt)"
                    + (token.lastUsedAt.map { "  last used \($0)" } ?? "")
                    + (token.revokedAt.map { "  revoked \($0)" } ?? ""))
        }
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once.")
    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The token's id (tok_…).") var id: String

    func run() async throws {
        let store = try await database.open(writing: true)
        let now = Timestamp.string()
        do {
            try await store.revokeToken(
                id: id, at: now,
                audit: AuditEntry(at: now, actor: "cli:\(NSUserName())", action: "token.revoke", target: id))
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        print("revoked \(id)")
    }
}
