import ArgumentParser
import VigilCore

/// `vigil cpe match`: compares a source CPE name with a target name.
struct CPEMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Compare a source CPE name (a pattern, wildcards allowed) with a target name.",
        discussion: """
            Prints the name relation (EQUAL, SUPERSET, SUBSET, DISJOINT or UNDEFINED) and, with --format json, the \
            relation of every attribute. The source matches the target when the relation is EQUAL or SUPERSET.

            Exit status: 0 on success whatever the relation, 2 when a name is invalid.
            """)

    @Argument(help: "The source name, e.g. an NVD criterion: cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*")
    var source: String
    @Argument(help: "The target name, e.g. a device component: cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")
    var target: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    private struct Result: Encodable {
        var source: String
        var target: String
        var relation: String
        var matches: Bool
        var attributes: [String: String]
    }

    func run() throws {
        let comparison: CPENameComparison
        let sourceName: CPEName
        let targetName: CPEName
        do {
            sourceName = try CPEName(parsing: source)
            targetName = try CPEName(parsing: target)
            comparison = sourceName.compare(to: targetName)
        } catch {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
        switch format {
        case .text:
            print(comparison.relation.description)
        case .json:
            let attributes = Dictionary(
                uniqueKeysWithValues: comparison.relations.map { ($0.key.rawValue, $0.value.description) })
            print(
                try JSONOutput.encode(
                    Result(
                        source: sourceName.formattedString, target: targetName.formattedString,
                        relation: comparison.relation.description, matches: comparison.isSuperset,
                        attributes: attributes)))
        }
    }
}
