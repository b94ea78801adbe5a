import ArgumentParser
import Foundation
import VigilFuzz

/// `vigil fuzz`: protocol fuzzing of a device interface.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz a device interface with a protocol model; replay and minimise what crashed it.",
        subcommands: [FuzzRunCommand.self, FuzzReplayCommand.self, FuzzMinimizeCommand.self],
        defaultSubcommand: FuzzRunCommand.self)

    /// A saved finding.
    static func load(_ path: String) throws -> FuzzFinding {
        do {
            let finding = try JSONDecoder().decode(FuzzFinding.self, from: Data(try Files.read(path, limit: 64 << 20)))
            try finding.validate()
            return finding
        } catch {
            Console.error("\(path) is not a finding vigil fuzz saved: \(error)")
            throw ExitStatus.invalidInput
        }
    }

    /// The target to replay a finding on: `--target` when given; the recorded one only when it is a network
    /// address (a file must not choose a program to run).
    static func replayTarget(_ given: String?, _ finding: FuzzFinding, timeout: Int) throws -> any FuzzTarget {
        if let given { return try target(given, timeout: timeout) }
        guard !finding.target.hasPrefix("exec:") else {
            Console.error(
                "the finding was made with \(finding.target): give --target to run a program (a finding file does not "
                    + "choose one)")
            throw ExitStatus.usage
        }
        return try target(finding.target, timeout: timeout)
    }

    static func checkTimeout(_ timeout: Int) throws {
        guard (10...600_000).contains(timeout) else { throw ValidationError("--timeout must be 10 to 600000 ms") }
    }

    static func target(_ text: String, timeout: Int) throws -> any FuzzTarget {
        do {
            return try Targets.parse(text, timeoutMilliseconds: Int32(clamping: timeout))
        } catch {
            Console.error("\(error)")
            throw ExitStatus.usage
        }
    }

    static func model(_ name: String) throws -> ProtocolModel {
        do {
            if BuiltInModels.all[name] != nil { return try BuiltInModels.model(name) }
            return try ModelYAML.load(
                String(decoding: try Files.read(name, limit: ModelYAML.maximumSize), as: UTF8.self))
        } catch let error as ModelError {
            Console.error("\(name): \(error)")
            throw ExitStatus.invalidInput
        } catch {
            Console.error(
                "\(name) is neither a built-in model (\(BuiltInModels.all.keys.sorted().joined(separator: ", "))) nor a model file: \(error)"
            )
            throw ExitStatus.invalidInput
        }
    }
}

struct FuzzRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a campaign (the default: 'vigil fuzz --target … --model …').",
        discussion: """
            Targets: tcp://HOST:PORT (a new connection per case), udp://HOST:PORT, exec:PROGRAM ARGS (the program \
            started per case with the messages on its standard input; no shell). Models: hl7-mllp, dicom, mqtt, \
            http, modbus-tcp, or a YAML model file (see the README). Every case is made from the seed and its index \
            alone. After each case (--probe-every) the model's first message is sent valid: a refused or reset \
            connection, an exit by signal or a sanitizer report is a crash, no answer a hang. Each finding is saved \
            in --out as finding-INDEX.json with its bytes, seed, index and the command that replays it; \
            campaign.json and campaign.html report the campaign.

            Exit status: 0 no crash or hang; 1 findings; 2 the model or a file cannot be read; 64 usage error.
            """)

    @Option(help: "tcp://HOST:PORT, udp://HOST:PORT or exec:PROGRAM ARGS.") var target: String
    @Option(help: "A built-in model (hl7-mllp, dicom, mqtt, http, modbus-tcp) or a YAML model file.") var model: String
    @Option(help: "The campaign's seed (default: from the clock, printed).") var seed: UInt64?
    @Option(help: "The most cases to run.") var maxCases: UInt64 = 10_000
    @Option(help: "The longest to run: 30s, 10m, 2h.") var duration: String?
    @Option(help: "A directory of inputs to splice from (captured traffic, earlier findings).") var corpus: String?
    @Option(help: "Where findings and the reports go.") var out: String = "fuzz-out"
    @Option(help: "Probe the target after every N cases.") var probeEvery: Int = 1
    @Option(help: "Milliseconds before a delivery or a probe counts as a hang.") var timeout: Int = 1_000
    @Flag(help: "Print nothing but errors and the summary.") var quiet = false

    func validate() throws {
        guard probeEvery >= 1 else { throw ValidationError("--probe-every must be at least 1") }
        guard maxCases >= 1 else { throw ValidationError("--max-cases must be at least 1") }
        try FuzzCommand.checkTimeout(timeout)
        if let duration, Self.duration(duration) == nil { throw ValidationError("--duration: 30s, 10m or 2h") }
    }

    static func duration(_ text: String) -> Duration? {
        // At most 30 days.
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0, number <= 2_592_000 else {
            return nil
        }
        switch unit {
        case "s": return .seconds(number)
        case "m": return .seconds(number * 60)
        case "h": return .seconds(number * 3_600)
        default: return nil
        }
    }

    func run() throws {
        let model = try FuzzCommand.model(model)
        let target = try FuzzCommand.target(target, timeout: timeout)
        let seed = seed ?? UInt64(Date().timeIntervalSince1970 * 1_000)
        var donors: [[UInt8]] = []
        if let corpus {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: corpus) else {
                Console.error("--corpus \(corpus) is not a directory that can be read")
                throw ExitStatus.invalidInput
            }
            // The first 1,000 files, 64 KiB of each: splicing takes at most 4 KiB from a donor.
            for name in names.sorted().prefix(1_000) {
                if let bytes = try? Files.read(corpus + "/" + name, limit: 1 << 30) {
                    donors.append(Array(bytes.prefix(64 << 10)))
                }
            }
        }
        // The output directory is made (or found unusable) before the campaign, not after it.
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            guard FileManager.default.isWritableFile(atPath: out) else { throw CocoaError(.fileWriteNoPermission) }
        } catch {
            Console.error("--out \(out) cannot be used for the findings and reports: \(error.localizedDescription)")
            throw ExitStatus.invalidInput
        }
        let engine: FuzzEngine
        do {
            engine = try FuzzEngine(model: model, seed: seed, corpus: donors)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        if !quiet { Console.info("fuzzing \(target.description) with \(model.name), seed \(seed)") }
        let progress = Progress(quiet: quiet)
        let started = Date()
        let campaign = FuzzCampaign(
            engine: engine, target: target, maximumCases: maxCases, duration: duration.flatMap(Self.duration),
            probeEvery: probeEvery, outDirectory: out, recoveryMilliseconds: 5_000)
        let report: CampaignReport
        do {
            report = try campaign.run { cases, findings in
                let rate = Double(cases) / max(0.001, Date().timeIntervalSince(started))
                progress.show("\(cases) cases, \(Int(rate)) cases/s, \(findings) findings")
            }
        } catch {
            progress.finish()
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        progress.finish()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Files.write(Array(try encoder.encode(report)) + [0x0a], to: out + "/campaign.json")
        try Files.write(Array(CampaignHTML.render(report).utf8), to: out + "/campaign.html")
        print(
            "\(report.cases) cases in \(String(format: "%.1f", report.seconds)) s "
                + "(\(Int(report.casesPerSecond)) cases/s); \(report.findings.count) findings, "
                + "\(report.signatures.count) distinct; seed \(seed); reports in \(out)/campaign.json and campaign.html"
        )
        for finding in report.findings.prefix(20) {
            print("  \(finding.kind) at case \(finding.index): \(finding.reason) — \(finding.reproduce)")
        }
        if let stopped = report.stoppedBecause { Console.warning(stopped) }
        if !report.findings.isEmpty { throw ExitStatus.checkFailed }
    }
}

struct FuzzReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send a saved finding's bytes again and say whether the target still fails.",
        discussion: "Exit status: 1 it fails again (crash or hang); 0 it does not; 2 the file cannot be read.")

    @Argument(help: "A finding-INDEX.json that vigil fuzz saved.") var file: String
    @Option(help: "Another target than the one recorded (tcp://…, udp://…, exec:…).") var target: String?
    @Option(help: "Milliseconds before it counts as a hang.") var timeout: Int = 1_000

    func validate() throws { try FuzzCommand.checkTimeout(timeout) }

    func run() throws {
        let finding = try FuzzCommand.load(file)
        let target = try FuzzCommand.replayTarget(target, finding, timeout: timeout)
        let minimizer = Minimizer(target: target, probe: Self.probe(finding, target))
        if let failure = minimizer.failure(finding.bytes) {
            print("reproduced: \(failure) (case \(finding.index), seed \(finding.seed), \(finding.model))")
            throw ExitStatus.checkFailed
        }
        print("not reproduced: \(target.description) handled case \(finding.index)")
    }

    /// For network targets, the model's first message in its valid form (from the finding's model, when built in).
    static func probe(_ finding: FuzzFinding, _ target: any FuzzTarget) -> [[UInt8]]? {
        guard !(target is ExecTarget) else { return nil }
        if let model = try? BuiltInModels.model(finding.model), let engine = try? FuzzEngine(model: model, seed: 0),
            let first = model.sequence.first.flatMap(engine.validMessage)
        {
            return [first]
        }
        // A user's model: the case's own first message, which the target accepted in the campaign.
        return finding.bytes.count > 1 ? [finding.bytes[0]] : nil
    }
}

struct FuzzMinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Shrink a saved finding's fuzzed message by delta debugging, keeping the same failure.",
        discussion: """
            Writes FILE with .min.json instead of .json. A network target must come back after each crash (a \
            supervisor restarting it); an exec target runs afresh each time.

            Exit status: 0 written; 1 the finding no longer reproduces; 2 the file cannot be read or written.
            """)

    @Argument(help: "A finding-INDEX.json that vigil fuzz saved.") var file: String
    @Option(help: "Another target than the one recorded.") var target: String?
    @Option(help: "Milliseconds before it counts as a hang.") var timeout: Int = 1_000
    @Option(help: "The most deliveries to try.") var maxTests: Int = 2_000

    func validate() throws {
        try FuzzCommand.checkTimeout(timeout)
        guard (1...1_000_000).contains(maxTests) else { throw ValidationError("--max-tests must be 1 to 1000000") }
    }

    func run() throws {
        var finding = try FuzzCommand.load(file)
        let target = try FuzzCommand.replayTarget(target, finding, timeout: timeout)
        let minimizer = Minimizer(
            target: target, probe: FuzzReplayCommand.probe(finding, target), maximumTests: maxTests)
        guard let signature = minimizer.failure(finding.bytes) else {
            Console.error("the finding does not reproduce on \(target.description): nothing to minimise")
            throw ExitStatus.checkFailed
        }
        let before = finding.bytes.last?.count ?? 0
        let (messages, tests) = minimizer.minimize(finding.bytes, signature: signature)
        finding.messages = messages.map { Data($0).base64EncodedString() }
        finding.steps.append("minimised from \(before) to \(messages.last?.count ?? 0) bytes in \(tests) tests")
        let output = file.hasSuffix(".json") ? String(file.dropLast(5)) + ".min.json" : file + ".min.json"
        finding.reproduce = "vigil fuzz replay \(output)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try Files.write(Array(try encoder.encode(finding)) + [0x0a], to: output)
        print("\(before) → \(messages.last?.count ?? 0) bytes in \(tests) tests, still \(signature); \(output)")
    }
}
