/// Bounds a decoder enforces so that hostile documents fail with an error instead of exhausting the machine.
public struct SBOMDecodingLimits: Sendable, Hashable {
    /// The largest document accepted, in bytes.
    public var maximumBytes: Int
    /// The most components accepted.
    public var maximumComponents: Int
    /// The deepest nesting of objects and arrays accepted.
    public var maximumDepth: Int

    public init(maximumBytes: Int = 512 << 20, maximumComponents: Int = 1_000_000, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumComponents = maximumComponents
        self.maximumDepth = maximumDepth
    }
}

extension SBOMDecodingLimits {
    /// Refuses a document larger than ``maximumBytes``.
    ///
    /// - Throws: ``SBOMDecodingError/Code/tooLarge``.
    public func checkSize(_ byteCount: Int, source: String?) throws(SBOMDecodingError) {
        guard byteCount <= maximumBytes else {
            throw SBOMDecodingError(
                .tooLarge, "the document is \(byteCount) bytes; the limit is \(maximumBytes)",
                source: source)
        }
    }

    /// Refuses a document with more than ``maximumComponents`` components.
    ///
    /// - Throws: ``SBOMDecodingError/Code/tooLarge``.
    public func checkComponents(_ count: Int, source: String?) throws(SBOMDecodingError) {
        guard count <= maximumComponents else {
            throw SBOMDecodingError(.tooLarge, "\(count) components; the limit is \(maximumComponents)", source: source)
        }
    }
}
