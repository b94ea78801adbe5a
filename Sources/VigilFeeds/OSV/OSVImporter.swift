import Foundation
public import VigilCore

/// Reads OSV 1.x records (https://ossf.github.io/osv-schema/): one record, an array, or JSON Lines; OSV's bulk zips
/// are unpacked by the registry first.
///
/// Ranges become version spans (an `introduced` event opens one, `fixed` or `last_affected` closes it), keeping the
/// range type as the scheme (`ecosystem`, `semver`, `git`) and the ecosystem (`AlmaLinux:9`) on the package, so a
/// distro's back-ported fix is compared with the distro's version rules. `related` ids (an advisory's CVEs) are kept
/// and indexed, so `vigil db show CVE-…` finds the advisories that fix it. An entry with no package but a `GIT`
/// range (OSS-Fuzz's projects) is filed under its repository in the ``GitReference/ecosystem`` ecosystem.
public struct OSVImporter: FeedImporter, JSONRecordImporter {
    public let formatID = "osv"
    let formatName = "OSV"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        guard JSONBytes.startsLikeJSON(prefix) else { return false }
        let text = String(decoding: prefix, as: UTF8.self)
        return text.contains("\"id\"") && (text.contains("\"modified\"") || text.contains("\"affected\""))
            && !text.contains("\"cveMetadata\"") && !text.contains("\"containers\"") && !text.contains("\"NVD_CVE\"")
    }

    func id(of document: Record) -> String? { document.id }

    func records(from document: Record) throws(InvalidRecord) -> [VulnerabilityRecord] {
        guard !document.id.isEmpty, !document.id.contains(where: \.isWhitespace) else {
            throw InvalidRecord("'\(document.id)' is not an OSV id")
        }
        var scores: [Vulnerability.SeverityScore] = []
        for severity in document.severity ?? [] where severity.type.hasPrefix("CVSS") {
            let system = severity.score.prefix { $0 != "/" }
            guard system.hasPrefix("CVSS:") || severity.type == "CVSS_V2" else {
                throw InvalidRecord("'\(severity.score)' is not a CVSS vector")
            }
            scores.append(
                .init(system: severity.type == "CVSS_V2" ? "CVSS:2.0" : String(system), vector: severity.score))
        }
        var affected: [AffectedPackage] = []
        for entry in document.affected ?? [] {
            let repo = entry.ranges?.lazy.filter { $0.type.uppercased() == "GIT" }.compactMap(\.repo).first
            // No package, only a repository's commits (OSV's converted CVEs): filed under the repository, in
            // `GitReference` form, for the git matcher. A repository that is no git URL leaves nothing to match
            // (the record's other entries and facts stay).
            let repository = entry.package == nil ? repo.flatMap(GitReference.repository) : nil
            guard entry.package != nil || repository != nil else { continue }
            var spans: [VersionSpan] = []
            for range in entry.ranges ?? [] {
                spans += try Self.spans(range)
            }
            if let package = entry.package {
                affected.append(
                    AffectedPackage(
                        ecosystem: package.ecosystem, name: package.name, purl: package.purl,
                        repo: repo ?? entry.ranges?.lazy.compactMap(\.repo).first, spans: spans,
                        versions: entry.versions ?? []))
            } else if let repository {
                affected.append(
                    AffectedPackage(
                        ecosystem: GitReference.ecosystem, name: repository, repo: repo, spans: spans,
                        versions: entry.versions ?? []))
            }
        }
        var descriptions: [Vulnerability.LocalizedText] = []
        if let details = document.details { descriptions.append(.init(language: "en", text: details)) }
        let vulnerability = Vulnerability(
            id: document.id, aliases: document.aliases ?? [], related: document.related ?? [],
            published: document.published, modified: document.modified,
            status: document.withdrawn == nil ? nil : "Withdrawn \(document.withdrawn ?? "")",
            descriptions: descriptions,
            weaknesses: (document.database_specific?.cwe_ids ?? []).map { .init(id: $0) }, scores: scores,
            references: (document.references ?? []).map { .init(url: $0.url, tags: $0.type.map { [$0] } ?? []) },
            title: document.summary)
        return [VulnerabilityRecord(source: .osv, vulnerability: vulnerability, affected: affected)]
    }

    /// OSV events in order: `introduced` opens a span, `fixed` or `last_affected` closes it; `limit` (git only)
    /// bounds the search and is not a fix. A span left open is affected up to the newest version.
    static func spans(_ range: Range) throws(InvalidRecord) -> [VersionSpan] {
        let scheme = range.type.lowercased()
        guard ["ecosystem", "semver", "git"].contains(scheme) else {
            throw InvalidRecord("'\(range.type)' is not an OSV range type (ECOSYSTEM, SEMVER, GIT)")
        }
        var spans: [VersionSpan] = []
        var open: String?
        for event in range.events {
            if let introduced = event["introduced"] {
                if let open { spans.append(VersionSpan(status: .affected, scheme: scheme, introduced: open)) }
                open = introduced
            } else if let fixed = event["fixed"] {
                spans.append(VersionSpan(status: .affected, scheme: scheme, introduced: open ?? "0", fixed: fixed))
                open = nil
            } else if let last = event["last_affected"] {
                spans.append(
                    VersionSpan(status: .affected, scheme: scheme, introduced: open ?? "0", lastAffected: last))
                open = nil
            } else if event["limit"] == nil {
                throw InvalidRecord("a range event is none of introduced, fixed, last_affected, limit")
            }
        }
        if let open { spans.append(VersionSpan(status: .affected, scheme: scheme, introduced: open)) }
        return spans
    }

    struct Record: Decodable {
        var id: String
        var modified: String
        var published: String?
        var withdrawn: String?
        var aliases: [String]?
        var related: [String]?
        var summary: String?
        var details: String?
        var severity: [Severity]?
        var affected: [Affected]?
        var references: [Reference]?
        var database_specific: DatabaseSpecific?
    }

    struct Severity: Decodable {
        var type: String
        var score: String
    }

    struct Affected: Decodable {
        var package: Package?
        var ranges: [Range]?
        var versions: [String]?
    }

    struct Package: Decodable {
        var ecosystem: String
        var name: String
        var purl: String?
    }

    struct Range: Decodable {
        var type: String
        var repo: String?
        var events: [[String: String]]
    }

    struct Reference: Decodable {
        var type: String?
        var url: String
    }

    /// Lenient: `database_specific` is free-form, so only a list of CWE ids is read, and anything else is ignored.
    struct DatabaseSpecific: Decodable {
        var cwe_ids: [String]?

        private enum Keys: String, CodingKey { case cwe_ids }

        init(from decoder: any Decoder) throws {
            cwe_ids = try? decoder.container(keyedBy: Keys.self).decodeIfPresent([String].self, forKey: .cwe_ids)
        }
    }

    struct Probe: RecordIDProbe {
        var id: String?
        var recordID: String? { id }
    }
}
