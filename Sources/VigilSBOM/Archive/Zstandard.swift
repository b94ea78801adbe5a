import CZstd
public import VigilCore

/// Zstandard decompression through Debian's libzstd, bounded so that a small archive cannot expand without limit.
public enum Zstandard {
    /// The four magic bytes that start a Zstandard frame.
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    public static func isCompressed(_ prefix: ArraySlice<UInt8>) -> Bool { prefix.starts(with: magic) }

    /// One call of `ZSTD_decompressStream`: how many bytes it wrote and whether the frame is complete.
    private struct Step {
        var failed: Bool
        var produced: Int
        var frameComplete: Bool
    }

    /// Decompresses a whole buffer of one or more frames.
    ///
    /// - Throws: ``SBOMDecodingError/Code/tooLarge`` past `limit` bytes of output (a decompression bomb), and
    ///   ``SBOMDecodingError/Code/malformedDocument`` for corrupt or truncated input.
    /// - Complexity: O(*n*) in the output size; memory is the output plus one 128 KiB buffer.
    public static func decompress(
        _ input: [UInt8], limit: Int, source: String?, firstFrameOnly: Bool = false
    ) throws(SBOMDecodingError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else {
            throw SBOMDecodingError(
                .malformedDocument, "libzstd could not allocate a decompression stream", source: source)
        }
        defer { ZSTD_freeDStream(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        let result = input.withUnsafeBytes { inputBytes in
            Result { () throws(SBOMDecodingError) -> [UInt8] in
                var inBuffer = ZSTD_inBuffer(src: inputBytes.baseAddress, size: inputBytes.count, pos: 0)
                var frameComplete = true
                repeat {
                    let step = chunk.withUnsafeMutableBytes { chunkBytes in
                        var outBuffer = ZSTD_outBuffer(dst: chunkBytes.baseAddress, size: chunkBytes.count, pos: 0)
                        let code = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                        return Step(failed: ZSTD_isError(code) != 0, produced: outBuffer.pos, frameComplete: code == 0)
                    }
                    if step.failed {
                        throw SBOMDecodingError(.malformedDocument, "the Zstandard data is corrupt", source: source)
                    }
                    output.append(contentsOf: chunk[0..<step.produced])
                    if output.count > limit {
                        throw SBOMDecodingError(
                            .tooLarge, "the archive expands beyond \(limit) bytes (a decompression bomb?); refused",
                            source: source)
                    }
                    frameComplete = step.frameComplete
                    if firstFrameOnly && frameComplete { break }
                    if step.produced == 0 && inBuffer.pos == inBuffer.size && !frameComplete {
                        throw SBOMDecodingError(.malformedDocument, "the Zstandard data is truncated", source: source)
                    }
                } while inBuffer.pos < inBuffer.size || !frameComplete
                return output
            }
        }
        return try result.get()
    }
}
