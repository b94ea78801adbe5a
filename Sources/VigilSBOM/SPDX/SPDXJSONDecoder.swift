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
        guard bytes.count <= limits.maximumBytes else {
            throw SBOMDecodingError(.tooLarge, "the document exceeds \(limits.maximumBytes) bytes", source: source)
        }
        try JSONGuard.checkDepth(bytes, maximumDepth: limits.maximumDepth, source: source)
        let spdx = try JSONGuard.decode(SPDX2.Document.self, from: bytes, format: "SPDX JSON", source: source)
        guard spdx.spdxVersion == "SPDX-2.2" || spdx.spdxVersion == "SPDX-2.3" else {
            throw SBOMDecodingError(
                .unsupportedSpecVersion, "\(spdx.spdxVersion) is not supported here; SPDX-2.2 and SPDX-2.3 are",
                source: source)
        }
        let count = (spdx.packages?.count ?? 0) + (spdx.files?.count ?? 0)
        guard count <= limits.maximumComponents else {
            throw SBOMDecodingError(
                .tooLarge, "\(count) elements; the limit is \(limits.maximumComponents)", source: source)
        }
        return SPDX2Reader.read(spdx)
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
