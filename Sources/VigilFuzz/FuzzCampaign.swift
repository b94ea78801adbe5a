import Foundation

/// A crash or hang, saved with everything needed to reproduce it: the exact bytes, the seed and case index that
/// made them, and the command that replays them.
public struct FuzzFinding: Sendable, Codable, Hashable {
    public var schema = "vigil.fuzz.finding/1"
    /// `crash` or `hang`.
    public var kind: String
    /// What the target did (`killed by signal 11 (Segmentation fault)`, `connection refused after the case`).
    public var reason: String
    /// The model, the seed and the case index that regenerate the bytes.
    public var model: String
    public var seed: UInt64
    public var index: UInt64
    public var target: String
    /// The messages sent, base64-encoded, in order (the last one fuzzed).
    public var messages: [String]
    public var steps: [String]
    /// `vigil fuzz replay FILE`.
    public var reproduce: String

    /// The crash's signature: findings with the same one are the same bug as far as the fuzzer can tell.
    public var signature: String { "\(kind): \(reason)" }

    public var bytes: [[UInt8]] { messages.map { [UInt8](Data(base64Encoded: $0) ?? Data()) } }

    /// Checks a finding read from a file: its schema and every message's base64.
    public func validate() throws(ModelError) {
        guard schema == "vigil.fuzz.finding/1" else { throw ModelError("schema \(schema) is not vigil.fuzz.finding/1") }
        for (index, message) in messages.enumerated() where Data(base64Encoded: message) == nil {
            throw ModelError("message \(index + 1) is not base64")
        }
    }
}

/// What a campaign did: the figures a test report needs, and its findings.
public struct CampaignReport: Sendable, Codable {
    public var schema = "vigil.fuzz.campaign/1"
    public var model: String
    public var target: String
    public var seed: UInt64
    public var cases: UInt64
    public var seconds: Double
    public var casesPerSecond: Double
    public var findings: [FuzzFinding]
    public var signatures: [String]
    /// How many cases changed each field of the model (structure-aware cases only).
    public var fieldCoverage: [String: Int]
    /// Why the campaign ended early (the target stayed down), if it did.
    public var stoppedBecause: String?
}

/// Runs cases against a target, checking after each (or every `probeEvery`) that a known-good probe still gets an
/// answer; a case after which the target crashed or hung is a finding, saved to `outDirectory`.
public struct FuzzCampaign: Sendable {
    public var engine: FuzzEngine
    public var target: any FuzzTarget
    public var maximumCases: UInt64
    public var duration: Duration?
    public var probeEvery: Int
    /// Where findings are written (`finding-INDEX.json`); nil keeps them in the report only.
    public var outDirectory: String?
    /// How long to wait for a network target to come back after a crash before the campaign stops.
    public var recoveryMilliseconds: Int

    public init(
        engine: FuzzEngine, target: any FuzzTarget, maximumCases: UInt64, duration: Duration? = nil,
        probeEvery: Int = 1, outDirectory: String? = nil, recoveryMilliseconds: Int = 5_000
    ) {
        self.engine = engine
        self.target = target
        self.maximumCases = maximumCases
        self.duration = duration
        self.probeEvery = max(1, probeEvery)
        self.outDirectory = outDirectory
        self.recoveryMilliseconds = recoveryMilliseconds
    }

    /// How many findings of one signature are saved.
    public static let keptPerSignature = 20

    /// The probe: the sequence's first message in its valid form.
    var probe: [[UInt8]] { engine.model.sequence.first.flatMap(engine.validMessage).map { [$0] } ?? [] }

    public func run(progress: (UInt64, Int) -> Void = { _, _ in }) throws -> CampaignReport {
        let clock = ContinuousClock()
        let start = clock.now
        var findings: [FuzzFinding] = []
        var coverage: [String: Int] = [:]
        var cases: UInt64 = 0
        var stopped: String?
        var perSignature: [String: Int] = [:]
        let network = !(target is ExecTarget)
        for index in 0..<maximumCases {
            if let duration, clock.now - start >= duration { break }
            let fuzzCase = engine.fuzzCase(index)
            for field in fuzzCase.fields { coverage[field, default: 0] += 1 }
            var outcome = target.deliver(fuzzCase.messages)
            cases += 1
            if network, case .delivered = outcome, index % UInt64(probeEvery) == 0 || index == maximumCases - 1 {
                // The probe decides: the service may close on bad input and still be fine.
                switch Self.check(target, probe) {
                case .crashed(let reason): outcome = .crashed(reason + " after the case")
                case .hung(let reason): outcome = .hung("the probe: " + reason)
                case .delivered: break
                }
            }
            switch outcome {
            case .delivered: break
            case .crashed(let reason), .hung(let reason):
                if reason.hasPrefix("cannot start") { throw ModelError("the target \(target.description): \(reason)") }
                let kind = if case .crashed = outcome { "crash" } else { "hang" }
                // Up to 20 of each signature are kept (a bug hit on every case must not fill the disk).
                let signature = "\(kind): \(reason)"
                perSignature[signature, default: 0] += 1
                if perSignature[signature, default: 0] <= Self.keptPerSignature {
                    findings.append(try save(fuzzCase, kind: kind, reason: reason))
                }
                if network, !recovered() {
                    stopped = "the target did not come back within \(recoveryMilliseconds) ms after case \(index)"
                }
            }
            progress(cases, findings.count)
            if stopped != nil { break }
        }
        let seconds =
            Double((clock.now - start).components.seconds)
            + Double((clock.now - start).components.attoseconds) / 1e18
        return CampaignReport(
            model: engine.model.name, target: target.description, seed: engine.seed, cases: cases, seconds: seconds,
            casesPerSecond: seconds > 0 ? Double(cases) / seconds : 0, findings: findings,
            signatures: Array(Set(findings.map(\.signature))).sorted(), fieldCoverage: coverage, stoppedBecause: stopped
        )
    }

    /// The probe's verdict. An unanswered probe is asked again once: a service that was still going down when
    /// the first arrived shows as gone (refused, unreachable) on the second — a crash, not a hang.
    static func check(_ target: any FuzzTarget, _ probe: [[UInt8]]) -> Delivery {
        let first = target.probe(probe)
        guard case .hung = first else { return first }
        if case .crashed(let reason) = target.probe(probe) { return .crashed(reason) }
        return first
    }

    /// Whether the probe gets an answer again within the recovery time (a supervisor restarted the service).
    func recovered() -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(recoveryMilliseconds)
        repeat {
            if case .delivered = target.probe(probe) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        } while ContinuousClock.now < deadline
        return false
    }

    func save(_ fuzzCase: FuzzCase, kind: String, reason: String) throws -> FuzzFinding {
        let path = outDirectory.map { "\($0)/finding-\(fuzzCase.index).json" } ?? "finding-\(fuzzCase.index).json"
        let finding = FuzzFinding(
            kind: kind, reason: reason, model: engine.model.name, seed: fuzzCase.seed, index: fuzzCase.index,
            target: target.description, messages: fuzzCase.messages.map { Data($0).base64EncodedString() },
            steps: fuzzCase.steps, reproduce: "vigil fuzz replay \(path)")
        if let outDirectory {
            try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            try encoder.encode(finding).write(to: URL(filePath: path), options: .atomic)
        }
        return finding
    }

    /// Sends a saved finding's bytes again (to its own target, or `target`), and what happened.
    public static func replay(_ finding: FuzzFinding, target: any FuzzTarget) -> Delivery {
        target.deliver(finding.bytes)
    }
}
