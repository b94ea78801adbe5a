import Foundation
import Testing
import VigilTesting

/// `vigil fuzz` as a user runs it: a campaign against a program that crashes on a format string, the saved finding
/// replayed, and minimised down to the bytes that matter; refusals of bad targets and models.
@Suite struct FuzzEndToEndTests {
    static let program = """
        import os, signal, sys
        data = sys.stdin.buffer.read()
        if b"%n" in data:
            os.kill(os.getpid(), signal.SIGSEGV)
        """

    @Test("campaign, replay, minimise: a format-string crash found from a fixed seed, shrunk to its two bytes")
    func campaign() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-fuzz-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appending(path: "vulnerable.py")
        try Data(Self.program.utf8).write(to: script)
        let out = directory.appending(path: "out").path
        let run = try VigilProcess.run([
            "fuzz", "--target", "exec:/usr/bin/python3 \(script.path)", "--model", "http", "--seed", "5",
            "--max-cases", "100", "--out", out,
        ])
        #expect(run.status == 1, "findings: \(run.standardOutput) \(run.standardError)")
        #expect(run.standardOutput.contains(": killed by signal 11"))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(filePath: out + "/campaign.json")))
                as? [String: Any])
        #expect(report["schema"] as? String == "vigil.fuzz.campaign/1" && report["cases"] as? Int == 100)
        #expect(FileManager.default.fileExists(atPath: out + "/campaign.html"))
        let first = try #require((report["findings"] as? [[String: Any]])?.first?["index"] as? Int)

        let finding = out + "/finding-\(first).json"
        let target = "exec:/usr/bin/python3 \(script.path)"
        // A finding file does not choose a program to run: --target is needed for an exec target.
        let refused = try VigilProcess.run(["fuzz", "replay", finding])
        #expect(refused.status == 64 && refused.standardError.contains("give --target"))
        let replay = try VigilProcess.run(["fuzz", "replay", finding, "--target", target])
        #expect(replay.status == 1 && replay.standardOutput.hasPrefix("reproduced: crash: killed by signal 11"))
        let minimized = try VigilProcess.run(["fuzz", "minimize", finding, "--target", target])
        #expect(minimized.status == 0, "\(minimized.standardError)")
        let saved = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(filePath: out + "/finding-\(first).min.json")))
                as? [String: Any])
        let last = try #require((saved["messages"] as? [String])?.last.flatMap { Data(base64Encoded: $0) })
        #expect(last == Data("%n".utf8))
        #expect(
            try VigilProcess.run(["fuzz", "replay", out + "/finding-\(first).min.json", "--target", target]).status == 1
        )
    }

    @Test("bad targets, models and findings are refused with the reason")
    func refusals() throws {
        let target = try VigilProcess.run(["fuzz", "--target", "ftp://x", "--model", "http", "--max-cases", "1"])
        #expect(target.status == 64 && target.standardError.contains("tcp://HOST:PORT"))
        let model = try VigilProcess.run(["fuzz", "--target", "udp://127.0.0.1:9", "--model", "smtp"])
        #expect(model.status == 2 && model.standardError.contains("neither a built-in model"))
        let missing = try VigilProcess.run(["fuzz", "replay", "/nonexistent/finding.json"])
        #expect(missing.status == 2)
        #expect(
            try VigilProcess.run(["fuzz", "--target", "udp://127.0.0.1:9", "--model", "http", "--duration", "soon"])
                .status == 64)
    }
}
