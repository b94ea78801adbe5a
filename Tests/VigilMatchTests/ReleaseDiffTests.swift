import Testing
import VigilCore

@testable import VigilMatch

/// Two releases compared: upgrades are changes, not a removal and an addition; findings by vulnerability and
/// component.
@Suite struct ReleaseDiffTests {
    static func finding(
        _ vulnerability: String, _ name: String, _ version: String, _ state: FindingState, _ severity: Severity
    )
        -> ScanReport.Finding
    {
        ScanReport.Finding(
            id: "VF-\(vulnerability)-\(version)", vulnerability: vulnerability, aliases: [],
            component: .init(
                id: name, name: name, version: version, purl: "pkg:deb/debian/\(name)@\(version)", cpe: nil),
            state: state, severity: severity, cvss: nil, kev: nil, epss: nil, fixedVersions: [], matchedBy: [],
            title: nil, published: nil, references: [], suppressed: nil)
    }

    static func report(_ findings: [ScanReport.Finding]) -> ScanReport {
        var report = ScanReport(
            generatedAt: "2026-11-28T00:00:00.000Z", target: .init(name: "t", kind: "sbom", components: 0),
            database: .init(path: nil, snapshot: nil, sources: []),
            summary: .init(components: 0, findings: 0, byState: [:], bySeverity: [:], suppressed: 0, unidentified: 0),
            findings: findings, unidentified: [], warnings: [])
        report.recomputeSummary()
        return report
    }

    @Test func componentsAndFindings() {
        let old = SBOMDocument(components: [
            SBOMComponent(id: "a", name: "openssl", version: "3.0.11", purl: "pkg:deb/debian/openssl@3.0.11"),
            SBOMComponent(id: "b", name: "zlib", version: "1.2.13", purl: "pkg:deb/debian/zlib@1.2.13"),
            SBOMComponent(id: "c", name: "BusyBox", version: "1.36.1"),
        ])
        let new = SBOMDocument(components: [
            SBOMComponent(id: "a", name: "openssl", version: "3.0.13", purl: "pkg:deb/debian/openssl@3.0.13"),
            SBOMComponent(id: "c", name: "busybox", version: "1.36.1"),
            SBOMComponent(id: "d", name: "curl", version: "8.5.0", purl: "pkg:deb/debian/curl@8.5.0"),
        ])
        let before = Self.report([
            Self.finding("CVE-1", "openssl", "3.0.11", .affected, .high),
            Self.finding("CVE-2", "openssl", "3.0.11", .affected, .medium),
            Self.finding("CVE-3", "zlib", "1.2.13", .affected, .low),
        ])
        let after = Self.report([
            Self.finding("CVE-2", "openssl", "3.0.13", .fixed, .medium),
            Self.finding("CVE-4", "curl", "8.5.0", .affected, .critical),
        ])
        let diff = ReleaseDiff(
            product: "pump", from: (version: "1.0", document: old, report: before),
            to: (version: "2.0", document: new, report: after))
        #expect(diff.components.added.map(\.name) == ["curl"])
        #expect(diff.components.removed.map(\.name) == ["zlib"])
        #expect(
            diff.components.changed.map { "\($0.name) \($0.fromVersion!)→\($0.toVersion!)" } == [
                "openssl 3.0.11→3.0.13"
            ])
        #expect(diff.findings.added.map(\.vulnerability) == ["CVE-4"])
        #expect(diff.findings.removed.map(\.vulnerability).sorted() == ["CVE-1", "CVE-3"])
        #expect(
            diff.findings.changed.map { "\($0.vulnerability) \($0.fromState!.rawValue)→\($0.toState!.rawValue)" } == [
                "CVE-2 affected→fixed"
            ])
        #expect(diff.schema == "vigil.release-diff/1")
    }
}
