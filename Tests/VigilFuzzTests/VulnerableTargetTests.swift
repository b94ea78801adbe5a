import Foundation
import Testing
import VigilFuzz
import VigilTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Small deliberately vulnerable programs written for these tests (Python, on loopback): a TCP service that dies on
/// a name longer than its buffer, a UDP service that dies on an oversized datagram, a program that crashes with
/// SIGSEGV on a format string and one that hangs on a path traversal. From a fixed seed the fuzzer finds each within
/// a fixed budget of cases, saves it, and the saved bytes reproduce it.
@Suite(.serialized) struct VulnerableTargetTests {
    /// A binary protocol: magic, a 2-byte length, then the body (a command and a name).
    static let model = ProtocolModel(
        name: "vulnerable",
        messages: [
            (
                "hello",
                [
                    Field(.bytes(Array("VG".utf8)), name: "magic", fuzzable: false),
                    Field(.lengthOf("body", size: 2, bigEndian: true, adjust: 0), name: "length"),
                    Field(
                        .block([
                            Field(.integer(1, size: 1, bigEndian: true), name: "command"),
                            Field(.string("pump"), name: "name"),
                        ]),
                        name: "body"),
                ]
            )
        ])

    static func script(_ source: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "vigil-vulnerable-\(UUID()).py")
        try Data(source.utf8).write(to: url)
        return url
    }

    static let tcpServer = """
        import os, socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
        while True:
            c, _ = s.accept(); c.settimeout(2)
            try:
                data = c.recv(70000)
                if data[:2] == b"VG" and len(data) >= 4:
                    body = data[4:]
                    if len(body) > 101:   # the name buffer holds 100 bytes: past it, the process dies
                        os._exit(3)
                    c.sendall(b"OK")
            except Exception:
                pass
            c.close()
        """

    static let udpServer = """
        import os, socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
        while True:
            data, peer = s.recvfrom(70000)
            if len(data) > 512:   # a fixed 512-byte datagram buffer
                os._exit(4)
            s.sendto(b"OK", peer)
        """

    static let execProgram = """
        import os, signal, sys
        data = sys.stdin.buffer.read()
        if b"%n" in data:
            os.kill(os.getpid(), signal.SIGSEGV)      # a format-string bug
        if b"../" in data:
            while True: pass                          # a loop on a path traversal
        """

    @Test("a TCP service that dies on a long name: found, saved, and the saved bytes kill it again")
    func tcp() throws {
        let port = freeLoopbackPort()
        let script = try Self.script(Self.tcpServer)
        defer { try? FileManager.default.removeItem(at: script) }
        var server = try Peer.start("/usr/bin/python3", [script.path, String(port)])
        defer { server.stop() }
        try Connection(port: port).close()  // listening
        let out = FileManager.default.temporaryDirectory.appending(path: "vigil-fuzz-out-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let campaign = FuzzCampaign(
            engine: try FuzzEngine(model: Self.model, seed: 7), target: try Targets.parse("tcp://127.0.0.1:\(port)"),
            maximumCases: 2_000, outDirectory: out, recoveryMilliseconds: 200)
        let report = try campaign.run()
        let finding = try #require(report.findings.first)
        // The probe finds the service gone: refused, or (while it is still going down) reset or closed unanswered.
        #expect(finding.kind == "crash", "\(finding.reason)")
        #expect(["refused", "reset", "closed"].contains { finding.reason.contains($0) }, "\(finding.reason)")
        #expect(report.stoppedBecause != nil && report.cases == finding.index + 1, "the service stayed down")
        let saved = try JSONDecoder().decode(
            FuzzFinding.self, from: Data(contentsOf: URL(filePath: "\(out)/finding-\(finding.index).json")))
        #expect(saved == finding && saved.reproduce == "vigil fuzz replay \(out)/finding-\(finding.index).json")
        // The case regenerated from (seed, index) alone is the saved one.
        #expect(try FuzzEngine(model: Self.model, seed: 7).fuzzCase(finding.index).messages == saved.bytes)
        // Replayed against a fresh service: it dies again.
        server.stop()
        server = try Peer.start("/usr/bin/python3", [script.path, String(port)])
        try Connection(port: port).close()
        _ = FuzzCampaign.replay(saved, target: try Targets.parse("tcp://127.0.0.1:\(port)"))
        usleep(200_000)
        #expect(throws: (any Error).self) { try Connection(port: port, attempts: 3).close() }
    }

    @Test("a UDP service that dies on an oversized datagram is found within the budget")
    func udp() throws {
        let port = freeLoopbackPort()
        let script = try Self.script(Self.udpServer)
        defer { try? FileManager.default.removeItem(at: script) }
        let server = try Peer.start("/usr/bin/python3", [script.path, String(port)])
        defer { server.stop() }
        usleep(300_000)
        let campaign = FuzzCampaign(
            engine: try FuzzEngine(model: Self.model, seed: 11), target: try Targets.parse("udp://127.0.0.1:\(port)"),
            maximumCases: 2_000, recoveryMilliseconds: 200)
        let report = try campaign.run()
        let finding = try #require(report.findings.first, "\(report.cases) cases")
        #expect(finding.reason.contains("port unreachable"))
        #expect(finding.bytes.last.map { $0.count > 512 } == true)
    }

    @Test("a program that crashes on a format string and hangs on a path traversal: both found, distinct signatures")
    func exec() throws {
        let script = try Self.script(Self.execProgram)
        defer { try? FileManager.default.removeItem(at: script) }
        let target = try Targets.parse("exec:/usr/bin/python3 \(script.path)", timeoutMilliseconds: 1_000)
        let campaign = FuzzCampaign(
            engine: try FuzzEngine(model: Self.model, seed: 3), target: target, maximumCases: 300)
        let report = try campaign.run()
        let crash = try #require(report.findings.first { $0.kind == "crash" })
        #expect(crash.reason.contains("signal 11"), "\(crash.reason)")
        #expect(report.findings.contains { $0.kind == "hang" })
        #expect(report.signatures.count >= 2, "\(report.signatures)")
        #expect(report.fieldCoverage["body.name", default: 0] > 0)
        // The saved bytes reproduce the crash.
        if case .crashed(let reason) = FuzzCampaign.replay(crash, target: target) {
            #expect(reason.contains("signal 11"))
        } else {
            Issue.record("the replay did not crash")
        }
    }
}
