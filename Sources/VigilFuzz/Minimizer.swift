import Foundation

/// Shrinks a crashing case by delta debugging (Zeller's ddmin) over its fuzzed message: removes chunks, halving
/// their size when none can go, as long as the target still fails the same way (same kind and reason). A network
/// target must come back between attempts (a supervisor restarting it); an exec target runs afresh each time.
public struct Minimizer: Sendable {
    public var target: any FuzzTarget
    /// The most deliveries tried.
    public var maximumTests: Int
    /// The probe for network targets (nil for exec targets).
    public var probe: [[UInt8]]?
    public var recoveryMilliseconds: Int

    public init(target: any FuzzTarget, probe: [[UInt8]]?, maximumTests: Int = 2_000, recoveryMilliseconds: Int = 5_000)
    {
        self.target = target
        self.probe = probe
        self.maximumTests = maximumTests
        self.recoveryMilliseconds = recoveryMilliseconds
    }

    /// How the target fails on these messages (nil: it does not).
    public func failure(_ messages: [[UInt8]]) -> String? {
        let outcome = target.deliver(messages)
        switch outcome {
        case .crashed(let reason): return "crash: " + reason
        case .hung(let reason): return "hang: " + reason
        case .delivered:
            guard let probe else { return nil }
            switch FuzzCampaign.check(target, probe) {
            case .crashed(let reason): return "crash: " + reason + " after the case"
            case .hung(let reason): return "hang: the probe: " + reason
            case .delivered: return nil
            }
        }
    }

    /// The smallest last message found that still fails with `signature`, and how many deliveries it took.
    public func minimize(_ messages: [[UInt8]], signature: String) -> (messages: [[UInt8]], tests: Int) {
        guard var input = messages.last else { return (messages, 0) }
        let prefix = Array(messages.dropLast())
        var tests = 0
        func fails(_ candidate: [UInt8]) -> Bool {
            guard tests < maximumTests else { return false }
            tests += 1
            let failed = failure(prefix + [candidate]) == signature
            if failed, probe != nil { waitForRecovery() }
            return failed
        }
        var granularity = 2
        while input.count >= 2, tests < maximumTests {
            let chunk = (input.count + granularity - 1) / granularity
            let starts = Array(stride(from: 0, to: input.count, by: chunk))
            var reduced = false
            for start in starts {
                let subset = Array(input[start..<min(input.count, start + chunk)])
                if fails(subset) {
                    input = subset
                    granularity = 2
                    reduced = true
                    break
                }
            }
            if !reduced {
                for start in starts {
                    let complement = Array(input[..<start]) + Array(input[min(input.count, start + chunk)...])
                    if fails(complement) {
                        input = complement
                        granularity = max(granularity - 1, 2)
                        reduced = true
                        break
                    }
                }
            }
            if !reduced {
                if granularity >= input.count { break }
                granularity = min(input.count, granularity * 2)
            }
        }
        return (prefix + [input], tests)
    }

    private func waitForRecovery() {
        guard let probe else { return }
        let deadline = ContinuousClock.now + .milliseconds(recoveryMilliseconds)
        while ContinuousClock.now < deadline {
            if case .delivered = target.probe(probe) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
