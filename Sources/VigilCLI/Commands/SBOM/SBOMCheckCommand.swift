import ArgumentParser
import Foundation
import VigilCore
import VigilSBOM

/// `vigil sbom check`: measures an SBOM against the NTIA minimum elements and the CISA 2025 additions.
struct SBOMCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an SBOM's minimum elements (NTIA 2021, CISA 2025 draft) and list the components that fail.",
        discussion: """
            Prints the coverage of each element and the components that lack some. The score is the mean coverage \
            of all elements. With --fail-under, a score below the threshold is a failed check.

            Exit status: 0 when the check passes, 1 when the score is under --fail-under, 2 when the input cannot \
            be read or decoded.
            """)

    @Argument(help: "The SBOM to check ('-' for standard input).") var input: String
    @Option(help: ArgumentHelp("Fail (exit 1) when the score is below this percentage.", valueName: "percent"))
    var failUnder: Double?
    @Option(help: "Output format: table or json.") var format: CheckFormat = .table
    @Option(help: "How many failing components to list in a table (all in JSON).") var limit: Int = 20

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    private struct JSONReport: Encodable {
        var source: String
        var components: Int
        var score: Double
        var passed: Bool
        var elements: [SBOMQualityReport.Coverage]
        var failingComponents: [SBOMQualityReport.Shortfall]
    }

    func run() throws {
        let report = SBOMQualityReport(try SBOMInput.load(input))
        let passed = failUnder.map { report.score >= $0 } ?? true
        switch format {
        case .json:
            print(
                try JSONOutput.encode(
                    JSONReport(
                        source: input, components: report.componentCount, score: (report.score * 10).rounded() / 10,
                        passed: passed, elements: report.coverage, failingComponents: report.shortfalls)))
        case .table:
            printTable(report)
            if let failUnder {
                print(
                    String(
                        format: "%@: score %.1f%% %@ %.1f%%", passed ? "PASS" : "FAIL", report.score,
                        passed ? "≥" : "<", failUnder))
            }
        }
        if !passed { throw ExitStatus.checkFailed }
    }

    private func printTable(_ report: SBOMQualityReport) {
        print("ELEMENT                    COVERAGE")
        for element in report.coverage {
            let title = element.title.padding(toLength: 26, withPad: " ", startingAt: 0)
            switch element.scope {
            case .document: print("\(title) \(element.covered == 1 ? "present" : "MISSING")")
            case .component:
                print(
                    String(
                        format: "%@ %d/%d components (%.1f%%)", title, element.covered, element.total, element.percent))
            }
        }
        print(String(format: "score: %.1f%% over %d components", report.score, report.componentCount))
        guard !report.shortfalls.isEmpty else { return }
        print("\ncomponents lacking elements (\(report.shortfalls.count)):")
        for shortfall in report.shortfalls.prefix(limit) {
            let name = shortfall.name + (shortfall.version.map { "@\($0)" } ?? "")
            print("  \(name): \(shortfall.missing.joined(separator: ", "))")
        }
        if report.shortfalls.count > limit {
            print("  … and \(report.shortfalls.count - limit) more (--limit, or --format json)")
        }
    }
}
