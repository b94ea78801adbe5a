import ArgumentParser
import VigilCore

/// `vigil purl parse`: prints the canonical form or the components of package URLs.
struct PURLParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the canonical form (text) or the components (json) of package URLs.",
        discussion: """
            Reads the purls given as arguments, or one per line of standard input. Invalid purls are reported on \
            standard error and the rest go on.

            Exit status: 0 when every purl is valid, 2 when one is not.
            """)

    @Argument(help: "Package URLs; read from standard input when none are given.") var purls: [String] = []
    @Flag(help: "Accept what SBOM generators write in the wild: uppercase qualifier keys, unencoded characters.")
    var lenient = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    private struct Components: Encodable {
        var purl: String
        var type: String
        var namespace: String?
        var name: String
        var version: String?
        var qualifiers: [String: String]
        var subpath: String?
    }

    func run() throws {
        let inputs = purls.isEmpty ? Array(Console.inputLines().filter { !$0.isEmpty }) : purls
        var parsed: [PackageURL] = []
        var allValid = true
        for input in inputs {
            do {
                parsed.append(try PackageURL(parsing: input, mode: lenient ? .lenient : .strict))
            } catch {
                Console.error(error.description)
                allValid = false
            }
        }
        switch format {
        case .text:
            var console = Console()
            for purl in parsed { console.line(purl.canonicalString) }
            console.flush()
        case .json:
            print(
                try JSONOutput.encode(
                    parsed.map {
                        Components(
                            purl: $0.canonicalString, type: $0.type, namespace: $0.namespace, name: $0.name,
                            version: $0.version, qualifiers: $0.qualifiers, subpath: $0.subpath)
                    }))
        }
        if !allValid { throw ExitStatus.invalidInput }
    }
}
