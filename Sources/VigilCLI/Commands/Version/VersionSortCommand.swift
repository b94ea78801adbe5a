import ArgumentParser
import VigilCore

/// `vigil version sort`: sorts versions given as arguments or on standard input.
struct VersionSortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sort",
        abstract: "Sort versions in ascending order (arguments, or one per line of standard input).",
        discussion: "Exit status: 0 on success, 2 when a version is invalid (nothing is printed then).")

    @OptionGroup var scheme: SchemeOption
    @Flag(name: .shortAndLong, help: "Sort in descending order.") var reverse = false
    @Argument(help: "Versions to sort; read from standard input when none are given.") var versions: [String] = []

    func run() throws {
        let scheme = try scheme.resolve()
        let input = versions.isEmpty ? Array(Console.inputLines().filter { !$0.isEmpty }) : versions
        let sorted = try sort(input, scheme: scheme)
        var console = Console()
        for version in reverse ? sorted.reversed() : sorted { console.line(version) }
        console.flush()
    }

    private func sort<Scheme: VersionScheme>(_ input: [String], scheme: Scheme) throws -> [String] {
        var parsed: [(raw: String, version: Scheme.Version)] = []
        for raw in input {
            do {
                parsed.append((raw, try scheme.parse(raw)))
            } catch {
                Console.error(error.description)
                throw ExitStatus.invalidInput
            }
        }
        return parsed.enumerated().sorted { a, b in
            a.element.version < b.element.version || (a.element.version == b.element.version && a.offset < b.offset)
        }.map(\.element.raw)
    }
}
