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

        mutating func add(_ batch: FeedImportBatch, _ counts: ImportCounts) {
            read += batch.records.count + (batch.packageCPEs?.count ?? 0)
            skipped += batch.skipped
            ignoredEntries += batch.ignoredEntries
            inserted += counts.inserted
            replaced += counts.replaced
            unchanged += counts.unchanged
        }
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
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0 }
        let totalBytes = sizes.reduce(0, +)
        // Reader threads (one per core) read, decompress and parse files, each file whole on one thread, into a
        // bounded queue per file; the write transaction stores the files' batches in file order as they come, so the
        // result does not depend on which thread was faster, and memory stays a few batches per reader deep.
        let queues = files.map { _ in BlockingQueue<ImportItem>(capacity: 4) }
        let next = FileCounter()
        for _ in 0..<max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, files.count)) {
            let reader = Thread { Self.read(files, into: queues, next: next) }
            reader.stackSize = 8 << 20
            reader.start()
        }
        let outcome: Result<[FileReport], Failed>
        do {
            outcome = .success(
                try await store.importTransaction { session in
                    defer { queues.forEach { $0.cancel() } }
                    var reports = files.map {
                        FileReport(
                            path: $0.path, read: 0, inserted: 0, replaced: 0, unchanged: 0, skipped: [],
                            ignoredEntries: 0, ignored: false)
                    }
                    var doneBytes = 0
                    var records = 0
                    for queue in queues {
                        while let item = queue.take() {
                            switch item {
                            case .batch(let index, let batch):
                                let counts = try session.add(batch)
                                reports[index].add(batch, counts)
                                progress.show(
                                    done: doneBytes, of: totalBytes, unit: "MB", records: records + reports[index].read,
                                    label: "importing \(URL(filePath: files[index].path).lastPathComponent):")
                            case .done(let index, let outcome):
                                Self.finish(&reports[index], files[index], outcome, session: session)
                                doneBytes += sizes[index]
                                records += reports[index].read
                                progress.finish()
                                if printTable { Self.printLine(reports[index]) }
                                if reports[index].error != nil { throw Failed() }
                            }
                        }
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

    /// What the reader thread hands the writer.
    enum ImportItem: Sendable {
        /// One document's records, from file `index`.
        case batch(Int, FeedImportBatch)
        /// File `index` is read: its formats and SHA-256, or why it could not be read.
        case done(Int, Result<(formats: [String], sha256: String), FeedImportError>)
    }

    struct Cancelled: Error {}

    /// Hands out file indexes to reader threads.
    final class FileCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func take() -> Int {
            lock.withLock {
                defer { value += 1 }
                return value
            }
        }
    }

    /// Takes the next unread file, reads it into batches on its queue (each document of an archive as soon as it is
    /// read), closes the queue, and repeats. Stops early when the writer cancels.
    static func read(_ files: [Input], into queues: [BlockingQueue<ImportItem>], next: FileCounter) {
        while true {
            let index = next.take()
            guard index < files.count else { return }
            let queue = queues[index]
            defer { queue.close() }
            let input = files[index]
            let result: Result<(formats: [String], sha256: String), FeedImportError>
            do {
                let bytes = try Files.read(input.path, limit: 2 << 30)
                let formats = try FeedImporterRegistry.builtIn.read(bytes, source: input.path) { _, batch in
                    guard queue.put(.batch(index, batch)) else { throw Cancelled() }
                }
                result = .success((formats, SHA256.hash(bytes).hexString))
            } catch is Cancelled {
                return
            } catch let error as FeedImportError {
                result = .failure(error)
            } catch {
                result = .failure(FeedImportError(.malformedDocument, "\(error)", source: input.path))
            }
            guard queue.put(.done(index, result)) else { return }
        }
    }

    /// Completes a file's report once it is read: its format, its log entry, or its error.
    static func finish(
        _ report: inout FileReport, _ input: Input,
        _ outcome: Result<(formats: [String], sha256: String), FeedImportError>,
        session: any VulnerabilityImportSession
    ) {
        switch outcome {
        case .success(let (formats, sha256)):
            if formats.isEmpty {
                guard !input.named else {
                    report.error = "the archive holds no document in a known feed format [\(input.path)]"
                    Console.error(report.error!)
                    return
                }
                report.ignored = true
                return
            }
            report.format = formats.joined(separator: ",")
            do {
                try session.logImportedFile(
                    ImportedFile(
                        path: input.path, sha256: sha256, format: report.format ?? "", records: report.read,
                        importedAt: Self.now()))
            } catch {
                report.error = "\(error)"
                Console.error("\(error)")
            }
        case .failure(let error) where error.code == .unrecognisedFormat && !input.named:
            report.ignored = true
        case .failure(let error):
            report.error = "\(error)"
            Console.error("\(error)")
        }
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
