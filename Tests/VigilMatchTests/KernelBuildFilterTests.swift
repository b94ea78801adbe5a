import Foundation
import Testing
import VigilCore
import VigilSBOM

@testable import VigilMatch

/// Kernel build filtering on scan findings, with a build given as a table: which findings it rules out, what it
/// records, and how triage decisions sit on top of it.
@Suite struct KernelBuildFilterTests {
    /// A build as a table: path → status; anything else unknown.
    struct TableBuild: KernelBuildOracle {
        var table: [String: KernelBuildVerdict.Status]
        var provenance = "a table"

        func verdict(for path: String) -> KernelBuildVerdict {
            let status = table[path] ?? .unknown
            return KernelBuildVerdict(
                path: path, status: status, reason: "\(path) is \(status.rawValue) in the table",
                symbols: status == .notBuilt ? ["CONFIG_" + path.uppercased().filter(\.isLetter)] : [])
        }
    }

    /// Kernel records, one per file set, all affecting 6.1.50.
    static func record(_ id: String, files: [String]) -> VulnerabilityRecord {
        var record = MatcherTests.kernelRecord
        record.vulnerability = Vulnerability(id: id)
        for index in record.affected.indices { record.affected[index].programFiles = files }
        return record
    }

    static func report() async throws -> ScanReport {
        let kernel = MatcherTests.component(
            "k", name: "linux", version: "6.1.50", purl: "pkg:generic/linux@6.1.50", kind: .operatingSystem)
        let openssl = MatcherTests.component(
            "o", name: "openssl", version: "1.0.1f", cpe: "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*")
        var other = MatcherTests.nvd(
            "CVE-2014-0160",
            [
                .init(nodes: [
                    .init(criteria: [
                        MatcherTests.criterion(
                            "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", startIncluding: "1.0.1", endExcluding: "1.0.1g"
                        )
                    ])
                ])
            ], score: 7.5)
        // A non-kernel record's files never meet the kernel build.
        other.affected = [.init(ecosystem: nil, name: "openssl", programFiles: ["ssl/t1_lib.c"])]
        return try await MatcherTests.scan(
            [kernel, openssl],
            [
                record("CVE-2099-0001", files: ["drivers/bluetooth/btusb.c", "net/bluetooth/hci_core.c"]),
                record("CVE-2099-0002", files: ["drivers/bluetooth/btusb.c", "net/ipv4/tcp.c"]),
                record("CVE-2099-0003", files: ["drivers/bluetooth/btusb.c", "include/linux/skbuff.h"]),
                record("CVE-2099-0004", files: ["net/ipv4/tcp.c"]),
                other,
            ])
    }

    static let build = TableBuild(table: [
        "drivers/bluetooth/btusb.c": .notBuilt, "net/bluetooth/hci_core.c": .notBuilt, "net/ipv4/tcp.c": .built,
        "ssl/t1_lib.c": .notBuilt,
    ])

    @Test("only findings whose every file is not built are ruled out, with the evidence; counts before and after")
    func filtering() async throws {
        var report = try await Self.report()
        #expect(report.findings.count == 5)
        #expect(report.findings.first { $0.vulnerability == "CVE-2014-0160" }?.programFiles == nil)
        let filtering = report.applyKernelBuild(Self.build)
        #expect(
            filtering
                == KernelBuildFiltering(
                    provenance: "a table", findingsWithFiles: 4, openBefore: 4, openAfter: 3, ruledOut: 1,
                    confirmedBuilt: 2, undetermined: 1))
        #expect(report.kernelBuild == filtering)
        let states = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.vulnerability, $0.state) })
        #expect(
            states == [
                "CVE-2099-0001": .notAffected, "CVE-2099-0002": .affected, "CVE-2099-0003": .affected,
                "CVE-2099-0004": .affected, "CVE-2014-0160": .affected,
            ])
        let ruledOut = try #require(report.findings.first { $0.vulnerability == "CVE-2099-0001" })
        let analysis = try #require(ruledOut.analysis)
        #expect(analysis.justification == .vulnerableCodeNotPresent)
        #expect(analysis.origin == "kernel-build" && analysis.matchedState == .affected)
        #expect(analysis.decision.hasPrefix("KB-") && analysis.decision.count == 19)
        #expect(analysis.note.contains("net/bluetooth/hci_core.c is not-built in the table"))
        #expect(
            ruledOut.kernelBuild?.map(\.symbols) == [
                ["CONFIG_DRIVERSBLUETOOTHBTUSBC"], ["CONFIG_NETBLUETOOTHHCICOREC"],
            ])
        #expect(report.summary.byState["not_affected"] == 1)
        #expect(report.gateFailures(atOrAbove: .low).count { $0.vulnerability == "CVE-2099-0001" } == 0)
        // The same build gives the same id; another build another.
        var again = try await Self.report()
        again.applyKernelBuild(Self.build)
        #expect(again.findings.first { $0.vulnerability == "CVE-2099-0001" }?.analysis?.decision == analysis.decision)
        var everything = try await Self.report()
        everything.applyKernelBuild(
            TableBuild(table: Self.build.table.merging(["include/linux/skbuff.h": .notBuilt]) { $1 }))
        #expect(everything.findings.count { $0.state == .notAffected } == 2)
    }

    @Test("an analyst's decision wins over the filter and keeps what the matchers found")
    func decisionsOnTop() async throws {
        var report = try await Self.report()
        report.applyKernelBuild(Self.build)
        let decision = TriageDecision(
            vulnerability: "CVE-2099-0001", componentName: "linux", state: .affected, responses: [.update],
            note: "btusb is loaded from an out-of-tree build", author: "alice", recordedAt: "2026-11-28T01:00:00.000Z")
        report.apply([decision])
        let finding = try #require(report.findings.first { $0.vulnerability == "CVE-2099-0001" })
        #expect(finding.state == .affected && finding.analysis?.decision == decision.id)
        #expect(finding.analysis?.matchedState == .affected)
    }

    @Test("a decision that recorded the build re-opens when a scan's build compiles the files differently")
    func reopening() async throws {
        func decided(_ kernelBuild: String?) -> TriageDecision {
            TriageDecision(
                vulnerability: "CVE-2099-0004", componentName: "linux", state: .notAffected,
                justification: .vulnerableCodeNotPresent, note: "tcp is not built here", author: "alice",
                recordedAt: "2026-11-28T01:00:00.000Z", kernelBuild: kernelBuild)
        }
        let recorded = decided("net/ipv4/tcp.c=not-built")
        var changed = try await Self.report()
        changed.applyKernelBuild(Self.build)
        changed.apply([recorded])
        let finding = try #require(changed.findings.first { $0.vulnerability == "CVE-2099-0004" })
        #expect(finding.state == .underInvestigation)
        #expect(finding.analysis?.reopened?.contains("net/ipv4/tcp.c was not-built, now built") == true)
        #expect(ScanReport.counts(finding), "the gate still counts it")
        var same = try await Self.report()
        same.applyKernelBuild(TableBuild(table: ["net/ipv4/tcp.c": .notBuilt]))
        same.apply([recorded])
        #expect(same.findings.first { $0.vulnerability == "CVE-2099-0004" }?.state == .notAffected)
        // Without a build given, a scan cannot check: the decision holds.
        var unchecked = try await Self.report()
        unchecked.apply([recorded])
        #expect(unchecked.findings.first { $0.vulnerability == "CVE-2099-0004" }?.state == .notAffected)
        // A decision that recorded no build is never re-opened by one.
        var plain = try await Self.report()
        plain.applyKernelBuild(Self.build)
        plain.apply([decided(nil)])
        #expect(plain.findings.first { $0.vulnerability == "CVE-2099-0004" }?.state == .notAffected)
        #expect(
            ScanReport.kernelBuildChanges(
                recorded: "a.c=built;b.c=not-built", now: [.init(path: "a.c", status: .built, reason: "")])
                == "b.c is no longer among the files the fix touches")
    }
}
