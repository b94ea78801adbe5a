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
