import Testing
import VigilCore
import VigilSBOM
import VigilTesting

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
        #expect(document.relationships.contains { $0.type == .dependsOn })
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
