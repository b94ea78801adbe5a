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

    /// Decompresses gzip or xz input (recognised by magic bytes), picks the importer by content and reads the input.
    /// A zip archive's entries are each read this way (not nested zips), and merged: an entry in no known format is
    /// listed as skipped, with its name.
    ///
    /// - Throws: ``FeedImportError`` with ``FeedImportError/Code/unrecognisedFormat`` naming the known formats when no
    ///   importer recognises the content, or the importer's or decompressor's error.
    public func read(
        _ bytes: [UInt8], source: String?
    ) throws(FeedImportError) -> (format: String, batch: FeedImportBatch) {
        guard ZipArchive.isZip(bytes.prefix(4)) else { return try readOne(bytes, source: source) }
        let archive = try ZipArchive(bytes, source: source)
        var batch = FeedImportBatch()
        var formats: [String] = []
        var total = 0
        for entry in archive.entries where !entry.isDirectory {
            total += entry.uncompressedSize
            guard total <= decompressedLimit else {
                throw FeedImportError(
                    .tooLarge, "the zip expands to more than \(decompressedLimit) bytes (a decompression bomb?)",
                    source: source)
            }
            let content = try archive.contents(of: entry, limit: decompressedLimit)
            guard !ZipArchive.isZip(content.prefix(4)) else {
                batch.skipped.append(.init(id: nil, location: entry.name, reason: "nested zip archives are not read"))
                continue
            }
            do {
                let (format, part) = try readOne(content, source: (source ?? "zip") + ":" + entry.name)
                if !formats.contains(format) { formats.append(format) }
                batch.append(part, locationPrefix: entry.name + " ")
            } catch  where error.code == .unrecognisedFormat {
                batch.skipped.append(.init(id: nil, location: entry.name, reason: "not a known feed format"))
            }
        }
        return ("zip(\(formats.joined(separator: ",")))", batch)
    }

    private func readOne(
        _ bytes: [UInt8], source: String?
    ) throws(FeedImportError) -> (format: String, batch: FeedImportBatch) {
        var content = bytes
        if let compression = Decompression.format(of: bytes.prefix(8)) {
            content = try Decompression.decompress(bytes, format: compression, limit: decompressedLimit, source: source)
        }
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
