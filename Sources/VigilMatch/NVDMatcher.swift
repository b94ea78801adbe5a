public import VigilCore

/// NVD's CPE configurations (from NVD itself, or Anchore's overrides, which replace NVD's for the same CVE).
///
/// A configuration holds when its nodes combine to true (AND/OR, `negate`); a node when its criteria do. A
/// criterion holds when some component of the device matches it: the part, vendor and product, the version (its
/// CPE version, or `versionStart/End Including/Excluding`), and the update, edition and target software when the
/// criterion names them. A target hardware (`x86`) is compared only when the component names one: an unknown
/// architecture is not a reason to miss a vulnerability (CVE-2011-4354 is filed for OpenSSL on `x86`). A vulnerable criterion that this component matches makes the finding; platform criteria
/// (`vulnerable: false`, "running on Windows", "on hardware X") must be matched by the device's own components, so
/// they never fire for a platform the device does not have. A platform criterion with version `-` stands for any
/// version of that platform, as NVD uses it.
///
/// Versions compare with the upstream scheme on the component's upstream version (no epoch, no distribution
/// revision); NVD's `9.2` with update `p1` is OpenSSH's `9.2p1`.
///
/// For CVEs NVD has not analysed (no configuration from NVD or the overrides), CISA's ADP entries that name a CPE
/// with a version range stand in.
public struct NVDMatcher: VulnerabilityMatcher {
    public let id = "nvd"
    let scheme = UpstreamVersionScheme()

    public init() {}

    public func matches(
        for component: ScanComponent, device: DeviceContext, store: any VulnerabilityStore
    ) async throws -> [Match] {
        guard !component.isOperatingSystem, !component.isKernel || !component.cpes.isEmpty else { return [] }
        // Each vendor:product once, with the version its criteria are checked against.
        var products: [(vendor: String, product: String, version: String?)] = []
        for cpe in component.cpes {
            guard let vendor = cpe.vendor.plainText, let product = cpe.product.plainText,
                !products.contains(where: { $0.vendor == vendor && $0.product == product })
            else { continue }
            products.append((vendor, product, component.upstreamVersion ?? cpe.version.plainText))
        }
        var records: [String: [FeedSource: VulnerabilityRecord]] = [:]
        for (vendor, product, version) in products {
            let candidates =
                if let version {
                    try await store.records(cpeVendor: vendor, product: product, version: version)
                } else {
                    try await store.records(cpeVendor: vendor, product: product)
                }
            for record in candidates where record.source == .nvd || record.source == .nvdOverrides {
                records[record.vulnerability.id, default: [:]][record.source] = record
            }
        }
        var names = CPECache()
        var matches: [Match] = []
        // CISA's ADP enrichment (Vulnrichment) names CPEs and version ranges for CVEs NVD has not analysed: used
        // only where no NVD configuration exists for the CVE, and once per CVE whatever the number of CPEs.
        var adpMatched = Set<String>()
        for (vendor, product, _) in products {
            for record in try await store.records(affecting: product, ecosystem: nil, sources: [.cisaADP]) {
                let id = record.vulnerability.id
                guard !adpMatched.contains(id),
                    records[id]?.values.contains(where: { !$0.configurations.isEmpty }) != true,
                    let (fixed, detail) = adpMatch(record, vendor: vendor, product: product, component: component)
                else { continue }
                adpMatched.insert(id)
                for id in Match.primaryIDs(of: record.vulnerability) {
                    matches.append(
                        Match(
                            vulnerabilityID: id, aliases: [], matcher: self.id, source: record.source,
                            record: record.vulnerability.id, state: .affected, fixedVersions: fixed, detail: detail))
                }
            }
        }
        for (_, bySource) in records.sorted(by: { $0.key < $1.key }) {
            // Anchore's overrides replace NVD's configurations for the same CVE.
            guard let record = bySource[.nvdOverrides] ?? bySource[.nvd], !record.configurations.isEmpty else {
                continue
            }
            var matched: [CPEMatchCriterion] = []
            for configuration in record.configurations {
                matched += evaluate(configuration, for: component, device: device, names: &names)
            }
            guard let criterion = matched.first else { continue }
            let fixed = matched.compactMap { $0.versionEndExcluding }
            for id in Match.primaryIDs(of: record.vulnerability) {
                matches.append(
                    Match(
                        vulnerabilityID: id, aliases: Match.otherIDs(of: record.vulnerability, primary: id),
                        matcher: self.id, source: record.source, record: record.vulnerability.id, state: .affected,
                        fixedVersions: Array(Set(fixed)).sorted(), detail: Self.describe(criterion)))
            }
        }
        return matches
    }

    /// A CISA ADP entry with this CPE vendor and product whose range holds the component's upstream version.
    func adpMatch(
        _ record: VulnerabilityRecord, vendor: String, product: String, component: ScanComponent
    ) -> ([String], String)? {
        guard let version = component.upstreamVersion else { return nil }
        for affected in record.affected {
            let named = affected.cpes.compactMap { try? CPEName(parsing: $0) }.contains {
                $0.vendor.plainText == vendor && $0.product.plainText == product
            }
            guard named else { continue }
            for span in affected.spans where span.status == .affected && span.scheme != "git" {
                let introduced = span.introduced.flatMap { $0 == "0" ? nil : $0 }
                if let introduced, !compare(version, atLeast: introduced, inclusive: true) { continue }
                let range =
                    "\(vendor):\(product) "
                    + [
                        introduced.map { ">=\($0)" }, span.fixed.map { "<\($0)" },
                        span.lastAffected.map { "<=\($0)" },
                    ].compactMap { $0 }.joined(separator: " ")
                if let fixed = span.fixed {
                    if compare(fixed, atLeast: version, inclusive: false) { return ([fixed], "CISA ADP " + range) }
                } else if let last = span.lastAffected {
                    if compare(last, atLeast: version, inclusive: true) { return ([], "CISA ADP " + range) }
                }
            }
        }
        return nil
    }

    /// The vulnerable criteria of a configuration that this component matches, when the configuration holds.
    func evaluate(
        _ configuration: NVDConfiguration, for component: ScanComponent, device: DeviceContext,
        names: inout CPECache
    ) -> [CPEMatchCriterion] {
        var own: [CPEMatchCriterion] = []
        var results: [Bool] = []
        for node in configuration.nodes {
            var values: [Bool] = []
            for criterion in node.criteria {
                // Most criteria name products the device does not have: found out without parsing them.
                guard let name = names.name(criterion.criteria, device: device) else {
                    values.append(false)
                    continue
                }
                let mine = criterion.vulnerable && matches(criterion, name, component, platform: false)
                if mine { own.append(criterion) }
                let anywhere =
                    mine
                    || device.components(withProduct: name.product.plainText ?? "").contains { other in
                        other.id != component.id && matches(criterion, name, other, platform: !criterion.vulnerable)
                    }
                values.append(anywhere)
            }
            let value = node.operator == .and ? values.allSatisfy { $0 } : values.contains(true)
            results.append(node.negate ? !value : value)
        }
        let holds = configuration.operator == .and ? results.allSatisfy { $0 } : results.contains(true)
        return (configuration.negate ? !holds : holds) ? own : []
    }

    /// Whether a component matches one criterion.
    func matches(_ criterion: CPEMatchCriterion, _ name: CPEName, _ component: ScanComponent, platform: Bool) -> Bool {
        component.cpes.contains { cpe in
            guard Self.same(name.part, cpe.part), Self.same(name.vendor, cpe.vendor),
                name.product.plainText != nil, name.product == cpe.product,
                Self.specific(name.edition, cpe.edition), Self.specific(name.targetSW, cpe.targetSW),
                cpe.targetHW == .any || Self.specific(name.targetHW, cpe.targetHW)
            else { return false }
            let version = component.upstreamVersion ?? cpe.version.plainText
            return versionMatches(criterion, name, version: version, cpe: cpe, platform: platform)
        }
    }

    func versionMatches(
        _ criterion: CPEMatchCriterion, _ name: CPEName, version: String?, cpe: CPEName, platform: Bool
    ) -> Bool {
        switch name.version {
        case .notApplicable:
            return platform || version == nil
        case .value:
            guard let wanted = name.version.plainText, let version else { return false }
            let update = name.update.plainText.map { $0.lowercased() }
            // `9.2` with update `p1` is `9.2p1`; a component CPE may also carry the update itself.
            if let update, update != "*" {
                let combined = [wanted + update, wanted + "-" + update, wanted + "." + update]
                if combined.contains(where: { equal($0, version) }) { return true }
                return equal(wanted, version) && cpe.update.plainText?.lowercased() == update
            }
            return equal(wanted, version)
        case .any:
            guard criterion.hasRange else { return true }
            guard let version else { return false }
            if let start = criterion.versionStartIncluding, !compare(version, atLeast: start, inclusive: true) {
                return false
            }
            if let start = criterion.versionStartExcluding, !compare(version, atLeast: start, inclusive: false) {
                return false
            }
            if let end = criterion.versionEndIncluding, !compare(end, atLeast: version, inclusive: true) {
                return false
            }
            if let end = criterion.versionEndExcluding, !compare(end, atLeast: version, inclusive: false) {
                return false
            }
            return true
        }
    }

    private func equal(_ lhs: String, _ rhs: String) -> Bool { (try? scheme.compare(lhs, rhs)) == .equal }

    /// `lhs >= rhs` (or `>` when not inclusive); false when either does not parse.
    private func compare(_ lhs: String, atLeast rhs: String, inclusive: Bool) -> Bool {
        guard let ordering = try? scheme.compare(lhs, rhs) else { return false }
        return ordering == .greater || (inclusive && ordering == .equal)
    }

    /// ANY on either side, or the same value.
    static func same(_ criterion: CPEAttributeValue, _ component: CPEAttributeValue) -> Bool {
        criterion == .any || component == .any || criterion == component
    }

    /// A criterion that names a value (an edition, a target software) needs the component to name the same one.
    static func specific(_ criterion: CPEAttributeValue, _ component: CPEAttributeValue) -> Bool {
        criterion == .any || criterion == .notApplicable || criterion == component
    }

    /// Parsed criteria, for one component's records (the same criterion recurs across hundreds of CVEs: the kernel's
    /// configurations list every version); a criterion whose product no device component has is not parsed.
    struct CPECache {
        private var parsed: [String: CPEName?] = [:]

        mutating func name(_ criterion: String, device: DeviceContext) -> CPEName? {
            if let known = parsed[criterion] { return known }
            var name: CPEName?
            if let (_, product) = CPEName.vendorAndProduct(ofFormattedString: criterion),
                !device.components(withProduct: product).isEmpty
            {
                name = try? CPEName(formattedString: criterion)
            }
            parsed[criterion] = name
            return name
        }
    }

    static func describe(_ criterion: CPEMatchCriterion) -> String {
        var text = criterion.criteria
        if let start = criterion.versionStartIncluding { text += " >=\(start)" }
        if let start = criterion.versionStartExcluding { text += " >\(start)" }
        if let end = criterion.versionEndIncluding { text += " <=\(end)" }
        if let end = criterion.versionEndExcluding { text += " <\(end)" }
        return text
    }
}
