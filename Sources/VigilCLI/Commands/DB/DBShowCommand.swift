import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil db show ID`: everything the database knows about one vulnerability, merged across sources.
struct DBShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything known about one vulnerability, each fact with its source.",
        discussion: """
            ID is a CVE, an OSV id or an advisory (DSA-5380-1, ALSA-2024:1234). Records with that id give the \
            vulnerability's facts; advisories that name it (Debian DSA/DLA, AlmaLinux, Alpine secfixes) are listed \
            with the packages they fix. Anchore's NVD overrides replace NVD's configurations.

            Exit status: 0 when found, 1 when no source knows the id, 2 when the database cannot be opened.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The vulnerability or advisory id.") var id: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try database.open()
        let dossier = VulnerabilityDossier(id: id, records: try await store.records(id: id))
        if dossier.isEmpty {
            Console.error("\(id) is in no source of \(database.resolvedPath); import or update feeds with 'vigil db'")
            throw ExitStatus.checkFailed
        }
        if format == .json {
            print(try JSONOutput.encode(Output(snapshot: store.snapshot?.contentHash, dossier: dossier)))
            return
        }
        print(Self.render(dossier))
        if let snapshot = store.snapshot {
            print("as of snapshot \(snapshot.contentHash), taken \(snapshot.createdAt)")
        }
    }

    /// The JSON output: the dossier, and the snapshot it was read from.
    struct Output: Encodable {
        /// The snapshot's content hash, when read with `--db-snapshot`.
        var snapshot: String?
        var dossier: VulnerabilityDossier

        func encode(to encoder: any Encoder) throws {
            try dossier.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(snapshot, forKey: .snapshot)
        }

        enum Key: String, CodingKey { case snapshot }
    }

    static func render(_ dossier: VulnerabilityDossier) -> String {
        var lines: [String] = []
        func tag<Value>(_ fact: VulnerabilityDossier.Sourced<Value>) -> String {
            "[\(fact.source)\(fact.record.map { " \($0)" } ?? "")]"
        }
        lines.append("\(dossier.id)  sources: \(dossier.sources.map(\.rawValue).joined(separator: ", "))")
        for alias in dossier.aliases { lines.append("alias       \(alias.value) \(tag(alias))") }
        for title in dossier.titles { lines.append("title       \(title.value) \(tag(title))") }
        for status in dossier.statuses { lines.append("status      \(status.value) \(tag(status))") }
        for date in dossier.published { lines.append("published   \(date.value) \(tag(date))") }
        for date in dossier.modified { lines.append("modified    \(date.value) \(tag(date))") }
        for score in dossier.scores {
            let value = score.value
            let base = value.baseScore.map { String($0) } ?? "-"
            lines.append(
                "score       \(value.system) \(base) \(value.baseSeverity ?? "") \(value.vector) "
                    + "\(tag(score))\(value.source.map { " by \($0)" } ?? "")")
        }
        for weakness in dossier.weaknesses { lines.append("weakness    \(weakness.value.id) \(tag(weakness))") }
        for listing in dossier.knownExploited {
            let value = listing.value
            lines.append(
                "exploited   KEV since \(value.dateAdded)\(value.dueDate.map { ", due \($0)" } ?? "")"
                    + "\(value.knownRansomwareCampaignUse.map { ", ransomware: \($0)" } ?? "") \(tag(listing))")
        }
        for prediction in dossier.exploitPrediction {
            let value = prediction.value
            lines.append(
                "epss        \(value.score) (percentile \(value.percentile)) on \(value.date) \(tag(prediction))")
        }
        for decision in dossier.ssvc {
            let value = decision.value
            lines.append(
                "ssvc        exploitation \(value.exploitation ?? "-"), automatable \(value.automatable ?? "-"), "
                    + "technical impact \(value.technicalImpact ?? "-") \(tag(decision))")
        }
        for advisory in dossier.advisories { lines.append("advisory    \(advisory.value) [\(advisory.source)]") }
        for entry in dossier.affected {
            let package = entry.value
            let name = [package.ecosystem, package.vendor, package.name].compactMap { $0 }.joined(separator: "/")
            var line = "affected    \(name)"
            if let status = package.defaultStatus { line += " (default \(status.rawValue))" }
            let fixed = package.fixedVersions.filter { $0.count < 40 }
            if !fixed.isEmpty { line += " fixed: \(fixed.joined(separator: ", "))" }
            if !package.programFiles.isEmpty { line += " files: \(package.programFiles.joined(separator: ", "))" }
            lines.append(line + " \(tag(entry))")
        }
        for configuration in dossier.configurations {
            let criteria = configuration.value.nodes.flatMap(\.criteria)
            let vulnerable = criteria.filter(\.vulnerable).count
            lines.append(
                "cpe config  \(configuration.value.nodes.count) nodes, \(vulnerable) vulnerable and "
                    + "\(criteria.count - vulnerable) platform criteria \(tag(configuration))")
        }
        for description in dossier.descriptions where description.value.language.hasPrefix("en") {
            lines.append("description \(tag(description))")
            lines.append(description.value.text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        let references = dossier.references.count
        if references > 0 { lines.append("references  \(references) (see --format json)") }
        return lines.joined(separator: "\n")
    }
}
