import ArgumentParser
import VigilCore

/// `vigil version compare`: prints `<`, `=` or `>` for one pair, or for each `A B` line of standard input.
struct VersionCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two versions, or every 'A B' line of standard input.",
        discussion: """
            Prints '<', '=' or '>'. Without A and B, reads one pair per line from standard input and prints one \
            symbol per line; a line that does not hold two valid versions prints '!' (the reason goes to standard \
            error) and the run goes on.

            Exit status: 0 when every comparison succeeded, 2 when a version was invalid, 64 for a usage error.
            """)

    @OptionGroup var scheme: SchemeOption
    @Argument(help: "The first version.") var lhs: String?
    @Argument(help: "The second version.") var rhs: String?

    func validate() throws {
        if (lhs == nil) != (rhs == nil) { throw ValidationError("give two versions, or none to read pairs from stdin") }
    }

    func run() throws {
        let scheme = try scheme.resolve()
        if let lhs, let rhs {
            do {
                print(try scheme.compare(lhs, rhs).symbol)
            } catch {
                Console.error(error.description)
                throw ExitStatus.invalidInput
            }
            return
        }
        if try !compareLines(Console.inputLines(), scheme: scheme) { throw ExitStatus.invalidInput }
    }

    /// Compares each line's pair; returns whether every line was valid.
    private func compareLines(_ lines: AnySequence<String>, scheme: some VersionScheme) throws -> Bool {
        var console = Console()
        var allValid = true
        for (number, line) in lines.enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                console.line("!")
                Console.error("line \(number + 1): expected two versions separated by white space")
                allValid = false
                continue
            }
            do {
                console.line(try scheme.compare(String(fields[0]), String(fields[1])).symbol)
            } catch {
                console.line("!")
                Console.error("line \(number + 1): \(error)")
                allValid = false
            }
        }
        console.flush()
        return allValid
    }
}
