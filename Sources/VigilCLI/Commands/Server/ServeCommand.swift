import ArgumentParser
import Foundation
import Hummingbird
import Logging
import VigilCore
import VigilMonitor
import VigilPostgres
import VigilServer
import VigilStore

/// `vigil serve`: the team server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the team server: the REST API under /api/v1, for products, releases, findings, triage, alerts and metrics.",
        discussion: """
            Every route but /health needs 'Authorization: Bearer TOKEN' ('vigil user add', then 'vigil token create'). \
            Reads need the viewer role; changes the analyst role and a write token; the audit log the admin role. \
            The API is described at /api/v1/openapi.json. The server listens on 127.0.0.1 unless --host says \
            otherwise; put it behind a TLS-terminating proxy to serve a network. SIGTERM or SIGINT stop it \
            gracefully.

            Exit status: 0 stopped; 2 the database or the configuration cannot be read; 64 usage error.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("The configuration (policy windows, alert channels).", valueName: "FILE"))
    var config: String?

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
    }

    func run() async throws {
        let configuration = try MonitorCommand.loadConfiguration(config)
        var options = database
        if options.files.path == nil, options.files.snapshotPath == nil { options.files.path = configuration.database }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "vigil.serve")
        let store = try await options.open(writing: true, logger: logger)
        if let url = options.resolvedURL.flatMap({ try? PostgresDatabaseURL($0) }) {
            logger.info("team state in \(url); vulnerability records in \(options.files.resolvedPath)")
        }
        let users = try await store.users()
        if users.isEmpty {
            logger.warning("no users yet: add the first admin with 'vigil user add NAME --role admin'")
        }
        let router = try VigilServerRoutes.router(
            store: store, configuration: configuration, logger: logger, tool: "vigil \(VigilVersion.current)")
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "vigil"),
            logger: logger)
        try await app.runService()
    }
}
