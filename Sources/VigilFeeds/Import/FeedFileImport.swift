import Foundation
public import VigilCore

/// Imports feed files into a store in one transaction: what `vigil db import` runs, and what the benchmarks measure.
///
/// Reader threads (one per core, up to four) read, decompress and parse files — each file whole on one thread — into
/// a bounded queue per file; the transaction stores the files' batches in file order as they come, so the result never
/// depends on which thread was faster, and memory stays a few batches per reader deep. If a file cannot be read, or
/// the process dies, the transaction is not committed and the store is as it was.
public struct FeedFileImport: Sendable {
    /// A file to read, and whether the user named it (an error when it is in no known format) or it was found in a
    /// directory (then it is ignored).
    public struct Input: Sendable {
        public var path: String
        public var named: Bool

        public init(path: String, named: Bool) {
            self.path = path
            self.named = named
        }
    }

    /// What one file gave.
    public struct FileReport: Encodable, Sendable {
        public var path: String
        public var format: String?
        public var read = 0
        public var inserted = 0
        public var replaced = 0
        public var unchanged = 0
        public var skipped: [SkippedRecord] = []
        /// Archive members in no known format.
        public var ignoredEntries = 0
        public var error: String?
        /// True for a file in a directory that is in no known format.
        public var ignored = false

        init(path: String) { self.path = path }

        mutating func add(_ batch: FeedImportBatch, _ counts: ImportCounts) {
            read += batch.records.count + (batch.packageCPEs?.count ?? 0)
            skipped += batch.skipped
            ignoredEntries += batch.ignoredEntries
            inserted += counts.inserted
            replaced += counts.replaced
            unchanged += counts.unchanged
        }
    }

    /// Progress, reported from the writing thread.
    public struct ProgressEvent: Sendable {
        /// The file being imported.
        public var path: String
        /// Bytes of the files finished so far, and of all files.
        public var doneBytes: Int
        public var totalBytes: Int
        /// Records read so far.
        public var records: Int
        /// True once every file is stored and the transaction commits.
        public var committing = false
    }

    /// The import did not commit: a file could not be read (its report says why).
    public struct Failed: Error, Sendable {
        public var reports: [FileReport]
    }

    public var registry: FeedImporterRegistry
    /// The largest file read.
    public var fileLimit: Int
    /// Reader threads; default one per core, at most four.
    public var readers: Int

    public init(registry: FeedImporterRegistry = .builtIn, fileLimit: Int = 2 << 30, readers: Int? = nil) {
        self.registry = registry
        self.fileLimit = fileLimit
        self.readers = max(1, readers ?? min(4, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Imports the files in one transaction.
    ///
    /// - Parameters:
    ///   - now: the time stamped on imported-file records.
    ///   - progress: called after each batch is stored.
    ///   - fileDone: called when a file is finished (for a line of output per file).
    /// - Returns: a report per file.
    /// - Throws: ``Failed`` when a file could not be read (nothing is committed), or the store's error.
    public func run(
        _ files: [Input], into store: any VulnerabilityStore, now: @escaping @Sendable () -> String,
        progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in },
        fileDone: @escaping @Sendable (FileReport) -> Void = { _ in }
    ) async throws -> [FileReport] {
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0 }
        let totalBytes = sizes.reduce(0, +)
        let queues = files.map { _ in BlockingQueue<Item>(capacity: 4) }
        let next = Counter()
        // At most two files per reader ahead of the one being written: enough to keep the writer busy, few enough
        // that readers never pile up whole files of parsed records (memory stays flat at any corpus size).
        let slots = DispatchSemaphore(value: 2 * readers + 1)
        for _ in 0..<min(readers, max(1, files.count)) {
            let reader = Thread { [self] in read(files, into: queues, next: next, slots: slots) }
            reader.stackSize = 8 << 20
            reader.start()
        }
        return try await store.importTransaction { session in
            defer {
                queues.forEach { $0.cancel() }
                // Wake readers waiting for a slot, so they see the cancel.
                for _ in 0...(2 * readers) { slots.signal() }
            }
            var reports = files.map { FileReport(path: $0.path) }
            var doneBytes = 0
            var records = 0
            for (index, queue) in queues.enumerated() {
                while let item = queue.take() {
                    switch item {
                    case .batch(let batch):
                        reports[index].add(batch.batch, try session.add(batch))
                        progress(
                            ProgressEvent(
                                path: files[index].path, doneBytes: doneBytes, totalBytes: totalBytes,
                                records: records + reports[index].read))
                    case .done(let outcome):
                        Self.finish(&reports[index], files[index], outcome, session: session, now: now)
                        doneBytes += sizes[index]
                        records += reports[index].read
                        fileDone(reports[index])
                        slots.signal()
                        if reports[index].error != nil { throw Failed(reports: reports) }
                    }
                }
            }
            progress(
                ProgressEvent(
                    path: "", doneBytes: totalBytes, totalBytes: totalBytes, records: records, committing: true))
            return reports
        }
    }

    /// What a reader hands the writer for one file.
    enum Item: Sendable {
        /// One document's records, prepared for writing.
        case batch(PreparedImportBatch)
        /// The file is read: its formats and SHA-256, or why it could not be read.
        case done(Result<(formats: [String], sha256: String), FeedImportError>)
    }

    struct Cancelled: Error {}

    /// Hands out file indexes to reader threads.
    final class Counter: @unchecked Sendable {
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
    func read(_ files: [Input], into queues: [BlockingQueue<Item>], next: Counter, slots: DispatchSemaphore) {
        while true {
            slots.wait()
            let index = next.take()
            guard index < files.count else {
                slots.signal()
                return
            }
            let queue = queues[index]
            guard !queue.isCancelled else { return }
            defer { queue.close() }
            let input = files[index]
            let result: Result<(formats: [String], sha256: String), FeedImportError>
            do {
                let bytes = try Self.readFile(input.path, limit: fileLimit)
                let formats = try registry.read(bytes, source: input.path) { _, batch in
                    guard queue.put(.batch(PreparedImportBatch(batch))) else { throw Cancelled() }
                }
                result = .success((formats, SHA256.hash(bytes).hexString))
            } catch is Cancelled {
                return
            } catch let error as FeedImportError {
                result = .failure(error)
            } catch {
                result = .failure(FeedImportError(.malformedDocument, "\(error)", source: input.path))
            }
            guard queue.put(.done(result)) else { return }
        }
    }

    static func readFile(_ path: String, limit: Int) throws(FeedImportError) -> [UInt8] {
        let url = URL(filePath: path)
        guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isDirectoryKey]) else {
            throw FeedImportError(.malformedDocument, "no such file, or it cannot be read", source: path)
        }
        if let size = values.fileSize, size > limit {
            throw FeedImportError(.tooLarge, "the file is \(size) bytes; the limit is \(limit)", source: path)
        }
        guard let data = try? Data(contentsOf: url) else {
            throw FeedImportError(.malformedDocument, "the file cannot be read (check its permissions)", source: path)
        }
        return [UInt8](data)
    }

    /// Completes a file's report once it is read: its format and log entry, or its error.
    static func finish(
        _ report: inout FileReport, _ input: Input,
        _ outcome: Result<(formats: [String], sha256: String), FeedImportError>,
        session: any VulnerabilityImportSession, now: () -> String
    ) {
        switch outcome {
        case .success(let (formats, sha256)):
            guard !formats.isEmpty else {
                if input.named {
                    report.error = "the archive holds no document in a known feed format [\(input.path)]"
                } else {
                    report.ignored = true
                }
                return
            }
            report.format = formats.joined(separator: ",")
            do {
                try session.logImportedFile(
                    ImportedFile(
                        path: input.path, sha256: sha256, format: report.format ?? "", records: report.read,
                        importedAt: now()))
            } catch {
                report.error = "\(error)"
            }
        case .failure(let error) where error.code == .unrecognisedFormat && !input.named:
            report.ignored = true
        case .failure(let error):
            report.error = "\(error)"
        }
    }
}
