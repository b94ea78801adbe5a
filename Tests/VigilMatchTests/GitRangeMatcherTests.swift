import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilStore
import VigilTesting

@testable import VigilMatch

/// OSV `GIT` ranges: repositories and tags read the way SBOMs and OSV write them, records found by repository, and
/// commits and tags judged against the ranges.
@Suite struct GitRangeMatcherTests {
    @Test(arguments: [
        "https://github.com/curl/curl", "https://github.com/curl/curl.git", "https://github.com/curl/curl/",
        "git+https://github.com/curl/curl.git", "git://github.com/curl/curl.git;protocol=https;branch=master",
        "git@github.com:curl/curl.git", "ssh://git@github.com:22/curl/curl.git", "HTTPS://GitHub.com/Curl/Curl",
        "git+https://github.com/curl/curl.git@57ba1dd51975c95628cc3936ab086f80cba4c2d0",
        "https://github.com/curl/curl?ref=x#readme", "https://github.com/curl/curl/tree/master",
        "https://www.github.com/curl/curl/commit/57ba1dd5", "ssh://git@github.com:curl/curl.git",
        "gitsm://github.com/curl/curl.git;protocol=https", "https://user@name@github.com/curl/curl",
    ])
    func repositoriesReadEveryWay(_ locator: String) {
        #expect(GitReference.repository(locator) == "github.com/curl/curl", "\(locator)")
    }

    @Test func notRepositories() {
        for text in [
            "", "curl", "file:///srv/git/curl.git", "ftp://example.com/curl.git", "https://github.com",
            "https://github.com/", "https://example.com/../../etc", "NOASSERTION", "localhost:curl",
            "https://evil.com\\@github.com/curl/curl",
        ] {
            #expect(GitReference.repository(text) == nil, "\(text)")
        }
    }

    @Test func revisionsOfLocators() {
        #expect(
            GitReference.locator("git+https://github.com/curl/curl.git@57ba1dd51975")?.revision == "57ba1dd51975")
        #expect(GitReference.locator("git@github.com:curl/curl.git")?.revision == nil, "`git@` is the user")
        #expect(GitReference.locator("git+ssh://git@github.com/curl/curl.git@v8.4.0")?.revision == "v8.4.0")
    }

    @Test func otherHostsKeepTheirPaths() {
        #expect(GitReference.repository("https://gitlab.com/group/sub/repo/-/tree/main") == "gitlab.com/group/sub/repo")
        #expect(GitReference.repository("git@git.example.com:22/fw/app.git") == "git.example.com/22/fw/app")
        #expect(GitReference.repository("ssh://git@git.example.com:2222/fw/app.git") == "git.example.com/fw/app")
        #expect(
            GitReference.repository("https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git")
                == "git.kernel.org/pub/scm/linux/kernel/git/stable/linux")
    }

    @Test("a tag names a release of its own component, not of another module of the repository")
    func tagsOfComponents() {
        #expect(GitReference.tag("curl-8_4_0", names: "8.4.0", of: "curl"))
        #expect(GitReference.tag("v8.4.0", names: "8.4.0", of: "anything"))
        #expect(GitReference.tag("refs/tags/release-8.4.0", names: "8.4.0", of: "curl"))
        #expect(GitReference.tag("OpenSSL_1_1_1k", names: "1.1.1k", of: "openssl"))
        #expect(GitReference.tag("lib-xml2-2.9.14", names: "2.9.14", of: "lib_xml2"))
        #expect(!GitReference.tag("service/s3/v1.2.3", names: "1.2.3", of: "service/ec2"))
        #expect(!GitReference.tag("bar-1.0", names: "1.0", of: "foo"))
        #expect(!GitReference.tag("curl-8_4_0", names: "8.4.1", of: "curl"))
    }

    @Test func tagsNameReleases() {
        let cases: [(String, String?)] = [
            ("curl-8_4_0", "8.4.0"), ("OpenSSL_1_1_1k", "1.1.1k"), ("libxml2-2.9.14", "2.9.14"), ("v1.2.3", "1.2.3"),
            ("release-v2.0", "2.0"), ("8.4.0", "8.4.0"), ("R_2_4_1", "2.4.1"), ("libv4", nil), ("main", nil),
            ("tags/v1.0", "1.0"),
        ]
        for (tag, release) in cases { #expect(GitReference.tagVersion(tag) == release, "\(tag)") }
    }

    @Test func commits() {
        let full = "57ba1dd51975c95628cc3936ab086f80cba4c2d0"
        #expect(GitReference.isCommit(full))
        #expect(GitReference.isCommit("57ba1dd"))
        #expect(!GitReference.isCommit("57ba1d"), "too short to name a commit")
        #expect(!GitReference.isCommit("curl-8_4_0"))
        #expect(GitReference.sameCommit("57BA1DD5", full))
        #expect(GitReference.sameCommit(full, full))
        #expect(!GitReference.sameCommit("57ba1de", full))
        #expect(!GitReference.sameCommit("57ba1", full), "a prefix shorter than 7 digits is not an abbreviation")
    }
}

extension GitRangeMatcherTests {
    static let introduced = "29c4aa00a16872514eb2e2c639576a382ffb66d3"
    static let fixed = "57ba1dd51975c95628cc3936ab086f80cba4c2d0"

    /// Two records in OSV's shapes: an OSS-Fuzz report (a package in the `OSS-Fuzz` ecosystem, a GIT range, its
    /// tags listed), and a converted CVE with a GIT range and no package.
    static let feed = """
        [{"id": "OSV-2099-1065", "summary": "Stack-buffer-overflow in Curl_output_aws_sigv4",
          "details": "OSS-Fuzz report: https://bugs.chromium.org/p/oss-fuzz/issues/detail?id=1",
          "modified": "2099-10-20T00:02:08.349709Z", "published": "2099-10-20T00:02:08.349463Z",
          "aliases": ["CVE-2099-1065"],
          "references": [{"type": "REPORT", "url": "https://bugs.chromium.org/p/oss-fuzz/issues/detail?id=1"}],
          "affected": [{"package": {"name": "curl", "ecosystem": "OSS-Fuzz", "purl": "pkg:generic/curl"},
            "ranges": [{"type": "GIT", "repo": "https://github.com/curl/curl.git",
              "events": [{"introduced": "\(introduced)"}, {"fixed": "\(fixed)"}]}],
            "ecosystem_specific": {"severity": "HIGH"}, "versions": ["curl-7_86_0", "curl-7_87_0"]}],
          "schema_version": "1.3.0"},
         {"id": "CVE-2099-2000", "details": "A converted CVE.", "modified": "2099-11-01T00:00:00Z",
          "affected": [{"ranges": [{"type": "GIT", "repo": "https://github.com/madler/zlib",
              "events": [{"introduced": "0"}, {"fixed": "04f42ceca40f73e2978b50e93806c2a18c1281fc"}]}],
            "versions": ["v1.2.11", "v1.2.12"]}],
          "schema_version": "1.6.0"}]
        """

    static func store() async throws -> SQLiteVulnerabilityStore {
        let store = try SQLiteVulnerabilityStore()
        let read = try FeedImporterRegistry.builtIn.read(Array(feed.utf8), source: "osv.json")
        _ = try await store.importRecords(read.batch.records)
        return store
    }

    static func scan(_ components: [SBOMComponent]) async throws -> ScanReport {
        try await VulnerabilityScanner().scan(
            SBOMDocument(components: components), store: try await store(),
            target: .init(name: "device", kind: "test", components: components.count),
            generatedAt: "2026-11-28T00:00:00.000Z")
    }

    @Test("records with git ranges are found by repository, with or without a package")
    func recordsByRepository() async throws {
        let store = try await Self.store()
        let curl = try await store.records(affecting: "github.com/curl/curl", ecosystem: "GIT", sources: nil)
        #expect(curl.map(\.vulnerability.id) == ["OSV-2099-1065"])
        #expect(curl.first?.affected.first?.name == "curl", "the package stays as OSV names it")
        let zlib = try await store.records(affecting: "github.com/madler/zlib", ecosystem: "GIT", sources: nil)
        #expect(zlib.map(\.vulnerability.id) == ["CVE-2099-2000"])
        #expect(zlib.first?.affected.first?.ecosystem == "GIT")
    }

    @Test("a release whose tag OSV lists is affected; one it does not list is not")
    func tagsListed() async throws {
        let report = try await Self.scan([
            SBOMComponent(id: "a", name: "curl", version: "curl-7_87_0", purl: "pkg:github/curl/curl@curl-7_87_0"),
            SBOMComponent(
                id: "b", name: "curl", version: "7.86.0",
                externalReferences: [.init(type: "vcs", url: "https://github.com/curl/curl")]),
            SBOMComponent(
                id: "c", name: "curl", version: "7.88.0",
                externalReferences: [.init(type: "vcs", url: "https://github.com/curl/curl")]),
            SBOMComponent(
                id: "d", name: "zlib", version: "1.2.12",
                downloadLocation: "git+https://github.com/madler/zlib.git"),
        ])
        let found = report.findings.map { "\($0.component.id) \($0.vulnerability) \($0.state.rawValue)" }
        #expect(
            found == [
                "a CVE-2099-1065 affected", "b CVE-2099-1065 affected", "d CVE-2099-2000 affected",
            ])
        let finding = try #require(report.findings.first)
        #expect(finding.aliases == ["OSV-2099-1065"])
        #expect(finding.fixedVersions == [Self.fixed])
        #expect(finding.matchedBy.map(\.matcher) == ["git"])
        #expect(finding.matchedBy.first?.detail == "curl tag curl-7_87_0 listed as affected")
        #expect(report.unidentified.isEmpty, "a repository identifies a component")
    }

    @Test("a component built from a range's commit: the fix is fixed, the introducing commit affected")
    func commits() async throws {
        let store = try await Self.store()
        let matcher = GitRangeMatcher()
        func state(_ component: SBOMComponent) async throws -> [String] {
            let scanned = try #require(ComponentIdentifier().identify(SBOMDocument(components: [component])).first)
            return try await matcher.matches(
                for: scanned, device: DeviceContext(components: [scanned]), store: store
            ).map { "\($0.vulnerabilityID) \($0.state.rawValue)" }
        }
        let vcs = [SBOMExternalReference(type: "vcs", url: "https://github.com/curl/curl.git")]
        #expect(
            try await state(SBOMComponent(id: "a", name: "curl", version: Self.fixed, externalReferences: vcs))
                == ["CVE-2099-1065 fixed"])
        #expect(
            try await state(
                SBOMComponent(
                    id: "b", name: "curl", version: "7.87.0",
                    downloadLocation: "git+https://github.com/curl/curl.git@\(Self.introduced.prefix(12))"))
                == ["CVE-2099-1065 affected"])
        #expect(
            try await state(
                SBOMComponent(
                    id: "c", name: "curl", version: "x",
                    purl: "pkg:generic/curl@x?vcs_url=git%2Bhttps://github.com/curl/curl.git%40\(Self.fixed)"))
                == ["CVE-2099-1065 fixed"])
        // Any other commit cannot be placed without the repository's history: no verdict.
        #expect(
            try await state(
                SBOMComponent(id: "d", name: "curl", version: "0123456789abcdef", externalReferences: vcs)
            ).isEmpty)
        // Another repository, or none, is not matched.
        #expect(
            try await state(
                SBOMComponent(
                    id: "e", name: "curl", version: "curl-7_87_0",
                    externalReferences: [.init(type: "vcs", url: "https://github.com/someone/curl")])
            ).isEmpty)
        #expect(try await state(SBOMComponent(id: "f", name: "curl", version: "curl-7_87_0")).isEmpty)
    }

    @Test("a commit given anywhere wins over a tag given first")
    func commitsOverTags() {
        let component = SBOMComponent(
            id: "a", name: "curl", version: "8.4.0",
            purl: "pkg:generic/curl@8.4.0?vcs_url=git%2Bhttps://github.com/curl/curl.git%40curl-8_4_0",
            downloadLocation: "git+https://github.com/curl/curl.git@57ba1dd51975")
        let scanned = ComponentIdentifier().identify(SBOMDocument(components: [component]))
        #expect(scanned.first?.commit == "57ba1dd51975")
        #expect(scanned.first?.repositories == ["github.com/curl/curl"])
    }

    @Test("a monorepo's tags of other modules, and a package entry's own versions, are no match")
    func noFalseTags() async throws {
        let store = try SQLiteVulnerabilityStore()
        _ = try await store.importRecords([
            VulnerabilityRecord(
                source: .osv, vulnerability: Vulnerability(id: "GO-2099-0001", aliases: ["CVE-2099-3000"]),
                affected: [
                    .init(
                        ecosystem: "Go", name: "github.com/aws/sdk/service/s3", repo: "https://github.com/aws/sdk",
                        spans: [.init(status: .affected, scheme: "git", introduced: "0", fixed: "abcdef1")],
                        versions: ["service/s3/v1.2.3"])
                ])
        ])
        func found(_ component: SBOMComponent) async throws -> Int {
            let scanned = try #require(ComponentIdentifier().identify(SBOMDocument(components: [component])).first)
            return try await GitRangeMatcher().matches(
                for: scanned, device: DeviceContext(components: [scanned]), store: store
            ).count
        }
        let vcs = [SBOMExternalReference(type: "vcs", url: "https://github.com/aws/sdk")]
        #expect(
            try await found(SBOMComponent(id: "a", name: "service/ec2", version: "v1.2.3", externalReferences: vcs))
                == 0)
        #expect(
            try await found(
                SBOMComponent(
                    id: "b", name: "github.com/aws/sdk/service/s3", version: "v1.2.3", externalReferences: vcs))
                == 1)
    }

    @Test func aDateIsNotACommit() {
        let components = ComponentIdentifier().identify(
            SBOMDocument(components: [
                SBOMComponent(id: "a", name: "tzdata", version: "20230817"),
                SBOMComponent(id: "b", name: "fw", version: "5f9a5d2e"),
                SBOMComponent(
                    id: "c", name: "fw", version: "1.0", downloadLocation: "git+https://example.com/fw.git@1234567"),
            ]))
        #expect(components.map(\.commit) == [nil, "5f9a5d2e", "1234567"])
        #expect(components.map(\.repositories) == [[], [], ["example.com/fw"]])
    }
}

extension GitRangeMatcherTests {
    @Test(
        "a kernel built from a commit of the kernel CNA's real git ranges",
        .enabled(if: SharedData.isAvailable || SharedData.isRequired, SharedData.missingMessage))
    func kernelCommitsOnRealRecords() async throws {
        let url = try #require(SharedData.url("kernel-cna/sample/CVE-2024-36971.json"))
        let read = try FeedImporterRegistry.builtIn.read(Array(try Data(contentsOf: url)), source: url.path)
        let store = try SQLiteVulnerabilityStore()
        _ = try await store.importRecords(read.batch.records)
        let repository = "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git"
        func states(_ commit: String) async throws -> [String] {
            let component = SBOMComponent(
                id: "k", name: "linux-custom", version: "6.1", downloadLocation: "git+\(repository)@\(commit)")
            let scanned = try #require(ComponentIdentifier().identify(SBOMDocument(components: [component])).first)
            return try await GitRangeMatcher().matches(
                for: scanned, device: DeviceContext(components: [scanned]), store: store
            ).map { "\($0.vulnerabilityID) \($0.state.rawValue)" }
        }
        // The record's first range: introduced by a87cb3e48ee8, fixed in one stable branch by 051c0bde9f04.
        #expect(try await states("051c0bde9f0450a2ec3d62a86d2a0d2fad117f13") == ["CVE-2024-36971 fixed"])
        #expect(try await states("a87cb3e48ee8") == ["CVE-2024-36971 affected"])
        #expect(try await states("0123456789ab").isEmpty)
    }
}
