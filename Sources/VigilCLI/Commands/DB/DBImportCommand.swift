import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil db import PATH…`: reads feed files and directories into the database.
struct DBImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vulnerability feed files or directories into the database.",
        discussion: """
            Each file's format is detected from its content; gzip and xz files are decompressed first. Directories \
            are read recursively in name order (hidden files and symbolic links are skipped). Formats: \
            \(FeedImporterRegistry.builtIn.importers.map(\.formatID).joined(separator: ", ")). Each file is imported in \
            one transaction; a record replaces the stored one from the same source only if it is newer, so importing \
            again changes nothing. Records that do not validate are skipped, counted and listed on standard error \
            with their id and reason.

            Exit status: 0 when every file was imported (skipped records included), 2 when a file could not be read \
            or is in no known format (the other files are still imported).
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Feed files or directories.") var paths: [String]
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table
    @Flag(help: "Print nothing but errors.") var quiet = false

    /// What one file gave.
    struct FileReport: Encodable {
        var path: String
        var format: String?
        var read: Int
        var inserted: Int
        var replaced: Int
        var unchanged: Int
        var skipped: [SkippedRecord]
        var error: String?
    }

    func run() async throws {
        let store = try database.open()
        var reports: [FileReport] = []
        for path in paths {
            for file in try Self.files(at: path) {
                reports.append(await Self.importFile(file, into: store))
                if !quiet, format == .table, let report = reports.last { Self.printLine(report) }
            }
        }
        if format == .json {
            print(try JSONOutput.encode(reports))
        }
        if reports.contains(where: { $0.error != nil }) { throw ExitStatus.invalidInput }
    }

    static func importFile(_ path: String, into store: SQLiteVulnerabilityStore) async -> FileReport {
        var report = FileReport(path: path, read: 0, inserted: 0, replaced: 0, unchanged: 0, skipped: [])
        do {
            let bytes = try Files.read(path, limit: 2 << 30)
            let (format, batch) = try FeedImporterRegistry.builtIn.read(bytes, source: path)
            let counts = try await store.importRecords(batch.records)
            report.format = format
            report.read = batch.records.count
            report.inserted = counts.inserted
            report.replaced = counts.replaced
            report.unchanged = counts.unchanged
            report.skipped = batch.skipped
        } catch {
            report.error = "\(error)"
            Console.error("\(error)")
        }
        return report
    }

    private static func printLine(_ report: FileReport) {
        guard report.error == nil else { return }
        print(
            "\(report.path): \(report.format ?? "?"), \(report.read) records: \(report.inserted) new, "
                + "\(report.replaced) replaced, \(report.unchanged) unchanged, \(report.skipped.count) skipped")
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
        abstract: "Show how many records each source holds and the database's size.",
        discussion: "Exit status: 0, or 2 when the database cannot be opened.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try database.open()
        let counts = try await store.countsBySource()
        let size = (try? URL(filePath: database.resolvedPath).resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
        if format == .json {
            let object = Status(
                path: database.resolvedPath, bytes: size,
                sources: counts.map { .init(source: $0.key.rawValue, records: $0.value) }.sorted {
                    $0.source < $1.source
                })
            print(try JSONOutput.encode(object))
            return
        }
        print("database \(database.resolvedPath) (\(size) bytes)")
        for (source, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            print("\(source.rawValue)  \(count) records")
        }
        if counts.isEmpty { print("no records; import feeds with 'vigil db import PATH…'") }
    }

    struct Status: Encodable {
        var path: String
        var bytes: Int
        var sources: [Source]

        struct Source: Encodable {
            var source: String
            var records: Int
        }
    }
}
