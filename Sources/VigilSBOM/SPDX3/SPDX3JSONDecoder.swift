public import VigilCore

/// Reads SPDX 3.0 JSON-LD documents (`@context` https://spdx.org/rdf/3.0.x/spdx-context.jsonld), as Yocto's
/// `create-spdx` class and the SPDX examples write them.
public struct SPDX3JSONDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "spdx3-json"

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        JSONGuard.prefix(prefix, startsObjectContaining: "spdx.org/rdf/3.")
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        try JSONGuard.checkDepth(bytes, maximumDepth: limits.maximumDepth, source: source)
        let root = try JSONGuard.decode([String: JSONValue].self, from: bytes, format: "SPDX 3 JSON-LD", source: source)
        guard let context = root["@context"]?.strings.first, context.contains("spdx.org/rdf/3.") else {
            throw SBOMDecodingError(.malformedDocument, "@context does not name an SPDX 3 context", source: source)
        }
        guard context.contains("/3.0") else {
            throw SBOMDecodingError(.unsupportedSpecVersion, "\(context) is not supported; SPDX 3.0 is", source: source)
        }
        guard case .array(let graph)? = root["@graph"] else {
            throw SBOMDecodingError(.malformedDocument, "an SPDX 3 document needs a @graph array", source: source)
        }
        try SPDX3Reader.validate(graph, source: source)
        let document = SPDX3Reader(graph: graph).read()
        try limits.checkComponents(document.components.count, source: source)
        return document
    }
}

/// Writes SPDX 3.0.1 JSON-LD.
public struct SPDX3JSONEncoder: SBOMEncoder {
    public let formatID: SBOMFormatID = "spdx3-json"

    public init() {}

    public func encode(_ document: SBOMDocument) throws -> [UInt8] {
        var writer = SPDX3Writer(document)
        return try JSONGuard.encode(writer.write())
    }
}
