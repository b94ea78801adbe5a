import Foundation
public import VigilCore
import XMLCoder

/// Reads CycloneDX 1.2–1.6 XML, through XMLCoder, into the same mapping as ``CycloneDXJSONDecoder``.
///
/// Documents with a `<!DOCTYPE>` are refused before parsing: CycloneDX never needs one, and refusing it rules out
/// entity-expansion ("billion laughs") and external-entity attacks whatever the XML parser does.
public struct CycloneDXXMLDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "cyclonedx-xml"

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix.prefix(8192), as: UTF8.self)
        guard let start = text.firstIndex(where: { !$0.isWhitespace && $0 != "\u{FEFF}" }), text[start] == "<" else {
            return false
        }
        return text.contains("cyclonedx.org/schema/bom") && text.contains("<bom")
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        try XMLGuard.check(bytes, maximumDepth: limits.maximumDepth, source: source)
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self)
        guard let range = text.range(of: "cyclonedx.org/schema/bom/") else {
            throw SBOMDecodingError(.malformedDocument, "the bom element lacks the CycloneDX namespace", source: source)
        }
        let specVersion = String(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        guard CycloneDXJSONDecoder.supportedVersions.contains(specVersion) else {
            throw SBOMDecodingError(
                .unsupportedSpecVersion, "CycloneDX \(specVersion) is not supported; 1.2 to 1.6 are", source: source)
        }
        let bom: CycloneDXXML.BOM
        do {
            let decoder = XMLDecoder()
            decoder.trimValueWhitespaces = false
            bom = try decoder.decode(CycloneDXXML.BOM.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SBOMDecodingError(
                .malformedDocument, "not a valid CycloneDX XML document: \(error.locatedDescription)", source: source,
                cause: error)
        } catch {
            throw SBOMDecodingError(
                .malformedDocument, "not well-formed XML: \(error.localizedDescription)",
                source: source, cause: error)
        }
        var reader = CycloneDXReader()
        var document = reader.read(bom.json(specVersion: specVersion))
        document.omissions = bom.omissions + document.omissions
        try limits.checkComponents(document.components.count, source: source)
        return document
    }
}

/// Writes CycloneDX 1.6 XML, with the same mapping as ``CycloneDXJSONEncoder``.
public struct CycloneDXXMLEncoder: SBOMEncoder {
    public let formatID: SBOMFormatID = "cyclonedx-xml"

    public init() {}

    public func encode(_ document: SBOMDocument) throws -> [UInt8] {
        let encoder = XMLEncoder()
        // Elements in declaration order, which follows the sequences of the CycloneDX XSD.
        encoder.outputFormatting = [.prettyPrinted]
        let bom = CycloneDXXML.BOM(CycloneDXJSONEncoder.bom(document))
        let body = try encoder.encode(bom, withRootKey: "bom", header: XMLHeader(version: 1.0, encoding: "UTF-8"))
        return Array(body) + [UInt8(ascii: "\n")]
    }
}

/// Checks an XML document before parsing: UTF-8, no DTD, bounded nesting.
///
/// Foundation's XML parser on Linux traps on some malformed UTF-8 in element names, so invalid UTF-8 never reaches it.
enum XMLGuard {
    static func check(_ bytes: [UInt8], maximumDepth: Int, source: String?) throws(SBOMDecodingError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw SBOMDecodingError(.malformedDocument, "the document is not valid UTF-8", source: source)
        }
        let declaration = String(decoding: bytes.prefix(200), as: UTF8.self).lowercased()
        if declaration.hasPrefix("<?xml"), let range = declaration.range(of: "encoding="),
            !declaration[range.upperBound...].dropFirst().hasPrefix("utf-8")
        {
            throw SBOMDecodingError(
                .malformedDocument, "the document declares an encoding other than UTF-8", source: source)
        }
        try scanMarkup(bytes, maximumDepth: maximumDepth, source: source)
    }

    /// One pass over the markup: refuses DTDs, entity declarations and processing instructions other than the
    /// leading XML declaration (Foundation's parser crashes on some), and bounds the nesting depth.
    ///
    /// - Complexity: O(*n*), each byte looked at once.
    private static func scanMarkup(_ bytes: [UInt8], maximumDepth: Int, source: String?) throws(SBOMDecodingError) {
        var depth = 0
        var index = 0
        var seenElement = false
        var tagStart: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if let start = tagStart {
                if byte == UInt8(ascii: ">") {
                    if bytes[index - 1] == UInt8(ascii: "/") && index - 1 > start { depth -= 1 }
                    tagStart = nil
                }
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < bytes.count else {
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case UInt8(ascii: "!"):
                let rest = bytes[(index + 2)...]
                if rest.starts(with: "DOCTYPE".utf8) || rest.starts(with: "ENTITY".utf8) {
                    throw SBOMDecodingError(
                        .malformedDocument,
                        "the document declares a DTD or entities, which CycloneDX never needs; refused",
                        source: source)
                }
            case UInt8(ascii: "?"):
                let byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                guard
                    !seenElement && index == (bytes.dropFirst(byteOrderMark).firstIndex { !$0.isWhitespaceByte } ?? 0)
                        && bytes[(index + 2)...].starts(with: "xml".utf8)
                else {
                    throw SBOMDecodingError(
                        .malformedDocument,
                        "the document holds a processing instruction, which CycloneDX never needs; "
                            + "refused", source: source)
                }
            case UInt8(ascii: "/"):
                depth -= 1
            default:
                seenElement = true
                depth += 1
                if depth > maximumDepth {
                    throw SBOMDecodingError(.tooLarge, "XML nests deeper than \(maximumDepth) levels", source: source)
                }
                tagStart = index
            }
            index += 1
        }
    }
}

extension UInt8 {
    fileprivate var isWhitespaceByte: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
