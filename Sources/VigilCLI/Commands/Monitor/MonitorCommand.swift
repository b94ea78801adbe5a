import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigilCore
import VigilMonitor
import VigilPostgres
import VigilStore

/// `vigil monitor`: the long-running service that keeps the portfolio's releases under watch.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Sync the feeds, re-evaluate every monitored release and deliver alerts, on a schedule.",
        discussion: """
            Each cycle syncs the feeds ('vigil db update'), scans every supported release before its end of \
            support with the triage decisions in force, and raises an alert for each new affected finding, severity \
            increase and new KEV listing — stored in the same transaction as the evaluation, so each is raised \
            exactly once, also across restarts and crashes — then delivers alerts: to the log always, and to each \
            webhook in the configuration (signed with HMAC-SHA256, retried with exponential backoff, kept as a dead \
            letter after the last attempt). A release's first evaluation is its baseline and raises no alerts. \
            Between cycles, due retries are delivered every few seconds. SIGTERM or SIGINT lets the step in \
            progress finish (each step commits or rolls back whole), then stops.

            The configuration (--config, else $VIGIL_CONFIG) is vigil.yaml: feeds, schedule, alerts and policy \
            (see the README); an invalid one is refused at start with the key and the reason.

            Exit status: 0 stopped (or, with --once, the cycle ran); 2 the configuration or the database cannot be \
            read; 4 (--once) a feed failed to sync.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: ArgumentHelp("The configuration (default: $VIGIL_CONFIG).", valueName: "FILE")) var config: String?
    @Option(help: ArgumentHelp("Time between cycles, over the configuration's: 30m, 6h, 1d.", valueName: "DURATION"))
    var interval: String?
    @Flag(help: "Run one cycle, deliver what is due, and exit.") var once = false
    @Flag(help: "Skip the feed sync (evaluate against the database as it is).") var noSync = false
    @Option(name: .shortAndLong, help: "With --once: output format of the cycle's report, table or json.")
    var format: TableOrJSON = .table

    func run() async throws {
        var configuration = try Self.loadConfiguration(config)
        if let interval {
            do {
                configuration.interval = try MonitorConfiguration.read(
                    "schedule:\n  interval: \"\(interval)\"\n", environment: [:]
                ).interval
            } catch {
                Console.error("--interval: \(error.reason)")
                throw ExitStatus.usage
            }
        }
        var databaseOptions = database
        if databaseOptions.files.path == nil, databaseOptions.files.snapshotPath == nil {
            databaseOptions.files.path = configuration.database
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "vigil.monitor")
        let store = try await databaseOptions.open(writing: true, recordsWritable: !noSync, logger: logger)
        let records = databaseOptions.files.resolvedPath
        logger.info("monitor: \(records); channels \(configuration.channels.joined(separator: ", "))")
        // A peer closing a TLS connection must be an error, not a signal that ends the process.
        signal(SIGPIPE, SIG_IGN)
        // One monitor per team database: two would both deliver what is due.
        if let shared = store as? CombinedStore<SQLiteVulnerabilityStore, PostgresTeamStore> {
            let ran = try await shared.team.exclusively("vigil monitor") {
                try await run(on: shared, configuration: configuration, logger: logger)
            }
            guard ran != nil else {
                Console.error("another vigil monitor is running on \(shared.team.url): run one per database")
                throw ExitStatus.invalidInput
            }
        } else {
            let lock = try Self.lock(records)
            defer { close(lock) }
            try await run(on: store, configuration: configuration, logger: logger)
        }
    }

    private func run<Store: ServerStore>(
        on store: Store, configuration: MonitorConfiguration, logger: Logger
    ) async throws {
        let channels = Monitor<Store>.channels(for: configuration, logger: logger)
        let monitor = Monitor(configuration: configuration, store: store, channels: channels, logger: logger)
        if once {
            let report = await monitor.cycle(sync: !noSync)
            if format == .json {
                print(try JSONOutput.encode(report))
            } else {
                print(
                    "\(report.releasesEvaluated) releases evaluated (\(report.baselines) baselines, "
                        + "\(report.releasesFailed) failed); \(report.alertsRaised) alerts raised; \(report.delivered) "
                        + "delivered, \(report.retrying) to retry, \(report.deadLettered) dead letters; feeds "
                        + "\(report.feedsSynced) synced, \(report.feedsFailed) failed")
            }
            if report.feedsFailed > 0 { throw ExitStatus.downloadFailed }
            return
        }
        let service = MonitorService(monitor: noSync ? monitor.withoutSync() : monitor)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// An exclusive lock on `DATABASE.monitor.lock`, held while the monitor runs; exit 2 when another holds it.
    static func lock(_ database: String) throws -> Int32 {
        let path = database + ".monitor.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            Console.error("cannot open \(path)")
            throw ExitStatus.invalidInput
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            Console.error("another vigil monitor is running on \(database) (\(path) is locked): run one per database")
            throw ExitStatus.invalidInput
        }
        return descriptor
    }

    /// The configuration: the file given, else `$VIGIL_CONFIG`, else the defaults; invalid → exit 2 naming the key.
    static func loadConfiguration(_ path: String?) throws -> MonitorConfiguration {
        let environment = ProcessInfo.processInfo.environment
        guard let path = path ?? environment["VIGIL_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .defaults
        }
        do {
            let text = String(decoding: try Files.read(path, limit: 1 << 20), as: UTF8.self)
            return try MonitorConfiguration.read(text, environment: environment)
        } catch let invalid as MonitorConfiguration.Invalid {
            Console.error("\(path): \(invalid)")
            throw ExitStatus.invalidInput
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }
}
