public import VigilCore

/// What changed between two releases of a product (`vigil.release-diff/1`): components added, removed and changed
/// (another version), and findings added, removed and changed (state or severity), each from a scan of the
/// release's SBOM against today's database and decisions.
///
/// Components are matched by identity — the purl without version, qualifiers and subpath, else the name in lower
/// case — so an upgrade is a change, not a removal and an addition. Findings are matched by vulnerability and
/// component identity.
public struct ReleaseDiff: Sendable, Codable, Hashable {
    public static let schemaVersion = "vigil.release-diff/1"

    public var schema = ReleaseDiff.schemaVersion
    public var product: String
    public var from: String
    public var to: String
    public var components: Changes<ComponentChange>
    public var findings: Changes<FindingChange>

    public struct Changes<Element: Sendable & Codable & Hashable>: Sendable, Codable, Hashable {
        public var added: [Element]
        public var removed: [Element]
        public var changed: [Element]
    }

    public struct ComponentChange: Sendable, Codable, Hashable {
        public var name: String
        public var purl: String?
        /// In the older release (nil when added).
        public var fromVersion: String?
        /// In the newer release (nil when removed).
        public var toVersion: String?
    }

    public struct FindingChange: Sendable, Codable, Hashable {
        public var vulnerability: String
        public var component: String
        public var fromState: FindingState?
        public var toState: FindingState?
        public var fromSeverity: Severity?
        public var toSeverity: Severity?
        /// The finding in the newer release (or the older one, when removed): its id.
        public var finding: String
    }

    /// The difference between two releases' scan reports (and their SBOMs' components).
    public init(
        product: String, from: (version: String, document: SBOMDocument, report: ScanReport),
        to: (version: String, document: SBOMDocument, report: ScanReport)
    ) {
        self.product = product
        self.from = from.version
        self.to = to.version
        components = Self.components(from.document.components, to.document.components)
        findings = Self.findings(from.report.findings, to.report.findings)
    }

    static func identity(name: String, purl: String?) -> String {
        if let purl, let parsed = try? PackageURL(parsing: purl, mode: .lenient) {
            return ([parsed.type] + (parsed.namespace.map { [$0] } ?? []) + [parsed.name]).joined(separator: "/")
        }
        return name.lowercased()
    }

    static func components(_ old: [SBOMComponent], _ new: [SBOMComponent]) -> Changes<ComponentChange> {
        func index(_ list: [SBOMComponent]) -> [String: SBOMComponent] {
            var byIdentity: [String: SBOMComponent] = [:]
            for component in list {
                byIdentity[identity(name: component.name, purl: component.purl)] = component
            }
            return byIdentity
        }
        let (before, after) = (index(old), index(new))
        func change(_ a: SBOMComponent?, _ b: SBOMComponent?) -> ComponentChange {
            ComponentChange(
                name: (b ?? a)!.name, purl: (b ?? a)!.purl, fromVersion: a?.version, toVersion: b?.version)
        }
        return Changes(
            added: after.keys.filter { before[$0] == nil }.sorted().map { change(nil, after[$0]) },
            removed: before.keys.filter { after[$0] == nil }.sorted().map { change(before[$0], nil) },
            changed: after.keys.filter { before[$0] != nil && before[$0]?.version != after[$0]?.version }.sorted()
                .map { change(before[$0], after[$0]) })
    }

    static func findings(_ old: [ScanReport.Finding], _ new: [ScanReport.Finding]) -> Changes<FindingChange> {
        func index(_ list: [ScanReport.Finding]) -> [String: ScanReport.Finding] {
            var byKey: [String: ScanReport.Finding] = [:]
            for finding in list {
                byKey[
                    finding.vulnerability + "|" + identity(name: finding.component.name, purl: finding.component.purl)] =
                    finding
            }
            return byKey
        }
        let (before, after) = (index(old), index(new))
        func change(_ a: ScanReport.Finding?, _ b: ScanReport.Finding?) -> FindingChange {
            let finding = (b ?? a)!
            return FindingChange(
                vulnerability: finding.vulnerability, component: finding.component.name, fromState: a?.state,
                toState: b?.state, fromSeverity: a?.severity, toSeverity: b?.severity, finding: finding.id)
        }
        return Changes(
            added: after.keys.filter { before[$0] == nil }.sorted().map { change(nil, after[$0]) },
            removed: before.keys.filter { after[$0] == nil }.sorted().map { change(before[$0], nil) },
            changed: after.keys.filter { key in
                guard let a = before[key], let b = after[key] else { return false }
                return a.state != b.state || a.severity != b.severity
            }.sorted().map { change(before[$0], after[$0]) })
    }
}
