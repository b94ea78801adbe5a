import ArgumentParser
import Foundation
import VigilCore
import VigilMatch
import VigilSBOM
import VigilStore

/// `vigil release diff PRODUCT A B`.
struct ReleaseDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two releases: components and findings added, removed and changed.",
        discussion: """
            Both releases' SBOMs are scanned against the database as it is now, with the triage decisions in force \
            (and --context), so the findings compare like with like. Components are matched by package identity \
            (the purl without its version, else the name), findings by vulnerability and component.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @OptionGroup var context: ContextOption
    @Argument(help: "The product.") var product: String
    @Argument(help: "The older release.") var from: String
    @Argument(help: "The newer release.") var to: String
    @Option(name: .shortAndLong, help: "Output format: table, json or markdown.") var format: String = "table"

    func validate() throws {
        guard ["table", "json", "markdown"].contains(format) else {
            throw ValidationError("'\(format)' is not a format: table, json, markdown")
        }
    }

    func run() async throws {
        let store = try await database.open()
        let decisions = try await store.currentTriageDecisions()
        var sides: [(version: String, document: SBOMDocument, report: ScanReport)] = []
        for version in [from, to] {
            guard let release = try await store.release(of: product, version: version) else {
                Console.error("no release \(product) \(version): 'vigil release list \(product)' shows them")
                throw ExitStatus.invalidInput
            }
            let document: SBOMDocument
            do {
                document = try SBOMDecoderRegistry.builtIn.decode(
                    release.sbom, source: "\(product) \(version)", limits: SBOMDecodingLimits())
            } catch {
                Console.error("the SBOM of \(product) \(version) no longer reads: \(error)")
                throw ExitStatus.invalidInput
            }
            var arguments = ["\(product) \(version)", "--quiet"] + context.arguments
            if let path = database.files.path { arguments += ["--db", path] }
            if let snapshot = database.files.snapshotPath { arguments += ["--db-snapshot", snapshot] }
            let report = try await ScanCommand.parse(arguments).makeReport(
                document: (document, release.sbomFormat), decisions: decisions)
            sides.append((version, document, report))
        }
        let diff = ReleaseDiff(product: product, from: sides[0], to: sides[1])
        switch format {
        case "json": print(try JSONOutput.encode(diff))
        case "markdown": print(Self.markdown(diff))
        default: print(Self.table(diff))
        }
    }

    static func version(_ value: String?) -> String { value ?? "-" }

    static func table(_ diff: ReleaseDiff) -> String {
        var text = "\(diff.product) \(diff.from) → \(diff.to)\n"
        let components = diff.components
        text += "\nComponents: \(components.added.count) added, \(components.removed.count) removed, "
        text += "\(components.changed.count) changed\n"
        var rows = [["CHANGE", "COMPONENT", diff.from, diff.to]]
        for (sign, list) in [
            ("added", components.added), ("removed", components.removed), ("changed", components.changed),
        ] {
            rows += list.map { [sign, $0.name, version($0.fromVersion), version($0.toVersion)] }
        }
        if rows.count > 1 { text += TextTable.render(rows) + "\n" }
        let findings = diff.findings
        text += "\nFindings: \(findings.added.count) added, \(findings.removed.count) removed, "
        text += "\(findings.changed.count) changed\n"
        rows = [["CHANGE", "VULNERABILITY", "COMPONENT", diff.from, diff.to]]
        for (sign, list) in [("added", findings.added), ("removed", findings.removed), ("changed", findings.changed)] {
            rows += list.map {
                [
                    sign, $0.vulnerability, $0.component, state($0.fromState, $0.fromSeverity),
                    state($0.toState, $0.toSeverity),
                ]
            }
        }
        if rows.count > 1 { text += TextTable.render(rows) }
        return text
    }

    static func state(_ state: FindingState?, _ severity: Severity?) -> String {
        guard let state else { return "-" }
        return state.rawValue + (severity.map { " (\($0.rawValue))" } ?? "")
    }

    static func markdown(_ diff: ReleaseDiff) -> String {
        func cell(_ value: String) -> String { value.replacingOccurrences(of: "|", with: "\\|") }
        var text = "# \(cell(diff.product)) \(cell(diff.from)) → \(cell(diff.to))\n\n## Components\n\n"
        text += "| Change | Component | \(cell(diff.from)) | \(cell(diff.to)) |\n|---|---|---|---|\n"
        for (word, list) in [
            ("added", diff.components.added), ("removed", diff.components.removed),
            ("changed", diff.components.changed),
        ] {
            for change in list {
                text += "| \(word) | \(cell(change.name)) | \(cell(version(change.fromVersion))) | "
                text += "\(cell(version(change.toVersion))) |\n"
            }
        }
        text += "\n## Findings\n\n"
        text +=
            "| Change | Vulnerability | Component | \(cell(diff.from)) | \(cell(diff.to)) |\n|---|---|---|---|---|\n"
        for (word, list) in [
            ("added", diff.findings.added), ("removed", diff.findings.removed), ("changed", diff.findings.changed),
        ] {
            for change in list {
                text += "| \(word) | \(cell(change.vulnerability)) | \(cell(change.component)) | "
                text +=
                    "\(state(change.fromState, change.fromSeverity)) | \(state(change.toState, change.toSeverity)) |\n"
            }
        }
        return text
    }
}
