import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@Suite struct SBOMQualityReportTests {
    static let complete = SBOMDocument(
        metadata: SBOMMetadata(
            timestamp: "2026-01-01T00:00:00Z", authors: [SBOMParty(.organization, name: "Acme Medical")],
            tools: [SBOMTool(name: "vigil")], lifecycle: "build"),
        components: [
            SBOMComponent(
                id: "fw", kind: .firmware, name: "pump-firmware", version: "4.2",
                supplier: SBOMParty(.organization, name: "Acme Medical"), purl: "pkg:generic/pump-firmware@4.2",
                hashes: [SBOMHash(algorithm: "SHA-256", value: "AB")], declaredLicense: "LicenseRef-Acme"),
            SBOMComponent(
                id: "zlib", name: "zlib", version: "1.3.1", supplier: SBOMParty(.organization, name: "zlib"),
                cpes: ["cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"],
                hashes: [SBOMHash(algorithm: "SHA-256", value: "cd")], concludedLicense: "Zlib"),
            SBOMComponent(id: "readme", kind: .file, name: "README"),
        ],
        relationships: [SBOMRelationship("fw", .dependsOn, "zlib")])

    @Test func scoresACompleteDocumentAtOneHundred() {
        let report = SBOMQualityReport(Self.complete)
        #expect(report.componentCount == 2)
        #expect(report.score == 100)
        #expect(report.shortfalls.isEmpty)
        #expect(report.coverage.map(\.id) == SBOMQualityElement.all.map(\.id))
    }

    @Test func listsWhatEachComponentLacks() {
        var document = Self.complete
        document.components[1].supplier = nil
        document.components[1].cpes = ["not a cpe"]
        document.components[1].hashes = []
        document.metadata.authors = []
        document.relationships = []
        let report = SBOMQualityReport(document)
        #expect(report.shortfalls.map(\.id) == ["fw", "zlib"])
        #expect(
            report.shortfalls[1].missing == ["ntia.supplier", "ntia.identifier", "ntia.relationships", "cisa.hash"])
        #expect(report.coverage.first { $0.id == "ntia.author" }?.covered == 0)
        #expect(report.coverage.first { $0.id == "ntia.supplier" }?.percent == 50)
        #expect(report.score < 100)
    }

    @Test func ignoresTheDocumentsOwnDescribesRelationship() {
        var document = Self.complete
        document.relationships = [SBOMRelationship(SBOMDocument.documentID, .describes, "fw")]
        let report = SBOMQualityReport(document)
        #expect(report.coverage.first { $0.id == "ntia.relationships" }?.covered == 0)
    }

    @Test func countsOnlyDependencyRelationships() {
        var document = Self.complete
        document.relationships = [SBOMRelationship("fw", .other, "zlib"), SBOMRelationship("zlib", .describes, "fw")]
        let report = SBOMQualityReport(document)
        #expect(report.coverage.first { $0.id == "ntia.relationships" }?.covered == 0)
    }

    @Test func scoresAnEmptyDocumentAtZero() {
        // An SBOM that lists no component tells nothing about components: no element is met.
        let report = SBOMQualityReport(SBOMDocument())
        #expect(report.componentCount == 0)
        #expect(report.coverage.filter { $0.scope == .component }.allSatisfy { $0.percent == 0 })
        #expect(report.score == 0)
        #expect(report.coverage.filter { $0.scope == .document }.allSatisfy { $0.covered == 0 })
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func measuresTheYoctoExport() throws {
        let sample = try #require(
            SBOMSamples.cycloneDXJSON().first { $0.path.hasSuffix("example-cyclonedx-export-bom.json") })
        let report = SBOMQualityReport(try SBOMDecoderRegistry.builtIn.decode(sample.bytes))
        #expect(report.componentCount == 97)
        #expect(report.coverage.first { $0.id == "ntia.identifier" }?.covered == 97)
        #expect(report.coverage.first { $0.id == "ntia.supplier" }?.covered == 0)
        #expect(report.coverage.first { $0.id == "ntia.timestamp" }?.covered == 1)
    }
}
