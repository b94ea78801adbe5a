import Foundation
import PropertyBased
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

/// The checks every built-in SBOM decoder passes: garbage is not sniffed, bad documents give one clear error with a
/// location, limits hold, and decoding is deterministic.
@Suite struct SBOMDecoderConformanceTests {
    static let decoders = SBOMDecoderRegistry.builtIn.decoders.map(\.formatID)
    static let jsonDecoders = decoders.filter { $0.rawValue.hasSuffix("-json") }
    static let textDecoders = decoders.filter { $0 != "yocto-spdx-archive" }

    /// A minimal valid document of each format, as bytes; the archive wraps the SPDX JSON one in a tar.
    static func minimalBytes(_ id: SBOMFormatID) throws -> [UInt8] {
        if id == "yocto-spdx-archive" {
            return YoctoSPDXArchiveTests.tar([("zlib.spdx.json", Array(try #require(minimal["spdx-json"]).utf8))])
        }
        return Array(try #require(minimal[id]).utf8)
    }

    static func decoder(_ id: SBOMFormatID) throws -> any SBOMDecoder {
        try #require(SBOMDecoderRegistry.builtIn.decoders.first { $0.formatID == id })
    }

    static let minimal: [SBOMFormatID: String] = [
        "cyclonedx-json":
            #"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"zlib","version":"1.3.1","bom-ref":"zlib"}]}"#,
        "spdx-json":
            #"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x","packages":[{"SPDXID":"SPDXRef-zlib","name":"zlib","versionInfo":"1.3.1"}]}"#,
        "spdx3-json":
            #"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[{"type":"software_Package","spdxId":"urn:x:zlib","name":"zlib","software_packageVersion":"1.3.1"}]}"#,
        "cyclonedx-xml":
            #"<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components><component type="library" bom-ref="zlib"><name>zlib</name><version>1.3.1</version></component></components></bom>"#,
        "spdx-tag":
            "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n\nPackageName: zlib\nSPDXID: SPDXRef-zlib\nPackageVersion: 1.3.1\n",
    ]

    @Test(arguments: decoders)
    func decodesAMinimalDocument(_ id: SBOMFormatID) throws {
        let bytes = try Self.minimalBytes(id)
        let decoder = try Self.decoder(id)
        #expect(decoder.canDecode(prefix: bytes[...]))
        let document = try decoder.decode(bytes, source: "minimal", limits: .init())
        #expect(document.components.map(\.name) == ["zlib"])
        #expect(document.components.first?.version == "1.3.1")
    }

    @Test(arguments: decoders)
    func doesNotSniffGarbage(_ id: SBOMFormatID) throws {
        let decoder = try Self.decoder(id)
        for garbage in [
            "", "   ", "null", "[]", "{}", "<bom/>", "SPDXVersion", "\u{0}\u{1}\u{2}", "{\"a\":1}",
        ] {
            #expect(!decoder.canDecode(prefix: Array(garbage.utf8)[...]), "\(id) sniffed \(garbage.debugDescription)")
        }
    }

    @Test(arguments: jsonDecoders)
    func reportsTruncatedDocumentsAsMalformed(_ id: SBOMFormatID) throws {
        let bytes = Array(try #require(Self.minimal[id]).utf8)
        let decoder = try Self.decoder(id)
        for length in stride(from: 1, to: bytes.count, by: 7) {
            #expect {
                try decoder.decode(Array(bytes.prefix(length)), source: "cut.json", limits: .init())
            } throws: { error in
                guard let error = error as? SBOMDecodingError else { return false }
                return error.code == .malformedDocument && error.source == "cut.json"
            }
        }
    }

    @Test(arguments: jsonDecoders)
    func namesTheLocationOfAWrongType(_ id: SBOMFormatID) throws {
        let text = try #require(Self.minimal[id]).replacingOccurrences(of: #""name":"zlib""#, with: #""name":42"#)
        #expect {
            try Self.decoder(id).decode(Array(text.utf8), source: nil, limits: .init())
        } throws: { error in
            guard let error = error as? SBOMDecodingError else { return false }
            return error.code == .malformedDocument && error.message.contains("[0].name")
        }
    }

    @Test(arguments: jsonDecoders)
    func refusesDeepNesting(_ id: SBOMFormatID) throws {
        let text =
            try #require(Self.minimal[id]).dropLast() + ",\"x\":" + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "}"
        #expect {
            try Self.decoder(id).decode(Array(text.utf8), source: nil, limits: .init())
        } throws: { error in
            (error as? SBOMDecodingError)?.code == .tooLarge
        }
    }

    @Test(arguments: decoders)
    func enforcesTheLimits(_ id: SBOMFormatID) throws {
        let bytes = try Self.minimalBytes(id)
        let decoder = try Self.decoder(id)
        #expect(throws: SBOMDecodingError.self) {
            try decoder.decode(bytes, source: nil, limits: .init(maximumBytes: 10))
        }
        #expect(throws: SBOMDecodingError.self) {
            try decoder.decode(bytes, source: nil, limits: .init(maximumComponents: 0))
        }
    }

    @Test(arguments: textDecoders)
    func keepsHugeStrings(_ id: SBOMFormatID) throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let text = try #require(Self.minimal[id]).replacingOccurrences(of: "\"zlib\",", with: "\"\(huge)\",")
            .replacingOccurrences(of: "<name>zlib</name>", with: "<name>\(huge)</name>")
            .replacingOccurrences(of: "PackageName: zlib", with: "PackageName: \(huge)")
        let document = try Self.decoder(id).decode(Array(text.utf8), source: nil, limits: .init())
        #expect(document.components.first?.name.count == 1_000_000)
    }

    @Test(arguments: decoders)
    func neverTrapsOnMutatedDocuments(_ id: SBOMFormatID) async throws {
        let bytes = try Self.minimalBytes(id)
        let decoder = try Self.decoder(id)
        let position = Gen.int(in: 0..<bytes.count)
        let value = Gen.int(in: 0...255)
        await propertyCheck(count: 500, input: position, value, position) { index, byte, cut in
            var mutated = bytes
            mutated[index] = UInt8(byte)
            _ = try? decoder.decode(mutated, source: nil, limits: .init())
            _ = try? decoder.decode(Array(mutated.prefix(cut)), source: nil, limits: .init())
        }
    }

    @Test(arguments: [
        ("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageChecksum: nothing\n", "line 3"),
        ("SPDXVersion: SPDX-2.3\nno colon here\n", "line 2"),
        ("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageDescription: <text>never closed\n", "never closed"),
        ("SPDXVersion: SPDX-2.3\nRelationship: a DEPENDS_ON\n", "line 2"),
        ("DocumentName: x\n", "no SPDXVersion"),
    ])
    func namesTheLineOfATagValueError(text: String, expected: String) {
        #expect {
            try SPDXTagValueDecoder().decode(Array(text.utf8), source: "t.spdx", limits: .init())
        } throws: { error in
            guard let error = error as? SBOMDecodingError else { return false }
            return error.code == .malformedDocument && error.message.contains(expected)
        }
    }

    @Test func readsMultiLineTextValues() throws {
        let text =
            "SPDXVersion: SPDX-2.3\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDescription: <text>one\ntwo</text>\n"
        let document = try SPDXTagValueDecoder().decode(Array(text.utf8), source: nil, limits: .init())
        #expect(document.components.first?.description == "one\ntwo")
    }

    @Test(arguments: [
        (
            """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>&lol2;</name></component></components></bom>
            """, SBOMDecodingError.Code.malformedDocument
        ),
        (
            """
            <?xml version="1.0"?><!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>&xxe;</name></component></components></bom>
            """, .malformedDocument
        ),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">" + String(repeating: "<a>", count: 5_000) + "</bom>",
            .tooLarge
        ),
        ("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.9\"></bom>", .unsupportedSpecVersion),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component><name>x</name>",
            .malformedDocument
        ),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"library\"></component></components></bom>",
            .malformedDocument
        ),
        (
            "<?xml version=\"1.0\"?><?xml-stylesheet href=\"http://attacker.invalid/x.xsl\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"></bom>",
            .malformedDocument
        ),
    ])
    func refusesHostileXML(text: String, code: SBOMDecodingError.Code) {
        #expect {
            try CycloneDXXMLDecoder().decode(Array(text.utf8), source: "hostile.xml", limits: .init())
        } throws: { error in
            guard let error = error as? SBOMDecodingError else { return false }
            return error.code == code && error.source == "hostile.xml"
        }
    }

    @Test func reportsTheSectionsTheModelDoesNotCarry() throws {
        let cdx = #"""
            {"bomFormat":"CycloneDX","specVersion":"1.6","services":[{"name":"api"}],
             "vulnerabilities":[{"id":"CVE-2024-1"},{"id":"CVE-2024-2"}],"declarations":{},
             "components":[{"type":"library","name":"a","scope":"optional","pedigree":{"notes":"patched"}},
                           {"type":"library","name":"b","pedigree":{}}]}
            """#
        let document = try SBOMDecoderRegistry.builtIn.decode(Array(cdx.utf8))
        #expect(
            document.omissions == [
                SBOMOmission("services", count: 1), SBOMOmission("vulnerabilities", count: 2),
                SBOMOmission("declarations", count: nil), SBOMOmission("components[].pedigree", count: 2),
            ])
        #expect(document.components[0].properties[property: "cdx:scope"] == "optional", "scope is carried")

        let xml = """
            <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>a</name>\
            <scope>excluded</scope><swid tagId="x" name="a"/></component></components>\
            <vulnerabilities><vulnerability><id>CVE-2024-1</id></vulnerability></vulnerabilities></bom>
            """
        let fromXML = try SBOMDecoderRegistry.builtIn.decode(Array(xml.utf8))
        #expect(
            fromXML.omissions == [
                SBOMOmission("vulnerabilities", count: nil), SBOMOmission("components[].swid", count: 1),
            ])
        #expect(fromXML.components[0].properties[property: "cdx:scope"] == "excluded")

        let spdx = #"""
            {"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","snippets":[{"SPDXID":"SPDXRef-s"}],
             "hasExtractedLicensingInfos":[{"licenseId":"LicenseRef-a","extractedText":"x"}]}
            """#
        #expect(
            try SBOMDecoderRegistry.builtIn.decode(Array(spdx.utf8)).omissions == [
                SBOMOmission("snippets", count: 1), SBOMOmission("hasExtractedLicensingInfos", count: 1),
            ])
        let tag = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nLicenseID: LicenseRef-a\nExtractedText: x\n"
        #expect(
            try SPDXTagValueDecoder().decode(Array(tag.utf8), source: nil, limits: .init()).omissions == [
                SBOMOmission("hasExtractedLicensingInfos", count: 1)
            ])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func reportsTheSecurityElementsOfAYoctoSPDX3Document() throws {
        let sample = try #require(
            SBOMSamples.spdx3JSON().first { $0.path.hasSuffix("core-image-minimal-qemux86-64.rootfs.spdx3.json") })
        let document = try SBOMDecoderRegistry.builtIn.decode(sample.bytes, source: sample.path)
        let omitted = Dictionary(uniqueKeysWithValues: document.omissions.map { ($0.section, $0.count) })
        #expect(omitted["security_Vulnerability"] == 72)
        #expect(omitted["security_VexNotAffectedVulnAssessmentRelationship"] == 63)
        #expect(omitted["build_Build"] == 115)
    }

    @Test func rejectsUnsupportedVersionsClearly() {
        let cdx = #"{"bomFormat":"CycloneDX","specVersion":"1.1","components":[]}"#
        let spdx = #"{"spdxVersion":"SPDX-2.1","SPDXID":"SPDXRef-DOCUMENT"}"#
        for text in [cdx, spdx] {
            #expect {
                try SBOMDecoderRegistry.builtIn.decode(Array(text.utf8))
            } throws: { error in
                (error as? SBOMDecodingError)?.code == .unsupportedSpecVersion
            }
        }
    }

    @Test func namesTheKnownFormatsForUnknownContent() {
        #expect {
            try SBOMDecoderRegistry.builtIn.decode(Array("hello".utf8), source: "x.txt")
        } throws: { error in
            guard let error = error as? SBOMDecodingError else { return false }
            return error.code == .unrecognisedFormat && error.message.contains("cyclonedx-json")
                && error.description.contains("x.txt")
        }
    }
}
