public import VigilCore

/// The Linux kernel CNA's records (kernel.org's `vulns.git`), per stable branch.
///
/// Each record has an entry with the affected ranges (git commits, and where the CNA gives them, semver ranges per
/// branch: `6.1.43` up to `6.1.78`) and an entry whose default is affected, with the unaffected ranges: before the
/// bug entered mainline (`0` up to `6.5`), and from each stable branch's fix onwards (`6.1.78` through `6.1.*`).
/// A version in an affected semver range is affected; otherwise it is unaffected when an unaffected range covers
/// it, and affected by default. So a CVE fixed in 6.1.78 is not reported for 6.1.95 although mainline fixed it in
/// 6.8, and one introduced in 6.5 is not reported for 5.4 unless the bug was back-ported there.
public struct KernelMatcher: VulnerabilityMatcher {
    public let id = "kernel-cna"
    let scheme = KernelVersionScheme()

    public init() {}

    public func matches(
        for component: ScanComponent, device: DeviceContext, store: any VulnerabilityStore
    ) async throws -> [Match] {
        guard component.isKernel, let version = component.upstreamVersion,
            (try? scheme.compare(version, version)) == .equal
        else { return [] }
        var matches: [Match] = []
        var comparer = Comparer(scheme: scheme)
        for record in try await store.records(affecting: "Linux", ecosystem: nil, sources: [.kernel]) {
            let entries = Self.entries(of: record)
            guard !entries.isEmpty,
                let (state, fixed, detail) = evaluate(entries, version: version, comparer: &comparer)
            else { continue }
            matches.append(
                Match(
                    vulnerabilityID: record.vulnerability.id, aliases: [], matcher: id, source: record.source,
                    record: record.vulnerability.id, state: state, fixedVersions: fixed, detail: detail,
                    programFiles: Self.programFiles(of: [record])))
        }
        return matches
    }

    /// A kernel CNA record's entries about Linux itself (not its other products).
    static func entries(of record: VulnerabilityRecord) -> [AffectedPackage] {
        record.affected.filter { $0.name == "Linux" && $0.ecosystem == nil }
    }

    /// The files the fix touches, as the kernel CNA's records list them for Linux: what a finding carries and what
    /// a triage decision records the build of (one definition, so the two always compare the same files).
    public static func programFiles(of records: [VulnerabilityRecord]) -> [String] {
        Array(Set(records.filter { $0.source == .kernel }.flatMap(entries(of:)).flatMap(\.programFiles))).sorted()
    }

    /// The state of a kernel version under a record's entries; nil when the record has no version data.
    func evaluate(
        _ entries: [AffectedPackage], version: String, comparer: inout Comparer
    ) -> (FindingState, [String], String)? {
        let semver = entries.flatMap(\.spans).filter { $0.scheme != "git" }
        guard !semver.isEmpty else { return nil }
        let branchFix = Self.branchFix(semver, version: version, scheme: scheme)
        // Affected ranges first: a back-port brings the bug into a branch that mainline's dates say is too old.
        for span in semver where span.status == .affected {
            guard let introduced = span.introduced, introduced != "0" || span.fixed != nil else { continue }
            if let fixed = span.fixed {
                if comparer.atLeast(version, introduced), !comparer.atLeast(version, fixed) {
                    // `6.1.43` up to `6.1.78` is fixed in 6.1.78; `4.14.189` up to `4.15` only ends at the branch's
                    // end (no fix in 4.14), which is not a fix.
                    let endsBranch = fixed.split(separator: ".").count == 2
                    let fixes = endsBranch ? branchFix.map { [$0] } ?? [] : [fixed]
                    return (.affected, fixes, "Linux \(introduced) <= \(version) < \(fixed)")
                }
            } else if let last = span.lastAffected, covers(introduced, last, version, comparer: &comparer) {
                return (.affected, branchFix.map { [$0] } ?? [], "Linux \(introduced) <= \(version) <= \(last)")
            }
        }
        let defaultAffected = entries.contains { $0.defaultStatus == .affected }
        // A branch's own fix before "not yet in mainline": 6.1.95 is fixed (6.1.78 on), not "before 6.5".
        let unaffected = semver.filter { $0.status == .unaffected }.sorted {
            ($0.introduced == "0" ? 1 : 0) < ($1.introduced == "0" ? 1 : 0)
        }
        for span in unaffected {
            guard let introduced = span.introduced else { continue }
            if let fixed = span.fixed {
                if comparer.atLeast(version, introduced), !comparer.atLeast(version, fixed) {
                    return introduced == "0"
                        ? (.notAffected, [], "Linux \(version) precedes the bug (< \(fixed))")
                        : (.fixed, [introduced], "Linux \(version) in unaffected \(introduced) < \(fixed)")
                }
            } else if let last = span.lastAffected, covers(introduced, last, version, comparer: &comparer) {
                return (.fixed, [introduced], "Linux \(version) fixed in \(introduced) (through \(last))")
            } else if span.lastAffected == nil, comparer.atLeast(version, introduced) {
                return (.fixed, [introduced], "Linux \(version) fixed in \(introduced)")
            }
        }
        guard defaultAffected else { return nil }
        return (.affected, branchFix.map { [$0] } ?? [], "Linux \(version): affected by default, no fix in its branch")
    }

    /// `introduced <= version <= last`, where `last` may end in `*`: `6.1.*` is the whole 6.1 branch.
    func covers(_ introduced: String, _ last: String, _ version: String, comparer: inout Comparer) -> Bool {
        guard comparer.atLeast(version, introduced) else { return false }
        if last == "*" { return true }
        if last.hasSuffix(".*") {
            let branch = String(last.dropLast(2))
            return version == branch || version.hasPrefix(branch + ".")
        }
        return comparer.atLeast(last, version)
    }

    /// The first unaffected version in the version's own stable branch (`6.1.78` for `6.1.50`), if any.
    static func branchFix(_ spans: [VersionSpan], version: String, scheme: KernelVersionScheme) -> String? {
        let branch = version.split(separator: ".").prefix(2).joined(separator: ".")
        return spans.first { span in
            span.status == .unaffected
                && span.introduced?.split(separator: ".").prefix(2).joined(separator: ".")
                    == branch
                && span.introduced != "0"
        }?.introduced
    }

    /// Compares kernel versions, parsing each string once per scan (a record's bounds recur across thousands of
    /// records: `6.1.78`, `6.6.17`).
    struct Comparer {
        let scheme: KernelVersionScheme
        private var parsed: [String: KernelVersionScheme.Version?] = [:]

        init(scheme: KernelVersionScheme) { self.scheme = scheme }

        mutating func version(_ text: String) -> KernelVersionScheme.Version? {
            if let known = parsed[text] { return known }
            let value = try? scheme.parse(text)
            parsed[text] = value
            return value
        }

        /// `lhs >= rhs`; false when either does not parse.
        mutating func atLeast(_ lhs: String, _ rhs: String) -> Bool {
            guard let left = version(lhs), let right = version(rhs) else { return false }
            return left >= right
        }
    }
}
