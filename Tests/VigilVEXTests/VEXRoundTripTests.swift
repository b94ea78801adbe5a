import Foundation
import Testing
import VigilCore

@testable import VigilVEX

/// Statements written in each format read back the same: status, product, justification, responses, words.
@Suite struct VEXRoundTripTests {
    static let statements: [VEXStatement] = [
        VEXStatement(
            vulnerability: "CVE-2024-0727", aliases: ["GHSA-9v9h-cgj8-h64p"],
            product: VEXProduct(name: "openssl", version: "3.0.11", purl: "pkg:generic/openssl@3.0.11"),
            status: .notAffected, justification: .vulnerableCodeNotInExecutePath,
            impactStatement: "PKCS#12 files are never parsed", timestamp: "2099-01-01T00:00:00Z"),
        VEXStatement(
            vulnerability: "CVE-2024-2511",
            product: VEXProduct(name: "openssl", version: "3.0.11", purl: "pkg:generic/openssl@3.0.11"),
            status: .affected, actionStatement: "Update to 3.0.14", responses: [.update],
            timestamp: "2099-01-02T00:00:00Z"),
        VEXStatement(
            vulnerability: "CVE-2023-5678",
            product: VEXProduct(name: "busybox", version: "1.36.1", purl: "pkg:generic/busybox@1.36.1"),
            status: .fixed, detail: "Back-ported in 1.36.1-r2", timestamp: "2099-01-03T00:00:00Z"),
        VEXStatement(
            vulnerability: "CVE-2024-9999",
            product: VEXProduct(name: "busybox", version: "1.36.1", purl: "pkg:generic/busybox@1.36.1"),
            status: .underInvestigation, detail: "Reproducing on the pump", timestamp: "2099-01-04T00:00:00Z"),
        VEXStatement(
            vulnerability: "CVE-2024-3596",
            product: VEXProduct(name: "freeradius", version: "3.2.3", purl: "pkg:generic/freeradius@3.2.3"),
            status: .notAffected, justification: .componentNotPresent, timestamp: "2099-01-05T00:00:00Z"),
    ]

    static let identity = VEXIdentity(
        author: "Acme PSIRT", namespace: "https://acme.example", timestamp: "2099-02-01T00:00:00Z", tool: "vigil test")

    /// What must survive any format.
    static func essence(_ statement: VEXStatement) -> [String] {
        [
            statement.vulnerability, statement.product.name, statement.product.version ?? "-",
            statement.status.rawValue,
            statement.justification?.rawValue ?? "-", statement.responses.map(\.rawValue).joined(separator: ","),
            statement.text ?? "-",
        ]
    }

    @Test(arguments: ["openvex", "cyclonedx", "csaf"])
    func roundTrip(_ format: String) throws {
        let writer = try #require(VEXWriters.writer(format))
        let bytes = try writer.write(VEXDocument(format: format, statements: Self.statements), identity: Self.identity)
        let read = try VEXReaders.builtIn.read(bytes)
        #expect(read.format == format)
        #expect(read.unresolved.isEmpty)
        // OpenVEX has no responses (its action statement says what to do); the others keep them.
        func essence(_ statement: VEXStatement) -> [String] {
            format == "openvex"
                ? Array(Self.essence(statement).prefix(5) + Self.essence(statement).suffix(1))
                : Self.essence(statement)
        }
        #expect(read.statements.map(essence) == Self.statements.map(essence), "\(format)")
        #expect(read.statements.allSatisfy { $0.problems().isEmpty })
        #expect(read.author == "Acme PSIRT")
        // The same statements give the same bytes.
        #expect(
            try writer.write(VEXDocument(format: format, statements: Self.statements), identity: Self.identity) == bytes
        )
    }

    @Test func rangesSurviveCycloneDX() throws {
        let statement = VEXStatement(
            vulnerability: "CVE-2021-44228", product: VEXProduct(name: "ABC", versionRange: "vers:generic/>=2.9|<=4.1"),
            status: .affected, actionStatement: "Update to 4.2")
        let bytes = try CycloneDXVEXWriter().write(
            VEXDocument(format: "cyclonedx", statements: [statement]), identity: Self.identity)
        let read = try VEXReaders.builtIn.read(bytes)
        #expect(read.statements.map(\.product.label) == ["ABC vers:generic/>=2.9|<=4.1"])
    }

    @Test func csafNamesWhatCISARequires() throws {
        let bytes = try CSAFVEXWriter().write(
            VEXDocument(format: "csaf", statements: Self.statements), identity: Self.identity)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let document = try #require(json["document"] as? [String: Any])
        #expect(document["category"] as? String == "csaf_vex")
        let vulnerabilities = try #require(json["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.count == 5)
        let first = vulnerabilities[0]
        #expect((first["product_status"] as? [String: [String]])?["known_not_affected"] == ["CSAFPID-0001"])
        #expect(
            (first["flags"] as? [[String: Any]])?.first?["label"] as? String == "vulnerable_code_not_in_execute_path")
        let affected = vulnerabilities[1]
        #expect((affected["remediations"] as? [[String: Any]])?.first?["category"] as? String == "vendor_fix")
    }

    @Test("CSAF: one product per purl, its worst state once, notes on every vulnerability; nothing to state is refused")
    func csafProfile() throws {
        let product = VEXProduct(name: "curl", version: "8.7.1", purl: "pkg:generic/curl@8.7.1")
        let twice = [
            VEXStatement(
                vulnerability: "CVE-2099-3", product: product, status: .notAffected, justification: .componentNotPresent
            ),
            VEXStatement(vulnerability: "CVE-2099-3", product: product, status: .affected, actionStatement: "Update"),
        ]
        let bytes = try CSAFVEXWriter().write(VEXDocument(format: "csaf", statements: twice), identity: Self.identity)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(((json["product_tree"] as? [String: Any])?["full_product_names"] as? [Any])?.count == 1)
        let vulnerability = try #require((json["vulnerabilities"] as? [[String: Any]])?.first)
        #expect(vulnerability["product_status"] as? [String: [String]] == ["known_affected": ["CSAFPID-0001"]])
        #expect(vulnerability["flags"] == nil, "the worst statement wins, and it has no justification")
        #expect((vulnerability["notes"] as? [[String: Any]])?.first?["category"] as? String == "description")
        #expect(throws: VEXError.self) {
            try CSAFVEXWriter().write(VEXDocument(format: "csaf"), identity: Self.identity)
        }
        #expect(throws: VEXError.self) {
            try OpenVEXWriter().write(
                VEXDocument(
                    format: "openvex",
                    statements: [
                        VEXStatement(
                            vulnerability: "CVE-2099-4",
                            product: VEXProduct(name: "x", versionRange: "vers:generic/<2"),
                            status: .fixed)
                    ]), identity: Self.identity)
        }
    }
}
