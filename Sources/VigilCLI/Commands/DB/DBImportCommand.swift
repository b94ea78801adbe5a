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

    /// What one file gave.
    struct FileReport: Encodable, Sendable {
        var path: String
        var format: String?
        var read: Int
        var inserted: Int
        var replaced: Int
        var unchanged: Int
        var skipped: [SkippedRecord]
        /// Archive members in no known format.
        var ignoredEntries: Int
        var error: String?
        /// True for a file in a directory that is in no known format.
        var ignored: Bool
    }

    /// A file to read, and whether the user named it (an error) or it was found in a directory (ignored when it is
    /// in no known format).
    struct Input: Sendable {
        var path: String
        var named: Bool
    }

    struct Failed: Error {}

    func run() async throws {
        let store = try database.open(writing: true)
        var inputs: [Input] = []
        // The database's own files are never read as feeds, even inside a directory being imported.
        let own = Set(
            ["", "-wal", "-shm", "-journal"].map { URL(filePath: database.resolvedPath + $0).standardizedFileURL.path })
        for path in paths {
            let files = try Self.files(at: path)
            inputs += files.filter { !own.contains(URL(filePath: $0).standardizedFileURL.path) }
                .map { Input(path: $0, named: files == [path]) }
        }
        let files = inputs
        let printTable = !quiet && format == .table
        let progress = Progress(quiet: quiet)
        let totalBytes = files.reduce(0) { total, input in
            total + ((try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int) ?? 0)
        }
        let outcome: Result<[FileReport], Failed>
        do {
            outcome = .success(
                try await store.importTransaction { session in
                    var reports: [FileReport] = []
                    var doneBytes = 0
                    var records = 0
                    for input in files {
                        let size = (try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int) ?? 0
                        let report = Self.importFile(input, session: session) { read in
                            progress.show(
                                done: doneBytes, of: totalBytes, unit: "MB", records: records + read,
                                label: "importing \(URL(filePath: input.path).lastPathComponent):")
                        }
                        doneBytes += size
                        records += report.read
                        progress.finish()
                        if printTable { Self.printLine(report) }
                        reports.append(report)
                        if report.error != nil { throw Failed() }
                    }
                    progress.show("committing \(records) records", force: true)
                    return reports
                })
        } catch is Failed {
            outcome = .failure(Failed())
        }
        progress.finish()
        switch outcome {
        case .success(let reports):
            if format == .json { print(try JSONOutput.encode(reports)) }
        case .failure:
            Console.error("nothing was imported: the database is unchanged")
            throw ExitStatus.invalidInput
        }
    }

    /// Imports one file through the session; `onBatch` gets the records read so far after each document.
    static func importFile(
        _ input: Input, session: any VulnerabilityImportSession, onBatch: (Int) -> Void = { _ in }
    ) -> FileReport {
        var report = FileReport(
            path: input.path, read: 0, inserted: 0, replaced: 0, unchanged: 0, skipped: [], ignoredEntries: 0,
            ignored: false)
        do {
            let bytes = try Files.read(input.path, limit: 2 << 30)
            var counts = ImportCounts()
            // Each document of an archive goes to the store as soon as it is read: records never pile up in memory.
            let formats = try FeedImporterRegistry.builtIn.read(bytes, source: input.path) { _, batch in
                counts = counts + (try session.add(batch))
                report.read += batch.records.count + (batch.packageCPEs?.count ?? 0)
                report.skipped += batch.skipped
                report.ignoredEntries += batch.ignoredEntries
                onBatch(report.read)
            }
            if !formats.isEmpty {
                try session.logImportedFile(
                    ImportedFile(
                        path: input.path, sha256: SHA256.hash(bytes).hexString, format: formats.joined(separator: ","),
                        records: report.read, importedAt: Self.now()))
            }
            if formats.isEmpty {
                guard !input.named else {
                    throw FeedImportError(
                        .unrecognisedFormat, "the archive holds no document in a known feed format", source: input.path)
                }
                report.ignored = true
            }
            report.format = formats.joined(separator: ",")
            report.inserted = counts.inserted
            report.replaced = counts.replaced
            report.unchanged = counts.unchanged
        } catch let error as FeedImportError where error.code == .unrecognisedFormat && !input.named {
            report.ignored = true
        } catch {
            report.error = "\(error)"
            Console.error("\(error)")
        }
        return report
    }

    /// The current time, ISO 8601 in UTC.
    static func now() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }

    private static func printLine(_ report: FileReport) {
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
