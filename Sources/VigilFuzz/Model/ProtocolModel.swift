/// A protocol's messages as fields, from which the fuzzer generates valid messages and structure-aware variants:
/// static bytes, strings, integers of a size and byte order, the length of another field, a checksum over fields,
/// a choice, a repetition and a block. Lengths and checksums are computed after everything else is rendered, so a
/// variant of one field still carries consistent lengths and checksums — unless a mutation corrupts them on
/// purpose.
public struct ProtocolModel: Sendable {
    public var name: String
    /// The messages, by name, in the order they were defined.
    public var messages: [(name: String, fields: [Field])]
    /// A session: the messages sent in order on one connection (`connect → authenticate → command`); the fuzzed
    /// message is one of them, the ones before it are sent valid.
    public var sequence: [String]

    public init(name: String, messages: [(name: String, fields: [Field])], sequence: [String]? = nil) {
        self.name = name
        self.messages = messages
        self.sequence = sequence ?? messages.map(\.name)
    }

    public func message(_ name: String) -> [Field]? { messages.first { $0.name == name }?.fields }
}

/// One field of a message.
public struct Field: Sendable {
    public indirect enum Kind: Sendable {
        /// Bytes sent as they are (a magic number, a keyword).
        case bytes([UInt8])
        /// Text, at most `maximumLength` bytes in its valid form.
        case string(String)
        /// An unsigned integer of `size` bytes (1, 2, 4, 8).
        case integer(UInt64, size: Int, bigEndian: Bool)
        /// The length in bytes of the field named `target`, plus `adjust` (a header that counts itself).
        case lengthOf(String, size: Int, bigEndian: Bool, adjust: Int)
        /// The length of the field named `target` as MQTT's variable-length integer (1 to 4 bytes, 7 bits each,
        /// least significant first).
        case varLengthOf(String)
        /// A checksum of the fields named `over`, concatenated.
        case checksum(Checksum, over: [String], bigEndian: Bool)
        /// One of several alternatives (the first when valid).
        case choice([Field])
        /// The field `count` times (valid), up to `maximum` in variants.
        case repeated(Field, count: Int, maximum: Int)
        /// Fields in order, under one name (what a length or checksum can cover).
        case block([Field])
    }

    public enum Checksum: String, Sendable, CaseIterable {
        /// CRC-32 (IEEE 802.3, as zlib computes it).
        case crc32
        /// CRC-16/MODBUS (reflected 0xA001, initial 0xFFFF), sent low byte first on the wire by Modbus RTU.
        case crc16Modbus = "crc16-modbus"
        /// The 8-bit sum of the bytes.
        case sum8

        var size: Int {
            switch self {
            case .crc32: 4
            case .crc16Modbus: 2
            case .sum8: 1
            }
        }
    }

    public var name: String?
    public var kind: Kind
    /// Whether variants change this field (static protocol markers are usually left alone, but may be fuzzed too).
    public var fuzzable: Bool

    public init(_ kind: Kind, name: String? = nil, fuzzable: Bool = true) {
        self.name = name
        self.kind = kind
        self.fuzzable = fuzzable
    }
}

/// A rendered message: its bytes, where each named field went, and where the length fields are (for the
/// length-corruption mutator).
public struct RenderedMessage: Sendable {
    public var bytes: [UInt8]
    public var ranges: [String: Range<Int>]
    public var lengthFields: [(range: Range<Int>, bigEndian: Bool)]
}

/// Why a model cannot be used, naming the message and field.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ProtocolModel {
    /// Checks what rendering relies on: integer and length sizes of 1, 2, 4 or 8 bytes, every length and checksum
    /// naming a field of its message, repetition counts within bounds, unique field names in a message, and a
    /// sequence of defined messages.
    public func validate() throws(ModelError) {
        guard !messages.isEmpty else { throw ModelError("model \(name) has no messages") }
        for (message, fields) in messages {
            var names: [String] = []
            var references: [String] = []
            func walk(_ field: Field) throws(ModelError) {
                if let name = field.name {
                    guard !names.contains(name) else {
                        throw ModelError("\(message): the field name '\(name)' is used twice")
                    }
                    names.append(name)
                }
                switch field.kind {
                case .integer(_, let size, _), .lengthOf(_, let size, _, _):
                    guard [1, 2, 4, 8].contains(size) else {
                        throw ModelError("\(message).\(field.name ?? "?"): size \(size) is not 1, 2, 4 or 8")
                    }
                    if case .lengthOf(let target, _, _, let adjust) = field.kind {
                        guard abs(adjust) <= 1 << 32 else {
                            throw ModelError("\(message).\(field.name ?? "?"): adjust is at most ±2^32")
                        }
                        references.append(target)
                    }
                case .varLengthOf(let target):
                    references.append(target)
                case .checksum(_, let over, _):
                    guard !over.isEmpty else { throw ModelError("\(message): a checksum covers no field") }
                    references += over
                case .choice(let options):
                    guard !options.isEmpty else { throw ModelError("\(message): a choice has no options") }
                    for option in options { try walk(option) }
                case .repeated(let inner, let count, let maximum):
                    guard count >= 0, maximum >= count, maximum <= 65_536 else {
                        throw ModelError("\(message): a repeat needs 0 ≤ count ≤ maximum ≤ 65536")
                    }
                    try walk(inner)
                case .block(let inner):
                    for field in inner { try walk(field) }
                case .bytes, .string: break
                }
            }
            for field in fields { try walk(field) }
            // Repeats multiply: the fields a message renders, counted with their largest repeat counts, are bounded
            // (a repeat of a repeat of an empty field would otherwise loop for days without producing a byte).
            func expanded(_ field: Field) -> Double {
                switch field.kind {
                case .choice(let options): 1 + options.map(expanded).reduce(0, +)
                case .repeated(let inner, _, let maximum): 1 + Double(maximum + 1) * expanded(inner)
                case .block(let inner): 1 + inner.map(expanded).reduce(0, +)
                default: 1
                }
            }
            guard fields.map(expanded).reduce(0, +) <= 1_000_000 else {
                throw ModelError("\(message): its repeats multiply to more than 1,000,000 fields")
            }
            for target in references where !names.contains(target) {
                throw ModelError("\(message): a length or checksum names '\(target)', which is not a field of it")
            }
        }
        guard !sequence.isEmpty else { throw ModelError("the sequence is empty") }
        for name in sequence where message(name) == nil {
            throw ModelError("the sequence names '\(name)', which is not a message")
        }
    }
}
