public import VigilCore

/// Reads SPDX 2.2 and 2.3 tag-value documents.
public struct SPDXTagValueDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "spdx-tag"

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix.prefix(4096), as: UTF8.self)
        let first = text.split(separator: "\n").first { line in
            let trimmed = line.trimmingSpaces()
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        return first.map { $0.trimmingSpaces().hasPrefix("SPDXVersion:") } ?? false
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SBOMDecodingError(.malformedDocument, "an SPDX tag-value document must be UTF-8", source: source)
        }
        var reader = SPDXTagValueReader(source: source)
        let spdx = try reader.read(text)
        return try SPDX2Reader.read(spdx, source: source, limits: limits)
    }
}

/// Writes SPDX 2.3 tag-value.
public struct SPDXTagValueEncoder: SBOMEncoder {
    public let formatID: SBOMFormatID = "spdx-tag"

    public init() {}

    public func encode(_ document: SBOMDocument) throws -> [UInt8] {
        Array(try SPDXTagValueWriter.write(SPDX2Writer.write(document)).utf8)
    }
}
