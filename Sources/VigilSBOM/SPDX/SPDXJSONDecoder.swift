public import VigilCore

/// Reads SPDX 2.2 and 2.3 JSON documents (https://spdx.github.io/spdx-spec/v2.3/).
public struct SPDXJSONDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "spdx-json"

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        // Writers that sort keys put "spdxVersion" last; the document's own SPDXID comes first.
        (JSONGuard.prefix(prefix, startsObjectContaining: "\"spdxVersion\"")
            || JSONGuard.prefix(prefix, startsObjectContaining: "\"SPDXRef-DOCUMENT\""))
            && !JSONGuard.prefix(prefix, startsObjectContaining: "\"@context\"")
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        try JSONGuard.checkDepth(bytes, maximumDepth: limits.maximumDepth, source: source)
        let spdx = try JSONGuard.decode(SPDX2.Document.self, from: bytes, format: "SPDX JSON", source: source)
        return try SPDX2Reader.read(spdx, source: source, limits: limits)
    }
}

/// Writes SPDX 2.3 JSON.
public struct SPDXJSONEncoder: SBOMEncoder {
    public let formatID: SBOMFormatID = "spdx-json"

    public init() {}

    public func encode(_ document: SBOMDocument) throws -> [UInt8] {
        try JSONGuard.encode(SPDX2Writer.write(document))
    }
}
