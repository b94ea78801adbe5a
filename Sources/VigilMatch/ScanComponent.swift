public import VigilCore
public import VigilSBOM

/// A device component as the matchers see it: its identifiers parsed once, its upstream version, the distribution
/// ecosystem its package belongs to, and how it was identified.
public struct ScanComponent: Sendable, Hashable {
    /// The SBOM component's id (`bom-ref`, SPDX id).
    public var id: String
    public var name: String
    /// The version as the SBOM gives it (a distribution's full version: `1:1.2.13.dfsg-1`).
    public var version: String?
    /// The version for NVD-style matching: no epoch, no distribution revision (`1.2.13`).
    public var upstreamVersion: String?
    public var purl: PackageURL?
    public var cpes: [CPEName]
    /// The source package or recipe names (`openssl` for `libssl3`).
    public var sourceNames: [String]
    /// The OSV ecosystem of a distribution package (`Debian:12`, `Alpine:v3.19`, `AlmaLinux:9`) or of a language
    /// package (`PyPI`, `npm`); nil when unknown.
    public var ecosystem: String?
    /// How the component was identified for matching: `purl`, `cpe`, `dictionary` (CPEs added from the curated
    /// table), `repository`; empty when it could not be.
    public var identifiedBy: [String]
    /// The git repositories the component is built from, in ``GitReference/repository(_:)`` form
    /// (`github.com/curl/curl`): from a GitHub, GitLab or Bitbucket purl, a purl's `vcs_url`, a `vcs` external
    /// reference, or a git download location.
    public var repositories: [String] = []
    /// The commit it is built from, where the SBOM says: the revision of a `vcs_url` or download location
    /// (`…/curl.git@5f9a5d2`), or a version that is a commit id.
    public var commit: String?
    /// Whether it is the Linux kernel (matched against the kernel CNA's records).
    public var isKernel: Bool
    /// Whether it is the operating system itself (platform context, not matched).
    public var isOperatingSystem: Bool

    public var label: String { name + (version.map { "@\($0)" } ?? "") }
}

/// Turns an SBOM's components into ``ScanComponent``s: purls and CPEs parsed, the curated dictionary applied to
/// components without CPEs, the distribution found from the purls' `distro` qualifier or the operating-system
/// component.
public struct ComponentIdentifier: Sendable {
    public var dictionary: CPEDictionary

    public init(dictionary: CPEDictionary = .builtIn) { self.dictionary = dictionary }

    public func identify(_ document: SBOMDocument) -> [ScanComponent] {
        let enriched = SBOMEnricher(dictionary: dictionary).enrich(document)
        let added = Set(enriched.changes.filter { $0.field == "cpe" }.map(\.componentID))
        let operatingSystem = document.components.first { $0.kind == .operatingSystem && $0.name != "linux" }
        let originalPURLs = Dictionary(
            document.components.map { ($0.id, $0.packageURL) }, uniquingKeysWith: { first, _ in first })
        return enriched.document.components.compactMap { component in
            guard component.kind != .file else { return nil }
            // The enricher makes up `pkg:generic/NAME@VERSION` for components without a purl; that identifies
            // nothing, so only the SBOM's own purl counts.
            let purl = originalPURLs[component.id] ?? nil
            let cpes = component.cpeNames
            var identifiedBy: [String] = []
            if let purl, purl.type != "generic" { identifiedBy.append("purl") }
            if !cpes.isEmpty { identifiedBy.append(added.contains(component.id) ? "dictionary" : "cpe") }
            let isKernel =
                component.name == "linux" && component.kind == .operatingSystem
                || cpes.contains { $0.product.plainText == "linux_kernel" }
                || (purl?.type == "generic" && purl?.name == "linux")
            if isKernel && identifiedBy.isEmpty { identifiedBy.append("kernel") }
            let (repositories, revision) = Self.repositories(component, purl: purl)
            if !repositories.isEmpty { identifiedBy.append("repository") }
            // A locator's revision is a git revision; a version is taken for a commit only when it cannot be a
            // number (`20230817` is a date, `5f9a5d2` a commit).
            let commit =
                revision.flatMap { GitReference.isCommit($0) ? $0 : nil }
                ?? [component.version, purl?.version].compactMap { $0 }.first {
                    GitReference.isCommit($0) && ($0.utf8.count >= 40 || $0.contains(where: \.isLetter))
                }
            return ScanComponent(
                id: component.id, name: component.name, version: component.version,
                upstreamVersion: SBOMEnricher.upstreamVersion(component.version, purl: purl), purl: purl, cpes: cpes,
                sourceNames: SBOMEnricher.sourceNames(of: component),
                ecosystem: Self.ecosystem(purl: purl, operatingSystem: operatingSystem), identifiedBy: identifiedBy,
                repositories: repositories, commit: commit, isKernel: isKernel,
                isOperatingSystem: component.kind == .operatingSystem && !isKernel)
        }
    }

    /// The git repositories a component names, and the revision a locator gives. A download location counts when
    /// it is a git locator (`git+https://…`, `git://…`, `…/x.git`), not a tarball's URL.
    static func repositories(_ component: SBOMComponent, purl: PackageURL?) -> ([String], String?) {
        var repositories: [String] = []
        var revision: String?
        func add(_ repository: String?) {
            if let repository, !repositories.contains(repository) { repositories.append(repository) }
        }
        // The first revision that is a commit (a tag says less than a commit given elsewhere).
        func note(_ found: String?) {
            if revision == nil, let found, GitReference.isCommit(found) { revision = found }
        }
        if let purl {
            add(GitReference.repository(of: purl))
            if let vcs = purl.qualifiers["vcs_url"] { note(GitReference.locator(vcs)?.revision) }
        }
        var locators = component.externalReferences.filter { $0.type == "vcs" }.map(\.url)
        if let location = component.downloadLocation {
            let lowered = location.lowercased()
            if lowered.hasPrefix("git+") || lowered.hasPrefix("git://") || lowered.contains(".git@")
                || lowered.hasSuffix(".git") || lowered.contains(".git;")
            {
                locators.append(location)
            }
        }
        for locator in locators {
            guard let (repository, found) = GitReference.locator(locator) else { continue }
            add(repository)
            note(found)
        }
        return (repositories, revision)
    }

    /// The OSV ecosystem of a purl: `pkg:deb/debian/…?distro=debian-12` → `Debian:12`, `pkg:apk/alpine/…?
    /// distro=alpine-3.19.1` → `Alpine:v3.19`, `pkg:rpm/almalinux/…?distro=almalinux-9.3` → `AlmaLinux:9`,
    /// `pkg:pypi/…` → `PyPI`. Without a `distro` qualifier the operating-system component's version is used.
    static func ecosystem(purl: PackageURL?, operatingSystem: SBOMComponent?) -> String? {
        guard let purl else { return nil }
        let distro = purl.qualifiers["distro"]
        func release(_ prefix: String) -> String? {
            if let distro, distro.hasPrefix(prefix + "-") { return String(distro.dropFirst(prefix.count + 1)) }
            if let distro, !distro.contains("-"), distro.first?.isNumber == true { return distro }
            if let operatingSystem, operatingSystem.name == prefix { return operatingSystem.version }
            return nil
        }
        switch purl.type {
        case "deb":
            let namespace = purl.namespace ?? "debian"
            guard let version = release(namespace) else { return nil }
            let major = version.split(separator: ".").first.map(String.init) ?? version
            switch namespace {
            case "debian": return "Debian:\(major)"
            case "ubuntu": return "Ubuntu:\(version)"
            default: return nil
            }
        case "apk":
            guard let version = release(purl.namespace ?? "alpine") else { return nil }
            let parts = version.split(separator: ".")
            return parts.count >= 2 ? "Alpine:v\(parts[0]).\(parts[1])" : nil
        case "rpm":
            let namespace = purl.namespace ?? ""
            guard let version = release(namespace) else { return nil }
            let major = version.split(separator: ".").first.map(String.init) ?? version
            switch namespace {
            case "almalinux": return "AlmaLinux:\(major)"
            case "rocky": return "Rocky Linux:\(major)"
            case "redhat", "rhel": return "Red Hat:\(major)"
            default: return nil
            }
        case "pypi": return "PyPI"
        case "npm": return "npm"
        case "golang": return "Go"
        case "cargo": return "crates.io"
        case "maven": return "Maven"
        case "gem": return "RubyGems"
        case "nuget": return "NuGet"
        default: return nil
        }
    }
}
