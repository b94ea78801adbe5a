import Foundation
import Testing
import VigilTesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `vigil user add`, `vigil token create` and `vigil serve` on a real socket: the first admin, a token printed once,
/// authenticated requests, a graceful stop.
@Suite struct ServeEndToEndTests {
    @Test func serve() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-serve-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appending(path: "vigil.db").path
        let added = try VigilProcess.run(
            ["user", "add", "alice", "--role", "admin", "--db", db], input: "a-long-password-1\n")
        #expect(added.status == 0, "\(added.standardError)")
        let short = try VigilProcess.run(["user", "add", "bob", "--role", "viewer", "--db", db], input: "short\n")
        #expect(short.status == 2 && short.standardError.contains("at least 12"))
        let created = try VigilProcess.run(["token", "create", "--user", "alice", "--scope", "write", "--db", db])
        #expect(created.status == 0 && created.standardError.contains("shown once"))
        let token = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("vigil_"))
        let listed = try VigilProcess.run(["token", "list", "--db", db])
        #expect(listed.standardOutput.contains("alice  write") && !listed.standardOutput.contains(token))

        let port = freeLoopbackPort()
        let server = Process()
        server.executableURL = try #require(VigilProcess.executableURL())
        server.arguments = ["serve", "--db", db, "--port", String(port)]
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
        let revoked = try VigilProcess.run([
            "token", "revoke",
            String(token.split(separator: "_")[1]).isEmpty ? "" : "tok_" + String(token.split(separator: "_")[1]),
            "--db", db,
        ])
        #expect(revoked.status == 0)
    }
}
