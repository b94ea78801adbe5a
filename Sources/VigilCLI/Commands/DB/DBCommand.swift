import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil db`: the local vulnerability database.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Import vulnerability feeds into the local database and inspect it.",
        subcommands: [
            DBImportCommand.self, DBUpdateCommand.self, DBStatusCommand.self, DBShowCommand.self,
            DBSnapshotCommand.self,
        ])
}

/// Where the database is: `--db PATH`, else `VIGIL_DB`, else `$XDG_DATA_HOME/vigil/vigil.db`
/// (`~/.local/share/vigil/vigil.db`).
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "The database file (default: $VIGIL_DB, else $XDG_DATA_HOME/vigil/vigil.db).")
    var path: String?

    @Option(
        name: .customLong("db-snapshot"),
        help: "Read this as-of snapshot (from 'vigil db snapshot create'), read-only, instead of the database.")
    var snapshotPath: String?

    var resolvedPath: String {
        if let snapshotPath { return snapshotPath }
        if let path { return path }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["VIGIL_DB"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".local/share").path
        return dataHome + "/vigil/vigil.db"
    }

    /// Opens the snapshot given with `--db-snapshot`, read-only, or else the database, creating its directory
    /// (owner-only) if needed. Commands that write pass `writing: true`, which refuses a snapshot.
    func open(writing: Bool = false) throws -> SQLiteVulnerabilityStore {
        if let snapshotPath {
            guard !writing else {
                Console.error("a snapshot is read-only: import or update a database (--db), then snapshot it again")
                throw ExitStatus.invalidInput
            }
            guard path == nil else {
                Console.error("give --db or --db-snapshot, not both")
                throw ExitStatus.invalidInput
            }
            do {
                return try SQLiteVulnerabilityStore(snapshotAt: snapshotPath)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.invalidInput
            }
        }
        let path = resolvedPath
        let directory = URL(filePath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return try SQLiteVulnerabilityStore(path: path)
        } catch {
            Console.error("cannot open the database \(path): \(error); check the path and its permissions, or use --db")
            throw ExitStatus.invalidInput
        }
    }
}

/// `--format` of the `db` commands: a table for people, JSON (sorted keys) for scripts.
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
