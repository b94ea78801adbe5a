import ArgumentParser

/// `vigil purl`: parse, validate and normalise package URLs.
struct PURLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purl", abstract: "Parse, validate and normalise package URLs.",
        subcommands: [PURLParseCommand.self])
}
