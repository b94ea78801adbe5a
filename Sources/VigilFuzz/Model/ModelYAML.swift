import Foundation
import Yams

/// A protocol model written in YAML, for a user's own protocol:
///
/// ```yaml
/// name: sensor
/// sequence: [hello, read]            # the session, in order (default: every message, as listed)
/// messages:
///   hello:
///     - bytes: "5647"                # static bytes, in hex (spaces allowed)
///     - length-of: {field: body, size: 2, endian: big}     # adjust: N adds to the length
///     - block:
///         name: body
///         fields:
///           - integer: {value: 1, size: 1}                  # endian: big (default) or little
///           - string: "pump-7"
///           - repeat: {count: 2, maximum: 8, field: {text: ","}}
///     - checksum: {kind: crc16-modbus, over: [body], endian: little}   # crc32, crc16-modbus, sum8
///   read:
///     - text: "READ "                # static text (YAML escapes: "\r\n", "\x0b")
///     - choice: [{string: "temperature"}, {string: "pressure"}]
///     - var-length-of: {field: topic}                     # MQTT's variable-length integer
/// ```
///
/// Any field may carry `name:` (what lengths and checksums refer to) and `fuzz: false` (left as it is). Errors
/// name the place (`messages.hello[1].length-of.size`) and what is wrong.
public enum ModelYAML {
    /// The largest model file read.
    public static let maximumSize = 1 << 20

    public static func load(_ text: String) throws(ModelError) -> ProtocolModel {
        guard text.utf8.count <= maximumSize else { throw ModelError("the model is larger than 1 MiB") }
        // Anchors and aliases are refused: an alias expands where it is used, and nine nested ones in 600 bytes
        // ("billion laughs") would take gigabytes. A model has no need of them.
        if text.range(of: #"(^|[\s\[{,:-])[&*][A-Za-z0-9_-]"#, options: .regularExpression) != nil {
            throw ModelError("the model uses a YAML anchor or alias (&name, *name): write each field out")
        }
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch { throw ModelError("the model is not YAML: \(error)") }
        guard let root = document as? [String: Any] else {
            throw ModelError("the model is a mapping with name, messages and sequence")
        }
        for key in root.keys where !["name", "messages", "sequence"].contains(key) {
            throw ModelError("\(key): not a model key (name, messages, sequence)")
        }
        guard let name = root["name"] as? String, !name.isEmpty else { throw ModelError("name: give the model a name") }
        // Yams keeps a mapping's order only as it reads it: the messages are listed in the file's order.
        guard let messageNodes = (try? Yams.compose(yaml: text))?["messages"]?.mapping, !messageNodes.isEmpty,
            let messages = root["messages"] as? [String: Any]
        else { throw ModelError("messages: a mapping of message names to field lists") }
        var parsed: [(name: String, fields: [Field])] = []
        var count = 0
        for key in messageNodes.keys {
            guard let message = key.string, let list = messages[message] as? [Any] else {
                throw ModelError("messages.\(key.string ?? "?"): a list of fields")
            }
            parsed.append(
                (
                    message,
                    try list.enumerated().map { index, node throws(ModelError) in
                        try field(node, at: "messages.\(message)[\(index)]", depth: 0, count: &count)
                    }
                ))
        }
        var sequence: [String]?
        if let given = root["sequence"] {
            guard let names = given as? [String], !names.isEmpty else {
                throw ModelError("sequence: a list of message names")
            }
            sequence = names
        }
        let model = ProtocolModel(name: name, messages: parsed, sequence: sequence)
        try model.validate()
        return model
    }

    static let kinds = [
        "bytes", "text", "string", "integer", "length-of", "var-length-of", "checksum", "choice", "repeat", "block",
    ]

    static func field(_ node: Any, at path: String, depth: Int, count: inout Int) throws(ModelError) -> Field {
        count += 1
        guard depth < 32, count <= 10_000 else { throw ModelError("\(path): the model nests or repeats too much") }
        guard let mapping = node as? [String: Any] else { throw ModelError("\(path): a field is a mapping") }
        let kinds = mapping.keys.filter(Self.kinds.contains)
        guard kinds.count == 1, let kind = kinds.first else {
            throw ModelError("\(path): give exactly one of \(Self.kinds.joined(separator: ", "))")
        }
        for key in mapping.keys where !Self.kinds.contains(key) && key != "name" && key != "fuzz" {
            throw ModelError("\(path).\(key): not a field key (name, fuzz, or one kind)")
        }
        let value = mapping[kind] as Any
        let here = "\(path).\(kind)"
        func options() throws(ModelError) -> [String: Any] {
            guard let options = value as? [String: Any] else { throw ModelError("\(here): a mapping of options") }
            return options
        }
        func integer(_ options: [String: Any], _ key: String, default fallback: Int? = nil) throws(ModelError) -> Int {
            if let number = options[key] as? Int { return number }
            if options[key] == nil, let fallback { return fallback }
            throw ModelError("\(here).\(key): a whole number")
        }
        func bigEndian(_ options: [String: Any]) throws(ModelError) -> Bool {
            switch options["endian"] as? String ?? "big" {
            case "big": return true
            case "little": return false
            default: throw ModelError("\(here).endian: big or little")
            }
        }
        func children(_ nodes: Any?, _ where_: String) throws(ModelError) -> [Field] {
            guard let list = nodes as? [Any] else { throw ModelError("\(where_): a list of fields") }
            return try list.enumerated().map { index, child throws(ModelError) in
                try field(child, at: "\(where_)[\(index)]", depth: depth + 1, count: &count)
            }
        }
        let parsed: Field.Kind
        switch kind {
        case "bytes":
            guard let text = value as? String, let bytes = hex(text) else {
                throw ModelError("\(here): bytes in hex (\"0a0b\", spaces allowed)")
            }
            parsed = .bytes(bytes)
        case "text":
            guard let text = value as? String else { throw ModelError("\(here): text") }
            parsed = .bytes(Array(text.utf8))
        case "string":
            guard let text = value as? String else { throw ModelError("\(here): text") }
            parsed = .string(text)
        case "integer":
            let options = try options()
            let size = try integer(options, "size", default: 1)
            let number = try integer(options, "value", default: 0)
            // The value must fit its size, unsigned: 300 in one byte is a mistake, not 0x2c.
            guard number >= 0, size >= 8 || number < 1 << (size * 8) else {
                throw ModelError("\(here).value: \(number) does not fit \(size) unsigned byte\(size == 1 ? "" : "s")")
            }
            parsed = .integer(UInt64(number), size: size, bigEndian: try bigEndian(options))
        case "length-of":
            let options = try options()
            guard let target = options["field"] as? String else {
                throw ModelError("\(here).field: the field it measures")
            }
            parsed = .lengthOf(
                target, size: try integer(options, "size", default: 2), bigEndian: try bigEndian(options),
                adjust: try integer(options, "adjust", default: 0))
        case "var-length-of":
            let options = try options()
            guard let target = options["field"] as? String else {
                throw ModelError("\(here).field: the field it measures")
            }
            parsed = .varLengthOf(target)
        case "checksum":
            let options = try options()
            guard let name = options["kind"] as? String, let checksum = Field.Checksum(rawValue: name) else {
                throw ModelError(
                    "\(here).kind: \(Field.Checksum.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let over = options["over"] as? [String] else {
                throw ModelError("\(here).over: a list of field names")
            }
            parsed = .checksum(checksum, over: over, bigEndian: try bigEndian(options))
        case "choice":
            parsed = .choice(try children(value, here))
        case "repeat":
            let options = try options()
            let inner = try field(options["field"] as Any, at: "\(here).field", depth: depth + 1, count: &count)
            let times = try integer(options, "count", default: 1)
            parsed = .repeated(inner, count: times, maximum: try integer(options, "maximum", default: max(times, 16)))
        default:  // block
            if let list = value as? [Any] {
                parsed = .block(try children(list, here))
            } else {
                let options = try options()
                parsed = .block(try children(options["fields"], "\(here).fields"))
                if let name = options["name"] as? String, mapping["name"] == nil {
                    return Field(parsed, name: name, fuzzable: mapping["fuzz"] as? Bool ?? true)
                }
            }
        }
        if let name = mapping["name"], !(name is String) { throw ModelError("\(path).name: text") }
        return Field(parsed, name: mapping["name"] as? String, fuzzable: mapping["fuzz"] as? Bool ?? true)
    }

    /// Hex digits, spaces and colons allowed between bytes; nil for anything else.
    static func hex(_ text: String) -> [UInt8]? {
        let digits = text.filter { $0 != " " && $0 != ":" && $0 != "\n" }
        guard digits.count % 2 == 0, digits.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
