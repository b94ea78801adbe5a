import ArgumentParser
import Foundation
import Logging
import VigilCore
import VigilPostgres
import VigilStore

/// Where the team commands (`serve`, `monitor`, `user`, `token`, `product`, `release`, `triage`, `alerts`,
/// `metrics`) keep the team's state: in the vulnerability database (`--db`) by default, or in PostgreSQL with
/// `--database-url` (else `VIGIL_DATABASE_URL`), which several `vigil serve` instances share. The vulnerability
/// records always come from the database file.
struct TeamDatabaseOptions: ParsableArguments {
    @OptionGroup var files: DatabaseOptions

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "Keep products, releases, triage, alerts and accounts in PostgreSQL "
                + "(default: $VIGIL_DATABASE_URL; the password may come from $PGPASSWORD).",
            valueName: "postgres://USER@HOST:PORT/DATABASE"))
    var url: String?

    /// The URL given, else `VIGIL_DATABASE_URL`; nil for the database file.
    var resolvedURL: String? {
        if let url { return url }
        let environment = ProcessInfo.processInfo.environment["VIGIL_DATABASE_URL"]
        return environment.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the records (as ``DatabaseOptions/open(writing:)`` does) and the team's state: the same file, or the
    /// PostgreSQL database, connected and migrated. `writing` refuses a snapshot only when the file keeps the
    /// team's state: with PostgreSQL, the records may come from a read-only snapshot, unless `recordsWritable` (the
    /// monitor syncs feeds into them).
    func open(
        writing: Bool = false, recordsWritable: Bool = false, logger: Logger = Logger(label: "vigil.postgres")
    ) async throws -> any ServerStore {
        guard let text = resolvedURL else { return try files.open(writing: writing || recordsWritable) }
        let records = try files.open(writing: recordsWritable)
        let url: PostgresDatabaseURL
        do {
            url = try PostgresDatabaseURL(text)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.usage
        }
        do {
            return CombinedStore(records: records, team: try await PostgresTeamStore.connect(url, logger: logger))
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }
}
