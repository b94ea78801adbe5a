import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil db import PATH…`: reads feed files and directories into the database, in one transaction.
struct DBImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vulnerability feed files or directories into the database.",
        discussion: """
            Each file's format is detected from its content; gzip and xz files are decompressed first, zip archives \
            are read entry by entry, and JSON record formats may be one record, an array or JSON Lines. Directories \
            are read recursively in name order (hidden files and symbolic links are skipped; files in no known \
            format are listed and ignored). Formats: \
            \(FeedImporterRegistry.builtIn.importers.map(\.formatID).joined(separator: ", ")).

            The whole import is one transaction: if any file cannot be read, or the process is interrupted, nothing \
            is imported and the database is as it was. A record replaces the stored one from the same source only \
            if it is newer (or, for undated records, different), so importing again changes nothing. Records that \
            do not validate are skipped, counted and listed on standard error with their id and reason.

            Exit status: 0 when the import was committed (skipped records included), 2 when a path is missing or a \
            file could not be read or is in no known format (nothing was imported).
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Feed files or directories.") var paths: [String]
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() async throws {
        let store = try database.open(writing: true)
        var inputs: [FeedFileImport.Input] = []
        // The database's own files are never read as feeds, even inside a directory being imported.
        let own = Set(
            ["", "-wal", "-shm", "-journal"].map { URL(filePath: database.resolvedPath + $0).standardizedFileURL.path })
        for path in paths {
            let files = try Self.files(at: path)
            inputs += files.filter { !own.contains(URL(filePath: $0).standardizedFileURL.path) }
                .map { FeedFileImport.Input(path: $0, named: files == [path]) }
        }
        let printTable = !quiet && format == .table
        let progress = Progress(quiet: quiet)
        let reports: [FeedFileImport.FileReport]
        do {
            reports = try await FeedFileImport().run(
                inputs, into: store, now: { Self.now() },
                progress: { event in
                    if event.committing {
                        progress.show("committing \(event.records) records", force: true)
                        return
                    }
                    progress.show(
                        done: event.doneBytes, of: event.totalBytes, unit: "MB", records: event.records,
                        label: "importing \(URL(filePath: event.path).lastPathComponent):")
                },
                fileDone: { report in
                    progress.finish()
                    if let error = report.error { Console.error(error) }
                    if printTable { Self.printLine(report) }
                })
        } catch is FeedFileImport.Failed {
            progress.finish()
            Console.error("nothing was imported: the database is unchanged")
            throw ExitStatus.invalidInput
        }
        progress.finish()
        if format == .json { print(try JSONOutput.encode(reports)) }
    }

    /// The current time, ISO 8601 in UTC.
    static func now() -> String { Timestamp.string() }

    private static func printLine(_ report: FeedFileImport.FileReport) {
        guard report.error == nil else { return }
        if report.ignored {
            print("\(report.path): not a feed, ignored")
            return
        }
        print(
            "\(report.path): \(report.format ?? "?"), \(report.read) records: \(report.inserted) new, "
                + "\(report.replaced) replaced, \(report.unchanged) unchanged, \(report.skipped.count) skipped"
                + (report.ignoredEntries > 0 ? ", \(report.ignoredEntries) archive members ignored" : ""))
        for skipped in report.skipped.prefix(20) { Console.warning("\(report.path): skipped \(skipped)") }
        if report.skipped.count > 20 {
            Console.warning("\(report.path): \(report.skipped.count - 20) more records skipped (see --format json)")
        }
    }

    /// A file, or the regular files under a directory in name order (no hidden files, no symbolic links).
    static func files(at path: String) throws -> [String] {
        let url = URL(filePath: path)
        guard let values = try? url.resourceValues(forKeys: [.isDirectoryKey]) else {
            Console.error("\(path): no such file or directory")
            throw ExitStatus.invalidInput
        }
        guard values.isDirectory == true else { return [path] }
        guard
            let enumerator = FileManager.default.enumerator(
                at: url, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                options: [.skipsHiddenFiles])
        else { return [] }
        var files: [String] = []
        for case let file as URL in enumerator {
            let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values?.isSymbolicLink == true || values?.isRegularFile != true { continue }
            files.append(file.path)
        }
        return files.sorted()
    }
}

/// `vigil db status`: what the database holds.
struct DBStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each source's record count and newest record, each feed's last sync, and the database's size.",
        discussion: "Exit status: 0, or 2 when the database cannot be opened.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try database.open()
        let summaries = try await store.sourceSummaries()
        let feeds = try await store.syncStates()
        let size = (try? URL(filePath: database.resolvedPath).resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
        if format == .json {
            let object = Status(
                path: database.resolvedPath, bytes: size,
                sources: summaries.map {
                    .init(source: $0.source.rawValue, records: $0.records, newestModified: $0.newestModified)
                }, feeds: feeds, snapshot: store.snapshot)
            print(try JSONOutput.encode(object))
            return
        }
        print("database \(database.resolvedPath) (\(size) bytes)")
        if let snapshot = store.snapshot {
            print("snapshot \(snapshot.contentHash), taken \(snapshot.createdAt) (read-only)")
        }
        let width = summaries.map(\.source.rawValue.count).max() ?? 0
        for summary in summaries {
            let name = summary.source.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(name)  \(summary.records) records, newest \(summary.newestModified ?? "undated")")
        }
        if summaries.isEmpty { print("no records; import feeds with 'vigil db import PATH…' or 'vigil db update'") }
        for feed in feeds {
            var line = "feed \(feed.feed): last sync \(feed.lastSuccess ?? "never")"
            if let watermark = feed.watermark { line += ", modified up to \(watermark)" }
            if let sha256 = feed.sha256 { line += ", sha256 \(sha256.prefix(12))…" }
            print(line)
        }
    }

    struct Status: Encodable {
        var path: String
        var bytes: Int
        var sources: [Source]
        /// Each downloaded feed's sync state: URL, ETag, SHA-256, watermark, last success.
        var feeds: [FeedSyncState]
        /// The manifest, when reading a snapshot.
        var snapshot: SnapshotManifest?

        struct Source: Encodable {
            var source: String
            var records: Int
            var newestModified: String?
        }
    }
}
