/// A change to one field of a message: the field is a *slot*, numbered in pre-order over the model's tree (every
/// option of a choice and one copy of a repeated field counted), so a slot names the same field whatever is chosen.
public enum FieldVariant: Sendable, Hashable {
    /// The field's bytes replaced (lengths and checksums that cover it are still computed from what is sent).
    case replace([UInt8])
    /// A choice's option by index.
    case option(Int)
    /// A repetition's count.
    case count(Int)
}

/// Renders a message's fields to bytes: fields in order, then every length and checksum filled in from what was
/// rendered.
public struct MessageRenderer: Sendable {
    /// The most bytes a message may render to (a repeat of a repeat can ask for more): more is an error.
    public static let maximumSize = 16 << 20

    public init() {}

    /// How many slots a field's subtree holds (itself included).
    public static func slotCount(_ field: Field) -> Int {
        switch field.kind {
        case .choice(let options): 1 + options.reduce(0) { $0 + slotCount($1) }
        case .repeated(let inner, _, _): 1 + slotCount(inner)
        case .block(let inner): 1 + inner.reduce(0) { $0 + slotCount($1) }
        default: 1
        }
    }

    /// Every slot of a message in pre-order: its field and a readable path (`body.name`, `#3` when unnamed).
    public static func slots(_ fields: [Field]) -> [(field: Field, path: String)] {
        var result: [(field: Field, path: String)] = []
        func walk(_ field: Field, _ parent: String) {
            let path = (parent.isEmpty ? "" : parent + ".") + (field.name ?? "#\(result.count)")
            result.append((field, path))
            switch field.kind {
            case .choice(let options): for option in options { walk(option, path) }
            case .repeated(let inner, _, _): walk(inner, path)
            case .block(let inner): for child in inner { walk(child, path) }
            default: break
            }
        }
        for field in fields { walk(field, "") }
        return result
    }

    public func render(_ fields: [Field], variants: [Int: FieldVariant] = [:]) throws(ModelError) -> RenderedMessage {
        var state = State(variants: variants)
        for field in fields { try render(field, &state) }
        // Lengths and checksums, now that everything they cover is in place; innermost first is not needed: a
        // length covers bytes, and a checksum over a length sees the length's final value when it comes later.
        // Variable-length lengths first, last in the message first: each inserts its bytes, moving what follows.
        // Insertions at the same place keep their order: the later in the message is inserted first.
        let ordered = state.varLengths.enumerated().sorted {
            ($0.element.position, $0.offset) > ($1.element.position, $1.offset)
        }
        for (_, (position, target, name, enclosing)) in ordered {
            guard let covered = state.ranges[target] else { continue }
            let encoded = Self.mqttVarint(covered.count)
            state.bytes.insert(contentsOf: encoded, at: position)
            // What starts at or after the insertion moves; the fields that contain it grow; a field that only ends
            // where it is inserted stays as it was.
            func moved(_ range: Range<Int>, growing: Bool) -> Range<Int> {
                if growing { return range.lowerBound..<range.upperBound + encoded.count }
                if range.lowerBound >= position {
                    return range.lowerBound + encoded.count..<range.upperBound + encoded.count
                }
                return range
            }
            for (key, range) in state.ranges { state.ranges[key] = moved(range, growing: enclosing.contains(key)) }
            if let name { state.ranges[name] = position..<position + encoded.count }
            state.lengthFields = state.lengthFields.map { (moved($0.range, growing: false), $0.bigEndian) }
            state.fixups = state.fixups.map { (moved($0.range, growing: false), $0.bigEndian, $0.kind) }
        }

        for fixup in state.fixups {
            switch fixup.kind {
            case .length(let target, let adjust):
                guard let covered = state.ranges[target] else { continue }
                Mutators.write(
                    UInt64(truncatingIfNeeded: covered.count &+ adjust), into: &state.bytes, fixup.range,
                    bigEndian: fixup.bigEndian)
            case .checksum(let checksum, let over):
                let covered = over.compactMap { state.ranges[$0] }.flatMap { Array(state.bytes[$0]) }
                Mutators.write(
                    Self.checksum(checksum, covered), into: &state.bytes, fixup.range, bigEndian: fixup.bigEndian)
            }
        }
        return RenderedMessage(bytes: state.bytes, ranges: state.ranges, lengthFields: state.lengthFields)
    }

    struct State {
        var variants: [Int: FieldVariant]
        var bytes: [UInt8] = []
        var ranges: [String: Range<Int>] = [:]
        var lengthFields: [(range: Range<Int>, bigEndian: Bool)] = []
        var fixups: [(range: Range<Int>, bigEndian: Bool, kind: FixupKind)] = []
        var varLengths: [(position: Int, target: String, name: String?, enclosing: Set<String>)] = []
        /// The named fields being rendered (those that contain what is rendered now).
        var open: [String] = []
        var slot = 0
    }

    enum FixupKind {
        case length(String, adjust: Int)
        case checksum(Field.Checksum, over: [String])
    }

    private func render(_ field: Field, _ state: inout State) throws(ModelError) {
        let slot = state.slot
        state.slot += 1
        let start = state.bytes.count
        if let name = field.name { state.open.append(name) }
        defer {
            if let name = field.name {
                state.ranges[name] = start..<state.bytes.count
                state.open.removeLast()
            }
        }
        if case .replace(let bytes)? = state.variants[slot] {
            state.bytes += bytes
            state.slot = slot + Self.slotCount(field)
            return
        }
        switch field.kind {
        case .bytes(let bytes): state.bytes += bytes
        case .string(let text): state.bytes += Array(text.utf8)
        case .integer(let value, let size, let bigEndian):
            state.bytes += [UInt8](repeating: 0, count: size)
            Mutators.write(value, into: &state.bytes, start..<start + size, bigEndian: bigEndian)
        case .lengthOf(let target, let size, let bigEndian, let adjust):
            state.bytes += [UInt8](repeating: 0, count: size)
            state.lengthFields.append((start..<start + size, bigEndian))
            state.fixups.append((start..<start + size, bigEndian, .length(target, adjust: adjust)))
        case .varLengthOf(let target):
            state.varLengths.append((start, target, field.name, Set(state.open)))
        case .checksum(let checksum, let over, let bigEndian):
            state.bytes += [UInt8](repeating: 0, count: checksum.size)
            state.fixups.append((start..<start + checksum.size, bigEndian, .checksum(checksum, over: over)))
        case .choice(let options):
            var chosen = 0
            if case .option(let index)? = state.variants[slot], options.indices.contains(index) { chosen = index }
            for (index, option) in options.enumerated() {
                if index == chosen {
                    try render(option, &state)
                } else {
                    state.slot += Self.slotCount(option)
                }
            }
        case .repeated(let inner, let count, _):
            var times = count
            if case .count(let given)? = state.variants[slot] { times = max(0, given) }
            let innerSlot = state.slot
            for _ in 0..<times {
                state.slot = innerSlot
                try render(inner, &state)
                guard state.bytes.count <= Self.maximumSize else {
                    throw ModelError("\(field.name ?? "a repeat") renders to more than \(Self.maximumSize) bytes")
                }
            }
            state.slot = innerSlot + Self.slotCount(inner)
        case .block(let inner):
            for child in inner { try render(child, &state) }
        }
        guard state.bytes.count <= Self.maximumSize else {
            throw ModelError("the message renders to more than \(Self.maximumSize) bytes")
        }
    }

    /// MQTT's variable-length encoding of `value` (at most 268,435,455; larger values are written as the largest
    /// four bytes can say, which a variant may want anyway).
    public static func mqttVarint(_ value: Int) -> [UInt8] {
        var remaining = min(max(value, 0), 268_435_455)
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(remaining % 128)
            remaining /= 128
            if remaining > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while remaining > 0
        return bytes
    }

    /// A checksum's value over `bytes`.
    public static func checksum(_ kind: Field.Checksum, _ bytes: [UInt8]) -> UInt64 {
        switch kind {
        case .sum8:
            return UInt64(bytes.reduce(UInt8(0)) { $0 &+ $1 })
        case .crc16Modbus:
            var crc: UInt16 = 0xffff
            for byte in bytes {
                crc ^= UInt16(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xa001 : crc >> 1 }
            }
            return UInt64(crc)
        case .crc32:
            var crc: UInt32 = 0xffff_ffff
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
            }
            return UInt64(~crc)
        }
    }
}
