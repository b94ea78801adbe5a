import Testing
import VigilFuzz

/// The YAML model format: every field kind read, the messages in the file's order, and every mistake refused with
/// where it is.
@Suite struct ModelYAMLTests {
    @Test("a model with every field kind renders as written")
    func everyKind() throws {
        let model = try ModelYAML.load(
            #"""
            name: sensor
            sequence: [hello, read]
            messages:
              hello:
                - {bytes: "56 47", name: magic, fuzz: false}
                - {length-of: {field: body, size: 2, endian: little, adjust: 1}}
                - block:
                    name: body
                    fields:
                      - {integer: {value: 258, size: 2}}
                      - {string: "pump"}
                      - {repeat: {count: 2, maximum: 4, field: {text: ","}}}
                - {checksum: {kind: sum8, over: [body]}}
              read:
                - {text: "READ "}
                - choice: [{string: "temperature"}, {string: "pressure"}]
                - {var-length-of: {field: tail}}
                - {string: "x", name: tail}
            """#)
        #expect(model.messages.map(\.name) == ["hello", "read"] && model.sequence == ["hello", "read"])
        let engine = try FuzzEngine(model: model, seed: 1)
        let body: [UInt8] = [0x01, 0x02] + Array("pump,,".utf8)
        let sum = body.reduce(UInt8(0)) { $0 &+ $1 }
        #expect(engine.validMessage("hello") == [0x56, 0x47, UInt8(body.count + 1), 0x00] + body + [sum])
        #expect(engine.validMessage("read") == Array("READ temperature".utf8) + [0x01] + Array("x".utf8))
    }

    @Test("mistakes are refused with their place")
    func mistakes() {
        let cases: [(String, String)] = [
            ("not: [valid", "not YAML"),
            ("- a list", "a mapping"),
            ("name: x\nmessages: {m: [{bytes: \"zz\"}]}", "messages.m[0].bytes"),
            ("name: x\nmessages: {m: [{integer: {size: 3}}]}", "size 3"),
            ("name: x\nmessages: {m: [{string: a, text: b}]}", "exactly one of"),
            ("name: x\nmessages: {m: [{string: a, colour: red}]}", "messages.m[0].colour"),
            ("name: x\nmessages: {m: [{length-of: {size: 2}}]}", "length-of.field"),
            ("name: x\nmessages: {m: [{checksum: {kind: md5, over: [a]}}]}", "checksum.kind"),
            ("name: x\nmessages: {m: [{integer: {value: 1, endian: middle}}]}", "endian"),
            ("name: x\nsequence: [nope]\nmessages: {m: [{string: a}]}", "'nope'"),
            ("name: x\nmessages: {m: [{length-of: {field: ghost}}]}", "'ghost'"),
            ("name: x\ncolour: red\nmessages: {m: [{string: a}]}", "colour"),
        ]
        for (text, expected) in cases {
            do {
                _ = try ModelYAML.load(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
        let deep =
            "name: x\nmessages:\n  m:\n" + String(repeating: "  ", count: 1) + "- "
            + String(repeating: "{block: [", count: 40) + "{string: a}" + String(repeating: "]}", count: 40)
        #expect(throws: ModelError.self) { try ModelYAML.load(deep) }
    }
}
