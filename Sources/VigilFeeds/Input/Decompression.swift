import CLZMA
import CZlib
public import VigilCore

/// gzip (zlib) and xz (liblzma) decompression through Debian's libraries, bounded so that a small file cannot expand
/// without limit (a decompression bomb).
public enum Decompression {
    public enum Format: String, Sendable {
        case gzip, xz
    }

    /// The compression a buffer starts with, from its magic bytes.
    public static func format(of prefix: ArraySlice<UInt8>) -> Format? {
        if prefix.starts(with: [0x1F, 0x8B]) { return .gzip }
        if prefix.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        return nil
    }

    /// Decompresses a whole buffer; concatenated gzip members and xz streams are all read.
    ///
    /// - Throws: ``FeedImportError/Code/tooLarge`` past `limit` bytes of output, and
    ///   ``FeedImportError/Code/malformedDocument`` for corrupt or truncated input.
    /// - Complexity: O(*n*) in the output size; memory is the output plus one 256 KiB buffer.
    public static func decompress(
        _ input: [UInt8], format: Format, limit: Int, source: String?
    ) throws(FeedImportError) -> [UInt8] {
        switch format {
        case .gzip: try gunzip(input, limit: limit, source: source, firstStreamOnly: false)
        case .xz: try unxz(input, limit: limit, source: source, firstStreamOnly: false)
        }
    }

    /// Decompresses the one gzip member or xz stream the buffer starts with, ignoring what follows it (a kernel
    /// image's compressed payload is followed by other data).
    public static func decompressFirstStream(
        _ input: [UInt8], format: Format, limit: Int, source: String?
    ) throws(FeedImportError) -> [UInt8] {
        switch format {
        case .gzip: try gunzip(input, limit: limit, source: source, firstStreamOnly: true)
        case .xz: try unxz(input, limit: limit, source: source, firstStreamOnly: true)
        }
    }

    private static let chunkSize = 256 * 1024

    private static func gunzip(
        _ input: [UInt8], limit: Int, source: String?, firstStreamOnly: Bool
    ) throws(FeedImportError) -> [UInt8] {
        var output: [UInt8] = []
        // The trailer's ISIZE is the size modulo 2^32 of the last member: a hint that saves regrowing a large output
        // (never trusted beyond the limit).
        if input.count >= 18 && !firstStreamOnly {
            let size = input.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
            output.reserveCapacity(min(size, limit, input.count * 64))
        }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var failure: FeedImportError?
        input.withUnsafeBufferPointer { inputBytes in
            var offset = 0
            // One inflate stream per gzip member.
            while offset < inputBytes.count && failure == nil {
                var stream = z_stream()
                // 16 + 15: a gzip wrapper, the largest window.
                guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    failure = FeedImportError(.malformedDocument, "zlib could not start inflating", source: source)
                    return
                }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: inputBytes.baseAddress! + offset)
                stream.avail_in = UInt32(inputBytes.count - offset)
                var status = Z_OK
                while status == Z_OK {
                    status = chunk.withUnsafeMutableBufferPointer { chunkBytes in
                        stream.next_out = chunkBytes.baseAddress
                        stream.avail_out = UInt32(chunkBytes.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = chunk.count - Int(stream.avail_out)
                    if output.count + produced > limit {
                        failure = FeedImportError(
                            .tooLarge, "decompresses to more than \(limit) bytes (a decompression bomb?)",
                            source: source)
                        return
                    }
                    output.append(contentsOf: chunk[..<produced])
                    if status == Z_BUF_ERROR && stream.avail_in == 0 {
                        failure = FeedImportError(.malformedDocument, "the gzip data is truncated", source: source)
                        return
                    }
                }
                guard status == Z_STREAM_END else {
                    failure = FeedImportError(
                        .malformedDocument, "the gzip data is corrupt (zlib status \(status))", source: source)
                    return
                }
                offset = inputBytes.count - Int(stream.avail_in)
                if firstStreamOnly { break }
                // Trailing zero padding after the last member is tolerated, as gzip does.
                if inputBytes[offset...].allSatisfy({ $0 == 0 }) { break }
            }
        }
        if let failure { throw failure }
        return output
    }

    private static func unxz(
        _ input: [UInt8], limit: Int, source: String?, firstStreamOnly: Bool
    ) throws(FeedImportError) -> [UInt8] {
        var stream = lzma_stream()
        // 0x08 is LZMA_CONCATENATED (a macro Swift does not import): read every stream of the file.
        guard lzma_stream_decoder(&stream, UInt64.max, firstStreamOnly ? 0 : 0x08) == LZMA_OK else {
            throw FeedImportError(.malformedDocument, "liblzma could not start decoding", source: source)
        }
        defer { lzma_end(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var failure: FeedImportError?
        input.withUnsafeBufferPointer { inputBytes in
            stream.next_in = inputBytes.baseAddress
            stream.avail_in = inputBytes.count
            var status = LZMA_OK
            while status == LZMA_OK {
                status = chunk.withUnsafeMutableBufferPointer { chunkBytes in
                    stream.next_out = chunkBytes.baseAddress
                    stream.avail_out = chunkBytes.count
                    return lzma_code(&stream, stream.avail_in == 0 ? LZMA_FINISH : LZMA_RUN)
                }
                let produced = chunk.count - stream.avail_out
                if output.count + produced > limit {
                    failure = FeedImportError(
                        .tooLarge, "decompresses to more than \(limit) bytes (a decompression bomb?)", source: source)
                    return
                }
                output.append(contentsOf: chunk[..<produced])
            }
            if status != LZMA_STREAM_END {
                failure = FeedImportError(
                    .malformedDocument,
                    status == LZMA_BUF_ERROR
                        ? "the xz data is truncated" : "the xz data is corrupt (liblzma status \(status.rawValue))",
                    source: source)
            }
        }
        if let failure { throw failure }
        return output
    }
}
