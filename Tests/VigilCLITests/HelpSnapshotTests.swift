import Foundation
import Testing
import VigilTesting

/// `--help` output is part of the interface: checked against golden files in `Snapshots/`.
///
/// Set `VIGIL_UPDATE_SNAPSHOTS=1` to rewrite the golden files after a deliberate change.
@Suite struct HelpSnapshotTests {
    static let commands: [[String]] = [
        [], ["version"], ["version", "compare"], ["version", "range"], ["purl", "parse"], ["cpe", "match"],
        ["sbom", "convert"], ["sbom", "check"], ["sbom", "enrich"], ["sbom", "generate"], ["db", "import"],
        ["db", "update"],
        ["db", "status"], ["db", "show"], ["db", "snapshot", "create"], ["db", "snapshot", "verify"], ["scan"],
        ["triage"], ["triage", "set"], ["triage", "list"], ["triage", "history"], ["vex"], ["vex", "import"],
        ["vex", "export"], ["cvss"], ["patches"], ["context"], ["context", "init"], ["context", "check"], ["product"],
        ["product", "add"], ["release"], ["release", "add"], ["release", "set"], ["release", "diff"], ["monitor"],
        ["metrics"], ["alerts"], ["serve"], ["user", "add"], ["token", "create"], ["harden"], ["fuzz", "run"],
        ["fuzz", "replay"], ["fuzz", "minimize"],
    ]

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"), arguments: commands)
    func matchesTheGoldenHelpText(_ command: [String]) throws {
        let result = try VigilProcess.run(command + ["--help"])
        #expect(result.status == 0)
        let name = (["vigil"] + command).joined(separator: "-") + "-help.txt"
        let golden = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_SNAPSHOTS"] == "1" {
            try result.standardOutput.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.standardOutput == expected, "run with VIGIL_UPDATE_SNAPSHOTS=1 to accept a deliberate change")
    }
}
