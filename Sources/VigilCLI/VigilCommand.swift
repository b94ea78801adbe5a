public import ArgumentParser

/// The root `vigil` command: lists the command groups, prints the version.
public struct VigilCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Keep the software of medical devices free of known vulnerabilities, and hardened against the rest.",
        discussion: """
            Commands take the form `vigil <noun> <verb>`. Run `vigil help <noun>` for a group's commands.

            Exit status: 0 success, 1 a check failed, 2 invalid input or output (a version, purl, CPE, range or \
            SBOM that does not parse; a file that cannot be read or written), 64 usage error.
            """,
        version: VigilVersion.current,
        subcommands: [
            ScanCommand.self, TriageCommand.self, VEXCommand.self, SBOMCommand.self, DBCommand.self,
            VersionCommand.self,
            PURLCommand.self, CPECommand.self, CVSSCommand.self, PatchesCommand.self, ContextCommand.self,
            ProductCommand.self, ReleaseCommand.self, MonitorCommand.self, MetricsCommand.self, AlertsCommand.self,
            ServeCommand.self,
            UserCommand.self, TokenCommand.self, HardenCommand.self, FuzzCommand.self,
        ]
    )

    public init() {}
}
