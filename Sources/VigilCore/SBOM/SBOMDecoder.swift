/// Reads one SBOM format into an ``SBOMDocument``.
///
/// ## Implementing a conformer
/// - `canDecode(prefix:)` is a cheap sniff of the first bytes (up to 64 KiB); it never throws and returns `false`
///   for garbage. Formats are detected from content, never from file names.
/// - `decode` is total: it returns a document or throws ``SBOMDecodingError`` naming the location in the document,
///   never traps, and enforces ``SBOMDecodingLimits``.
/// - Decoding is deterministic: the same bytes give the same document.
/// - Fields the model has no home for go into ``SBOMProperty`` lists under `<format>:<field>`, so that the
///   matching ``SBOMEncoder`` can write them back.
public protocol SBOMDecoder: Sendable {
    /// The format this decoder reads.
    var formatID: SBOMFormatID { get }
    /// Whether the content looks like this format.
    func canDecode(prefix: ArraySlice<UInt8>) -> Bool
    /// Decodes a whole document.
    ///
    /// - Parameters:
    ///   - bytes: The document.
    ///   - source: Its path or URL, for error messages.
    ///   - limits: Bounds against hostile input.
    func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
}

/// Writes an ``SBOMDocument`` in one SBOM format.
///
/// ## Implementing a conformer
/// - Output is deterministic: the same document gives the same bytes (sorted keys, stable order).
/// - Whatever the matching ``SBOMDecoder`` reads back must equal the document written, up to fields the format
///   cannot carry, which go into namespaced properties rather than being dropped.
public protocol SBOMEncoder: Sendable {
    /// The format this encoder writes.
    var formatID: SBOMFormatID { get }
    /// Encodes a document.
    func encode(_ document: SBOMDocument) throws -> [UInt8]
}

/// The SBOM decoders a program uses, tried in order when sniffing.
public struct SBOMDecoderRegistry: Sendable {
    public let decoders: [any SBOMDecoder]
    public init(_ decoders: [any SBOMDecoder]) { self.decoders = decoders }

    /// The first decoder that recognises the content.
    public func decoder(for prefix: ArraySlice<UInt8>) -> (any SBOMDecoder)? {
        decoders.first { $0.canDecode(prefix: prefix) }
    }

    /// Detects the format from the content and decodes.
    ///
    /// - Throws: ``SBOMDecodingError/Code/unrecognisedFormat`` naming the formats tried, or the decoder's error.
    public func decode(
        _ bytes: [UInt8], source: String? = nil, limits: SBOMDecodingLimits = SBOMDecodingLimits()
    )
        throws(SBOMDecodingError) -> SBOMDocument
    {
        guard bytes.count <= limits.maximumBytes else {
            throw SBOMDecodingError(
                .tooLarge, "the document is \(bytes.count) bytes; the limit is \(limits.maximumBytes)", source: source)
        }
        guard let decoder = decoder(for: bytes.prefix(65_536)) else {
            let known = decoders.map(\.formatID.rawValue).joined(separator: ", ")
            throw SBOMDecodingError(
                .unrecognisedFormat, "the content is none of the known SBOM formats (\(known))", source: source)
        }
        return try decoder.decode(bytes, source: source, limits: limits)
    }
}

/// The SBOM encoders a program uses, by format.
public struct SBOMEncoderRegistry: Sendable {
    public let encoders: [any SBOMEncoder]
    public init(_ encoders: [any SBOMEncoder]) { self.encoders = encoders }

    /// The encoder for a format, or `nil`.
    public func encoder(for format: SBOMFormatID) -> (any SBOMEncoder)? {
        encoders.first { $0.formatID == format }
    }
}
