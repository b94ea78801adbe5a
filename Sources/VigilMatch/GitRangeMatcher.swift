public import VigilCore

/// OSV's `GIT` ranges: affected entries that give a repository and commits (OSS-Fuzz's C and C++ projects, OSV's
/// converted CVEs), found through the component's repository (``ScanComponent/repositories``) whatever package the
/// entry names.
///
/// A component built from a known commit is fixed when that commit is a range's fix, and affected when it is the
/// commit that introduced the bug or the last affected one. A component with a release version is affected when one
/// of the entry's listed tags names that release of that component (`curl-8_4_0` is curl 8.4.0; `v8.4.0` any
/// component's; `service/s3/v8.4.0` another module's): OSV lists every tag between the range's commits, so a release
/// not listed is not affected. Placing any other commit inside or outside a range needs the
/// repository's history, which a scan does not fetch; such a commit gets no verdict from this matcher.
public struct GitRangeMatcher: VulnerabilityMatcher {
    public let id = "git"

    public init() {}

    public func matches(
        for component: ScanComponent, device: DeviceContext, store: any VulnerabilityStore
    ) async throws -> [Match] {
        var matches: [Match] = []
        for repository in component.repositories {
            for record in try await store.records(
                affecting: repository, ecosystem: GitReference.ecosystem, sources: nil)
            {
                // The first entry with a verdict speaks for the record (two entries may name one repository).
                let verdict = record.affected.lazy.filter { $0.repo.flatMap(GitReference.repository) == repository }
                    .compactMap { evaluate($0, component: component) }.first
                guard let (state, fixed, detail) = verdict else { continue }
                for id in Match.primaryIDs(of: record.vulnerability) {
                    matches.append(
                        Match(
                            vulnerabilityID: id, aliases: Match.otherIDs(of: record.vulnerability, primary: id),
                            matcher: self.id, source: record.source, record: record.vulnerability.id,
                            state: state, fixedVersions: fixed, detail: detail))
                }
            }
        }
        return matches
    }

    /// The component's state under one entry; nil when the entry cannot say.
    func evaluate(_ affected: AffectedPackage, component: ScanComponent) -> (FindingState, [String], String)? {
        let spans = affected.spans.filter { $0.scheme == "git" && $0.status == .affected }
        let fixes = spans.compactMap(\.fixed)
        if let commit = component.commit {
            if let fix = fixes.first(where: { GitReference.sameCommit(commit, $0) }) {
                return (.fixed, [fix], "\(affected.name) commit \(commit) is the fix")
            }
            for span in spans {
                if let introduced = span.introduced, GitReference.sameCommit(commit, introduced) {
                    return (.affected, fixes, "\(affected.name) commit \(commit) introduced it")
                }
                if let last = span.lastAffected, GitReference.sameCommit(commit, last) {
                    return (.affected, fixes, "\(affected.name) commit \(commit) is the last affected")
                }
            }
        }
        guard let version = component.version, component.commit != version else { return nil }
        // An entry for a package of its own (a PyPI package with a GIT range) lists that package's versions.
        let ownEcosystem =
            affected.ecosystem == nil || affected.ecosystem == GitReference.ecosystem
            || affected.ecosystem == "OSS-Fuzz"
        guard ownEcosystem || affected.name.lowercased() == component.name.lowercased() else { return nil }
        let release = GitReference.tagVersion(version) ?? version
        let tag = affected.versions.first { tag in
            tag == version || GitReference.tag(tag, names: release, of: component.name)
                || component.purl.map { GitReference.tag(tag, names: release, of: $0.name) } == true
        }
        guard let tag else { return nil }
        return (.affected, fixes, "\(affected.name) tag \(tag) listed as affected")
    }
}
