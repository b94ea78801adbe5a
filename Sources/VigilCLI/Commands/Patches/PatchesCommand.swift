import ArgumentParser
import Foundation
import VigilCore
import VigilMatch

/// `vigil patches TARGET`: the remediation plan for a device.
struct PatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patches",
        abstract: "Print the remediation plan for a device: fixed versions, fix commits, back-port candidates.",
        discussion: """
            TARGET is scanned as 'vigil scan' does (decisions in force and --vex documents applied). For each \
            affected or under-investigation finding, worst first (severity, then KEV): the fixed versions, the \
            nearest fixed release on the component's own branch (6.1.78 for 6.1.50; for a distribution package its \
            own fixed revision) or, without one, the lowest fix on a later branch; the fix commits of the kernel \
            CNA's and OSV's git ranges and the references tagged Patch. A finding with no fix on its branch but \
            with fix commits is marked as a back-port candidate.

            Exit status: 0 printed; 2 the target or the database cannot be read; 3 the database is missing or empty.
            """)

    @Argument(help: "An SBOM file, or a root filesystem directory, archive or binary.") var target: String
    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: "Output format: table, json or markdown.") var format: String = "table"
    @Option(name: .customLong("vex"), help: "A VEX document to apply first (repeatable).") var vexFiles: [String] = []
    @OptionGroup(title: "Kernel build") var kernel: KernelBuildOptions
    @OptionGroup var context: ContextOption

    func validate() throws {
        guard ["table", "json", "markdown"].contains(format) else {
            throw ValidationError("'\(format)' is not a format: table, json, markdown")
        }
    }

    func run() async throws {
        let report = try await ScanCommand.report(
            of: target, database: database, vexFiles: vexFiles, kernel: kernel, context: context)
        let plan: RemediationPlan
        do {
            plan = try await RemediationPlan.make(for: report, store: try database.open())
        } catch {
            Console.error("the plan cannot be made: \(error)")
            throw ExitStatus.invalidInput
        }
        switch format {
        case "json": print(try JSONOutput.encode(plan))
        case "markdown": print(Self.markdown(plan))
        default: print(Self.table(plan))
        }
    }

    /// What to do, in a few words: the nearest fix, a branch upgrade, a back-port, or nothing known.
    static func action(_ item: RemediationPlan.Item) -> String {
        if let nearest = item.nearestFix { return "update to \(nearest)" }
        if let upstream = item.upstreamNearestFix {
            return "no distribution fix; upstream fixed in \(upstream)" + (item.backport ? " (back-port)" : "")
        }
        if item.backport {
            let count = item.fixCommits.count + item.patches.count
            return "back-port (\(count) fix commit\(count == 1 ? "" : "s")/patch\(count == 1 ? "" : "es"))"
                + (item.upgradeBranch.map { " or upgrade to \($0)" } ?? "")
        }
        if let upgrade = item.upgradeBranch { return "upgrade to \(upgrade) (another branch)" }
        return "no fix known"
    }

    static func table(_ plan: RemediationPlan) -> String {
        guard !plan.items.isEmpty else { return "Nothing to fix." }
        var rows = [["PRIORITY", "SEVERITY", "VULNERABILITY", "COMPONENT", "VERSION", "ACTION", "KEV"]]
        for item in plan.items {
            rows.append([
                item.priority ?? "-", item.severity.rawValue.uppercased(), item.vulnerability, item.component.name,
                item.component.version ?? "-", action(item), item.kev ? "yes" : "",
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        let backports = plan.items.filter(\.backport).count
        return lines.joined(separator: "\n")
            + "\n\n\(plan.items.count) findings to remediate; \(backports) need a back-port (no fix on their branch)."
    }

    static func markdown(_ plan: RemediationPlan) -> String {
        var text = "# Remediation plan: \(plan.target)\n\nGenerated \(plan.generatedAt) by vigil.\n\n"
        guard !plan.items.isEmpty else { return text + "Nothing to fix.\n" }
        text +=
            "| Priority | Severity | Vulnerability | Component | Version | Action | KEV |\n|---|---|---|---|---|---|---|\n"
        func cell(_ value: String) -> String { value.replacingOccurrences(of: "|", with: "\\|") }
        for item in plan.items {
            text +=
                "| \(item.priority ?? "-") | \(item.severity.rawValue) | \(cell(item.vulnerability)) | \(cell(item.component.name)) | "
                + "\(cell(item.component.version ?? "-")) | \(cell(action(item))) | \(item.kev ? "yes" : "") |\n"
        }
        let candidates = plan.items.filter(\.backport)
        if !candidates.isEmpty {
            text += "\n## Back-port candidates\n"
            for item in candidates {
                text += "\n### \(item.vulnerability) in \(item.component.name) \(item.component.version ?? "")\n\n"
                for commit in item.fixCommits {
                    text += "- commit `\(commit.commit)`" + (commit.repository.map { " in \($0)" } ?? "") + "\n"
                }
                for patch in item.patches { text += "- patch <\(patch)>\n" }
            }
        }
        return text
    }
}
