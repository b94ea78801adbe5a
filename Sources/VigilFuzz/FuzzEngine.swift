/// One test case: the messages of the model's sequence up to the fuzzed one (those before it valid), and how the
/// fuzzed one was made. Case `index` of a campaign seeded with `seed` is the same bytes on any machine, made on its
/// own from `(seed, index)`: a crash report needs nothing else to be replayed.
public struct FuzzCase: Sendable, Hashable {
    public var seed: UInt64
    public var index: UInt64
    /// The messages to send in order; the last is the fuzzed one.
    public var messages: [[UInt8]]
    /// The fuzzed message's name in the model.
    public var message: String
    /// How it was made: `field body.name: long string (4096 bytes)`, `mutator bit-flip`.
    public var steps: [String]
    /// The slots (field paths) this case changed: what per-field coverage counts.
    public var fields: [String]
}

/// Generates cases from a model: half change one field of a valid message in a way that breaks parsers (long, empty
/// and format strings, boundary integers, wrong lengths and checksums, other choices, too many repetitions) with
/// the message's lengths and checksums still consistent; half render a valid message and apply one to four
/// byte-level mutators (bit flips, insertions, splices, length and delimiter corruption).
public struct FuzzEngine: Sendable {
    public let model: ProtocolModel
    public let seed: UInt64
    public let mutators: [any Mutator]
    private let valid: [String: RenderedMessage]
    /// Each message's fuzzable slots, with their index in pre-order and their path.
    private let slots: [String: [(slot: Int, field: Field, path: String)]]

    /// Inputs to splice from besides the model's own messages (`--corpus`: captured traffic, earlier findings).
    public let corpus: [[UInt8]]

    public init(
        model: ProtocolModel, seed: UInt64, mutators: [any Mutator] = Mutators.all, corpus: [[UInt8]] = []
    ) throws(ModelError) {
        try model.validate()
        self.model = model
        self.seed = seed
        self.mutators = mutators
        self.corpus = corpus
        var valid: [String: RenderedMessage] = [:]
        var slots: [String: [(slot: Int, field: Field, path: String)]] = [:]
        for (name, fields) in model.messages {
            valid[name] = try MessageRenderer().render(fields)
            slots[name] = MessageRenderer.slots(fields).enumerated().filter { $0.element.field.fuzzable }.map {
                ($0.offset, $0.element.field, $0.element.path)
            }
        }
        self.valid = valid
        self.slots = slots
    }

    /// The valid form of a message (what a known-good probe, or a sequence's earlier steps, send).
    public func validMessage(_ name: String) -> [UInt8]? { valid[name]?.bytes }

    /// Case `index`.
    public func fuzzCase(_ index: UInt64) -> FuzzCase {
        var random = FuzzRandom(seed: seed, case: index)
        let position = random.below(model.sequence.count)
        let name = model.sequence[position]
        let prefix = model.sequence[..<position].compactMap { valid[$0]?.bytes }
        let fields = model.message(name) ?? []
        var steps: [String] = []
        var changed: [String] = []
        var bytes = valid[name]?.bytes ?? []
        let candidates = slots[name] ?? []
        if !candidates.isEmpty, random.chance(1, in: 2) {
            let entry = random.pick(candidates)
            let (variant, description) = Self.variant(of: entry.field, using: &random)
            if let rendered = try? MessageRenderer().render(fields, variants: [entry.slot: variant]) {
                bytes = rendered.bytes
                steps.append("field \(entry.path): \(description)")
                changed.append(entry.path)
            }
        } else {
            let context = MutationContext(
                lengthFields: valid[name]?.lengthFields ?? [],
                donors: model.messages.compactMap { $0.name == name ? nil : valid[$0.name]?.bytes } + corpus)
            for _ in 0...random.below(4) {
                let mutator = random.pick(mutators)
                mutator.mutate(&bytes, using: &random, context: context)
                steps.append("mutator \(mutator.name)")
            }
        }
        return FuzzCase(
            seed: seed, index: index, messages: prefix + [bytes], message: name, steps: steps, fields: changed)
    }

    /// A variant of one field that breaks parsers, with a description.
    static func variant(of field: Field, using random: inout FuzzRandom) -> (FieldVariant, String) {
        switch field.kind {
        case .string(let text):
            // One variant is picked, then built (a large string repeated must not be built for every case).
            switch random.below(8) {
            case 0:
                // Around the sizes buffers are declared with, and anywhere up to 64 KiB.
                let length =
                    random.chance(1, in: 2)
                    ? random.pick([64, 128, 256, 512, 1_024, 4_096, 65_536]) + random.below(3) - 1
                    : 1 + random.below(65_536)
                return (.replace([UInt8](repeating: 0x41, count: length)), "long string (\(length) bytes)")
            case 1: return (.replace([]), "empty")
            case 2: return (.replace(Array(String(repeating: "%s%n%x", count: 32).utf8)), "format string")
            case 3: return (.replace(Array("../../../../../../etc/passwd".utf8)), "path traversal")
            case 4: return (.replace([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), "invalid UTF-8")
            case 5:
                let value = Array(text.utf8.prefix(32_768))
                return (.replace(value + [0] + value), "embedded NUL")
            case 6:
                let value = text.isEmpty ? [0x41] : Array(text.utf8.prefix(65_536))
                let times = max(1, min(256, 65_536 / value.count))
                return (.replace(Array([[UInt8]](repeating: value, count: times).joined())), "repeated value")
            default: return (.replace(Array("' OR '1'='1\"; --".utf8)), "quote injection")
            }
        case .integer(_, let size, let bigEndian), .lengthOf(_, let size, let bigEndian, _):
            // A boundary value, one off it, or any value.
            let value =
                switch random.below(3) {
                case 0: random.pick(Mutators.interesting)
                case 1: random.pick(Mutators.interesting) &+ UInt64(bitPattern: Int64(random.below(3) - 1))
                default: random.next()
                }
            var bytes = [UInt8](repeating: 0, count: size)
            Mutators.write(value, into: &bytes, 0..<size, bigEndian: bigEndian)
            let kind = if case .lengthOf = field.kind { "length" } else { "integer" }
            return (.replace(bytes), "\(kind) 0x\(String(value, radix: 16))")
        case .varLengthOf:
            let variants: [([UInt8], String)] = [
                ([0xff, 0xff, 0xff, 0xff, 0x7f], "five-byte length"), ([0xff, 0xff, 0xff, 0x7f], "largest length"),
                ([0x80], "unterminated length"), ([0x00], "zero length"),
                ([UInt8(truncatingIfNeeded: random.next()) | 0x80, UInt8(random.below(128))], "random length"),
            ]
            let (bytes, description) = random.pick(variants)
            return (.replace(bytes), description)
        case .checksum(let checksum, _, _):
            let bytes = (0..<checksum.size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return (.replace(bytes), "wrong checksum")
        case .bytes(let original):
            if random.chance(1, in: 3) { return (.replace([]), "removed") }
            let bytes = original.isEmpty ? [0x00] : original.map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return (.replace(bytes), "random bytes (\(bytes.count))")
        case .choice(let options):
            let index = options.count > 1 ? 1 + random.below(options.count - 1) : 0
            return (.option(index), "option \(index)")
        case .repeated(_, let count, let maximum):
            let counts = [0, maximum, maximum + 1, min(maximum * 2 + 1, 4_096), count + 1].filter { $0 != count }
            let chosen = random.pick(counts.isEmpty ? [0] : counts)
            return (.count(chosen), "repeated \(chosen) times")
        case .block:
            let length = random.pick([0, 1, 255, 256, 4_096])
            return (
                .replace((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }),
                "block of \(length) random bytes"
            )
        }
    }
}
