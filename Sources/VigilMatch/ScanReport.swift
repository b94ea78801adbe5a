public import VigilCore

/// The result of a scan, as `vigil scan --format json` writes it: schema `vigil.scan/1`.
///
/// Field names are stable within a schema version; fields may be added. Every finding has a stable id (the same
/// component and vulnerability give the same id in every scan), so triage and evidence bundles can refer to it.
public struct ScanReport: Sendable, Codable, Hashable {
    public static let schemaVersion = "vigil.scan/1"

    public var schema: String = ScanReport.schemaVersion
    public var generatedAt: String
    public var target: Target
    public var database: DatabaseInfo
    public var summary: Summary
    public var findings: [Finding]
    /// Components that could not be identified for matching (no purl, no CPE, none from the curated table): listed,
    /// never dropped silently.
    public var unidentified: [ComponentRef]
    public var warnings: [String]
    /// What kernel build filtering did, when the scan was given the kernel's build: counts before and after.
    public var kernelBuild: KernelBuildFiltering? = nil
    /// The device context findings were re-scored in (`--context`).
    public var context: DeviceContextProfile? = nil

    public struct Target: Sendable, Codable, Hashable {
        public var name: String
        /// `cyclonedx-json`, `spdx-json`, … or `rootfs` when the target was inventoried.
        public var kind: String
        public var components: Int

        public init(name: String, kind: String, components: Int) {
            self.name = name
            self.kind = kind
            self.components = components
        }
    }

    public struct DatabaseInfo: Sendable, Codable, Hashable {
        public var path: String?
        /// The content hash of the snapshot scanned against, when the database is one.
        public var snapshot: String?
        public var sources: [SourceInfo]
    }

    public struct SourceInfo: Sendable, Codable, Hashable {
        public var source: String
        public var records: Int
        public var newest: String?
    }

    public struct Summary: Sendable, Codable, Hashable {
        public var components: Int
        public var findings: Int
        /// Findings by state (`affected`, `fixed`, …).
        public var byState: [String: Int]
        /// Affected, unsuppressed findings by severity.
        public var bySeverity: [String: Int]
        public var suppressed: Int
        public var unidentified: Int
    }

    public struct ComponentRef: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var version: String?
        public var purl: String?
        public var cpe: String?
    }

    public struct Finding: Sendable, Codable, Hashable {
        /// `VF-` and 16 hex digits of SHA-256 over the component's identity and the vulnerability id.
        public var id: String
        public var vulnerability: String
        public var aliases: [String]
        public var component: ComponentRef
        public var state: FindingState
        /// `critical`, `high`, `medium`, `low`, `none`, or `unknown` without a score.
        public var severity: Severity
        public var cvss: CVSS?
        public var kev: KEV?
        public var epss: EPSS?
        public var fixedVersions: [String]
        public var matchedBy: [MatchedBy]
        public var title: String?
        public var published: String?
        public var references: [String]
        public var suppressed: Suppression?
        /// The triage decision applied, if one was: it set ``state``.
        public var analysis: Analysis? = nil
        /// The source files the fix touches (the kernel CNA's `programFiles`), for a kernel finding.
        public var programFiles: [String]? = nil
        /// Whether the kernel build compiled each of ``programFiles``, when the scan was given the build
        /// (`--kernel-config`, `--kernel-files`, `--kernel-build-dir`, `--kernel-source`).
        public var kernelBuild: [KernelBuildVerdict]? = nil
        /// The CVSS score re-scored for the device's context (`--context`): the vector with the context's
        /// environmental metrics, its score and severity.
        public var contextCVSS: ContextCVSS? = nil
        /// How urgently the finding needs work (``VigilCore/Priority``); findings are sorted by it.
        public var priority: Priority? = nil
    }

    /// A score re-computed with a device context's environmental metrics.
    public struct ContextCVSS: Sendable, Codable, Hashable {
        public var vector: String
        public var score: Double
        public var severity: Severity
    }

    /// A triage decision as applied to a finding.
    public struct Analysis: Sendable, Codable, Hashable {
        /// The decision's id (`TD-…`).
        public var decision: String
        public var state: FindingState
        public var justification: VEXJustification?
        public var responses: [VEXResponse]
        public var note: String
        public var author: String
        public var recordedAt: String
        public var origin: String
        /// What the matchers found before the decision.
        public var matchedState: FindingState
        /// Why the decision no longer holds, when its evidence changed: the finding is `under_investigation` until
        /// an analyst decides again.
        public var reopened: String? = nil
        /// The state the decision gave (``state`` differs when it was re-opened).
        public var decidedState: FindingState? = nil
    }

    /// Whether a finding holds a release back: affected as it stands, or affected as the matchers found it while
    /// its decision is under investigation or re-opened (neither proves it harmless). Suppressed findings are not.
    static func counts(_ finding: Finding) -> Bool {
        guard finding.suppressed == nil else { return false }
        if finding.state == .affected { return true }
        guard let analysis = finding.analysis, analysis.matchedState == .affected else { return false }
        return finding.state == .underInvestigation || analysis.reopened != nil
    }

    public struct CVSS: Sendable, Codable, Hashable {
        /// `3.1`, `3.0`, `4.0`, `2.0`.
        public var version: String
        public var score: Double?
        public var vector: String
        /// Who scored it: `nvd@nist.gov`, a CNA, `CISA-ADP`.
        public var source: String?
        /// The feed the score came from.
        public var feed: String
    }

    public struct KEV: Sendable, Codable, Hashable {
        public var dateAdded: String
        public var dueDate: String?
        public var ransomware: String?
    }

    public struct EPSS: Sendable, Codable, Hashable {
        public var score: Double
        public var percentile: Double
        public var date: String
    }

    public struct MatchedBy: Sendable, Codable, Hashable {
        public var matcher: String
        public var source: String
        public var record: String
        public var state: FindingState
        public var detail: String
        /// The fixed versions this record gives (a distribution's revisions for `distribution`, upstream releases
        /// for the others); absent when it gives none.
        public var fixedVersions: [String]? = nil
        /// True when the record is a distribution's statement about its own package (Debian, Alpine, AlmaLinux),
        /// whose verdict wins; absent otherwise (an OSV PyPI or npm range is upstream's).
        public var distribution: Bool? = nil
    }

    public struct Suppression: Sendable, Codable, Hashable {
        public var reason: String
        public var expires: String
        /// Where the rule is: `FILE#N`.
        public var rule: String
    }
}

/// A finding's severity, from its CVSS base score.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case critical, high, medium, low, none, unknown

    var rank: Int {
        switch self {
        case .critical: 5
        case .high: 4
        case .medium: 3
        case .low: 2
        case .none: 1
        case .unknown: 0
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// CVSS v3/v4 bands (v2 scores are banded the same, as NVD shows them).
    public init(score: Double) {
        switch score {
        case 9...: self = .critical
        case 7..<9: self = .high
        case 4..<7: self = .medium
        case 0.1..<4: self = .low
        default: self = .none
        }
    }
}
