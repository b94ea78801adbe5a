import Foundation
import VigilCore

/// Checks a JSON document's nesting depth before a full parse, and turns Foundation's decoding errors into
/// ``SBOMDecodingError``s that name the location.
enum JSONGuard {
    /// Throws ``SBOMDecodingError/Code/tooLarge`` if arrays and objects nest deeper than `maximumDepth`.
    ///
    /// - Complexity: O(*n*), one pass, no allocation.
    static func checkDepth(_ bytes: [UInt8], maximumDepth: Int, source: String?) throws(SBOMDecodingError) {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth {
                    throw SBOMDecodingError(
                        .tooLarge, "JSON nests deeper than \(maximumDepth) levels", source: source)
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: continue
            }
        }
    }

    /// Decodes a Codable document, mapping errors to ``SBOMDecodingError`` with the JSON path of the problem.
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], format: String, source: String?
    )
        throws(SBOMDecodingError) -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SBOMDecodingError(
                .malformedDocument, "not a valid \(format) document: \(error.locatedDescription)",
                source: source, cause: error)
        } catch {
            throw SBOMDecodingError(.malformedDocument, "not valid JSON", source: source, cause: error)
        }
    }

    /// Encodes a document as pretty-printed JSON with sorted keys.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Whether the first non-blank bytes of a document contain `needle` before byte `window`.
    static func prefix(_ prefix: ArraySlice<UInt8>, startsObjectContaining needle: String) -> Bool {
        guard let first = prefix.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
            first == UInt8(ascii: "{")
        else { return false }
        return String(decoding: prefix, as: UTF8.self).contains(needle)
    }
}
