public import VigilCore
import VigilSBOM

/// What to do about each affected finding of a scan: the fixed releases, the nearest one on the component's own
/// branch, the fix commits the sources name (the kernel CNA's and OSV's git ranges, references tagged `Patch`), and —
/// where no fixed release exists for the shipped branch — those commits as back-port candidates.
///
/// Schema `vigil.patches/1`: `generatedAt`, `target`, `items` [{`finding`, `vulnerability`, `component`, `severity`,
/// `kev`, `priority`, `fixedVersions`, `distributionFixes`, `upstreamFixes`, `nearestFix`, `upstreamNearestFix`,
/// `upgradeBranch`, `fixCommits` [{`repository`, `commit`}], `patches`, `backport`, `note`}].
public struct RemediationPlan: Sendable, Codable, Hashable {
    public static let schemaVersion = "vigil.patches/1"

    public var schema = RemediationPlan.schemaVersion
    public var generatedAt: String
    public var target: String
    public var items: [Item]

    public struct Item: Sendable, Codable, Hashable {
        /// The finding's id (`VF-…`).
        public var finding: String
        public var vulnerability: String
        public var component: ScanReport.ComponentRef
        public var severity: Severity
        public var kev: Bool
        /// The finding's priority tier and score (`P1 73.9`), when the report was prioritised.
        public var priority: String?
        public var fixedVersions: [String]
        /// A distribution's own fixed revisions (`3.0.11-1~deb12u2`), for a package it matched.
        public var distributionFixes: [String]
        /// The upstream project's fixed releases (NVD, CVE 5, OSV, the kernel CNA).
        public var upstreamFixes: [String]
        /// For a distribution's package without a fixed revision of its own: the nearest upstream fix above the
        /// package's upstream version — what to back-port, or to ask the distribution for.
        public var upstreamNearestFix: String?
        /// The lowest fixed version above the component's on its own branch (`6.1.78` for `6.1.50`).
        public var nearestFix: String?
        /// When the branch has no fix: the lowest fixed version of a later branch.
        public var upgradeBranch: String?
        public var fixCommits: [FixCommit]
        /// References the sources tag `Patch`.
        public var patches: [String]
        /// No fixed release on the shipped branch, but fix commits exist: candidates to back-port.
        public var backport: Bool
        /// What to do, in words, when it is not simply "upgrade to `nearestFix`".
        public var note: String?
    }

    public struct FixCommit: Sendable, Codable, Hashable {
        public var repository: String?
        public var commit: String
    }

    /// Plans the affected (and under-investigation) findings of a report, highest priority (else worst) first, reading
    /// each vulnerability's
    /// records once (a few look-ups at a time).
    public static func make(
        for report: ScanReport, store: any VulnerabilityStore, registry: VersionSchemeRegistry = .builtIn
    ) async throws -> RemediationPlan {
        // Highest priority first (the report's order) when it was prioritised; else worst severity first.
        var open = report.findings.filter { $0.state == .affected || $0.state == .underInvestigation }
        if open.contains(where: { $0.priority == nil }) {
            open.sort {
                ($1.severity, $0.kev == nil ? 1 : 0, $0.component.name, $0.vulnerability)
                    < ($0.severity, $1.kev == nil ? 1 : 0, $1.component.name, $1.vulnerability)
            }
        }
        // Each vulnerability's records once, a few look-ups at a time.
        let ids = Array(Set(open.map(\.vulnerability))).sorted()
        let records = try await withThrowingTaskGroup(of: (String, [VulnerabilityRecord]).self) { group in
            var found: [String: [VulnerabilityRecord]] = [:]
            var next = 0
            func add() {
                guard next < ids.count else { return }
                let id = ids[next]
                next += 1
                group.addTask { (id, try await store.records(id: id)) }
            }
            for _ in 0..<8 { add() }
            while let (id, list) = try await group.next() {
                found[id] = list
                add()
            }
            return found
        }
        var items: [Item] = []
        for finding in open {
            let sources = records[finding.vulnerability] ?? []
            let purl = finding.component.purl.flatMap { try? PackageURL(parsing: $0) }
            let scheme: any VersionScheme
            let version: String?
            if finding.matchedBy.contains(where: { $0.distribution == true }), let type = purl?.type,
                let distribution = try? registry.scheme(named: type)
            {
                // A distribution's fixes are its own revisions: compared whole, in its scheme.
                (scheme, version) = (distribution, finding.component.version)
            } else {
                let isKernel = finding.matchedBy.contains { $0.matcher == "kernel-cna" }
                scheme = isKernel ? KernelVersionScheme() : UpstreamVersionScheme()
                version = SBOMEnricher.upstreamVersion(finding.component.version, purl: purl)
            }
            // A kernel's fixes on other stable branches are in the CNA's unaffected ranges, not the finding's.
            var fixes = finding.fixedVersions
            if finding.matchedBy.contains(where: { $0.matcher == "kernel-cna" }) {
                for record in sources where record.source == .kernel {
                    for affected in record.affected where affected.name == "Linux" && affected.ecosystem == nil {
                        for fix in affected.fixedVersions where !fixes.contains(fix) { fixes.append(fix) }
                    }
                }
            }
            // A distribution's own statement (not an OSV PyPI or npm range, which the same matcher reads).
            let isDistribution = finding.matchedBy.contains { $0.distribution == true }
            let distributionFixes = unique(
                finding.matchedBy.filter { $0.distribution == true }.flatMap { $0.fixedVersions ?? [] })
            var upstreamFixes = unique(
                finding.matchedBy.filter { $0.distribution != true }.flatMap { $0.fixedVersions ?? [] })
            if finding.matchedBy.contains(where: { $0.matcher == "kernel-cna" }) {
                upstreamFixes = unique(upstreamFixes + fixes.filter { !distributionFixes.contains($0) })
            }
            // A distribution's verdict wins: its own revisions, when it gives any, are the fixes to take.
            if isDistribution, !distributionFixes.isEmpty { fixes = distributionFixes }
            let (nearest, upgrade) = nearestFix(version, fixed: fixes, scheme: scheme)
            var upstreamNearest: String?
            var note: String?
            if isDistribution, distributionFixes.isEmpty {
                let upstreamVersion = SBOMEnricher.upstreamVersion(finding.component.version, purl: purl)
                upstreamNearest = nearestFix(upstreamVersion, fixed: upstreamFixes, scheme: UpstreamVersionScheme()).0
                note =
                    "the distribution has no fixed revision yet"
                    + (upstreamNearest.map { "; upstream fixed it in \($0): back-port it, or ask the distribution" }
                        ?? "")
            }
            var commits: [FixCommit] = []
            var patches: [String] = []
            // Fix commits of the component's own project: entries of the records that matched it, or naming it
            // (a CVE about several products lists each one's repository).
            let matched = Set(finding.matchedBy.map(\.record))
            let name = finding.component.name.lowercased()
            for record in sources {
                for affected in record.affected
                where matched.contains(record.vulnerability.id) || affected.name.lowercased() == name
                    || affected.repo.flatMap(GitReference.repository)?.split(separator: "/").last.map(String.init)
                        == name
                {
                    for span in affected.spans where span.scheme == "git" {
                        guard let fixed = span.fixed, GitReference.isCommit(fixed) else { continue }
                        // One entry per commit: an abbreviation (a CVE 5 record's) joins the full id (the CNA's).
                        let repository = affected.repo.flatMap(GitReference.repository)
                        if let known = commits.firstIndex(where: {
                            $0.repository.flatMap(GitReference.repository) == repository
                                && GitReference.sameCommit($0.commit, fixed)
                        }) {
                            if fixed.count > commits[known].commit.count { commits[known].commit = fixed }
                        } else {
                            commits.append(FixCommit(repository: affected.repo, commit: fixed))
                        }
                    }
                }
                for reference in record.vulnerability.references
                where reference.tags.contains("Patch") && !patches.contains(reference.url) {
                    patches.append(reference.url)
                }
            }
            items.append(
                Item(
                    finding: finding.id, vulnerability: finding.vulnerability, component: finding.component,
                    severity: finding.severity, kev: finding.kev != nil,
                    priority: finding.priority.map { "\($0.tier) \($0.score)" }, fixedVersions: finding.fixedVersions,
                    distributionFixes: distributionFixes, upstreamFixes: upstreamFixes,
                    upstreamNearestFix: upstreamNearest,
                    nearestFix: isDistribution && distributionFixes.isEmpty ? nil : nearest,
                    // Upstream releases compared in a distribution's scheme say nothing: no branch to upgrade to.
                    upgradeBranch: isDistribution && distributionFixes.isEmpty ? nil : upgrade,
                    fixCommits: commits, patches: patches,
                    backport: (nearest == nil || (isDistribution && distributionFixes.isEmpty))
                        && !(commits.isEmpty && patches.isEmpty),
                    note: note))
        }
        return RemediationPlan(generatedAt: report.generatedAt, target: report.target.name, items: items)
    }

    /// The values in order, each once.
    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// The lowest fixed version above `version` on its branch (the same first two numbers), else the lowest above
    /// it on a later branch; fixed versions that do not parse in the scheme are passed over.
    static func nearestFix(
        _ version: String?, fixed: [String], scheme: any VersionScheme
    ) -> (nearest: String?, upgrade: String?) {
        guard let version else { return (nil, nil) }
        func branch(_ text: String) -> String { text.split(separator: ".").prefix(2).joined(separator: ".") }
        // Commits are not releases (the kernel CNA's fixes come as both).
        let releases = fixed.filter { !(GitReference.isCommit($0) && $0.contains(where: \.isLetter)) }
        let above = releases.filter { (try? scheme.compare($0, version)) == .greater }
            .sorted { (try? scheme.compare($0, $1)) == .less }
        let onBranch = above.first { branch($0) == branch(version) }
        return (onBranch, onBranch == nil ? above.first : nil)
    }
}
