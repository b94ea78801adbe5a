import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilTesting

/// Every importer against the real records in `../shared/data`.
@Suite struct FeedFormatsTests {
    static func read(_ path: String) throws -> (format: String, batch: FeedImportBatch) {
        let url = try #require(SharedData.url(path))
        return try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: path)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func kernelCNARecordKeepsGitAndSemverSpansProgramFilesAndCPEs() throws {
        let (format, batch) = try Self.read("kernel-cna/sample/CVE-2024-36971.json")
        #expect(format == "cve-json-5")
        let record = try #require(batch.records.only)
        #expect(record.source == .kernel)
        #expect(record.vulnerability.title == "net: fix __dst_negative_advice() race")
        #expect(record.vulnerability.assigner == "Linux")
        #expect(record.vulnerability.scores.first?.vector == "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        #expect(record.affected.count == 2)
        let git = record.affected[0]
        #expect(git.defaultStatus == .unaffected)
        #expect(git.repo?.hasSuffix("stable/linux.git") == true)
        #expect(git.spans.allSatisfy { $0.scheme == "git" && $0.status == .affected && $0.fixed != nil })
        #expect(git.programFiles.contains("net/ipv4/route.c"))
        let semver = record.affected[1]
        #expect(semver.defaultStatus == .affected)
        #expect(semver.fixedVersions.contains("6.1.94"))
        #expect(
            semver.spans.contains {
                $0.status == .unaffected && $0.introduced == "6.1.94" && $0.lastAffected == "6.1.*"
            })
        #expect(record.configurations.first?.nodes.first?.criteria.first?.criteria.contains("linux_kernel") == true)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func everyKernelCNARecordImports() throws {
        let (_, batch) = try Self.read("kernel-cna/kernel-cna-cve5.jsonl.gz")
        #expect(batch.records.count == 14_626)
        #expect(batch.skipped.isEmpty, "\(batch.skipped.prefix(3))")
        #expect(batch.records.allSatisfy { $0.source == .kernel })
        #expect(batch.records.filter { !$0.vulnerability.scores.isEmpty }.count == 5_373)
        #expect(batch.records.contains { $0.affected.contains { !$0.programFiles.isEmpty } })
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func vulnrichmentGivesCNAAndCISAADPRecords() throws {
        let (_, batch) = try Self.read("cve5-vulnrichment/vulnrichment-embedded-subset.json")
        #expect(batch.skipped.isEmpty)
        let cna = batch.records.filter { $0.source == .cve5 }
        let adp = batch.records.filter { $0.source == .cisaADP }
        #expect(cna.count == 108)
        #expect(adp.count > 50)
        let lighttpd = try #require(
            batch.records.first { $0.vulnerability.id == "CVE-2018-25103" && $0.source == .cve5 })
        #expect(lighttpd.vulnerability.weaknesses.map(\.id) == ["CWE-416"])
        #expect(lighttpd.vulnerability.published == "2024-06-17T18:02:57.162Z")
        #expect(
            lighttpd.affected.first?.spans.first
                == VersionSpan(
                    status: .affected, scheme: "custom", introduced: "0", lastAffected: "1.4.50"))
        let enrichment = try #require(
            batch.records.first { $0.vulnerability.id == "CVE-2018-25103" && $0.source == .cisaADP })
        #expect(
            enrichment.vulnerability.ssvc
                == SSVCDecision(
                    exploitation: "none", automatable: "yes", technicalImpact: "partial", version: "2.0.3",
                    timestamp: "2024-07-01T20:51:04.704950Z"))
        #expect(enrichment.vulnerability.scores.first?.baseScore == 5.3)
        #expect(enrichment.affected.first?.cpes == ["cpe:2.3:a:lighttpd:lighttpd:*:*:*:*:*:*:*:*"])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func everyVulnrichmentRecordImportsWithSSVCAndKEVFlags() throws {
        let (_, batch) = try Self.read("cve5-vulnrichment/vulnrichment-cve5.jsonl.gz")
        #expect(batch.skipped.isEmpty, "\(batch.skipped.prefix(3))")
        let cna = batch.records.filter { $0.source == .cve5 }
        let adp = batch.records.filter { $0.source == .cisaADP }
        #expect(cna.count == 44_130)
        #expect(cna.filter { $0.vulnerability.status == "REJECTED" }.count == 104)
        #expect(adp.count == 44_026)
        #expect(adp.filter { $0.vulnerability.ssvc != nil }.count == 44_026)
        #expect(adp.filter { $0.vulnerability.knownExploited != nil }.count == 224)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func anchoreOverridesAreNVDConfigurations() throws {
        let (format, batch) = try Self.read("nvd-overrides-anchore/anchore-nvd-overrides.jsonl.gz")
        #expect(format == "nvd-overrides-anchore")
        #expect(batch.records.count == 32_184)
        #expect(batch.skipped.isEmpty, "\(batch.skipped.prefix(3))")
        let first = try #require(batch.records.first)
        #expect(first.source == .nvdOverrides && first.vulnerability.id == "CVE-1999-0037")
        #expect(first.vulnerability.descriptions.contains { $0.language == "en-x-override-reason" })
        #expect(first.configurations.first?.nodes.first?.criteria.first?.vulnerable == false)
        let ranges = batch.records.flatMap(\.configurations).flatMap(\.nodes).flatMap(\.criteria).filter(\.hasRange)
        #expect(ranges.count > 90_000)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func almaLinuxOSVAdvisoriesKeepEcosystemRangesAndTheirCVEs() throws {
        let (format, batch) = try Self.read("osv-almalinux/almalinux-osv.jsonl.gz")
        #expect(format == "osv")
        #expect(batch.records.count == 5_680)
        #expect(batch.skipped.isEmpty, "\(batch.skipped.prefix(3))")
        let firefox = try #require(batch.records.first { $0.vulnerability.id == "ALSA-2025:10073" })
        #expect(firefox.vulnerability.related.contains("CVE-2025-6430"))
        let package = try #require(firefox.affected.first)
        #expect(package.ecosystem == "AlmaLinux:10" && package.name == "firefox")
        #expect(
            package.spans == [
                .init(status: .affected, scheme: "ecosystem", introduced: "0", fixed: "128.12.0-1.el10_0")
            ])
        #expect(package.fixedVersions == ["128.12.0-1.el10_0"])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func kevJSONAndCSVGiveTheSameRecords() throws {
        let (_, json) = try Self.read("kev/known_exploited_vulnerabilities.json")
        let (_, csv) = try Self.read("kev/known_exploited_vulnerabilities.csv")
        #expect(json.records.count == 1_404 && json.skipped.isEmpty)
        #expect(csv.records == json.records)
        let git = try #require(json.records.first)
        #expect(git.source == .kev && git.vulnerability.id == "CVE-2025-48384")
        #expect(git.vulnerability.knownExploited?.dateAdded == "2025-08-25")
        #expect(git.vulnerability.knownExploited?.dueDate == "2025-09-15")
        #expect(git.vulnerability.weaknesses.map(\.id) == ["CWE-59", "CWE-436"])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func alpineSecDBFixesPerBranch() throws {
        let (format, batch) = try Self.read("alpine-secdb/v3.11/main.yaml")
        #expect(format == "alpine-secdb")
        #expect(batch.records.count == 1_120)
        // Upstream typos that are no apk version are skipped with the reason, not guessed at.
        #expect(batch.skipped.map(\.id) == ["opensmtpd", "python2", "xen"])
        let record = try #require(batch.records.first { $0.vulnerability.id == "ALPINE-v3.11-main-CVE-2019-14904" })
        #expect(record.source == .alpine && record.vulnerability.aliases == ["CVE-2019-14904"])
        #expect(
            record.affected == [
                AffectedPackage(
                    ecosystem: "Alpine:v3.11", name: "ansible",
                    spans: [.init(status: .affected, scheme: "apk", introduced: "0", fixed: "2.9.3-r0")])
            ])
        let (_, empty) = try Self.read("alpine-secdb/v3.3/community.yaml")
        #expect(empty.records.isEmpty && empty.skipped.isEmpty)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func debianAdvisoriesGiveFixedRevisionsPerRelease() throws {
        let (format, batch) = try Self.read("debian-security-tracker/DSA-list")
        #expect(format == "debian-advisory-list")
        #expect(batch.records.count + batch.skipped.count == 5_406)
        #expect(batch.skipped.count < 10, "\(batch.skipped)")
        let xorg = try #require(batch.records.first { $0.vulnerability.id == "DSA-5380-1" })
        #expect(xorg.vulnerability.published == "2023-03-29")
        #expect(xorg.vulnerability.related == ["CVE-2023-1393"])
        #expect(
            xorg.affected == [
                AffectedPackage(
                    ecosystem: "Debian:11", name: "xorg-server",
                    spans: [.init(status: .affected, scheme: "deb", introduced: "0", fixed: "2:1.20.11-1+deb11u6")])
            ])
        #expect(batch.records.contains { $0.affected.contains { $0.defaultStatus == .unaffected } })
        let (_, lts) = try Self.read("debian-security-tracker/DLA-list")
        #expect(lts.records.count + lts.skipped.count == 3_534)
        let (cpeFormat, cpes) = try Self.read("debian-security-tracker/CPE-list")
        #expect(cpeFormat == "debian-cpe-list")
        #expect(cpes.packageCPEs?.count == 2_354)
        #expect(
            cpes.packageCPEs?.contains(
                .init(source: .debian, ecosystem: "Debian", package: "a2ps", cpe: "cpe:/a:gnu:a2ps")) == true)
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}

extension FeedFormatsTests {
    @Test("OSV entries with only a git range are kept under their repository; one that names no repository is left out")
    func osvGitOnlyEntries() throws {
        let json = """
            {"id": "CVE-2099-2000", "modified": "2099-11-01T00:00:00Z", "details": "d",
             "affected": [
               {"ranges": [{"type": "GIT", "repo": "https://github.com/madler/zlib.git",
                            "events": [{"introduced": "0"}, {"fixed": "04f42ceca40f"}]}], "versions": ["v1.2.12"]},
               {"ranges": [{"type": "GIT", "repo": "https://example.org/?p=zlib.git",
                            "events": [{"introduced": "0"}, {"fixed": "04f42ceca40f"}]}]},
               {"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
            """
        let (format, batch) = try FeedImporterRegistry.builtIn.read(Array(json.utf8), source: "osv.json")
        #expect(format == "osv")
        let record = try #require(batch.records.only)
        #expect(record.affected.map(\.name) == ["github.com/madler/zlib"])
        #expect(record.affected.first?.ecosystem == "GIT")
        #expect(record.affected.first?.spans.first?.fixed == "04f42ceca40f")
        #expect(record.affected.first?.versions == ["v1.2.12"])
        #expect(batch.skipped.isEmpty)
    }
}
