public import VigilCore

/// The feed importers a command may use, tried in order on the (decompressed) content.
///
/// ```swift
/// let (format, batch) = try FeedImporterRegistry.builtIn.read(bytes, source: "nvdcve-2.0-2024.json.gz")
/// ```
public struct FeedImporterRegistry: Sendable {
    public var importers: [any FeedImporter]
    /// The most bytes one input may decompress to.
    public var decompressedLimit: Int

    public init(importers: [any FeedImporter], decompressedLimit: Int = 2 << 30) {
        self.importers = importers
        self.decompressedLimit = decompressedLimit
    }

    /// Every importer Vigil ships, most specific first (OSV's recognition is the loosest, so it comes last among
    /// the JSON formats).
    public static let builtIn = FeedImporterRegistry(importers: [
        NVDImporter(), NVDOverrideImporter(), CVE5Importer(), KEVImporter(), OSVImporter(), EPSSImporter(),
        AlpineSecDBImporter(), DebianAdvisoryListImporter(), DebianCPEListImporter(),
    ])

    /// Reads one input: gzip and xz are decompressed (recognised by magic bytes), zip and tar archives are opened
    /// and each member read the same way (archives nest up to ``maximumNesting`` deep: a GitHub zip of a repository,
    /// a `.tar.gz` snapshot), and each document goes to the importer that recognises its content. Members in no known
    /// format are counted in ``FeedImportBatch/ignoredEntries``. All decompression of one input shares one budget of
    /// ``decompressedLimit`` bytes.
    ///
    /// - Throws: ``FeedImportError`` with ``FeedImportError/Code/unrecognisedFormat`` naming the known formats when no
    ///   importer recognises a document that is not in an archive, or the importer's, archive's or decompressor's
    ///   error.
    public func read(
        _ bytes: [UInt8], source: String?
    ) throws(FeedImportError) -> (format: String, batch: FeedImportBatch) {
        var batch = FeedImportBatch()
        do {
            let formats = try read(bytes, source: source) { _, part in batch.append(part) }
            return (formats.joined(separator: ","), batch)
        } catch let error as FeedImportError {
            throw error
        } catch {
            throw FeedImportError(.malformedDocument, "\(error)", source: source)
        }
    }

    /// Reads one input as ``read(_:source:)`` does, handing each document's batch to `each` as soon as it is read
    /// (with its name inside archives), so that an archive of many documents never needs all its records in memory.
    ///
    /// - Returns: the formats found, in order.
    /// - Throws: ``FeedImportError``, or what `each` throws.
    public func read(
        _ bytes: [UInt8], source: String?, each: (String, FeedImportBatch) throws -> Void
    ) throws -> [String] {
        var budget = decompressedLimit
        var formats: [String] = []
        var ignored = 0
        try read(
            bytes, source: source, location: "", depth: 0, budget: &budget, formats: &formats, ignored: &ignored,
            each: each)
        if ignored > 0 {
            var batch = FeedImportBatch()
            batch.ignoredEntries = ignored
            try each(source ?? "input", batch)
        }
        return formats
    }

    /// How deep archives may nest (a zip in a zip, a tar in a gzip counts once).
    public static let maximumNesting = 3

    private func read(
        _ bytes: [UInt8], source: String?, location: String, depth: Int, budget: inout Int, formats: inout [String],
        ignored: inout Int, each: (String, FeedImportBatch) throws -> Void
    ) throws {
        let name = source ?? "input"
        if let compression = Decompression.format(of: bytes.prefix(8)) {
            let content = try Decompression.decompress(bytes, format: compression, limit: budget, source: source)
            budget -= content.count
            return try read(
                content, source: source, location: location, depth: depth, budget: &budget, formats: &formats,
                ignored: &ignored, each: each)
        }
        let isZip = ZipArchive.isZip(bytes.prefix(4))
        let isTar = TarReader.isTar(bytes.prefix(512))
        guard isZip || isTar else {
            let (format, batch) = try readDocument(bytes, source: source)
            if !formats.contains(format) { formats.append(format) }
            var located = FeedImportBatch()
            located.append(batch, locationPrefix: location.isEmpty ? "" : location + " ")
            try each(name, located)
            return
        }
        guard depth < Self.maximumNesting else {
            throw FeedImportError(.tooLarge, "archives nest more than \(Self.maximumNesting) deep", source: source)
        }
        func take(_ member: String, _ contents: [UInt8], budget: inout Int) throws {
            do {
                try read(
                    contents, source: name + "!" + member, location: member, depth: depth + 1, budget: &budget,
                    formats: &formats, ignored: &ignored, each: each)
            } catch let error as FeedImportError where error.code == .unrecognisedFormat {
                ignored += 1
            }
        }
        if isZip {
            let archive = try ZipArchive(bytes, source: source)
            for entry in archive.entries where !entry.isDirectory {
                guard entry.uncompressedSize <= budget else {
                    throw FeedImportError(
                        .tooLarge,
                        "the archive expands to more than \(decompressedLimit) bytes (a decompression bomb?)",
                        source: source)
                }
                let contents = try archive.contents(of: entry, limit: budget)
                budget -= contents.count
                try take(entry.name, contents, budget: &budget)
            }
            return
        }
        let members: [TarReader.Member]
        do {
            members = try TarReader.members(of: bytes, maximumMembers: ZipArchive.maximumEntries)
        } catch {
            throw FeedImportError(
                error.code == .tooLarge ? .tooLarge : .malformedDocument, "tar: \(error.message)", source: source)
        }
        for member in members {
            try take(member.path, Array(member.contents), budget: &budget)
        }
    }

    private func readDocument(
        _ content: [UInt8], source: String?
    ) throws(FeedImportError) -> (format: String, batch: FeedImportBatch) {
        let prefix = content.prefix(65_536)
        guard let importer = importers.first(where: { $0.recognises(prefix) }) else {
            throw FeedImportError(
                .unrecognisedFormat,
                "the content is none of the known feed formats (\(importers.map(\.formatID).joined(separator: ", ")))",
                source: source)
        }
        return (importer.formatID, try importer.read(content, source: source))
    }
}
