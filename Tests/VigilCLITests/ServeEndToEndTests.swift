import Foundation
import Testing
import VigilTesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `vigil user add`, `vigil token create` and `vigil serve` on a real socket: the first admin, a token printed once,
/// authenticated requests, a graceful stop — with the team's state in the database file, and in PostgreSQL
/// (`VIGIL_DATABASE_URL`) when a test server is configured.
@Suite struct ServeEndToEndTests {
    /// No database URL: the file; else a new PostgreSQL database, dropped afterwards.
    static var backends: [Bool] { TestPostgres.isEnabled ? [false, true] : [false] }

    @Test("the first admin, a token, serve, a graceful stop", arguments: backends)
    func serve(postgres: Bool) async throws {
        if postgres {
            try await TestPostgres.withDatabase { url in try await Self.serve(environment: ["VIGIL_DATABASE_URL": url])
            }
            return
        }
        try await Self.serve(environment: [:])
    }

    @Test("a database URL that is wrong, or a server that is not there, is a clear error")
    func unreachableDatabase() throws {
        let port = freeLoopbackPort()
        let down = try VigilProcess.run([
            "user", "list", "--database-url", "postgres://vigil:secret-7@127.0.0.1:\(port)/team?sslmode=disable",
        ])
        #expect(down.status == 2 && down.standardError.contains("cannot connect to postgres://vigil@127.0.0.1:\(port)"))
        #expect(!down.standardError.contains("secret-7"))
        let wrong = try VigilProcess.run(["user", "list"], environment: ["VIGIL_DATABASE_URL": "mysql://u@h/d"])
        #expect(wrong.status == 64 && wrong.standardError.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"))
    }

    static func serve(environment: [String: String]) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-serve-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appending(path: "vigil.db").path
        func vigil(_ arguments: [String], input: String = "") throws -> VigilProcess.Result {
            try VigilProcess.run(arguments, input: input, environment: environment)
        }
        let added = try vigil(
            ["user", "add", "alice", "--role", "admin", "--db", db], input: "a-long-password-1\n")
        #expect(added.status == 0, "\(added.standardError)")
        let short = try vigil(["user", "add", "bob", "--role", "viewer", "--db", db], input: "short\n")
        #expect(short.status == 2 && short.standardError.contains("at least 12"))
        let created = try vigil(["token", "create", "--user", "alice", "--scope", "write", "--db", db])
        #expect(created.status == 0 && created.standardError.contains("shown once"))
        let token = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("vigil_"))
        let listed = try vigil(["token", "list", "--db", db])
        #expect(listed.standardOutput.contains("alice  write") && !listed.standardOutput.contains(token))

        let port = freeLoopbackPort()
        let server = Process()
        server.executableURL = try #require(VigilProcess.executableURL())
        server.arguments = ["serve", "--db", db, "--port", String(port)]
        server.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var healthy = false
        for _ in 0..<100 where !healthy {
            if let (_, response) = try? await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/health")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                healthy = true
            } else {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        #expect(healthy)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/products")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"name":"pump","description":"IP-200"}"#.utf8)
        let (_, posted) = try await URLSession.shared.data(for: request)
        #expect((posted as? HTTPURLResponse)?.statusCode == 201)
        let (_, anonymous) = try await URLSession.shared.data(
            from: URL(string: "http://127.0.0.1:\(port)/api/v1/products")!)
        #expect((anonymous as? HTTPURLResponse)?.statusCode == 401)
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let revoked = try vigil([
            "token", "revoke",
            String(token.split(separator: "_")[1]).isEmpty ? "" : "tok_" + String(token.split(separator: "_")[1]),
            "--db", db,
        ])
        #expect(revoked.status == 0)
        if environment["VIGIL_DATABASE_URL"] != nil {
            // The team's state went to PostgreSQL: the file has none of it.
            let file = try VigilProcess.run(["user", "list", "--db", db], environment: ["VIGIL_DATABASE_URL": ""])
            #expect(file.status == 0 && !file.standardOutput.contains("alice"))
            #expect(try vigil(["user", "list", "--db", db]).standardOutput.contains("alice"))
            #expect(try vigil(["product", "list", "--db", db]).standardOutput.contains("pump"))
        }
    }
}
