import ArgumentParser
import VigilCore

/// `vigil version range`: tests versions against a VERS range.
struct VersionRangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "range",
        abstract: "Test versions against a range such as 'vers:deb/>=1.0|<2.0'.",
        discussion: """
            Prints the canonical range, then 'in' or 'out' for each version. The range's scheme (after 'vers:') \
            orders the versions.

            Exit status: 0 on success, 2 when the range or a version is invalid.
            """)

    @Argument(help: "The range, as a VERS string.") var range: String
    @Argument(help: "Versions to test.") var versions: [String] = []
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    private struct Result: Encodable {
        var range: String
        var versions: [Membership]
    }

    private struct Membership: Encodable {
        var version: String
        var inRange: Bool
    }

    func run() throws {
        let parsed: VersionRange
        do {
            parsed = try VersionRange(vers: range)
        } catch {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
        var results: [Membership] = []
        for version in versions {
            do {
                results.append(Membership(version: version, inRange: try parsed.contains(version)))
            } catch {
                Console.error(error.description)
                throw ExitStatus.invalidInput
            }
        }
        switch format {
        case .json:
            print(try JSONOutput.encode(Result(range: parsed.versString, versions: results)))
        case .text:
            print(parsed.versString)
            for result in results { print("\(result.inRange ? "in " : "out") \(result.version)") }
        }
    }
}
