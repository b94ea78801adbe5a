import Foundation
import Testing
import VigilCore
import VigilStore

@testable import VigilMatch

/// Triage decisions applied to scan findings: which decision applies, what it changes, and how the outputs say it.
@Suite struct TriageApplyTests {
    static func report() async throws -> ScanReport {
        let record = MatcherTests.nvd(
            "CVE-2014-0160",
            [
                .init(nodes: [
                    .init(criteria: [
                        MatcherTests.criterion(
                            "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", startIncluding: "1.0.1",
                            endExcluding: "1.0.1g")
                    ])
                ])
            ], score: 7.5)
        var alias = record
        alias.source = .osv
        alias.vulnerability = Vulnerability(id: "GHSA-heartbleed", aliases: ["CVE-2014-0160"])
        alias.configurations = []
        return try await MatcherTests.scan(
            [
                MatcherTests.component(
                    "a", name: "OpenSSL", version: "1.0.1f", cpe: "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"),
                MatcherTests.component(
                    "b", name: "openssl", version: "1.0.1e", cpe: "cpe:2.3:a:openssl:openssl:1.0.1e:*:*:*:*:*:*:*"),
            ], [record])
    }

    static func decision(
        _ state: FindingState, vulnerability: String = "CVE-2014-0160", name: String = "openssl",
        version: String? = nil, at time: String, justification: VEXJustification? = nil,
        responses: [VEXResponse] = []
    ) -> TriageDecision {
        TriageDecision(
            vulnerability: vulnerability, componentName: name, componentVersion: version, state: state,
            justification: justification, responses: responses, note: "\(state.rawValue) at \(time)",
            author: "alice", recordedAt: time)
    }

    @Test("a version's decision wins over an every-version one; names match in any case; the latest wins")
    func whichDecisionApplies() async throws {
        var report = try await Self.report()
        #expect(report.findings.map(\.state) == [.affected, .affected])
        let forVersion = Self.decision(
            .notAffected, version: "1.0.1f", at: "2026-01-01T00:00:00.000Z",
            justification: .vulnerableCodeNotPresent)
        let everyVersion = Self.decision(.affected, at: "2026-01-05T00:00:00.000Z", responses: [.update])
        let later = Self.decision(.underInvestigation, at: "2026-01-06T00:00:00.000Z")
        let otherVersion = Self.decision(.fixed, version: "1.0.2", at: "2026-01-07T00:00:00.000Z")
        #expect(report.apply([forVersion, everyVersion, later, otherVersion]) == 2)
        let byVersion = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.component.version!, $0) })
        #expect(byVersion["1.0.1f"]?.state == .notAffected)
        #expect(byVersion["1.0.1f"]?.analysis?.decision == forVersion.id)
        #expect(byVersion["1.0.1f"]?.analysis?.matchedState == .affected)
        #expect(byVersion["1.0.1f"]?.analysis?.justification == .vulnerableCodeNotPresent)
        #expect(byVersion["1.0.1e"]?.state == .underInvestigation, "the later every-version decision")
        #expect(report.summary.byState == ["not_affected": 1, "under_investigation": 1])
        // Under investigation proves nothing harmless: the matchers' affected finding still holds the release.
        #expect(report.gateFailures(atOrAbove: .low).map(\.component.version) == ["1.0.1e"])
        #expect(report.summary.bySeverity == ["high": 1], "the summary counts as the gate does")
    }

    @Test("a range's decision covers the versions in it, below a version's own decision")
    func ranges() async throws {
        var report = try await Self.report()
        var range = Self.decision(.notAffected, at: "2026-01-02T00:00:00.000Z", justification: .componentNotPresent)
        range.componentVersionRange = "vers:generic/>=1.0.1f|<1.0.1g"
        range.id = "TD-range"
        #expect(range.problems().isEmpty)
        #expect(report.apply([range]) == 1)
        #expect(report.findings.map(\.state) == [.notAffected, .affected], "1.0.1f is in the range, 1.0.1e is not")
        let exact = Self.decision(.affected, version: "1.0.1f", at: "2026-01-01T00:00:00.000Z", responses: [.update])
        #expect(report.apply([range, exact]) == 2, "1.0.1e: re-opened by the decision for 1.0.1f")
        #expect(report.findings.first?.state == .affected, "the version's own decision, though older")
        // Re-opened by an `affected` decision for 1.0.1f: it stays affected, never better, until decided again.
        #expect(report.findings.last?.state == .affected)
        #expect(report.findings.last?.analysis?.reopened != nil)
        #expect(report.findings.last?.analysis?.decidedState == .affected)
        var both = range
        both.componentVersion = "1.0.1f"
        #expect(both.problems() == ["a decision is for one version or for a range, not both"])
        var malformed = range
        malformed.componentVersionRange = "1.0 - 2.0"
        #expect(malformed.problems().count == 1)
    }

    @Test("a decision re-opens when its evidence changed or it was made for another version")
    func reopening() async throws {
        var report = try await Self.report()
        var decision = Self.decision(
            .notAffected, version: "1.0.1f", at: "2026-01-01T00:00:00.000Z", justification: .componentNotPresent)
        decision.evidence = "aaaa"
        // The same evidence: the decision holds.
        var same = report
        same.apply([decision], evidence: ["CVE-2014-0160": "aaaa"])
        #expect(same.findings.map(\.state) == [.notAffected, .underInvestigation])
        #expect(same.findings[0].analysis?.reopened == nil)
        // 1.0.1e has only a decision for 1.0.1f: re-opened, the gate still counts what the matchers found.
        #expect(same.findings[1].analysis?.reopened?.contains("for openssl@1.0.1f and this is version 1.0.1e") == true)
        #expect(same.gateFailures(atOrAbove: .high).map(\.component.version) == ["1.0.1e"])
        // Changed evidence: back to under_investigation, with the reason; the gate fails on it again.
        report.apply([decision], evidence: ["CVE-2014-0160": "bbbb"])
        let reopened = try #require(report.findings.first)
        #expect(reopened.state == .underInvestigation)
        #expect(reopened.analysis?.reopened?.contains("ranges or scores differ") == true)
        #expect(reopened.analysis?.justification == nil)
        #expect(report.gateFailures(atOrAbove: .high).count == 2)
        // No evidence known now (no records): the decision holds.
        var unknown = try await Self.report()
        unknown.apply([decision])
        #expect(unknown.findings.first?.state == .notAffected)
    }

    @Test("a decision with a purl is about that package only; without one, about the name")
    func purls() async throws {
        var npm = Self.decision(.notAffected, name: "lodash", at: "t", justification: .componentNotPresent)
        npm.componentPurl = TriageDecision.packageIdentity("pkg:npm/lodash@4.17.20?repository_url=x")
        #expect(npm.componentPurl == "pkg:npm/lodash")
        #expect(npm.names(component: "lodash", purl: "pkg:npm/lodash@4.17.21"))
        #expect(!npm.names(component: "lodash", purl: "pkg:generic/lodash@4.17.20"))
        #expect(npm.names(component: "Lodash", purl: nil), "a finding without a purl matches by name")
        let plain = Self.decision(.notAffected, name: "lodash", at: "t", justification: .componentNotPresent)
        #expect(plain.names(component: "LODASH", purl: "pkg:generic/lodash@1"))
        var report = try await Self.report()
        report.findings[0].component.purl = "pkg:generic/openssl@1.0.1f"
        var deb = Self.decision(.notAffected, at: "t", justification: .componentNotPresent)
        deb.componentPurl = "pkg:deb/debian/openssl"
        #expect(report.apply([deb]) == 1, "only the finding without a purl")
        #expect(report.findings.map(\.state) == [.affected, .notAffected])
    }

    @Test("a decision filed under an alias applies; one for another vulnerability or component does not")
    func aliasesAndMisses() async throws {
        var report = try await Self.report()
        report.findings[0].aliases = ["GHSA-heartbleed"]
        let applied = report.apply([
            Self.decision(.fixed, vulnerability: "GHSA-heartbleed", at: "2026-01-01T00:00:00.000Z"),
            Self.decision(.notAffected, vulnerability: "CVE-2014-0161", at: "2026-01-01T00:00:00.000Z"),
            Self.decision(.notAffected, name: "libressl", at: "2026-01-01T00:00:00.000Z"),
        ])
        #expect(applied == 1)
        #expect(report.findings.map(\.state) == [.fixed, .affected])
        #expect(report.gateFailures(atOrAbove: .high).count == 1)
    }

    @Test("CycloneDX and SARIF carry the decision")
    func outputs() async throws {
        var report = try await Self.report()
        report.apply([
            Self.decision(
                .notAffected, version: "1.0.1f", at: "2026-01-01T00:00:00.000Z",
                justification: .vulnerableCodeNotInExecutePath),
            Self.decision(.affected, version: "1.0.1e", at: "2026-01-01T00:00:00.000Z", responses: [.update]),
        ])
        let vdr = try #require(
            try JSONSerialization.jsonObject(with: Data(ScanReportFormat.cyclonedx.render(report))) as? [String: Any])
        let analysis = try #require(
            ((vdr["vulnerabilities"] as? [[String: Any]])?.first?["analysis"]) as? [String: Any])
        #expect(analysis["state"] as? String == "exploitable", "the worst state of the vulnerability's findings")
        #expect(analysis["response"] as? [String] == ["update"])
        #expect((analysis["detail"] as? String)?.contains("affected at 2026-01-01") == true)
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(ScanReportFormat.sarif.render(report))) as? [String: Any])
        let results = try #require(((sarif["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        #expect(results.count == 1, "not_affected findings are not results")
        let triage = (results.first?["properties"] as? [String: Any])?["triage"] as? [String: Any]
        #expect(triage?["author"] as? String == "alice")
        #expect(VEXJustification.vulnerableCodeNotInExecutePath.cycloneDX == "code_not_reachable")
        for justification in VEXJustification.allCases {
            #expect(VEXJustification(cycloneDX: justification.cycloneDX) == justification, "round trip")
        }
    }
}
