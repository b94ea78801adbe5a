import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil db snapshot`: pinned, content-hashed, read-only copies of the database.
struct DBSnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write and check as-of snapshots of the database.",
        discussion: """
            A snapshot is a read-only SQLite file holding the database's records and a manifest: a content hash \
            over every record (the same knowledge gives the same hash), and per source its record count and newest \
            record, per feed its URL, SHA-256 and watermark, and every imported file with its SHA-256. Any command \
            that reads the database takes --db-snapshot FILE to answer from exactly that snapshot, and names its hash.
            """,
        subcommands: [DBSnapshotCreateCommand.self, DBSnapshotVerifyCommand.self])
}

/// `vigil db snapshot create -o FILE`.
struct DBSnapshotCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a content-hashed, read-only snapshot of the database.",
        discussion: "Exit status: 0, or 2 when the database cannot be read or the file cannot be written.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: "The snapshot file to write (replaced if it exists).") var output: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try database.open(writing: true)
        let manifest: SnapshotManifest
        do {
            manifest = try await store.createSnapshot(
                at: output, createdAt: DBImportCommand.now(), generator: "vigil \(VigilVersion.current)")
        } catch {
            Console.error("cannot write the snapshot \(output): \(error)")
            throw ExitStatus.invalidInput
        }
        if format == .json {
            print(try JSONOutput.encode(manifest))
            return
        }
        print("\(output): \(manifest.contentHash)")
        for source in manifest.sources {
            print("  \(source.source)  \(source.records) records, newest \(source.newestModified ?? "undated")")
        }
        print("  \(manifest.feeds.count) feeds, \(manifest.importedFiles.count) imported files")
    }
}

/// `vigil db snapshot verify FILE`.
struct DBSnapshotVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a snapshot's records still match its content hash, and print its manifest.",
        discussion: "Exit status: 0 when the content matches, 1 when it does not, 2 when the file is not a snapshot.")

    @Argument(help: "The snapshot file.") var path: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    struct Result: Encodable {
        var path: String
        var matches: Bool
        var computedHash: String
        var manifest: SnapshotManifest
    }

    func run() async throws {
        let store: SQLiteVulnerabilityStore
        do {
            store = try SQLiteVulnerabilityStore(snapshotAt: path)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        guard let manifest = store.snapshot else { throw ExitStatus.invalidInput }
        let computed = try await store.contentHash()
        let result = Result(
            path: path, matches: computed == manifest.contentHash, computedHash: computed, manifest: manifest)
        if format == .json {
            print(try JSONOutput.encode(result))
        } else {
            print(
                "\(path): \(result.matches ? "intact" : "ALTERED") \(manifest.contentHash), taken \(manifest.createdAt) by \(manifest.generator)"
            )
            for source in manifest.sources {
                print("  \(source.source)  \(source.records) records, newest \(source.newestModified ?? "undated")")
            }
            for feed in manifest.feeds {
                print(
                    "  feed \(feed.feed)  \(feed.url ?? "") sha256 \(feed.sha256 ?? "-") watermark \(feed.watermark ?? "-")"
                )
            }
            for file in manifest.importedFiles { print("  file \(file.path)  sha256 \(file.sha256)") }
        }
        if !result.matches {
            Console.error("\(path): its records hash to \(computed), not \(manifest.contentHash): the file was altered")
            throw ExitStatus.checkFailed
        }
    }
}
