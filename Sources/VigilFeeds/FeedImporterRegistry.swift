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

    /// Every importer Vigil ships.
    public static let builtIn = FeedImporterRegistry(importers: [NVDImporter()])

    /// Decompresses gzip or xz input (recognised by magic bytes), picks the importer by content and reads the input.
    ///
    /// - Throws: ``FeedImportError`` with ``FeedImportError/Code/unrecognisedFormat`` naming the known formats when no
    ///   importer recognises the content, or the importer's or decompressor's error.
    public func read(
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
