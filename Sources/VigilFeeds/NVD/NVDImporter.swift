import Foundation
public import VigilCore

/// Reads NVD CVE API 2.0 JSON: the year feeds (`nvdcve-2.0-2024.json`) and API page responses alike.
///
/// Every record is checked (a CVE id, CPE 2.3 criteria, known operators, CVSS vectors); one that fails is skipped
/// with its id and reason and the rest are read.
///
/// ```swift
/// let batch = try NVDImporter().read(bytes, source: "nvdcve-2.0-2024.json")
/// print(batch.records.count, batch.skipped)
/// ```
public struct NVDImporter: FeedImporter {
    public let formatID = "nvd-api-2.0"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        guard JSONBytes.startsLikeJSON(prefix) else { return false }
        let text = String(decoding: prefix, as: UTF8.self)
        return text.contains("\"NVD_CVE\"")
            || (text.contains("\"vulnerabilities\"") && text.contains("\"cve\""))
                && text.contains("\"lastModified\"")
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        let response: NVDJSON.Response
        do {
            response = try JSONDecoder().decode(NVDJSON.Response.self, from: Data(bytes))
        } catch {
            throw FeedImportError(
                .malformedDocument, "not an NVD CVE API 2.0 document: \(Self.describe(error))", source: source)
        }
        if let format = response.format, format != "NVD_CVE" {
            throw FeedImportError(.unrecognisedFormat, "format is '\(format)', not NVD_CVE", source: source)
        }
        if let version = response.version, !version.hasPrefix("2.") {
            throw FeedImportError(
                .unsupportedVersion, "NVD feed version \(version) is not supported; 2.0 is", source: source)
        }
        var batch = FeedImportBatch()
        batch.records.reserveCapacity(response.vulnerabilities.count)
        var validated = CPEValidationCache()
        for (index, entry) in response.vulnerabilities.enumerated() {
            let location = "$.vulnerabilities[\(index)]"
            switch entry.result {
            case .failure(let error):
                batch.skipped.append(SkippedRecord(id: entry.id, location: location, reason: Self.describe(error)))
            case .success(let cve):
                do {
                    batch.records.append(try Self.record(cve, validated: &validated))
                } catch {
                    batch.skipped.append(SkippedRecord(id: cve.id, location: location, reason: error.reason))
                }
            }
        }
        return batch
    }

    static func record(
        _ cve: NVDJSON.CVE, validated: inout CPEValidationCache
    ) throws(InvalidRecord) -> VulnerabilityRecord {
        guard isCVEID(cve.id) else { throw InvalidRecord("'\(cve.id)' is not a CVE id") }
        var scores: [Vulnerability.SeverityScore] = []
        let metrics = cve.metrics
        for metric in (metrics?.cvssMetricV40 ?? []) + (metrics?.cvssMetricV31 ?? []) + (metrics?.cvssMetricV30 ?? [])
            + (metrics?.cvssMetricV2 ?? [])
        {
            let data = metric.cvssData
            guard !data.vectorString.isEmpty else {
                throw InvalidRecord("a CVSS \(data.version) metric has no vector")
            }
            scores.append(
                Vulnerability.SeverityScore(
                    system: "CVSS:\(data.version)", vector: data.vectorString, baseScore: data.baseScore,
                    baseSeverity: data.baseSeverity ?? metric.baseSeverity, source: metric.source, type: metric.type))
        }
        let weaknesses = (cve.weaknesses ?? []).flatMap { weakness in
            weakness.description.map {
                Vulnerability.Weakness(id: $0.value, source: weakness.source, type: weakness.type)
            }
        }
        let vulnerability = Vulnerability(
            id: cve.id, published: cve.published, modified: cve.lastModified, status: cve.vulnStatus,
            descriptions: (cve.descriptions ?? []).map { .init(language: $0.lang, text: $0.value) },
            weaknesses: weaknesses, scores: scores,
            references: (cve.references ?? []).map { .init(url: $0.url, source: $0.source, tags: $0.tags ?? []) })
        return VulnerabilityRecord(
            source: .nvd, vulnerability: vulnerability,
            configurations: try configurations(cve.configurations ?? [], validated: &validated))
    }

    /// NVD-shaped configurations (NVD, CVE 5 `cpeApplicability`, Anchore's overrides), validated: CPE 2.3 criteria
    /// and known operators.
    static func configurations(
        _ raw: [NVDJSON.Configuration], validated: inout CPEValidationCache
    ) throws(InvalidRecord) -> [NVDConfiguration] {
        var configurations: [NVDConfiguration] = []
        for configuration in raw {
            var nodes: [NVDConfiguration.Node] = []
            for node in configuration.nodes {
                var criteria: [CPEMatchCriterion] = []
                for match in node.cpeMatch {
                    guard validated.isValid(match.criteria) else {
                        throw InvalidRecord("'\(match.criteria)' is not a CPE 2.3 name")
                    }
                    criteria.append(
                        CPEMatchCriterion(
                            vulnerable: match.vulnerable, criteria: match.criteria,
                            matchCriteriaID: match.matchCriteriaId, versionStartIncluding: match.versionStartIncluding,
                            versionStartExcluding: match.versionStartExcluding,
                            versionEndIncluding: match.versionEndIncluding,
                            versionEndExcluding: match.versionEndExcluding))
                }
                nodes.append(
                    .init(
                        operator: try operation(node.operator ?? "OR"), negate: node.negate ?? false,
                        criteria: criteria))
            }
            configurations.append(
                NVDConfiguration(
                    operator: try configuration.operator.map(operation) ?? .or, negate: configuration.negate ?? false,
                    nodes: nodes))
        }
        return configurations
    }
    private static func operation(_ text: String) throws(InvalidRecord) -> NVDConfiguration.Operator {
        guard let value = NVDConfiguration.Operator(rawValue: text) else {
            throw InvalidRecord("'\(text)' is not a configuration operator (AND, OR)")
        }
        return value
    }

    /// NVD-shaped configurations with a cache of its own (CVE 5, Anchore: one record at a time).
    static func configurations(_ raw: [NVDJSON.Configuration]) throws(InvalidRecord) -> [NVDConfiguration] {
        var validated = CPEValidationCache()
        return try configurations(raw, validated: &validated)
    }

    /// `CVE-YYYY-NNNN…`: four digits of year, four or more of sequence.
    static func isCVEID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "CVE" && parts[1].count == 4 && parts[1].allSatisfy(\.isASCIIDigit)
            && parts[2].count >= 4 && parts[2].allSatisfy(\.isASCIIDigit)
    }

    /// A decoding error as one line with its JSON path.
    static func describe(_ error: any Error) -> String {
        (error as? DecodingError)?.locatedDescription ?? "\(error)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The CPE 2.3 names already validated in one input: NVD repeats the same criteria thousands of times
/// (`cpe:2.3:o:linux:linux_kernel:*:…`), and parsing each once is a fifth of an import's time saved.
struct CPEValidationCache {
    private var valid = Set<String>()

    mutating func isValid(_ criteria: String) -> Bool {
        if valid.contains(criteria) { return true }
        guard criteria.hasPrefix("cpe:2.3:"), (try? CPEName(parsing: criteria)) != nil else { return false }
        valid.insert(criteria)
        return true
    }
}
