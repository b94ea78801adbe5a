import Foundation
import Testing
import VigilCore

@testable import VigilMatch

/// Findings re-scored in a device context and sorted by priority; profiles read with every key checked.
@Suite struct PrioritisationTests {
    static func report() async throws -> ScanReport {
        func record(_ id: String, product: String, vector: String, score: Double) -> VulnerabilityRecord {
            var record = MatcherTests.nvd(
                id,
                [
                    .init(nodes: [
                        .init(criteria: [
                            MatcherTests.criterion("cpe:2.3:a:acme:\(product):*:*:*:*:*:*:*:*", endExcluding: "2.0")
                        ])
                    ])
                ], score: score)
            record.vulnerability.scores = [
                .init(system: "CVSS:3.1", vector: vector, baseScore: score, source: "nvd@nist.gov", type: "Primary")
            ]
            return record
        }
        return try await MatcherTests.scan(
            [
                MatcherTests.component(
                    "a", name: "alpha", version: "1.0", cpe: "cpe:2.3:a:acme:alpha:1.0:*:*:*:*:*:*:*"),
                MatcherTests.component("b", name: "beta", version: "1.0", cpe: "cpe:2.3:a:acme:beta:1.0:*:*:*:*:*:*:*"),
            ],
            [
                record(
                    "CVE-2099-0001", product: "alpha", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
                    score: 5.3),
                record(
                    "CVE-2099-0002", product: "beta", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8
                ),
                record(
                    "CVE-2099-0003", product: "alpha", vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
                    score: 7.8),
            ])
    }

    @Test("without a context: base scores; KEV outranks a higher score; sorted by priority")
    func withoutContext() async throws {
        var report = try await Self.report()
        report.findings[report.findings.firstIndex { $0.vulnerability == "CVE-2099-0001" }!].kev = .init(
            dateAdded: "2099-01-01", dueDate: nil, ransomware: nil)
        report.prioritise(context: nil)
        #expect(report.findings.map(\.vulnerability) == ["CVE-2099-0001", "CVE-2099-0002", "CVE-2099-0003"])
        #expect(report.findings.allSatisfy { $0.contextCVSS == nil && $0.priority != nil })
        #expect(report.findings[0].priority?.basis == "CVSS 5.3, KEV, safety unknown")
        #expect(report.context == nil)
    }

    @Test("a context re-scores each vector and records the profile; an adjacent-only pump lowers network attacks")
    func withContext() async throws {
        var report = try await Self.report()
        let pump = DeviceContextProfile(
            device: "pump", networkExposure: .adjacent, safetyImpact: .catastrophic, dataSensitivity: .low)
        report.prioritise(context: pump)
        let byID = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.vulnerability, $0) })
        let rce = try #require(byID["CVE-2099-0002"]?.contextCVSS)
        #expect(rce.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:H/AR:H/MAV:A")
        #expect(rce.score == 8.8 && rce.severity == .high)
        #expect(byID["CVE-2099-0002"]?.priority?.basis == "CVSS 9.8 (context 8.8), safety catastrophic")
        #expect(report.context == pump)
        #expect(report.findings.first?.vulnerability == "CVE-2099-0002")
        let json = try JSONDecoder().decode(ScanReport.self, from: Data(try ScanReportFormat.json.render(report)))
        #expect(json.findings.first?.priority == report.findings.first?.priority)
        #expect(json.context == pump)
    }

    @Test("profile files: every key checked, values named, schema checked, written and read back")
    func files() throws {
        let text = """
            schema: vigil.context/1
            device: "IP-200"
            networkExposure: adjacent
            physicalAccess: secured
            userInteraction: none
            safetyImpact: critical
            dataSensitivity: high
            requirements:
              availability: low
            """
        let profile = try DeviceContextFile.read(text, source: "c.yaml")
        #expect(profile.userInteraction == .notRequired && profile.availabilityRequirement == .low)
        #expect(try DeviceContextFile.read(DeviceContextFile.write(profile), source: "w") == profile)
        let cases: [(String, String)] = [
            (text.replacing("networkExposure", with: "netExposure"), "'netExposure' is not a device context key"),
            (text.replacing("adjacent", with: "bluetooth"), "'networkExposure': one of internet, network"),
            (text.replacing("safetyImpact: critical\n", with: ""), "'safetyImpact' is required"),
            (text.replacing("availability", with: "uptime"), "'requirements.uptime' is not a requirement"),
            (text.replacing("vigil.context/1", with: "vigil.context/9"), "schema 'vigil.context/9'"),
            ("- a\n- b\n", "a device context is a mapping"),
            ("a: [\n", "not YAML"),
        ]
        for (input, message) in cases {
            do {
                _ = try DeviceContextFile.read(input, source: "c.yaml")
                Issue.record("accepted: \(message)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
