public import VigilCore

/// Ranges stated per package in an ecosystem: the distributions' own data (Debian's DSA/DLA fixed revisions per
/// release, Alpine's secdb, AlmaLinux's OSV advisories) and OSV's language ecosystems.
///
/// A component is looked up in its ecosystem (from its purl: `Debian:12`, `Alpine:v3.19`, `AlmaLinux:9`, `PyPI`)
/// under its own name and its source package's (`libssl3` is built from `openssl`, which is what Debian's data
/// names; syft's `upstream=` qualifier says the same). Its full version — epoch and distribution revision included —
/// is compared in the ecosystem's scheme (deb, apk, rpm; SemVer for `SEMVER` ranges): inside an affected range it
/// is affected, at or past a fix it is fixed. For a distribution's package that verdict wins over NVD's upstream
/// ranges, so a fix back-ported into a distribution revision counts as fixed.
public struct PackageRangeMatcher: VulnerabilityMatcher {
    public let id = "distribution"
    let registry: VersionSchemeRegistry

    public init(registry: VersionSchemeRegistry = .builtIn) { self.registry = registry }

    static let distributions: Set<String> = ["Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Red Hat"]

    public func matches(
        for component: ScanComponent, device: DeviceContext, store: any VulnerabilityStore
    ) async throws -> [Match] {
        guard let ecosystem = component.ecosystem, let version = Self.fullVersion(component) else { return [] }
        let base = Ecosystem(ecosystem).base
        let isDistribution = Self.distributions.contains(base.rawValue)
        var matches: [Match] = []
        var seen = Set<String>()
        for name in component.sourceNames + [component.name] where seen.insert(name).inserted {
            for record in try await store.records(affecting: name, ecosystem: ecosystem, sources: nil) {
                for affected in record.affected where affected.ecosystem == ecosystem && affected.name == name {
                    guard let (state, fixed, detail) = evaluate(affected, version: version, ecosystem: ecosystem)
                    else { continue }
                    for id in Match.primaryIDs(of: record.vulnerability) {
                        matches.append(
                            Match(
                                vulnerabilityID: id, aliases: Match.otherIDs(of: record.vulnerability, primary: id),
                                matcher: self.id, source: record.source, record: record.vulnerability.id, state: state,
                                fixedVersions: fixed, detail: detail, isDistributionVerdict: isDistribution))
                    }
                }
            }
        }
        return matches
    }

    /// The version a distribution compares: the purl's version with its `epoch` qualifier, or the SBOM's version.
    static func fullVersion(_ component: ScanComponent) -> String? {
        if let purl = component.purl, let version = purl.version {
            if let epoch = purl.qualifiers["epoch"], !version.contains(":") { return epoch + ":" + version }
            return version
        }
        return component.version
    }

    /// The state of a version under one affected entry: affected inside a range (or listed), fixed at or past a
    /// fix; nil when the entry says nothing about it.
    func evaluate(
        _ affected: AffectedPackage, version: String, ecosystem: String
    ) -> (FindingState, [String], String)? {
        // Ecosystems without a scheme of their own (PyPI, Maven) compare as upstream versions.
        let ecosystemScheme = registry.scheme(for: Ecosystem(ecosystem)) ?? UpstreamVersionScheme()
        if affected.versions.contains(version) {
            return (.affected, affected.fixedVersions, "\(ecosystem) \(affected.name) \(version) listed")
        }
        var fixedAtOrBefore: String?
        for span in affected.spans where span.status == .affected {
            let scheme: (any VersionScheme)? =
                switch span.scheme {
                case "semver": SemVerScheme()
                case "git": nil
                default: ecosystemScheme
                }
            guard let scheme else { continue }
            let introduced = span.introduced.flatMap { $0 == "0" ? nil : $0 }
            if let introduced, !Self.atLeast(scheme, version, introduced) { continue }
            if let fixed = span.fixed {
                if Self.atLeast(scheme, version, fixed) {
                    fixedAtOrBefore = fixed
                    continue
                }
                return (.affected, [fixed], "\(ecosystem) \(affected.name) \(Self.range(introduced, "<", fixed))")
            }
            if let last = span.lastAffected {
                if Self.atLeast(scheme, last, version) {
                    return (.affected, [], "\(ecosystem) \(affected.name) \(Self.range(introduced, "<=", last))")
                }
                continue
            }
            return (.affected, [], "\(ecosystem) \(affected.name) \(Self.range(introduced, "", nil))")
        }
        if let fixed = fixedAtOrBefore {
            return (.fixed, [fixed], "\(ecosystem) \(affected.name) fixed in \(fixed)")
        }
        return nil
    }

    static func range(_ introduced: String?, _ relation: String, _ bound: String?) -> String {
        [introduced.map { ">=\($0)" }, bound.map { relation + $0 }].compactMap { $0 }.joined(separator: " ")
            .nonEmpty ?? "all versions"
    }

    /// `lhs >= rhs` in the scheme; false when either does not parse.
    static func atLeast(_ scheme: any VersionScheme, _ lhs: String, _ rhs: String) -> Bool {
        guard let ordering = try? scheme.compare(lhs, rhs) else { return false }
        return ordering != .less
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
