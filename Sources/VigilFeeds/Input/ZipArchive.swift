import CZlib
public import VigilCore

/// A reader of zip archives held in memory (OSV's bulk `all.zip` per ecosystem, NVD's `.json.zip` feeds): entries
/// are listed from the central directory and inflated one at a time, never written to disk.
///
/// Hostile input is bounded: at most ``maximumEntries`` entries, each entry's and the whole archive's output capped,
/// sizes checked against the central directory, CRC-32 verified. Encrypted entries, Zip64 archives and methods other
/// than stored and deflate are rejected with a clear error.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable {
        public var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public static let maximumEntries = 1_000_000
    /// `PK\u{3}\u{4}`: a local file header, the start of every zip.
    public static func isZip(_ prefix: ArraySlice<UInt8>) -> Bool { prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    private let bytes: [UInt8]
    public let entries: [Entry]
    private let source: String?

    /// Reads the central directory.
    ///
    /// - Throws: ``FeedImportError`` (`malformedDocument`) for a truncated or corrupt archive, `unsupportedVersion` for
    ///   Zip64 or encryption.
    public init(_ bytes: [UInt8], source: String?) throws(FeedImportError) {
        self.bytes = bytes
        self.source = source
        func fail(_ message: String) -> FeedImportError {
            FeedImportError(.malformedDocument, "zip: \(message)", source: source)
        }
        // The end-of-central-directory record is in the last 22 + 65,535 bytes.
        let searchStart = max(0, bytes.count - 22 - 65_535)
        var end: Int?
        var index = bytes.count - 22
        while index >= searchStart {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                end = index
                break
            }
            index -= 1
        }
        guard let end else { throw fail("no end of central directory (truncated?)") }
        let count = Int(Self.u16(bytes, end + 10))
        let directorySize = Int(Self.u32(bytes, end + 12))
        let directoryOffset = Int(Self.u32(bytes, end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            throw FeedImportError(.unsupportedVersion, "zip: Zip64 archives are not supported", source: source)
        }
        guard count <= Self.maximumEntries else { throw fail("more than \(Self.maximumEntries) entries") }
        guard directoryOffset + directorySize <= end else { throw fail("the central directory is out of bounds") }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= end, Self.u32(bytes, offset) == 0x0201_4B50 else {
                throw fail("a central directory entry is corrupt")
            }
            let nameLength = Int(Self.u16(bytes, offset + 28))
            let extraLength = Int(Self.u16(bytes, offset + 30))
            let commentLength = Int(Self.u16(bytes, offset + 32))
            guard offset + 46 + nameLength <= end else { throw fail("an entry name is out of bounds") }
            let entry = Entry(
                name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                method: Self.u16(bytes, offset + 10), flags: Self.u16(bytes, offset + 8),
                crc32: Self.u32(bytes, offset + 16), compressedSize: Int(Self.u32(bytes, offset + 20)),
                uncompressedSize: Int(Self.u32(bytes, offset + 24)),
                localHeaderOffset: Int(Self.u32(bytes, offset + 42)))
            entries.append(entry)
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// An entry's content, at most `limit` bytes.
    public func contents(of entry: Entry, limit: Int) throws(FeedImportError) -> [UInt8] {
        let location = (source ?? "zip") + ":" + entry.name
        func fail(_ message: String) -> FeedImportError {
            FeedImportError(.malformedDocument, "zip entry \(entry.name): \(message)", source: source)
        }
        if entry.flags & 1 != 0 {
            throw FeedImportError(.unsupportedVersion, "encrypted zip entries are not supported", source: location)
        }
        guard entry.uncompressedSize <= limit else {
            throw FeedImportError(
                .tooLarge, "zip entry \(entry.name) expands to more than \(limit) bytes", source: source)
        }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4B50 else {
            throw fail("the local header is corrupt")
        }
        let dataStart = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard dataStart + entry.compressedSize <= bytes.count else { throw fail("the data is truncated") }
        let data = bytes[dataStart..<(dataStart + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case 0:
            output = Array(data)
        case 8:
            output = try Self.inflateRaw(data, expected: entry.uncompressedSize, fail: fail)
        default:
            throw FeedImportError(
                .unsupportedVersion,
                "zip entry \(entry.name): compression method \(entry.method) is not supported "
                    + "(stored and deflate are)", source: source)
        }
        guard output.count == entry.uncompressedSize else { throw fail("the size does not match the directory") }
        let crc = output.withUnsafeBufferPointer { buffer in
            CZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count))
        }
        guard UInt32(crc) == entry.crc32 else { throw fail("the CRC-32 does not match (corrupt data)") }
        return output
    }

    /// Inflates raw deflate data to exactly `expected` bytes (the central directory's size): any more is an error,
    /// so a lying directory cannot make it expand without bound.
    private static func inflateRaw(
        _ data: ArraySlice<UInt8>, expected: Int, fail: (String) -> FeedImportError
    ) throws(FeedImportError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        let produced = output.count - Int(stream.avail_out)
        guard status == Z_STREAM_END, produced == expected else {
            throw fail(produced > expected ? "the data expands past its declared size" : "the deflate data is corrupt")
        }
        output.removeLast()
        return output
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
}
