/// One `<comparator><version>` constraint of a VERS string.
struct VersConstraint {
    enum Comparator: String, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", less = "<", greater = ">", equal = ""

        var isLowerBound: Bool { self == .greater || self == .greaterOrEqual }
        var isUpperBound: Bool { self == .less || self == .lessOrEqual }
    }

    var comparator: Comparator
    var version: String

    /// Splits and decodes the constraints after `vers:<scheme>/`.
    static func parse(_ text: Substring) throws(VersionRangeError) -> [VersConstraint] {
        var constraints: [VersConstraint] = []
        for piece in text.split(separator: "|") {
            if piece == "*" { throw VersionRangeError(.malformed, "'*' must stand alone") }
            guard constraints.count < VersionRange.maximumConstraints else {
                throw VersionRangeError(.malformed, "more than \(VersionRange.maximumConstraints) constraints")
            }
            let comparator =
                Comparator.allCases.first { !$0.rawValue.isEmpty && piece.hasPrefix($0.rawValue) } ?? .equal
            let encoded = piece.dropFirst(comparator.rawValue.count)
            guard !encoded.isEmpty else { throw VersionRangeError(.malformed, "constraint '\(piece)' has no version") }
            guard let version = decode(encoded) else {
                throw VersionRangeError(.malformed, "constraint '\(piece)' has a bad percent-escape")
            }
            constraints.append(VersConstraint(comparator: comparator, version: version))
        }
        guard !constraints.isEmpty else {
            throw VersionRangeError(.malformed, "a VERS string needs at least one constraint")
        }
        return constraints
    }

    /// Sorts constraints by version and enforces VERS's validation rules.
    static func sortAndCheck<Scheme: VersionScheme>(
        _ constraints: [VersConstraint], scheme: Scheme
    ) throws(VersionRangeError) -> [VersConstraint] {
        let normaliser = RangeNormaliser(scheme)
        var parsed: [(constraint: VersConstraint, value: Scheme.Version)] = []
        for constraint in constraints { parsed.append((constraint, try normaliser.parse(constraint.version))) }
        parsed.sort { $0.value < $1.value }
        for (previous, next) in zip(parsed, parsed.dropFirst()) where previous.value == next.value {
            throw VersionRangeError(
                .invalidConstraints, "version '\(next.constraint.version)' appears in more than one constraint")
        }
        try checkOrder(parsed.map(\.constraint))
        return parsed.map(\.constraint)
    }

    /// Ignoring `!=`: a bare version is followed by nothing, a bare version, `>` or `>=`, and does not stand inside
    /// an open `>`/`>=`; ignoring `=` too, lower and upper bounds alternate.
    private static func checkOrder(_ sorted: [VersConstraint]) throws(VersionRangeError) {
        var previous: VersConstraint?
        var previousBound: VersConstraint?
        for constraint in sorted where constraint.comparator != .notEqual {
            if let previous, previous.comparator == .equal, constraint.comparator.isUpperBound {
                throw VersionRangeError(
                    .invalidConstraints,
                    "'\(previous.version)' stands inside the range that ends at '\(constraint.comparator.rawValue)"
                        + "\(constraint.version)'; drop it or split the range")
            }
            if let previousBound, previousBound.comparator.isLowerBound, constraint.comparator == .equal {
                throw VersionRangeError(
                    .invalidConstraints,
                    "'\(constraint.version)' stands inside the range that starts at "
                        + "'\(previousBound.comparator.rawValue)\(previousBound.version)'; drop it")
            }
            if constraint.comparator != .equal {
                if let previousBound, previousBound.comparator.isLowerBound == constraint.comparator.isLowerBound {
                    throw VersionRangeError(
                        .invalidConstraints,
                        "'\(constraint.comparator.rawValue)\(constraint.version)' follows another "
                            + (constraint.comparator.isLowerBound ? "lower" : "upper")
                            + " bound; lower and upper bounds must alternate")
                }
                previousBound = constraint
            }
            previous = constraint
        }
    }

    /// Percent-encodes the characters VERS reserves (`><=!*|%,`, space) and non-printable bytes.
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
            guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
