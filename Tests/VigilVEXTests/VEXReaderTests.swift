import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@testable import VigilVEX

/// VEX documents read into statements: CycloneDX's examples (CISA's use cases), the vulnscout export, OpenVEX.
@Suite struct VEXReaderTests {
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try #require(SharedData.url(path))))
    }

    static func bom(_ path: String) throws -> SBOMDocument {
        try SBOMDecoderRegistry.builtIn.decode(try bytes(path), source: path, limits: SBOMDecodingLimits())
    }

    @Test(
        "every CycloneDX VEX example reads, each reference resolved through its own BOMs",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func cycloneDXExamples() throws {
        let root = try #require(SharedData.url("sbom/cyclonedx-examples/VEX"))
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") && URL(filePath: $0).lastPathComponent.hasPrefix("vex") }.sorted()
        #expect(files.count == 25)
        var statements = 0
        var incomplete: [String] = []
        for file in files {
            let directory = file.split(separator: "/").dropLast().map { $0 + "/" }.joined()
            let boms = try (try FileManager.default.contentsOfDirectory(atPath: root.path + "/" + directory))
                .filter { $0.hasPrefix("bom") }.map { try Self.bom("sbom/cyclonedx-examples/VEX/\(directory)\($0)") }
            let document = try VEXReaders.builtIn.read(
                try Self.bytes("sbom/cyclonedx-examples/VEX/\(file)"), boms: boms)
            #expect(document.format == "cyclonedx")
            #expect(document.unresolved.isEmpty, "\(file): \(document.unresolved)")
            statements += document.statements.count
            incomplete += document.statements.flatMap { $0.problems() }
        }
        #expect(statements == 196, "one per product, version and range (counted independently from the JSON)")
        // The one statement CISA's minimum requirements refuse: affected, with neither an action nor a response.
        #expect(
            incomplete == [
                "CVE-2020-25649 in Acme Product vers:semver/<7.0.0|>=1.5.0: an affected statement needs an action statement"
            ])
    }

    @Test(
        "CISA's use case 1: one status per document, mapped to VEX terms",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage),
        arguments: [
            ("affected", FindingState.affected), ("fixed", .fixed), ("not_affected", .notAffected),
            ("under_investigation", .underInvestigation),
        ])
    func cisaCase1(_ name: String, _ state: FindingState) throws {
        let document = try VEXReaders.builtIn.read(
            try Self.bytes("sbom/cyclonedx-examples/VEX/CISA-Use-Cases/Case-1/vex-\(name).json"))
        #expect(document.statements.count == 1)
        let statement = try #require(document.statements.first)
        #expect(statement.vulnerability == "CVE-2021-44228")
        #expect(statement.status == state)
        #expect(statement.problems().isEmpty)
        if state == .affected { #expect(statement.responses == [.willNotFix, .update]) }
    }

    @Test(
        "versions and VERS ranges of a product become statements of their own",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func versionRanges() throws {
        let document = try VEXReaders.builtIn.read(
            try Self.bytes("sbom/cyclonedx-examples/VEX/CISA-Use-Cases/Case-4/vex.json"))
        #expect(document.statements.map(\.product.label) == ["ABC@2.4", "ABC@2.6", "ABC vers:generic/>=2.9|<=4.1"])
        let range = try #require(document.statements.last).decision(
            origin: "vex:test", defaultAuthor: "x", defaultTime: "2026-01-01T00:00:00.000Z")
        #expect(range.covers(version: "3.0") && range.covers(version: "4.1"))
        #expect(!range.covers(version: "4.2") && !range.covers(version: nil))
    }

    @Test(
        "the vulnscout export: 7,239 statements about the components of its BOM",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func vulnscoutExport() throws {
        let bom = try Self.bom("sbom/yocto-vulnscout/example-cyclonedx-export-bom.json")
        let vex = try Self.bytes("sbom/yocto-vulnscout/example-cyclonedx-export-vex.json")
        let document = try VEXReaders.builtIn.read(vex, boms: [bom])
        #expect(document.statements.count == 7_239)
        #expect(document.unresolved.isEmpty)
        #expect(document.statements.filter { $0.status == .notAffected }.count == 4_182)
        #expect(document.statements.filter { $0.status == .fixed }.count == 3_057)
        #expect(document.statements.allSatisfy { $0.problems().isEmpty })
        // 176 statements repeat one about another component of the same name and version (curl 8.7.1 three
        // times, as pkg:generic/haxx/curl, curl/curl and daniel_stenberg/curl): by purl they are three packages, so
        // every statement is a decision of its own; by name alone they would be 7,063.
        let decisions = document.statements.map { $0.decision(origin: "vex:x", defaultAuthor: "a", defaultTime: "t") }
        #expect(Set(decisions.map(\.id)).count == 7_239)
        #expect(Set(decisions.map { [$0.vulnerability, $0.componentName, $0.componentVersion ?? ""] }).count == 7_063)
        let first = try #require(document.statements.first)
        #expect(first.vulnerability == "CVE-2000-0006" && first.product.label == "libtasn1@4.19.0")
        let decision = first.decision(origin: "vex:x", defaultAuthor: "a", defaultTime: "t")
        #expect(decision.note.hasPrefix("STATE: upstream-wontfix"))
        // Without the BOM its BOM-Links cannot be resolved, and the reader says which.
        #expect(try VEXReaders.builtIn.read(vex).unresolved.count == 97)
    }

    static let openVEX = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/2099-0001",
         "author": "Acme Product Security", "timestamp": "2099-01-02T03:04:05Z", "version": 1,
         "statements": [
          {"vulnerability": {"name": "CVE-2024-0727", "aliases": ["GHSA-9v9h-cgj8-h64p"]},
           "products": [{"@id": "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64"},
                        {"@id": "https://example.com/pump", "identifiers": {"purl": "pkg:generic/pump-fw@2.1"}}],
           "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
           "impact_statement": "PKCS#12 files are never parsed"},
          {"vulnerability": {"name": "CVE-2024-2511"}, "products": [{"@id": "pkg:generic/openssl@3.0.11"}],
           "status": "affected", "action_statement": "Update to 3.0.14", "timestamp": "2099-02-01T00:00:00Z"},
          {"vulnerability": "CVE-2023-5678", "products": ["pkg:generic/openssl@3.0.11"], "status": "fixed"}]}
        """

    @Test func openVEX() throws {
        let document = try VEXReaders.builtIn.read(Array(Self.openVEX.utf8))
        #expect(document.format == "openvex")
        #expect(
            document.statements.map(\.product.label) == [
                "openssl@3.0.11-1~deb12u2", "pump-fw@2.1", "openssl@3.0.11", "openssl@3.0.11",
            ])
        #expect(document.statements.map(\.status) == [.notAffected, .notAffected, .affected, .fixed])
        #expect(document.statements.allSatisfy { $0.problems().isEmpty })
        let decision = document.statements[2].decision(origin: "vex:o", defaultAuthor: "x", defaultTime: "t")
        #expect(decision.note == "Update to 3.0.14")
        #expect(decision.author == "Acme Product Security")
        #expect(decision.recordedAt == "2099-02-01T00:00:00Z")
        #expect(document.statements[0].aliases == ["GHSA-9v9h-cgj8-h64p"])
    }

    @Test func malformedDocumentsAreRefused() {
        for text in [
            "", "{}", "[1,2]", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}"#,
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "maybe"}]}"#,
            #"{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1", "analysis": {"state": "fine"}, "affects": []}]}"#,
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "affected""#,
        ] {
            #expect(throws: VEXError.self, "\(text)") { try VEXReaders.builtIn.read(Array(text.utf8)) }
        }
    }

    @Test func incompleteStatementsAreNamed() {
        let product = VEXProduct(name: "openssl", version: "3.0.11")
        #expect(VEXStatement(vulnerability: "CVE-1", product: product, status: .affected).problems().count == 1)
        #expect(
            VEXStatement(vulnerability: "CVE-1", product: product, status: .affected, responses: [.update]).problems()
                .isEmpty)
        #expect(VEXStatement(vulnerability: "CVE-1", product: product, status: .notAffected).problems().count == 1)
        #expect(
            VEXStatement(
                vulnerability: "CVE-1", product: product, status: .notAffected, justification: .componentNotPresent
            ).problems().isEmpty)
        #expect(VEXStatement(vulnerability: "CVE-1", product: product, status: .fixed).problems().isEmpty)
    }

    @Test("a version's own status wins over the analysis: a resolved vulnerability's affected range is affected")
    func cycloneDXVersionStatus() throws {
        let json = """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "metadata": {"component": {"bom-ref": "fw", "name": "pump-fw", "version": "5.2"}},
             "vulnerabilities": [{"id": "CVE-2099-1", "analysis": {"state": "resolved", "detail": "Fixed in 5.1"},
               "affects": [{"ref": "fw", "versions": [
                 {"range": "vers:generic/<5.1", "status": "affected"}, {"range": "vers:generic/>=5.1", "status": "unaffected"},
                 {"version": "4.0-beta", "status": "unknown"}]}]}]}
            """
        let statements = try VEXReaders.builtIn.read(Array(json.utf8)).statements
        #expect(
            statements.map(\.product.label) == [
                "pump-fw vers:generic/<5.1", "pump-fw vers:generic/>=5.1", "pump-fw@4.0-beta",
            ])
        #expect(statements.map(\.status) == [.affected, .fixed, .underInvestigation])
        #expect(statements[0].actionStatement == "Fixed in 5.1")
    }

    @Test("CSAF product version ranges are ranges, never every version; one that is no VERS range is unresolved")
    func csafRanges() throws {
        let json = """
            {"document": {"category": "csaf_vex", "csaf_version": "2.0", "publisher": {"name": "Acme"},
               "tracking": {"current_release_date": "2099-01-01T00:00:00Z"}},
             "product_tree": {"branches": [{"category": "vendor", "name": "Acme", "branches": [
               {"category": "product_name", "name": "pump-fw", "branches": [
                 {"category": "product_version_range", "name": "vers:generic/>=3.0.8",
                  "product": {"name": "pump-fw >=3.0.8", "product_id": "P1"}},
                 {"category": "product_version_range", "name": "3.0.8 and later",
                  "product": {"name": "pump-fw 3.0.8 and later", "product_id": "P2"}},
                 {"category": "product_version", "name": "3.0.7", "product": {"name": "pump-fw 3.0.7", "product_id": "P3"}}]}]}]},
             "vulnerabilities": [{"cve": "CVE-2099-2", "product_status": {"known_not_affected": ["P1", "P2"],
               "known_affected": ["P3"]},
               "flags": [{"label": "vulnerable_code_not_present", "product_ids": ["P1", "P2"]}],
               "remediations": [{"category": "vendor_fix", "details": "Update to 3.0.8", "product_ids": ["P3"]}]}]}
            """
        let document = try VEXReaders.builtIn.read(Array(json.utf8))
        #expect(document.format == "csaf")
        #expect(document.statements.map(\.product.label) == ["pump-fw@3.0.7", "pump-fw vers:generic/>=3.0.8"])
        #expect(document.statements.map(\.status) == [.affected, .notAffected])
        #expect(document.statements[0].responses == [.update])
        #expect(document.unresolved == ["P2"])
    }

    @Test("an OpenVEX product's subcomponents are what its statement is about")
    func openVEXSubcomponents() throws {
        let json = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "author": "Acme", "timestamp": "2099-01-01T00:00:00Z",
             "statements": [{"vulnerability": {"name": "CVE-2099-5"},
               "products": [{"@id": "pkg:oci/pump-image@sha256%3Aabc", "subcomponents": [
                 {"@id": "pkg:deb/debian/openssl@3.0.11"}, {"@id": "pkg:deb/debian/zlib@1.2.13"}]},
                 {"@id": "pkg:generic/pump-fw@2.1"}],
               "status": "fixed"}]}
            """
        let document = try VEXReaders.builtIn.read(Array(json.utf8))
        #expect(document.statements.map(\.product.label) == ["openssl@3.0.11", "zlib@1.2.13", "pump-fw@2.1"])
    }
}
