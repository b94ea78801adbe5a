import ArgumentParser
import VigilCore

/// `vigil cpe convert`: rewrites CPE names in another binding.
struct CPEConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite CPE names (any binding) as a formatted string, URI or WFN.",
        discussion: "Exit status: 0 when every name is valid, 2 when one is not (reported on standard error).")

    @Argument(help: "CPE names: 'cpe:2.3:…', 'cpe:/…' or 'wfn:[…]'; standard input when none are given.")
    var names: [String] = []
    @Option(name: .long, help: "Binding to print: fs, uri or wfn.") var to: CPEBinding = .fs

    func run() throws {
        let inputs = names.isEmpty ? Array(Console.inputLines().filter { !$0.isEmpty }) : names
        var console = Console()
        var allValid = true
        for input in inputs {
            do {
                let name = try CPEName(parsing: input)
                switch to {
                case .fs: console.line(name.formattedString)
                case .uri: console.line(name.uri)
                case .wfn: console.line(name.wfnString)
                }
            } catch {
                Console.error(error.description)
                allValid = false
            }
        }
        console.flush()
        if !allValid { throw ExitStatus.invalidInput }
    }
}
