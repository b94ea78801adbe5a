import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every shared SBOM converts to every format Vigil writes and back without losing a component, identifier, hash,
/// licence or relationship.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
struct SBOMRoundTripTests {
    static let samples =
        SBOMSamples.cycloneDXJSON() + SBOMSamples.spdx2JSON() + SBOMSamples.spdxTagValue()
        + SBOMSamples.spdx3JSON()

    @Test func findsTheSharedSamples() {
        #expect(SBOMSamples.cycloneDXJSON().count >= 40)
        #expect(SBOMSamples.spdx2JSON().count >= 20)
        #expect(SBOMSamples.spdxTagValue().count >= 10)
        #expect(SBOMSamples.spdx3JSON().count >= 20)
    }

    @Test(arguments: samples)
    func convertsToEveryFormatAndBack(_ sample: SBOMSamples.Sample) throws {
        let original = try SBOMDecoderRegistry.builtIn.decode(sample.bytes, source: sample.path)
        for encoder in SBOMEncoderRegistry.builtIn.encoders {
            let written = try encoder.encode(original)
            let decoder = try #require(SBOMDecoderRegistry.builtIn.decoder(for: written.prefix(65_536)))
            #expect(decoder.formatID == encoder.formatID, "\(encoder.formatID) output must sniff as itself")
            let back = try decoder.decode(written, source: "\(sample.path) → \(encoder.formatID)", limits: .init())
            expectSameContent(original, back, "\(sample.path) → \(encoder.formatID)")
            #expect(try encoder.encode(back) == written, "\(encoder.formatID) output is not stable")
        }
    }

    @Test(arguments: samples)
    func convertsThroughTheOtherFormatAndBack(_ sample: SBOMSamples.Sample) throws {
        let original = try SBOMDecoderRegistry.builtIn.decode(sample.bytes, source: sample.path)
        var document = original
        for encoder in SBOMEncoderRegistry.builtIn.encoders + SBOMEncoderRegistry.builtIn.encoders.reversed() {
            document = try SBOMDecoderRegistry.builtIn.decode(try encoder.encode(document))
        }
        expectSameContent(original, document, "\(sample.path) through every format")
    }

    @Test func readsTheYoctoCycloneDXExport() throws {
        let sample = try #require(
            SBOMSamples.cycloneDXJSON().first { $0.path.hasSuffix("example-cyclonedx-export-bom.json") })
        let document = try SBOMDecoderRegistry.builtIn.decode(sample.bytes)
        #expect(document.components.count == 97)
        let busybox = try #require(document.components.first { $0.name == "busybox" })
        #expect(busybox.cpes.first?.hasPrefix("cpe:2.3:") == true)
        #expect(busybox.packageURL?.type == "generic")
        #expect(document.metadata.tools.map(\.name) == ["yocto"])
    }

    @Test func readsTheYoctoSPDX3ImageSBOM() throws {
        let sample = try #require(SBOMSamples.spdx3JSON().first { $0.path.hasSuffix("rootfs.spdx3.json") })
        let document = try SBOMDecoderRegistry.builtIn.decode(sample.bytes)
        #expect(document.components.filter { $0.kind != .file }.count == 142)
        #expect(document.components.filter { $0.kind == .file }.count == 859)
        let libacl = try #require(document.components.first { $0.name == "libacl1" })
        #expect(libacl.version == "2.3.2")
        #expect(libacl.cpes == ["cpe:2.3:*:*:acl:2.3.2:*:*:*:*:*:*:*"])
        #expect(document.components.filter { !$0.cpes.isEmpty }.count == 37)
        #expect(document.components.contains { $0.declaredLicense != nil || $0.concludedLicense != nil })
        // Yocto scopes its dependencies (`LifecycleScopedRelationship`, scope build or runtime): kept as such.
        let types = Dictionary(grouping: document.relationships, by: \.type).mapValues(\.count)
        #expect(types[.buildDependencyOf, default: 0] >= 249)
        #expect(types[.runtimeDependencyOf, default: 0] >= 7)
        #expect(document.metadata.subject != nil)
        #expect(document.metadata.timestamp != nil)
    }

    @Test func readsAYoctoRecipeDocument() throws {
        let sample = try #require(SBOMSamples.spdx2JSON().first { $0.path.hasSuffix("yocto-recipe-libssh.spdx.json") })
        let document = try SBOMDecoderRegistry.builtIn.decode(sample.bytes)
        let libssh = try #require(document.component(withID: "SPDXRef-Recipe-libssh"))
        #expect(libssh.version == "0.8.9")
        #expect(libssh.cpes == ["cpe:2.3:a:*:libssh:0.8.9:*:*:*:*:*:*:*"])
        #expect(libssh.declaredLicense == "LGPL-2.1-only")
        #expect(libssh.concludedLicense == nil)
        #expect(libssh.supplier == SBOMParty(.organization, name: "OpenEmbedded"))
        #expect(document.metadata.subject == "SPDXRef-Recipe-libssh")
        #expect(document.relationships.contains { $0.type == .buildDependencyOf && $0.to == "SPDXRef-Recipe-libssh" })
        #expect(document.metadata.tools.map(\.name) == ["OpenEmbedded Core create-spdx.bbclass"])
    }
}

/// Checks that two documents hold the same components, identifiers, hashes, licences and relationships, naming the
/// first field that differs.
func expectSameContent(
    _ expected: SBOMDocument, _ actual: SBOMDocument, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.components.count == expected.components.count, "\(context): component count",
        sourceLocation: sourceLocation)
    let actualByID = Dictionary(actual.components.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for component in expected.components {
        guard let other = actualByID[component.id] else {
            Issue.record("\(context): component \(component.id) is missing", sourceLocation: sourceLocation)
            continue
        }
        for (field, left, right) in differences(normalised(component), normalised(other)) {
            Issue.record(
                "\(context): \(component.id).\(field): expected \(left), got \(right)", sourceLocation: sourceLocation)
        }
    }
    let missing = Set(expected.relationships).subtracting(actual.relationships)
    let extra = Set(actual.relationships).subtracting(expected.relationships)
    #expect(
        missing.isEmpty && extra.isEmpty,
        "\(context): relationships missing \(missing.prefix(3)), extra \(extra.prefix(3))",
        sourceLocation: sourceLocation)
    var expectedMetadata = expected.metadata
    var actualMetadata = actual.metadata
    expectedMetadata.properties.sort { ($0.name, $0.value) < ($1.name, $1.value) }
    actualMetadata.properties.sort { ($0.name, $0.value) < ($1.name, $1.value) }
    for (field, left, right) in differences(expectedMetadata, actualMetadata) {
        Issue.record("\(context): metadata.\(field): expected \(left), got \(right)", sourceLocation: sourceLocation)
    }
}

/// The stored properties that differ between two values of the same type, by reflection.
private func differences<T>(_ left: T, _ right: T) -> [(String, String, String)] {
    zip(Mirror(reflecting: left).children, Mirror(reflecting: right).children).compactMap { a, b in
        let lhs = String(describing: a.value)
        let rhs = String(describing: b.value)
        return lhs == rhs ? nil : (a.label ?? "?", lhs, rhs)
    }
}

private func normalised(_ component: SBOMComponent) -> SBOMComponent {
    var copy = component
    copy.properties.sort { ($0.name, $0.value) < ($1.name, $1.value) }
    copy.hashes.sort { ($0.algorithm, $0.value) < ($1.algorithm, $1.value) }
    copy.externalReferences.sort { ($0.type, $0.url) < ($1.type, $1.url) }
    return copy
}

/// A document using every field of the model, converted through every format without shared data.
@Suite struct SBOMModelRoundTripTests {
    static let document = SBOMDocument(
        metadata: SBOMMetadata(
            name: "infusion-pump-firmware", identifier: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
            timestamp: "2026-11-27T10:00:00Z",
            authors: [SBOMParty(.organization, name: "Acme Medical", email: "psirt@acme.example")],
            tools: [SBOMTool(name: "vigil", version: "0.1.0", vendor: "Vigil")], subject: "pkg:generic/pump-fw@4.2",
            lifecycle: "build", properties: [SBOMProperty("acme:release-train", "2026.4")]),
        components: [
            SBOMComponent(
                id: "pkg:generic/pump-fw@4.2", kind: .firmware, name: "pump-fw", version: "4.2",
                supplier: SBOMParty(.organization, name: "Acme Medical"), purl: "pkg:generic/pump-fw@4.2",
                hashes: [SBOMHash(algorithm: "SHA-256", value: String(repeating: "ab", count: 32))],
                declaredLicense: "LicenseRef-Acme-Proprietary"),
            SBOMComponent(
                id: "busybox", name: "busybox", version: "1.36.1",
                supplier: SBOMParty(.person, name: "Erik Andersen", email: "andersen@codepoet.org"),
                originator: SBOMParty(.organization, name: "BusyBox project"),
                purl: "pkg:yocto/core/busybox@1.36.1",
                cpes: ["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*", "cpe:/a:busybox:busybox:1.36.1"],
                hashes: [
                    SBOMHash(algorithm: "SHA-1", value: "20291A81EF065FF891B537B64D4FDCCAF6F5AC02"),
                    SBOMHash(algorithm: "SHA3-256", value: String(repeating: "cd", count: 32)),
                ],
                declaredLicense: "GPL-2.0-only", concludedLicense: "GPL-2.0-only AND bzip2-1.0.6",
                copyright: "Copyright (C) 1998-2023 Erik Andersen",
                description: "Tiny versions of common UNIX utilities",
                downloadLocation: "https://busybox.net/downloads/busybox-1.36.1.tar.bz2",
                externalReferences: [
                    SBOMExternalReference(type: "website", url: "https://busybox.net"),
                    SBOMExternalReference(
                        type: "vcs", url: "git://busybox.net/busybox.git",
                        comment: "upstream repository"),
                ],
                evidence: [
                    SBOMEvidence(
                        method: "binary-signature", location: "bin/busybox", confidence: 0.9,
                        detail: "BusyBox v1.36.1 (2023-01-03)")
                ],
                properties: [SBOMProperty("cdx:group", "core"), SBOMProperty("acme:audited", "true")]),
            SBOMComponent(id: "model", kind: .machineLearningModel, name: "occlusion-detector", version: "7"),
            SBOMComponent(
                id: "readme", kind: .file, name: "usr/share/doc/README",
                hashes: [SBOMHash(algorithm: "SHA-256", value: String(repeating: "ef", count: 32))]),
        ],
        relationships: [
            SBOMRelationship(SBOMDocument.documentID, .describes, "pkg:generic/pump-fw@4.2"),
            SBOMRelationship("pkg:generic/pump-fw@4.2", .contains, "busybox"),
            SBOMRelationship("pkg:generic/pump-fw@4.2", .dependsOn, "model"),
            SBOMRelationship("busybox", .dependencyOf, "pkg:generic/pump-fw@4.2"),
            SBOMRelationship("busybox", .contains, "readme"),
            SBOMRelationship("busybox", .generatedFrom, "DocumentRef-recipe-busybox:SPDXRef-Recipe-busybox"),
        ])

    @Test(arguments: SBOMEncoderRegistry.builtIn.encoders.map(\.formatID))
    func carriesEveryFieldThroughTheFormat(_ format: SBOMFormatID) throws {
        let encoder = try #require(SBOMEncoderRegistry.builtIn.encoder(for: format))
        let back = try SBOMDecoderRegistry.builtIn.decode(try encoder.encode(Self.document))
        expectSameContent(Self.document, back, "model → \(format)")
    }

    @Test func keepsTheManufacturerApartFromTheAuthors() throws {
        let text = #"""
            {"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"authors":[{"name":"Jane Doe"}],
             "manufacturer":{"name":"Acme Medical"},"supplier":{"name":"Acme Build Services"}},"components":[]}
            """#
        let document = try CycloneDXJSONDecoder().decode(Array(text.utf8), source: nil, limits: .init())
        #expect(document.metadata.authors.map(\.name) == ["Jane Doe"])
        #expect(document.metadata.properties[property: "cdx:metadata.manufacturer"] == "Acme Medical")
        #expect(document.metadata.properties[property: "cdx:metadata.supplier"] == "Acme Build Services")
        let written = String(decoding: try CycloneDXJSONEncoder().encode(document), as: UTF8.self)
        #expect(written.contains(#""manufacturer""#) && !written.contains("cdx:metadata.manufacturer"))
        let back = try CycloneDXJSONDecoder().decode(Array(written.utf8), source: nil, limits: .init())
        #expect(back.metadata.properties == document.metadata.properties)
    }

    @Test("another tool's CycloneDX evidence is read, and written back with its techniques and occurrences")
    func readsAndWritesAnotherToolsEvidence() throws {
        let text = #"""
            {"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"zlib",
             "version":"1.3.1","evidence":{"identity":{"field":"version","confidence":0.8,
             "methods":[{"technique":"ast-fingerprint","confidence":0.8,"value":"deflate_stored"}]},
             "occurrences":[{"location":"/usr/lib/libz.so.1","offset":1234}]}}]}
            """#
        let document = try CycloneDXJSONDecoder().decode(Array(text.utf8), source: nil, limits: .init())
        let evidence = try #require(document.components.first?.evidence)
        #expect(evidence.map(\.method) == ["ast-fingerprint", "occurrence"])
        #expect(evidence.last?.offset == 1234)
        #expect(document.omissions.isEmpty, "the identity form of CycloneDX 1.5 and the occurrences are carried")
        let written = try CycloneDXJSONEncoder().encode(document)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any])
        let component = try #require((json["components"] as? [[String: Any]])?.first)
        let native = try #require(component["evidence"] as? [String: Any])
        let methods = (native["identity"] as? [[String: Any]])?.first?["methods"] as? [[String: Any]]
        #expect(methods?.map { $0["technique"] as? String } == ["ast-fingerprint"])
        let occurrences = native["occurrences"] as? [[String: Any]]
        #expect(occurrences?.map { $0["location"] as? String } == ["/usr/lib/libz.so.1"])
        #expect(occurrences?.first?["offset"] as? Int == 1234)
    }

    @Test func writesOnlyWhatTheCycloneDXSchemaAllows() throws {
        var document = SBOMDocument(components: [
            SBOMComponent(
                id: "src", kind: .source, name: "busybox-src", version: "1.36.1", declaredLicense: "GPL-2.0-only",
                concludedLicense: "GPL-2.0-only AND BSD-3-Clause")
        ])
        document.metadata.lifecycle = "runtime"
        let written = try CycloneDXJSONEncoder().encode(document)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any])
        let component = try #require((json["components"] as? [[String: Any]])?.first)
        #expect(component["type"] as? String == "library")
        #expect((component["licenses"] as? [Any])?.count == 1, "CycloneDX allows one licence expression")
        let lifecycles = (json["metadata"] as? [String: Any])?["lifecycles"] as? [[String: String]]
        #expect(lifecycles == [["name": "runtime"]])
        let back = try CycloneDXJSONDecoder().decode(written, source: nil, limits: .init())
        #expect(back.components == document.components)
        #expect(back.metadata.lifecycle == "runtime")
    }

    @Test func writesXMLElementsInTheSchemasOrder() throws {
        let xml = try CycloneDXXMLEncoder().encode(Self.document)
        // The sequences of the CycloneDX 1.6 XSD, as far as Vigil writes them.
        let sequences = [
            "bom": ["metadata", "components", "dependencies", "properties"],
            "metadata": [
                "timestamp", "lifecycles", "tools", "authors", "component", "manufacturer", "supplier", "properties",
            ],
            "component": [
                "supplier", "authors", "author", "publisher", "group", "name", "version", "description", "hashes",
                "licenses", "copyright", "cpe", "purl", "externalReferences", "properties", "components",
            ],
        ]
        let elements = ChildElements()
        let parser = XMLParser(data: Data(xml))
        parser.delegate = elements
        #expect(parser.parse())
        var checked = 0
        for (parent, children) in elements.children {
            guard let order = sequences[parent] else { continue }
            let ranks = children.map { order.firstIndex(of: $0) ?? -1 }
            #expect(
                !ranks.contains(-1) && ranks == ranks.sorted(), "<\(parent)> children out of XSD order: \(children)")
            checked += 1
        }
        #expect(checked >= 6)
    }

    @Test(arguments: [SBOMFormatID("spdx-json"), "spdx-tag"])
    func writesWhatSPDX2RequiresAndTakesItBack(_ format: SBOMFormatID) throws {
        var document = SBOMDocument(
            components: [
                SBOMComponent(id: "app", kind: .application, name: "app", version: "1"),
                SBOMComponent(id: "gcc", name: "gcc", version: "13.2"),
            ],
            relationships: [SBOMRelationship("app", SBOMRelationshipType(rawValue: "USES_TOOL"), "gcc")])
        let encoder = try #require(SBOMEncoderRegistry.builtIn.encoder(for: format))
        let written = String(decoding: try encoder.encode(document), as: UTF8.self)
        for required in ["Tool: vigil", "1970-01-01T00:00:00Z", "DESCRIBES", "OTHER"] {
            #expect(written.contains(required), "\(format) lacks \(required)")
        }
        #expect(!written.contains("USES_TOOL SPDXRef"), "not an SPDX 2 relationship type")
        var back = try SBOMDecoderRegistry.builtIn.decode(Array(written.utf8))
        #expect(back.metadata.tools.isEmpty && back.metadata.authors.isEmpty && back.metadata.timestamp == nil)
        #expect(back.relationships == document.relationships, "supplied DESCRIBES removed, USES_TOOL restored")

        document.metadata.timestamp = "2025-07-28T17:09:21.841580+02:00"
        let timed = String(decoding: try encoder.encode(document), as: UTF8.self)
        #expect(timed.contains("2025-07-28T15:09:21Z"), "SPDX 2 wants UTC without fractions")
        back = try SBOMDecoderRegistry.builtIn.decode(Array(timed.utf8))
        #expect(back.metadata.timestamp == document.metadata.timestamp)
    }

    @Test func readsHasFilesAsContainsAndKeepsTheVerificationCode() throws {
        let text = #"""
            {"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","documentNamespace":"https://example.com/d",
             "creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: x"]},
             "packages":[{"SPDXID":"SPDXRef-p","name":"p","filesAnalyzed":true,"hasFiles":["SPDXRef-f"],
               "packageVerificationCode":{"packageVerificationCodeValue":"d6a770ba38583ed4bb4525bd96e50461655d2758",
                 "packageVerificationCodeExcludedFiles":["./p.spdx"]}}],
             "files":[{"SPDXID":"SPDXRef-f","fileName":"./a.c",
               "checksums":[{"algorithm":"SHA1","checksumValue":"20291a81ef065ff891b537b64d4fdccaf6f5ac02"}]}]}
            """#
        let document = try SBOMDecoderRegistry.builtIn.decode(Array(text.utf8))
        #expect(document.relationships.contains(SBOMRelationship("SPDXRef-p", .contains, "SPDXRef-f")))
        #expect(
            document.components.first?.properties[property: "spdx:packageVerificationCode"]
                == "d6a770ba38583ed4bb4525bd96e50461655d2758 (excludes: ./p.spdx)")
        for format in [SBOMFormatID("spdx-tag"), "spdx-json", "cyclonedx-json"] {
            let encoder = try #require(SBOMEncoderRegistry.builtIn.encoder(for: format))
            let back = try SBOMDecoderRegistry.builtIn.decode(try encoder.encode(document))
            expectSameContent(document, back, "verification code → \(format)")
        }
    }

    @Test func refusesToWriteTagValueThatWouldEndATextBlockEarly() {
        var document = Self.document
        document.components[1].description = "ends here</text>\nPackageName: injected"
        #expect {
            try SPDXTagValueEncoder().encode(document)
        } throws: { error in
            "\(error)".contains("</text>") && "\(error)".contains("spdx-json")
        }
        #expect(throws: Never.self) { try SPDXJSONEncoder().encode(document) }
    }
}

/// Collects the child element names of every element, in document order.
private final class ChildElements: NSObject, XMLParserDelegate {
    private var stack: [(name: String, children: [String])] = []
    var children: [(parent: String, children: [String])] = []

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if !stack.isEmpty { stack[stack.count - 1].children.append(name) }
        stack.append((name, []))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = stack.removeLast()
        children.append((element.name, element.children))
    }
}
