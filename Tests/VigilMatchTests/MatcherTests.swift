import Foundation
import Testing
import VigilCore
import VigilStore

@testable import VigilMatch

/// The matchers and the merge, on records written in the shapes the importers produce.
@Suite struct MatcherTests {
    static func store(_ records: [VulnerabilityRecord]) async throws -> SQLiteVulnerabilityStore {
        let store = try SQLiteVulnerabilityStore()
        _ = try await store.importRecords(records)
        return store
    }

    static func component(
        _ id: String, name: String, version: String, purl: String? = nil, cpe: String? = nil,
        kind: SBOMComponentKind = .library, properties: [SBOMProperty] = []
    ) -> SBOMComponent {
        var component = SBOMComponent(id: id, kind: kind, name: name, version: version, purl: purl)
        if let cpe { component.cpes = [cpe] }
        component.properties = properties
        return component
    }

    static func scan(
        _ components: [SBOMComponent], _ records: [VulnerabilityRecord]
    ) async throws -> ScanReport {
        let store = try await store(records)
        return try await VulnerabilityScanner().scan(
            SBOMDocument(components: components), store: store,
            target: .init(name: "device", kind: "test", components: components.count),
            generatedAt: "2026-11-28T00:00:00.000Z")
    }

    static func nvd(
        _ id: String, _ configurations: [NVDConfiguration], source: FeedSource = .nvd, score: Double? = nil
    ) -> VulnerabilityRecord {
        VulnerabilityRecord(
            source: source,
            vulnerability: Vulnerability(
                id: id,
                scores: score.map {
                    [
                        .init(
                            system: "CVSS:3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", baseScore: $0,
                            source: "nvd@nist.gov", type: "Primary")
                    ]
                } ?? []),
            configurations: configurations)
    }

    static func criterion(
        _ cpe: String, vulnerable: Bool = true, startIncluding: String? = nil, startExcluding: String? = nil,
        endIncluding: String? = nil, endExcluding: String? = nil
    ) -> CPEMatchCriterion {
        CPEMatchCriterion(
            vulnerable: vulnerable, criteria: cpe, versionStartIncluding: startIncluding,
            versionStartExcluding: startExcluding, versionEndIncluding: endIncluding, versionEndExcluding: endExcluding)
    }

    static let openssl = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"

    // MARK: NVD

    @Test(
        "version ranges: start and end, including and excluding, at their boundaries",
        arguments: [
            ("1.0.1", true), ("1.0.1f", true), ("1.0.1g", false), ("1.0.0z", false), ("1.0.2", false),
        ])
    func nvdRanges(_ version: String, _ affected: Bool) async throws {
        let record = Self.nvd(
            "CVE-2014-0160",
            [
                .init(nodes: [
                    .init(criteria: [Self.criterion(Self.openssl, startIncluding: "1.0.1", endExcluding: "1.0.1g")])
                ])
            ],
            score: 7.5)
        let report = try await Self.scan(
            [
                Self.component(
                    "c", name: "openssl", version: version, cpe: "cpe:2.3:a:openssl:openssl:\(version):*:*:*:*:*:*:*")
            ],
            [record])
        #expect(report.findings.map(\.vulnerability) == (affected ? ["CVE-2014-0160"] : []))
        if affected {
            #expect(report.findings[0].severity == .high)
            #expect(report.findings[0].fixedVersions == ["1.0.1g"])
            #expect(report.findings[0].matchedBy.first?.detail == Self.openssl + " >=1.0.1 <1.0.1g")
        }
    }

    @Test("a platform condition fires only when the device has the platform")
    func platformConditions() async throws {
        let record = Self.nvd(
            "CVE-2015-0001",
            [
                .init(
                    operator: .and,
                    nodes: [
                        .init(criteria: [Self.criterion("cpe:2.3:a:vendor:agent:*:*:*:*:*:*:*:*", endExcluding: "2.0")]
                        ),
                        .init(criteria: [
                            Self.criterion("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*", vulnerable: false)
                        ]),
                    ])
            ])
        let agent = Self.component(
            "agent", name: "agent", version: "1.5", cpe: "cpe:2.3:a:vendor:agent:1.5:*:*:*:*:*:*:*")
        #expect(try await Self.scan([agent], [record]).findings.isEmpty, "no Windows on this device")
        let windows = Self.component(
            "os", name: "windows", version: "10", cpe: "cpe:2.3:o:microsoft:windows:10:*:*:*:*:*:*:*",
            kind: .operatingSystem)
        let report = try await Self.scan([agent, windows], [record])
        #expect(report.findings.map { "\($0.component.name) \($0.vulnerability)" } == ["agent CVE-2015-0001"])
    }

    @Test func aNegatedNodeExcludesAVersion() async throws {
        let record = Self.nvd(
            "CVE-2015-0002",
            [
                .init(
                    operator: .and,
                    nodes: [
                        .init(criteria: [Self.criterion("cpe:2.3:a:acme:lib:*:*:*:*:*:*:*:*", endIncluding: "3.0")]),
                        .init(negate: true, criteria: [Self.criterion("cpe:2.3:a:acme:lib:2.5:*:*:*:*:*:*:*")]),
                    ])
            ])
        for (version, expected) in [("2.4", 1), ("2.5", 0), ("3.0", 1), ("3.1", 0)] {
            let report = try await Self.scan(
                [
                    Self.component(
                        "c", name: "lib", version: version, cpe: "cpe:2.3:a:acme:lib:\(version):*:*:*:*:*:*:*")
                ],
                [record])
            #expect(report.findings.count == expected, "\(version)")
        }
    }

    @Test("an update field is part of the version: OpenSSH 9.2 p1")
    func updateField() async throws {
        let record = Self.nvd(
            "CVE-2023-0001",
            [.init(nodes: [.init(criteria: [Self.criterion("cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*")])])])
        let p1 = Self.component(
            "a", name: "openssh", version: "9.2p1", cpe: "cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*")
        let p2 = Self.component(
            "b", name: "openssh", version: "9.2p2", cpe: "cpe:2.3:a:openbsd:openssh:9.2p2:*:*:*:*:*:*:*")
        let report = try await Self.scan([p1, p2], [record])
        #expect(report.findings.map(\.component.id) == ["a"])
    }

    @Test("a target hardware counts only when the component names its own; a target software always counts")
    func targetFields() async throws {
        let record = Self.nvd(
            "CVE-2011-4354",
            [
                .init(nodes: [
                    .init(criteria: [
                        Self.criterion("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:x86:*", endIncluding: "0.9.8g")
                    ])
                ])
            ])
        let unknown = Self.component(
            "a", name: "openssl", version: "0.9.8g", cpe: "cpe:2.3:a:openssl:openssl:0.9.8g:*:*:*:*:*:*:*")
        let arm = Self.component(
            "b", name: "openssl", version: "0.9.8g", cpe: "cpe:2.3:a:openssl:openssl:0.9.8g:*:*:*:*:*:arm:*")
        #expect(try await Self.scan([unknown, arm], [record]).findings.map(\.component.id) == ["a"])
        let android = Self.nvd(
            "CVE-2015-9999",
            [
                .init(nodes: [
                    .init(criteria: [
                        Self.criterion("cpe:2.3:a:openssl:openssl:*:*:*:*:*:android:*:*", endIncluding: "1.0")
                    ])
                ])
            ])
        #expect(try await Self.scan([unknown], [android]).findings.isEmpty)
    }

    @Test("Anchore's overrides replace NVD's configuration; CISA ADP ranges stand in only without one")
    func overridesAndADP() async throws {
        let nvd = Self.nvd("CVE-2024-0001", [.init(nodes: [.init(criteria: [Self.criterion(Self.openssl)])])])
        let override = Self.nvd(
            "CVE-2024-0001", [.init(nodes: [.init(criteria: [Self.criterion(Self.openssl, endExcluding: "3.0.0")])])],
            source: .nvdOverrides)
        let adp = VulnerabilityRecord(
            source: .cisaADP, vulnerability: Vulnerability(id: "CVE-2024-0002"),
            affected: [
                AffectedPackage(
                    name: "openssl", vendor: "openssl", cpes: [Self.openssl],
                    spans: [VersionSpan(status: .affected, scheme: "semver", introduced: "3.0.0", fixed: "3.0.14")])
            ])
        let adpIgnored = VulnerabilityRecord(
            source: .cisaADP, vulnerability: Vulnerability(id: "CVE-2024-0001"),
            affected: [
                AffectedPackage(
                    name: "openssl", vendor: "openssl", cpes: [Self.openssl],
                    spans: [VersionSpan(status: .affected, introduced: "0", fixed: "9.0")])
            ])
        let report = try await Self.scan(
            [
                Self.component(
                    "c", name: "openssl", version: "3.0.11", cpe: "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*")
            ],
            [nvd, override, adp, adpIgnored])
        #expect(report.findings.map(\.vulnerability) == ["CVE-2024-0002"])
        #expect(report.findings.first?.fixedVersions == ["3.0.14"])
        #expect(report.findings.first?.matchedBy.first?.source == "cisa-adp")
    }

    // MARK: Distributions

    static func debian(
        _ id: String, release: String, package: String, fixed: String, cves: [String]
    ) -> VulnerabilityRecord {
        VulnerabilityRecord(
            source: .debian, vulnerability: Vulnerability(id: id, related: cves),
            affected: [
                AffectedPackage(
                    ecosystem: "Debian:\(release)", name: package,
                    spans: [VersionSpan(status: .affected, scheme: "deb", introduced: "0", fixed: fixed)])
            ])
    }

    @Test("Debian's fixed revision, through the source package, wins over NVD's upstream range")
    func debianVerdictWins() async throws {
        let nvd = Self.nvd(
            "CVE-2023-0286",
            [
                .init(nodes: [
                    .init(criteria: [Self.criterion(Self.openssl, startIncluding: "3.0.0", endExcluding: "3.0.8")])
                ])
            ],
            score: 7.4)
        let dsa = Self.debian(
            "DSA-5343-1", release: "12", package: "openssl", fixed: "3.0.7-2", cves: ["CVE-2023-0286"])
        func libssl(_ version: String) -> SBOMComponent {
            Self.component(
                "libssl3", name: "libssl3", version: version,
                purl: "pkg:deb/debian/libssl3@\(version)?arch=amd64&distro=debian-12&upstream=openssl",
                properties: [SBOMProperty("vigil:deb.source", "openssl")])
        }
        // 3.0.7-2 has Debian's back-ported fix although upstream 3.0.7 is in NVD's range.
        let fixed = try await Self.scan([libssl("3.0.7-2")], [nvd, dsa])
        #expect(fixed.findings.map(\.state) == [.fixed])
        #expect(Set(fixed.findings[0].matchedBy.map(\.matcher)) == ["nvd", "distribution"])
        #expect(fixed.findings[0].aliases == ["DSA-5343-1"])
        #expect(fixed.gateFailures(atOrAbove: .low).isEmpty)
        let older = try await Self.scan([libssl("3.0.7-1")], [nvd, dsa])
        #expect(older.findings.map(\.state) == [.affected])
        #expect(older.findings[0].fixedVersions.first == "3.0.7-2")
        #expect(older.gateFailures(atOrAbove: .high).map(\.vulnerability) == ["CVE-2023-0286"])
        // Another release's data says nothing about Debian 12.
        let other = Self.debian("DSA-9999-1", release: "11", package: "openssl", fixed: "9.9", cves: ["CVE-2023-0286"])
        #expect(try await Self.scan([libssl("3.0.7-2")], [other]).findings.isEmpty)
    }

    @Test func alpineThroughTheOrigin() async throws {
        let record = VulnerabilityRecord(
            source: .alpine,
            vulnerability: Vulnerability(id: "ALPINE-v3.10-main-CVE-2019-5747", aliases: ["CVE-2019-5747"]),
            affected: [
                AffectedPackage(
                    ecosystem: "Alpine:v3.10", name: "busybox",
                    spans: [VersionSpan(status: .affected, scheme: "apk", introduced: "0", fixed: "1.30.1-r2")])
            ])
        func busybox(_ name: String, _ version: String) -> SBOMComponent {
            Self.component(
                name, name: name, version: version,
                purl: "pkg:apk/alpine/\(name)@\(version)?arch=x86_64&distro=alpine-3.10.9",
                properties: [SBOMProperty("vigil:apk.origin", "busybox")])
        }
        let report = try await Self.scan(
            [busybox("ssl_client", "1.30.1-r1"), busybox("busybox", "1.30.1-r2")], [record])
        #expect(
            report.findings.map { "\($0.component.name) \($0.vulnerability) \($0.state)" } == [
                "ssl_client CVE-2019-5747 affected"
            ])
        #expect(report.findings[0].aliases == ["ALPINE-v3.10-main-CVE-2019-5747"])
    }

    // MARK: Kernel

    /// CVE-2024-26581 as the kernel CNA writes it (see the real record in ../shared/data/kernel-cna).
    static let kernelRecord = VulnerabilityRecord(
        source: .kernel, vulnerability: Vulnerability(id: "CVE-2024-26581"),
        affected: [
            AffectedPackage(
                name: "Linux", vendor: "Linux", defaultStatus: .unaffected,
                spans: [
                    VersionSpan(status: .affected, scheme: "git", introduced: "8284a79", fixed: "c60d252"),
                    VersionSpan(status: .affected, scheme: "semver", introduced: "5.4.262", fixed: "5.4.269"),
                    VersionSpan(status: .affected, scheme: "semver", introduced: "6.1.43", fixed: "6.1.78"),
                    VersionSpan(status: .affected, scheme: "semver", introduced: "6.4.8", fixed: "6.5"),
                ]),
            AffectedPackage(
                name: "Linux", vendor: "Linux", defaultStatus: .affected,
                spans: [
                    VersionSpan(status: .affected, introduced: "6.5", lastAffected: "6.5"),
                    VersionSpan(status: .unaffected, scheme: "semver", introduced: "0", fixed: "6.5"),
                    VersionSpan(status: .unaffected, scheme: "semver", introduced: "5.4.269", lastAffected: "5.4.*"),
                    VersionSpan(status: .unaffected, scheme: "semver", introduced: "6.1.78", lastAffected: "6.1.*"),
                    VersionSpan(status: .unaffected, scheme: "semver", introduced: "6.6.17", lastAffected: "6.6.*"),
                    VersionSpan(
                        status: .unaffected, scheme: "original_commit_for_fix", introduced: "6.8", lastAffected: "*"),
                ]),
        ])

    @Test(
        "the kernel CNA's ranges per stable branch",
        arguments: [
            ("6.1.50", "affected 6.1.78"), ("6.1.78", nil), ("6.1.95", nil), ("5.4.100", nil),
            ("5.4.265", "affected 5.4.269"),
            ("6.6.10", "affected 6.6.17"), ("6.6.17", nil), ("6.5", "affected "), ("6.8.1", nil), ("4.19.300", nil),
            ("6.4.9", "affected "),
        ] as [(String, String?)])
    func kernelBranches(_ version: String, _ expected: String?) async throws {
        let kernel = Self.component(
            "k", name: "linux", version: version, purl: "pkg:generic/linux@\(version)", kind: .operatingSystem)
        let report = try await Self.scan([kernel], [Self.kernelRecord])
        #expect(
            report.findings.map { "\($0.state.rawValue) \($0.fixedVersions.first ?? "")" }
                == (expected.map { [$0] } ?? []))
    }

    // MARK: Identity, merge, suppression

    @Test func componentsThatCannotBeIdentifiedAreListed() async throws {
        let report = try await Self.scan(
            [
                Self.component("blob", name: "vendor-blob", version: "2.1"),
                Self.component("zlib", name: "zlib", version: "1.2.11"),  // the curated table knows zlib
            ], [])
        #expect(report.unidentified.map(\.name) == ["vendor-blob"])
        #expect(report.summary.unidentified == 1)
    }

    @Test("an OSV record's GHSA id and an NVD record's CVE are one finding")
    func aliasesMerge() async throws {
        let nvd = Self.nvd(
            "CVE-2022-0001",
            [
                .init(nodes: [
                    .init(criteria: [
                        Self.criterion("cpe:2.3:a:python:requests:*:*:*:*:*:*:*:*", endExcluding: "2.31.0")
                    ])
                ])
            ])
        let osv = VulnerabilityRecord(
            source: .osv, vulnerability: Vulnerability(id: "GHSA-j8r2-6x86-q33q", aliases: ["CVE-2022-0001"]),
            affected: [
                AffectedPackage(
                    ecosystem: "PyPI", name: "requests",
                    spans: [VersionSpan(status: .affected, scheme: "ecosystem", introduced: "0", fixed: "2.31.0")])
            ])
        let requests = Self.component(
            "r", name: "requests", version: "2.28.0", purl: "pkg:pypi/requests@2.28.0",
            cpe: "cpe:2.3:a:python:requests:2.28.0:*:*:*:*:*:*:*")
        let report = try await Self.scan([requests], [nvd, osv])
        #expect(report.findings.map(\.vulnerability) == ["CVE-2022-0001"])
        #expect(report.findings[0].aliases == ["GHSA-j8r2-6x86-q33q"])
        #expect(report.findings[0].matchedBy.count == 2)
    }

    @Test func findingIDsAreStable() {
        let component = ScanReport.ComponentRef(
            id: "x", name: "zlib", version: "1.2.11", purl: "pkg:generic/zlib@1.2.11", cpe: nil)
        let id = VulnerabilityScanner.findingID(component: component, vulnerability: "CVE-2018-25032")
        #expect(id == VulnerabilityScanner.findingID(component: component, vulnerability: "CVE-2018-25032"))
        #expect(id.hasPrefix("VF-") && id.count == 19)
        #expect(id != VulnerabilityScanner.findingID(component: component, vulnerability: "CVE-2022-37434"))
    }

    @Test("ignore rules: suppress with a reason until they expire; malformed rules are refused")
    func ignoreRules() async throws {
        let record = Self.nvd(
            "CVE-2014-0160", [.init(nodes: [.init(criteria: [Self.criterion(Self.openssl, endExcluding: "1.0.1g")])])],
            score: 7.5)
        var report = try await Self.scan(
            [
                Self.component(
                    "c", name: "openssl", version: "1.0.1f", cpe: "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*")
            ], [record])
        let rules = try IgnoreRules(
            text: """
                rules:
                  - vulnerability: CVE-2014-0160
                    component: openssl@1.0.1f
                    reason: The heartbeat extension is compiled out (OPENSSL_NO_HEARTBEATS).
                    expires: 2027-01-31
                  - vulnerability: CVE-2014-0160
                    reason: An old rule.
                    expires: 2020-01-01
                """, source: "ignore.yaml")
        let now = ISO8601DateFormatter().date(from: "2026-11-28T00:00:00Z")!
        let warnings = rules.apply(to: &report, now: now)
        #expect(report.findings[0].suppressed?.rule == "ignore.yaml#1")
        #expect(report.summary.suppressed == 1)
        #expect(report.gateFailures(atOrAbove: .low).isEmpty)
        #expect(warnings == ["ignore.yaml#2: the rule for CVE-2014-0160 expired on 2020-01-01; not applied"])
        #expect(throws: IgnoreRules.Invalid.self) {
            try IgnoreRules(
                text: "rules:\n  - vulnerability: CVE-1\n    reason: ''\n    expires: 2027-01-01\n", source: "x")
        }
        #expect(throws: IgnoreRules.Invalid.self) {
            try IgnoreRules(text: "rules:\n  - vulnerability: CVE-1\n    reason: r\n    expires: soon\n", source: "x")
        }
        #expect(throws: IgnoreRules.Invalid.self) { try IgnoreRules(text: "{{{", source: "x") }
    }
}
