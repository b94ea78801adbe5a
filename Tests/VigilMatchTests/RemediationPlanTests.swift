import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilStore
import VigilTesting

@testable import VigilMatch

/// Remediation plans on the kernel CNA's real record: the branch's own fix, fix commits, back-port candidates.
@Suite struct RemediationPlanTests {
    @Test(
        "a kernel's nearest fix is on its own branch; a branch without one gets the commits to back-port",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func kernelBranches() async throws {
        let url = try #require(SharedData.url("kernel-cna/sample/CVE-2024-36971.json"))
        let read = try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: url.path)
        let patched = VulnerabilityRecord(
            source: .nvd,
            vulnerability: Vulnerability(
                id: "CVE-2024-36971",
                references: [
                    .init(url: "https://git.kernel.org/stable/c/051c0bde9f04", tags: ["Patch"]),
                    .init(url: "https://example.com/advisory", tags: ["Third Party Advisory"]),
                ]))
        let store = try await MatcherTests.store(read.batch.records + [patched])
        var components: [SBOMComponent] = []
        for version in ["6.1.50", "6.2.10", "6.6.40"] {
            components.append(
                SBOMComponent(
                    id: "linux-\(version)", kind: .operatingSystem, name: "linux", version: version,
                    purl: "pkg:generic/linux@\(version)"))
        }
        let report = try await VulnerabilityScanner().scan(
            SBOMDocument(components: components), store: store,
            target: .init(name: "device", kind: "test", components: 3), generatedAt: "2026-11-28T00:00:00.000Z")
        let plan = try await RemediationPlan.make(for: report, store: store)
        let byVersion = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.component.version ?? "", $0) })
        #expect(Set(byVersion.keys) == ["6.1.50", "6.2.10"], "6.6.40 is past its branch's fix (6.6.34)")
        let onBranch = try #require(byVersion["6.1.50"])
        #expect(onBranch.nearestFix == "6.1.94")
        #expect(!onBranch.backport)
        #expect(onBranch.patches == ["https://git.kernel.org/stable/c/051c0bde9f04"])
        let orphan = try #require(byVersion["6.2.10"])
        #expect(orphan.nearestFix == nil, "6.2 is no stable branch with a fix")
        #expect(orphan.upgradeBranch == "6.6.34")
        #expect(orphan.backport)
        // Every distinct fix commit of the record's git ranges, once.
        let commits = Set(
            read.batch.records.flatMap(\.affected).flatMap(\.spans).compactMap { $0.scheme == "git" ? $0.fixed : nil })
        #expect(Set(orphan.fixCommits.map(\.commit)) == commits)
        #expect(orphan.fixCommits.count == commits.count)
    }

    @Test("a distribution's package: its own revision when it has one; else the upstream fix to back-port, in words")
    func distributionAndUpstream() async throws {
        let nvd = MatcherTests.nvd(
            "CVE-2099-0100",
            [
                .init(nodes: [
                    .init(criteria: [
                        MatcherTests.criterion(
                            "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", startIncluding: "3.0.0", endExcluding: "3.0.13"
                        )
                    ])
                ])
            ], score: 7.5)
        var fixed = nvd
        fixed.vulnerability = Vulnerability(id: "CVE-2099-0101")
        func debian(_ id: String, fix: String?) -> VulnerabilityRecord {
            VulnerabilityRecord(
                source: .debian, vulnerability: Vulnerability(id: "DSA-\(id)", aliases: [id]),
                affected: [
                    .init(
                        ecosystem: "Debian:12", name: "openssl",
                        spans: [.init(status: .affected, scheme: "deb", introduced: "0", fixed: fix)])
                ])
        }
        let store = try await MatcherTests.store([
            nvd, fixed, debian("CVE-2099-0100", fix: nil), debian("CVE-2099-0101", fix: "3.0.11-1~deb12u3"),
        ])
        let component = MatcherTests.component(
            "o", name: "openssl", version: "3.0.11-1~deb12u2",
            purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12",
            cpe: "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*")
        var report = try await VulnerabilityScanner().scan(
            SBOMDocument(components: [component]), store: store,
            target: .init(name: "device", kind: "test", components: 1), generatedAt: "2026-11-28T00:00:00.000Z")
        report.prioritise(context: nil)
        let plan = try await RemediationPlan.make(for: report, store: store)
        let items = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.vulnerability, $0) })
        let withFix = try #require(items["CVE-2099-0101"])
        #expect(withFix.distributionFixes == ["3.0.11-1~deb12u3"] && withFix.upstreamFixes == ["3.0.13"])
        #expect(withFix.nearestFix == "3.0.11-1~deb12u3" && withFix.note == nil)
        let open = try #require(items["CVE-2099-0100"])
        #expect(open.distributionFixes.isEmpty && open.upstreamFixes == ["3.0.13"])
        #expect(open.nearestFix == nil && open.upstreamNearestFix == "3.0.13")
        #expect(
            open.note
                == "the distribution has no fixed revision yet; upstream fixed it in 3.0.13: back-port it, or ask the distribution"
        )
        #expect(open.priority != nil)
    }

    @Test func nearestFixes() {
        let scheme = UpstreamVersionScheme()
        #expect(
            RemediationPlan.nearestFix("1.2.3", fixed: ["1.3.0", "1.2.9", "1.2.5", "2.0"], scheme: scheme) == (
                "1.2.5", nil
            ))
        #expect(
            RemediationPlan.nearestFix("1.2.3", fixed: ["2.0", "1.3.1", "1.1.9"], scheme: scheme) == (nil, "1.3.1"))
        #expect(RemediationPlan.nearestFix("1.2.3", fixed: ["1.1.9", "abcdef123456"], scheme: scheme) == (nil, nil))
        #expect(RemediationPlan.nearestFix(nil, fixed: ["1.0"], scheme: scheme) == (nil, nil))
    }
}
