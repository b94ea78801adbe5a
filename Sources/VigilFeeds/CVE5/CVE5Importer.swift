import Foundation
public import VigilCore

/// Reads CVE JSON 5.x records (CVE List V5 files and directories, the Linux kernel CNA's records, CISA's
/// Vulnrichment), as one record, an array, or JSON Lines.
///
/// The CNA container becomes a record of source `kernel` when the Linux kernel CNA assigned it, else `cve5`; CISA's
/// ADP container becomes a separate `cisa-adp` record (SSVC, KEV listing, CVSS, CWE, CPEs), so every fact keeps who
/// stated it. Affected entries keep their version spans (`semver`, `git`, `custom` …), `programFiles`, CPEs and
/// `defaultStatus`; `cpeApplicability` becomes NVD-style configurations.
public struct CVE5Importer: FeedImporter, JSONRecordImporter {
    public let formatID = "cve-json-5"
    let formatName = "CVE JSON 5"

    /// The Linux kernel CNA's organisation id.
    static let kernelOrgID = "f4215fc3-5b6b-47ff-a258-f7189bd81038"
    /// CISA's ADP organisation id.
    static let cisaADPOrgID = "134c704f-9b21-4f2e-91b3-4a467353bcc0"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        guard JSONBytes.startsLikeJSON(prefix) else { return false }
        let text = String(decoding: prefix, as: UTF8.self)
        // The kernel CNA writes `containers` first, and a long record can push `cveMetadata` past the prefix.
        return text.contains("\"containers\"") && (text.contains("\"cveMetadata\"") || text.contains("\"cna\""))
    }

    typealias Probe = CVE5JSON.Probe

    func id(of document: CVE5JSON.Record) -> String? { document.cveMetadata.cveId }

    func records(from document: CVE5JSON.Record) throws(InvalidRecord) -> [VulnerabilityRecord] {
        let metadata = document.cveMetadata
        guard NVDImporter.isCVEID(metadata.cveId) else { throw InvalidRecord("'\(metadata.cveId)' is not a CVE id") }
        if let version = document.dataVersion, !version.hasPrefix("5.") {
            throw InvalidRecord("CVE record version \(version) is not supported; 5.x is")
        }
        guard let cna = document.containers.cna else { throw InvalidRecord("the record has no CNA container") }
        let isKernel =
            metadata.assignerOrgId == Self.kernelOrgID || cna.providerMetadata?.orgId == Self.kernelOrgID
        let assigner = metadata.assignerShortName ?? (isKernel ? "Linux" : nil)
        var records: [VulnerabilityRecord] = []
        var vulnerability = try Self.vulnerability(
            id: metadata.cveId, container: cna, assigner: assigner, modified: metadata.dateUpdated)
        vulnerability.published = metadata.datePublished ?? cna.datePublic
        vulnerability.status = metadata.state
        if metadata.state == "REJECTED", vulnerability.descriptions.isEmpty {
            vulnerability.descriptions = (cna.rejectedReasons ?? []).map { .init(language: $0.lang, text: $0.value) }
        }
        records.append(
            VulnerabilityRecord(
                source: isKernel ? .kernel : .cve5, vulnerability: vulnerability,
                configurations: try NVDImporter.configurations(cna.cpeApplicability ?? []),
                affected: try Self.affected(cna.affected ?? [])))
        for adp in document.containers.adp ?? []
        where adp.providerMetadata?.orgId == Self.cisaADPOrgID || adp.providerMetadata?.shortName == "CISA-ADP" {
            var enrichment = try Self.vulnerability(
                id: metadata.cveId, container: adp, assigner: "CISA-ADP", modified: adp.providerMetadata?.dateUpdated)
            enrichment.published = metadata.datePublished
            enrichment.title = nil  // the container's name ("CISA ADP Vulnrichment"), not the vulnerability's
            for metric in adp.metrics ?? [] {
                guard let other = metric.other, let content = other.content else { continue }
                switch other.type.lowercased() {
                case "ssvc":
                    var decision = SSVCDecision(version: content.version, timestamp: content.timestamp)
                    for option in content.options ?? [] {
                        for (key, value) in option {
                            switch key.lowercased() {
                            case "exploitation": decision.exploitation = value
                            case "automatable": decision.automatable = value
                            case "technical impact": decision.technicalImpact = value
                            default: break
                            }
                        }
                    }
                    enrichment.ssvc = decision
                case "kev":
                    if let added = content.dateAdded { enrichment.knownExploited = KnownExploitation(dateAdded: added) }
                default: break
                }
            }
            records.append(
                VulnerabilityRecord(
                    source: .cisaADP, vulnerability: enrichment,
                    configurations: try NVDImporter.configurations(adp.cpeApplicability ?? []),
                    affected: try Self.affected(adp.affected ?? [])))
        }
        return records
    }

    /// The facts one container states.
    static func vulnerability(
        id: String, container: CVE5JSON.Container, assigner: String?, modified: String?
    ) throws(InvalidRecord) -> Vulnerability {
        var scores: [Vulnerability.SeverityScore] = []
        for metric in container.metrics ?? [] {
            for cvss in metric.cvss {
                guard !cvss.vectorString.isEmpty else {
                    throw InvalidRecord("a CVSS \(cvss.version) metric has no vector")
                }
                scores.append(
                    .init(
                        system: "CVSS:\(cvss.version)", vector: cvss.vectorString, baseScore: cvss.baseScore,
                        baseSeverity: cvss.baseSeverity, source: assigner))
            }
        }
        var weaknesses: [Vulnerability.Weakness] = []
        for problem in container.problemTypes ?? [] {
            for description in problem.descriptions {
                if let cwe = description.cweId ?? description.description.flatMap(cweID(in:)) {
                    weaknesses.append(.init(id: cwe, source: assigner))
                }
            }
        }
        return Vulnerability(
            id: id, modified: modified ?? container.providerMetadata?.dateUpdated,
            descriptions: (container.descriptions ?? []).map { .init(language: $0.lang, text: $0.value) },
            weaknesses: weaknesses, scores: scores,
            references: (container.references ?? []).map { .init(url: $0.url, source: assigner, tags: $0.tags ?? []) },
            title: container.title, assigner: assigner)
    }

    /// `CWE-416` from `CWE-416: Use After Free`.
    static func cweID(in text: String) -> String? {
        guard text.hasPrefix("CWE-") else { return nil }
        let digits = text.dropFirst(4).prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : "CWE-\(digits)"
    }

    static func affected(_ entries: [CVE5JSON.Affected]) throws(InvalidRecord) -> [AffectedPackage] {
        var result: [AffectedPackage] = []
        for entry in entries {
            guard let name = entry.packageName ?? entry.product else {
                throw InvalidRecord("an affected entry names neither a product nor a package")
            }
            var spans: [VersionSpan] = []
            for version in entry.versions ?? [] {
                spans.append(try span(version))
            }
            let defaultStatus = try entry.defaultStatus.map { (text: String) throws(InvalidRecord) in
                try status(text)
            }
            result.append(
                AffectedPackage(
                    ecosystem: nil, name: name, vendor: entry.vendor, cpes: entry.cpes ?? [],
                    repo: entry.repo ?? entry.collectionURL, defaultStatus: defaultStatus, spans: spans,
                    programFiles: entry.programFiles ?? [], platforms: entry.platforms ?? []))
        }
        return result
    }

    /// `version` with `lessThan` (exclusive) or `lessThanOrEqual` (inclusive), or a single version.
    static func span(_ version: CVE5JSON.Version) throws(InvalidRecord) -> VersionSpan {
        let state = try status(version.status)
        let scheme = version.versionType?.lowercased()
        if let lessThan = version.lessThan {
            return VersionSpan(status: state, scheme: scheme, introduced: lowerBound(version.version), fixed: lessThan)
        }
        if let lessThanOrEqual = version.lessThanOrEqual {
            return VersionSpan(
                status: state, scheme: scheme, introduced: lowerBound(version.version), lastAffected: lessThanOrEqual)
        }
        return VersionSpan(status: state, scheme: scheme, introduced: version.version, lastAffected: version.version)
    }

    /// `*` as a range start means "from the beginning", as `0` does.
    private static func lowerBound(_ version: String) -> String { version == "*" ? "0" : version }

    static func status(_ text: String) throws(InvalidRecord) -> VersionSpan.Status {
        guard let status = VersionSpan.Status(rawValue: text) else {
            throw InvalidRecord("'\(text)' is not a version status (affected, unaffected, unknown)")
        }
        return status
    }
}
