/// One `<comparator><version>` constraint of a VERS string.
struct VersConstraint {
    enum Comparator: String, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", less = "<", greater = ">", equal = ""
    }

    var comparator: Comparator
    var version: String

    /// Splits and decodes the constraints after `vers:<scheme>/`.
    static func parse(_ text: Substring, input: String) throws(VersionRangeError) -> [VersConstraint] {
        var constraints: [VersConstraint] = []
        for piece in text.split(separator: "|") {
            if piece == "*" {
                throw VersionRangeError(.malformed, "'*' must stand alone", input: input)
            }
            let comparator =
                Comparator.allCases.first { !$0.rawValue.isEmpty && piece.hasPrefix($0.rawValue) } ?? .equal
            let encoded = piece.dropFirst(comparator.rawValue.count)
            guard !encoded.isEmpty else {
                throw VersionRangeError(.malformed, "constraint '\(piece)' has no version", input: input)
            }
            guard let version = decode(encoded) else {
                throw VersionRangeError(.malformed, "constraint '\(piece)' has a bad percent-escape", input: input)
            }
            constraints.append(VersConstraint(comparator: comparator, version: version))
        }
        guard !constraints.isEmpty else {
            throw VersionRangeError(.malformed, "a VERS string needs at least one constraint", input: input)
        }
        return constraints
    }

    /// Sorts constraints by version and enforces VERS's validation rules.
    static func sortAndCheck<Scheme: VersionScheme>(
        _ constraints: [VersConstraint], scheme: Scheme
    ) throws(VersionRangeError) -> [VersConstraint] {
        let normaliser = RangeNormaliser(scheme)
        var parsed: [(constraint: VersConstraint, value: Scheme.Version)] = []
        for constraint in constraints {
            let value = try normaliser.parse(constraint.version)
            if parsed.contains(where: { $0.value == value }) {
                throw VersionRangeError(
                    .invalidConstraints, "version '\(constraint.version)' appears in more than one constraint")
            }
            parsed.append((constraint, value))
        }
        parsed.sort { $0.value < $1.value }
        var previousIsLower: Bool?
        for (constraint, _) in parsed {
            let isLower: Bool
            switch constraint.comparator {
            case .equal, .notEqual: continue
            case .greater, .greaterOrEqual: isLower = true
            case .less, .lessOrEqual: isLower = false
            }
            if previousIsLower == isLower {
                throw VersionRangeError(
                    .invalidConstraints,
                    "'\(constraint.comparator.rawValue)\(constraint.version)' follows another "
                        + (isLower ? "lower" : "upper") + " bound; lower and upper bounds must alternate")
            }
            previousIsLower = isLower
        }
        return parsed.map(\.constraint)
    }

    /// Percent-encodes the characters VERS reserves (`><=!*|%`, space) and non-printable bytes.
    static func encode(_ version: String) -> String {
        var output = ""
        for byte in version.utf8 {
            if byte <= 0x20 || byte >= 0x7F || "><=!*|%,".utf8.contains(byte) {
                output += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            } else {
                output.unicodeScalars.append(UnicodeScalar(byte))
            }
        }
        return output
    }

    private static func decode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
