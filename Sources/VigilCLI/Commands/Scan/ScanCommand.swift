import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilInventory
import VigilMatch
import VigilSBOM
import VigilStore
import VigilVEX

/// `vigil scan TARGET`: match a device against the vulnerability database, and gate a release on the result.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract:
            "Match a device (an SBOM, a root filesystem or archive, a binary) against the vulnerability database.",
        discussion: """
            TARGET is an SBOM in any supported format, or a root filesystem directory, archive or single binary, \
            which is inventoried first (as 'vigil sbom generate' does). Every component is identified (purl, then \
            CPE, then the curated CPE table; those that cannot be are listed) and matched by NVD's CPE \
            configurations (AND/OR, negation, platforms the device must have), the distributions' own data \
            (Debian DSA/DLA, Alpine secdb, AlmaLinux OSV: their verdict wins, so back-ported fixes count) and the \
            Linux kernel CNA's per-branch ranges, and OSV and CVE 5 git ranges by repository. One finding per \
            component and vulnerability, aliases joined. Given the kernel's build (--kernel-config with \
            --kernel-source, --kernel-build-dir or --kernel-files), kernel CVEs whose fixes touch only files the \
            build does not compile are not_affected (vulnerable_code_not_present), with the evidence. The triage \
            decisions in force in the database ('vigil triage set') set the states they decide; --ignore rules \
            then suppress.

            Findings are prioritised (CVSS — re-scored in the device context with --context —, KEV, EPSS, patient \
            safety) and sorted by priority.

            Exit status: 0 the scan ran and the gate (if any) passed; 1 --fail-on found an affected, unsuppressed \
            finding at or above its severity, or --fail-on-priority one at or above its tier; 2 the target, an output or the ignore file cannot be read or written; \
            3 the database is missing, empty, or older than --max-db-age; 64 usage error.
            """)

    @Argument(help: "An SBOM file, or a root filesystem directory, archive (.tar, .tar.gz/xz/zst) or binary.")
    var target: String

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Format on standard output: table, json, sarif, cyclonedx, html.")
    var format: String = "table"

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "Also write FORMAT to PATH (repeatable): json=scan.json, sarif=scan.sarif, html=scan.html…",
            valueName: "FORMAT=PATH"))
    var outputs: [String] = []

    @Option(
        help: "Exit 1 when an affected, unsuppressed finding is at or above this severity: critical, high, medium, low."
    )
    var failOn: String?

    @Option(
        name: .customLong("vex"),
        help: "A VEX document (OpenVEX, CycloneDX VEX) whose statements apply to this run only (repeatable).")
    var vexFiles: [String] = []

    @Option(help: "Suppression rules (YAML or JSON): vulnerability, optional component, reason, expires.")
    var ignore: String?

    @Option(help: "Exit 3 when the newest record of the database is older than this many days.")
    var maxDBAge: Int?

    @OptionGroup(title: "Kernel build (rules out kernel CVEs whose fixed files the build does not compile)")
    var kernel: KernelBuildOptions

    @OptionGroup var context: ContextOption

    @Option(help: "Exit 1 when an affected, unsuppressed finding has this priority tier or a higher one: P1, P2, P3.")
    var failOnPriority: String?

    @Flag(help: "Print nothing but errors and the report.") var quiet = false

    func validate() throws {
        guard ScanReportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; choose one of: \(Self.formats)")
        }
        for output in outputs {
            guard let equals = output.firstIndex(of: "="), ScanReportFormat(rawValue: String(output[..<equals])) != nil,
                output.index(after: equals) < output.endIndex
            else {
                throw ValidationError("--output wants FORMAT=PATH with FORMAT one of \(Self.formats), not '\(output)'")
            }
        }
        if let failOn, !["critical", "high", "medium", "low"].contains(failOn) {
            throw ValidationError("--fail-on wants critical, high, medium or low, not '\(failOn)'")
        }
        if let failOnPriority, !["P1", "P2", "P3"].contains(failOnPriority) {
            throw ValidationError("--fail-on-priority wants P1, P2 or P3, not '\(failOnPriority)'")
        }
    }

    static let formats = ScanReportFormat.allCases.map(\.rawValue).joined(separator: ", ")

    func run() async throws {
        let report = try await makeReport()
        do {
            FileHandle.standardOutput.write(Data(try ScanReportFormat(rawValue: format)!.render(report)))
            for output in outputs {
                let equals = output.firstIndex(of: "=")!
                let format = ScanReportFormat(rawValue: String(output[..<equals]))!
                try Files.write(try format.render(report), to: String(output[output.index(after: equals)...]))
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        try gate(report)
    }

    /// The report of a quiet scan of `target`, as another command needs it (`vex export`, `patches`).
    static func report(
        of target: String, database: DatabaseOptions, vexFiles: [String], kernel: KernelBuildOptions,
        context: ContextOption
    ) async throws -> ScanReport {
        var arguments = [target, "--quiet"] + kernel.arguments + context.arguments
        if let path = database.path { arguments += ["--db", path] }
        if let snapshot = database.snapshotPath { arguments += ["--db-snapshot", snapshot] }
        for file in vexFiles { arguments += ["--vex", file] }
        return try await parse(arguments).makeReport()
    }

    /// The scan's report: the target matched, the decisions in force and the run's VEX documents applied, ignore
    /// rules on top; warnings printed.
    func makeReport() async throws -> ScanReport {
        try await makeReport(document: nil)
    }

    /// The report of `document` (a release's stored SBOM) instead of the target's, with this command's options; with
    /// the team's decisions in force when given (from a PostgreSQL team store), else the database's.
    func makeReport(
        document given: (SBOMDocument, String)?, decisions teamDecisions: [TriageDecision]? = nil
    ) async throws -> ScanReport {
        let rules: IgnoreRules?
        do {
            rules = try ignore.map { path in
                try IgnoreRules(
                    text: String(decoding: try Files.read(path, limit: 16 << 20), as: UTF8.self), source: path)
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        let build = try kernel.profile()
        let profile = try context.profile()
        let store = try openDatabase()
        try await checkFreshness(store)
        let progress = Progress(quiet: quiet)
        progress.show("reading \(target)", force: true)
        let (document, kind) = try given ?? loadTarget()
        let now = Date()
        var report: ScanReport
        defer { progress.finish() }
        do {
            report = try await VulnerabilityScanner().scan(
                document, store: store,
                target: .init(
                    name: given == nil ? URL(filePath: target).lastPathComponent : target, kind: kind,
                    components: document.components.count),
                databasePath: database.resolvedPath, generatedAt: Timestamp.string(now),
                progress: { done, total in
                    progress.show("matching \(done) of \(total) components", force: done == total)
                })
            progress.finish()
        } catch {
            Console.error("the scan failed: \(error)")
            throw ExitStatus.invalidInput
        }
        // Kernel CVEs whose fixes touch only files the build does not compile are not affected (with the evidence);
        // decisions, applied next, win over that.
        if let build {
            let filtering = report.applyKernelBuild(build)
            if !quiet {
                Console.info(
                    "kernel build: \(filtering.openBefore) open kernel findings with files, \(filtering.ruledOut) not "
                        + "built (not_affected), \(filtering.confirmedBuilt) built, \(filtering.undetermined) undetermined; "
                        + "\(filtering.openAfter) open after")
            }
        }
        // The triage decisions in force in the database (`vigil triage set`) set the states they decide.
        do {
            let decisions = if let teamDecisions { teamDecisions } else { try await store.currentTriageDecisions() }
            // Decisions re-open when their vulnerability's records changed since: their fingerprints now.
            let found = Set(report.findings.flatMap { [$0.vulnerability] + $0.aliases })
            let evidence = try await TriageSupport.evidence(
                for: decisions.map(\.vulnerability).filter(found.contains), store: store)
            report.apply(decisions, evidence: evidence)
        } catch {
            Console.error("the triage decisions in \(database.resolvedPath) cannot be read: \(error)")
            throw ExitStatus.invalidInput
        }
        // VEX documents given for this run apply over the recorded decisions (references resolve into the target).
        for file in vexFiles {
            report.apply(try VEXInput.decisions(from: file, boms: [], bom: document, author: nil, skipInvalid: false))
        }
        if let rules { report.warnings += rules.apply(to: &report, now: now) }
        // Re-scored in the device's context, prioritised, sorted by priority.
        report.prioritise(context: profile)
        if !quiet { for warning in report.warnings { Console.warning(warning) } }
        return report
    }

    /// Exit 1 when `--fail-on` finds an affected, unsuppressed finding at or above its severity, or
    /// `--fail-on-priority` one at or above its tier.
    func gate(_ report: ScanReport) throws {
        if let failOnPriority {
            let failures = report.gateFailures(atOrAbove: .unknown).filter {
                ($0.priority?.tier ?? "P4") <= failOnPriority
            }
            if !failures.isEmpty {
                Console.error(
                    "release gate failed: \(failures.count) affected finding(s) at priority \(failOnPriority) or above: "
                        + failures.prefix(5).map {
                            "\($0.vulnerability) in \($0.component.name) (\($0.priority?.tier ?? "?"))"
                        }.joined(separator: ", ") + (failures.count > 5 ? ", …" : ""))
                throw ExitStatus.checkFailed
            }
        }
        if let failOn, let threshold = Severity(rawValue: failOn) {
            let failures = report.gateFailures(atOrAbove: threshold)
            if !failures.isEmpty {
                Console.error(
                    "release gate failed: \(failures.count) affected finding(s) at or above \(failOn): "
                        + failures.prefix(5).map { "\($0.vulnerability) in \($0.component.name)" }.joined(
                            separator: ", ")
                        + (failures.count > 5 ? ", …" : ""))
                throw ExitStatus.checkFailed
            }
        }
    }

    /// The database, which must exist, hold records and (with --max-db-age) be recent enough: else exit 3.
    func openDatabase() throws -> SQLiteVulnerabilityStore {
        let path = database.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            Console.error(
                "no vulnerability database at \(path): run 'vigil db update' or 'vigil db import', or give --db")
            throw ExitStatus.databaseStale
        }
        return try database.open()
    }

    /// Exit 3 for a database without records, or (with --max-db-age) one last refreshed longer ago: the last
    /// successful feed sync or file import, or for a snapshot the time it was made.
    func checkFreshness(_ store: SQLiteVulnerabilityStore) async throws {
        let summaries = try await store.sourceSummaries()
        guard summaries.contains(where: { $0.records > 0 }) else {
            Console.error(
                "the database \(database.resolvedPath) holds no records: run 'vigil db update' or 'vigil db import'")
            throw ExitStatus.databaseStale
        }
        guard let maxDBAge else { return }
        let times: [String]
        if let snapshot = store.snapshot {
            times = [snapshot.createdAt]
        } else {
            times =
                try await store.syncStates().compactMap(\.lastSuccess) + store.importedFiles().map(\.importedAt)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let newest = times.compactMap { formatter.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) }.max()
        guard let newest, Date().timeIntervalSince(newest) <= Double(maxDBAge) * 86_400 else {
            Console.error(
                "the database was last refreshed \(newest.map { Timestamp.string($0) } ?? "never") — more than "
                    + "\(maxDBAge) days ago: run 'vigil db update'")
            throw ExitStatus.databaseStale
        }
    }

    /// An SBOM as it is, anything else inventoried.
    func loadTarget() throws -> (SBOMDocument, String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            Console.error("\(target): no such file or directory")
            throw ExitStatus.invalidInput
        }
        if !isDirectory.boolValue, let bytes = try? Files.read(target, limit: SBOMDecodingLimits().maximumBytes),
            let decoder = SBOMDecoderRegistry.builtIn.decoder(for: bytes.prefix(65_536))
        {
            do {
                let document = try SBOMDecoderRegistry.builtIn.decode(
                    bytes, source: target, limits: SBOMDecodingLimits())
                if !quiet { SBOMInput.warnAboutOmissions(document, source: target) }
                return (document, decoder.formatID.rawValue)
            } catch {
                // A tar archive that is not a Yocto SPDX archive is a root filesystem; anything else is an error.
                guard decoder.formatID == "yocto-spdx-archive" else {
                    Console.error("\(error)")
                    throw ExitStatus.invalidInput
                }
            }
        }
        do {
            let root = try SBOMGenerateCommand.open(target, limit: 8_192 << 20)
            let inventory = root is SingleFileRoot ? Inventory.singleFile : Inventory.builtIn
            let (document, warnings) = try inventory.run(
                root, name: URL(filePath: target).lastPathComponent, timestamp: Timestamp.string())
            if !quiet { for warning in warnings { Console.warning("\(target): \(warning)") } }
            return (document, root is SingleFileRoot ? "binary" : "rootfs")
        } catch let status as ExitCode {
            throw status
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }
}
