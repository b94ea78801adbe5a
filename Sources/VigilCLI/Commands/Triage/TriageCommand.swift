import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil triage`: analysts' decisions about vulnerabilities in components, kept in an append-only history and
/// applied by `vigil scan`.
struct TriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record, list and trace decisions about vulnerabilities in components.",
        discussion: """
            A decision says whether one vulnerability affects one component — at one version (NAME@VERSION) or at \
            every version (NAME) — with the reason. Decisions are kept in the database (--db) in an append-only \
            history: a new decision for the same vulnerability and component supersedes the earlier one, which \
            stays on record. 'vigil scan' applies the decisions in force to its findings.
            """,
        subcommands: [TriageSetCommand.self, TriageListCommand.self, TriageHistoryCommand.self])
}

/// `vigil triage set VULN --component NAME[@VERSION] --state STATE …`.
struct TriageSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record a decision about a vulnerability in a component.",
        discussion: """
            Every decision needs a note (the impact statement of not_affected, the action statement of affected). \
            A justification belongs to not_affected only. The author is --author, else $VIGIL_AUTHOR, else the \
            login name; the time is now.

            Exit status: 0 recorded, 2 the decision is incomplete or the database cannot be written.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The vulnerability (CVE-2024-3596, GHSA-…, an OSV id).") var vulnerability: String
    @Option(
        help: "The component: NAME, NAME@VERSION for one version only, or a purl (pkg:deb/debian/openssl@3.0.11).")
    var component: String
    @Option(
        name: .customLong("versions"),
        help:
            "A VERS range of the component's versions the decision covers (vers:generic/>=2.9|<=4.1), instead of @VERSION."
    )
    var versionRange: String?
    @Option(help: "not_affected, affected, fixed or under_investigation.", transform: vexTerm) var state: FindingState
    @Option(
        help: "Why not affected: \(VEXJustification.allCases.map(\.rawValue).joined(separator: ", ")).",
        transform: vexTerm)
    var justification: VEXJustification?
    @Option(
        name: .customLong("response"),
        help: "What is done (repeatable): \(VEXResponse.allCases.map(\.rawValue).joined(separator: ", ")).",
        transform: vexTerm)
    var responses: [VEXResponse] = []
    @Option(help: "The reason, for whoever reads the decision next.") var note: String
    @Option(help: "Who decides (default: $VIGIL_AUTHOR, else the login name).") var author: String?
    @OptionGroup(title: "Kernel build the decision relies on (re-opened when a scan's build compiles it differently)")
    var kernel: KernelBuildOptions

    func run() async throws {
        var (name, version) = Self.split(component)
        var purl: String?
        if component.hasPrefix("pkg:") {
            guard let parsed = try? PackageURL(parsing: component, mode: .lenient) else {
                Console.error("'\(component)' is not a purl")
                throw ExitStatus.invalidInput
            }
            (name, version, purl) = (parsed.name, parsed.version, component)
        }
        var decision = TriageDecision(
            vulnerability: Self.normalised(vulnerability), componentName: name, componentVersion: version,
            componentVersionRange: versionRange, componentPurl: purl, state: state, justification: justification,
            responses: responses,
            note: note,
            author: author ?? ProcessInfo.processInfo.environment["VIGIL_AUTHOR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? NSUserName(),
            recordedAt: Timestamp.string())
        let problems = decision.problems()
        guard problems.isEmpty else {
            for problem in problems { Console.error(problem) }
            throw ExitStatus.invalidInput
        }
        let build = try kernel.profile()
        let store = try await database.open(writing: true)
        do {
            // What the decision rests on: the vulnerability's records as they are now, and the kernel build.
            decision.evidence = try await TriageSupport.evidence(for: [decision.vulnerability], store: store)[
                decision.vulnerability]
            if let build {
                decision.kernelBuild = try await TriageSupport.kernelBuild(
                    for: decision.vulnerability, build: build, store: store)
                if decision.kernelBuild == nil {
                    Console.warning(
                        "no kernel record of \(decision.vulnerability) lists the files its fix touches: the decision "
                            + "records no kernel build")
                }
            }
            decision.id = TriageDecision.id(of: decision)
            try await store.record(decision)
        } catch {
            Console.error("the decision could not be recorded: \(error)")
            throw ExitStatus.invalidInput
        }
        print(
            "\(decision.id) \(decision.vulnerability) \(component): \(decision.state.rawValue)"
                + (decision.justification.map { " (\($0.rawValue))" } ?? ""))
    }

    /// `openssl@3.0.11` → (`openssl`, `3.0.11`); `@angular/core@17.0.0` keeps its leading `@`.
    static func split(_ text: String) -> (String, String?) {
        guard let at = text.dropFirst().lastIndex(of: "@") else { return (text, nil) }
        // `openssl@` keeps its empty version, which the decision refuses (it is not "every version").
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }

    /// CVE ids in upper case, as every source writes them.
    static func normalised(_ id: String) -> String { id.lowercased().hasPrefix("cve-") ? id.uppercased() : id }
}

/// `vigil triage list`: the decisions in force.
struct TriageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the decisions in force: the latest per vulnerability and component.",
        discussion: "Exit status: 0, also when there are none; 2 when the database cannot be read.")

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: "Only decisions with this state.", transform: vexTerm) var state: FindingState?
    @Option(help: "Only decisions for this component name.") var component: String?
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try await database.open()
        let decisions = try await store.currentTriageDecisions().filter {
            (state == nil || $0.state == state)
                && (component == nil || $0.componentName.lowercased() == component?.lowercased())
        }
        print(try TriageOutput.render(decisions, format: format))
    }
}

/// `vigil triage history VULN`: every decision ever recorded for a vulnerability.
struct TriageHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every decision recorded for a vulnerability, oldest first.",
        discussion: "Exit status: 0, also when there are none; 2 when the database cannot be read.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The vulnerability.") var vulnerability: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try await database.open()
        let history = try await store.triageHistory(vulnerability: TriageSetCommand.normalised(vulnerability))
        print(try TriageOutput.render(history, format: format))
    }
}

enum TriageOutput {
    /// JSON: `{"schema": "vigil.triage/1", "decisions": [...]}`; a table: one line per decision.
    static func render(_ decisions: [TriageDecision], format: TableOrJSON) throws -> String {
        if format == .json {
            struct Document: Encodable {
                var schema = "vigil.triage/1"
                var decisions: [TriageDecision]
            }
            return try JSONOutput.encode(Document(decisions: decisions))
        }
        guard !decisions.isEmpty else { return "no decisions" }
        return decisions.map { decision in
            let component =
                decision.componentName
                + (decision.componentVersion.map { "@\($0)" } ?? decision.componentVersionRange.map { " \($0)" }
                    ?? " (every version)")
            var line =
                "\(decision.id)  \(decision.recordedAt)  \(decision.vulnerability)  \(component)  "
                + decision.state.rawValue
            if let justification = decision.justification { line += " (\(justification.rawValue))" }
            if !decision.responses.isEmpty {
                line += " response: " + decision.responses.map(\.rawValue).joined(separator: ", ")
            }
            line += "  by \(decision.author) [\(decision.origin)]\n    \(decision.note)"
            return line
        }.joined(separator: "\n")
    }
}

/// Parses a VEX term given on the command line, naming the accepted values when it is none of them.
func vexTerm<Term: RawRepresentable & CaseIterable>(_ text: String) throws -> Term where Term.RawValue == String {
    guard let term = Term(rawValue: text) else {
        throw ValidationError(
            "'\(text)' is none of \(Term.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return term
}
