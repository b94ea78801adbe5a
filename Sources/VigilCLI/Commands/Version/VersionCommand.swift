import ArgumentParser
import VigilCore

/// `vigil version`: compare, sort and range-check versions under an ecosystem's rules.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Compare, sort and range-check versions under an ecosystem's rules.",
        subcommands: [
            VersionCompareCommand.self, VersionSortCommand.self, VersionRangeCommand.self, VersionSchemesCommand.self,
        ])
}

/// The `--scheme` option the version commands share.
struct SchemeOption: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Version scheme: deb, rpm, apk, semver, kernel or generic (aliases such as opkg, alpine, npm work).",
            valueName: "scheme"))
    var scheme: String = "generic"

    func resolve() throws -> any VersionScheme {
        do {
            return try VersionSchemeRegistry.builtIn.scheme(named: scheme)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
