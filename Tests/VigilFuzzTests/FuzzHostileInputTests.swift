import Foundation
import Testing
import VigilFuzz

/// What a review of the fuzzer found, kept found: models that would overflow, explode or loop are refused; a
/// variable length next to a field does not swallow it; a program that exits without reading, or reports a
/// sanitizer error after long logs, is handled.
@Suite struct FuzzHostileInputTests {
    @Test("models that would overflow, expand or loop are refused with the reason")
    func hostileModels() {
        let cases: [(String, String)] = [
            (
                "name: x\nmessages: {m: [{length-of: {field: b, size: 2, adjust: 9223372036854775807}}, {string: a, name: b}]}",
                "adjust"
            ),
            ("name: x\nmessages: {m: [{integer: {value: 300, size: 1}}]}", "does not fit"),
            ("name: x\nmessages: {m: [{integer: {value: -1, size: 2}}]}", "does not fit"),
            (
                "name: x\nmessages:\n  m:\n    - repeat: {count: 65536, maximum: 65536, field: {repeat: {count: 65536, maximum: 65536, field: {text: \"\"}}}}",
                "multiply"
            ),
            ("name: x\na: &a [1, 2]\nb: [*a, *a]\nmessages: {m: [{string: a}]}", "anchor or alias"),
        ]
        for (text, expected) in cases {
            do {
                _ = try ModelYAML.load(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
    }

    @Test("a variable length inserted after a field leaves that field, and lengths and checksums over it, alone")
    func varintNeighbours() throws {
        let model = try ModelYAML.load(
            """
            name: x
            messages:
              m:
                - {text: "AB", name: a}
                - {var-length-of: {field: a}}
                - {length-of: {field: a, size: 1}}
                - {checksum: {kind: sum8, over: [a]}}
            """)
        let engine = try FuzzEngine(model: model, seed: 1)
        #expect(engine.validMessage("m") == [0x41, 0x42, 0x02, 0x02, 0x83])
    }

    @Test("a program that exits without reading a large case, and one that reports ASan after 9 KB of logs")
    func execEdges() throws {
        let target = try Targets.parse("exec:/bin/true", timeoutMilliseconds: 2_000)
        #expect(target.deliver([[UInt8](repeating: 0x41, count: 1 << 20)]) == .delivered(response: []))
        let script = FileManager.default.temporaryDirectory.appending(path: "vigil-asan-\(UUID()).py")
        defer { try? FileManager.default.removeItem(at: script) }
        try Data(
            """
            import sys
            sys.stdin.buffer.read()
            sys.stderr.write("log line\\n" * 1000)
            sys.stderr.write("==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\\n")
            sys.exit(1)
            """.utf8
        ).write(to: script)
        let asan = try Targets.parse("exec:/usr/bin/python3 \(script.path)", timeoutMilliseconds: 5_000)
        for _ in 0..<5 {
            guard case .crashed(let reason) = asan.deliver([Array("x".utf8)]) else {
                Issue.record("the sanitizer report was missed")
                continue
            }
            #expect(reason.contains("AddressSanitizer: heap-buffer-overflow"))
        }
    }
}
