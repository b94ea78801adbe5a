/// What a mutator may know of the message it changes: where the model put its length fields and its delimiters,
/// and other messages to splice from. A mutator that needs what is not there does nothing.
public struct MutationContext: Sendable {
    /// Byte ranges of length fields (`length-of`), with their byte order.
    public var lengthFields: [(range: Range<Int>, bigEndian: Bool)]
    /// Other inputs (the corpus, the model's other messages) to splice from.
    public var donors: [[UInt8]]
    /// Bytes that separate fields in text protocols (`\r`, `\n`, `|`, `^`, `&`, `~`, `:`, ` `, NUL).
    public var delimiters: [UInt8]

    public init(
        lengthFields: [(range: Range<Int>, bigEndian: Bool)] = [], donors: [[UInt8]] = [],
        delimiters: [UInt8] = Array("\r\n|^&~: =;,\0".utf8)
    ) {
        self.lengthFields = lengthFields
        self.donors = donors
        self.delimiters = delimiters
    }
}

/// A plug-in point: one way to change a message. Mutators are deterministic given the random generator, bounded
/// (a message grows by at most ``Mutators/maximumGrowth`` bytes a step) and total (any input, even empty).
public protocol Mutator: Sendable {
    /// A stable name (`bit-flip`), recorded with every case it made.
    var name: String { get }
    func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext)
}

/// The built-in mutators.
public enum Mutators {
    /// The most a single mutation adds to a message.
    public static let maximumGrowth = 4_096

    public static let all: [any Mutator] = [
        BitFlip(), ByteFlip(), InterestingInteger(), Insert(), Delete(), Duplicate(), Splice(),
        LengthCorruption(), DelimiterCorruption(),
    ]

    /// The mutator named `name`.
    public static func named(_ name: String) -> (any Mutator)? { all.first { $0.name == name } }

    /// Boundary values that break length checks and signed/unsigned conversions, as unsigned bit patterns.
    static let interesting: [UInt64] = [
        0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
        0x1_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff,
    ]

    /// Writes `value` into `bytes[range]` in the given byte order (truncated to the range's width).
    static func write(_ value: UInt64, into bytes: inout [UInt8], _ range: Range<Int>, bigEndian: Bool) {
        let width = range.count
        for index in 0..<width {
            let shift = UInt64(bigEndian ? width - 1 - index : index) * 8
            bytes[range.lowerBound + index] = shift < 64 ? UInt8(truncatingIfNeeded: value >> shift) : 0
        }
    }

    /// Flips one bit.
    public struct BitFlip: Mutator {
        public let name = "bit-flip"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
        }
    }

    /// Inverts one to four consecutive bytes.
    public struct ByteFlip: Mutator {
        public let name = "byte-flip"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            for index in start..<min(bytes.count, start + 1 + random.below(4)) { bytes[index] ^= 0xff }
        }
    }

    /// Overwrites 1, 2, 4 or 8 bytes with a boundary value, in either byte order.
    public struct InterestingInteger: Mutator {
        public let name = "interesting-integer"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            let width = random.pick([1, 2, 4, 8])
            guard bytes.count >= width else { return }
            let start = random.below(bytes.count - width + 1)
            write(random.pick(interesting), into: &bytes, start..<start + width, bigEndian: random.chance(1, in: 2))
        }
    }

    /// Inserts random bytes, or one byte repeated (up to ``maximumGrowth``: long runs find buffer overflows).
    public struct Insert: Mutator {
        public let name = "insert"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            let at = random.below(bytes.count + 1)
            let count = 1 + random.below(random.chance(1, in: 4) ? maximumGrowth : 16)
            let inserted: [UInt8] =
                random.chance(1, in: 2)
                ? [UInt8](repeating: random.pick([0x00, 0x41, 0xff, 0x25, 0x2f]), count: count)
                : (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: at)
        }
    }

    /// Removes a range.
    public struct Delete: Mutator {
        public let name = "delete"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(max(1, bytes.count / 4))))
        }
    }

    /// Repeats a range in place (1 to 16 times, within ``maximumGrowth``).
    public struct Duplicate: Mutator {
        public let name = "duplicate"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let end = min(bytes.count, start + 1 + random.below(64))
            let piece = Array(bytes[start..<end])
            let times = min(1 + random.below(16), maximumGrowth / piece.count)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: piece, count: times).joined()), at: end)
        }
    }

    /// Replaces the tail from a point with another input's tail from a point.
    public struct Splice: Mutator {
        public let name = "splice"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            guard !context.donors.isEmpty else { return }
            let donor = random.pick(context.donors)
            let cut = random.below(bytes.count + 1)
            let from = random.below(donor.count + 1)
            bytes = Array(bytes[..<cut]) + Array(donor[from...].prefix(maximumGrowth))
        }
    }

    /// Sets a length field (as the model placed it) to a boundary value, or one more or less than it holds.
    public struct LengthCorruption: Mutator {
        public let name = "length-corruption"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            let fields = context.lengthFields.filter { $0.range.upperBound <= bytes.count && !$0.range.isEmpty }
            guard !fields.isEmpty else { return }
            let field = random.pick(fields)
            var current: UInt64 = 0
            for index in 0..<field.range.count {
                let byte = UInt64(
                    bytes[field.range.lowerBound + (field.bigEndian ? index : field.range.count - 1 - index)])
                current = current << 8 | byte
            }
            let value =
                switch random.below(4) {
                case 0: current &+ 1
                case 1: current &- 1
                case 2: current &* 2
                default: random.pick(interesting)
                }
            write(value, into: &bytes, field.range, bigEndian: field.bigEndian)
        }
    }

    /// Removes, doubles or replaces a delimiter (a field separator of a text protocol).
    public struct DelimiterCorruption: Mutator {
        public let name = "delimiter-corruption"
        public func mutate(_ bytes: inout [UInt8], using random: inout FuzzRandom, context: MutationContext) {
            let positions = bytes.indices.filter { context.delimiters.contains(bytes[$0]) }
            guard !positions.isEmpty else { return }
            let at = random.pick(positions)
            switch random.below(3) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: [UInt8](repeating: bytes[at], count: 1 + random.below(64)), at: at)
            default: bytes[at] = random.pick(context.delimiters.filter { $0 != bytes[at] } + [0x00])
            }
        }
    }
}
