public import VigilCore

/// Finds the vulnerability records that concern one component: a plug-in, one per kind of data (NVD
/// configurations, distribution and OSV ranges, the kernel CNA). A new matcher is a new conformer added to
/// ``VulnerabilityScanner/builtInMatchers``.
public protocol VulnerabilityMatcher: Sendable {
    /// `nvd`, `distribution`, `kernel-cna`: recorded in every match as `matchedBy`.
    var id: String { get }
    /// The matches for one component; `device` holds every component (for NVD platform conditions).
    func matches(
        for component: ScanComponent, device: DeviceContext, store: any VulnerabilityStore
    ) async throws -> [Match]
}

/// What the whole device is, for conditions that look beyond one component.
public struct DeviceContext: Sendable {
    public let components: [ScanComponent]
    private let byProduct: [String: [ScanComponent]]

    public init(components: [ScanComponent]) {
        self.components = components
        var byProduct: [String: [ScanComponent]] = [:]
        for component in components {
            for product in Set(component.cpes.compactMap(\.product.plainText)) {
                byProduct[product, default: []].append(component)
            }
        }
        self.byProduct = byProduct
    }

    /// The components with a CPE for a product (`windows`, `linux_kernel`).
    public func components(withProduct product: String) -> [ScanComponent] { byProduct[product] ?? [] }
}

/// One record that matched one component.
public struct Match: Sendable, Hashable {
    /// The id the finding is filed under: the CVE when the record names one (a DSA's fixed CVE, an Alpine entry's
    /// CVE alias), else the record's own id.
    public var vulnerabilityID: String
    /// Every other id of the same vulnerability the record gives (`DSA-5417-1`, `GHSA-…`, `ALSA-2024:1234`).
    public var aliases: [String]
    public var matcher: String
    public var source: FeedSource
    /// The record's own id.
    public var record: String
    public var state: FindingState
    public var fixedVersions: [String]
    /// What matched, readable: `cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:* <1.0.1g`, `Debian:12 openssl <3.0.11-1~deb12u2`.
    public var detail: String
    /// A distribution's statement about its own package (Debian, Alpine, AlmaLinux): it wins over upstream ranges,
    /// so a fix back-ported into a distribution revision counts as fixed.
    public var isDistributionVerdict: Bool
    /// The source files the fix touches, where the record lists them (the kernel CNA's `programFiles`): a build that
    /// compiles none of them does not have the vulnerable code.
    public var programFiles: [String]

    public init(
        vulnerabilityID: String, aliases: [String] = [], matcher: String, source: FeedSource, record: String,
        state: FindingState, fixedVersions: [String] = [], detail: String, isDistributionVerdict: Bool = false,
        programFiles: [String] = []
    ) {
        self.vulnerabilityID = vulnerabilityID
        self.aliases = aliases
        self.matcher = matcher
        self.source = source
        self.record = record
        self.state = state
        self.fixedVersions = fixedVersions
        self.detail = detail
        self.isDistributionVerdict = isDistributionVerdict
        self.programFiles = programFiles
    }

    /// The CVE a record is about: its id, else the first CVE among its aliases, else the first among its related
    /// ids (a Debian DSA lists the CVEs it fixes as related); the record id when none is a CVE.
    static func primaryIDs(of vulnerability: Vulnerability) -> [String] {
        if vulnerability.id.hasPrefix("CVE-") { return [vulnerability.id] }
        let cves = vulnerability.aliases.filter { $0.hasPrefix("CVE-") }
        if !cves.isEmpty { return cves }
        let related = vulnerability.related.filter { $0.hasPrefix("CVE-") }
        return related.isEmpty ? [vulnerability.id] : related
    }

    /// The record's other ids, for a finding filed under `primary`.
    static func otherIDs(of vulnerability: Vulnerability, primary: String) -> [String] {
        ([vulnerability.id] + vulnerability.aliases).filter { $0 != primary }
    }
}
