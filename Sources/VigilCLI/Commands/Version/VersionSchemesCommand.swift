import ArgumentParser
import Foundation
import VigilCore

/// `vigil version schemes`: lists the version schemes with their aliases and ecosystems.
struct VersionSchemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemes", abstract: "List the version schemes, their aliases and the ecosystems they serve.")

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    private struct Entry: Encodable {
        var id: String
        var aliases: [String]
        var ecosystems: [String]
    }

    func run() throws {
        let entries = VersionSchemeRegistry.builtIn.schemes.map { scheme in
            Entry(
                id: scheme.id.rawValue, aliases: scheme.aliases.sorted(),
                ecosystems: scheme.ecosystems.map(\.rawValue).sorted())
        }.sorted { $0.id < $1.id }
        switch format {
        case .json:
            print(try JSONOutput.encode(entries))
        case .text:
            for entry in entries {
                let padded = entry.id.padding(toLength: 8, withPad: " ", startingAt: 0)
                print(
                    "\(padded) aliases: \(entry.aliases.joined(separator: ", "))"
                        + (entry.ecosystems.isEmpty ? "" : "; ecosystems: \(entry.ecosystems.joined(separator: ", "))"))
            }
        }
    }
}
