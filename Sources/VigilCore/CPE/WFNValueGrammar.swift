/// One logical character of a WFN value string: a literal (quoted or not) or an unquoted wildcard.
struct WFNToken: Equatable {
    var byte: UInt8
    var quoted: Bool

    var isWildcard: Bool { !quoted && (byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?")) }
    var isAsterisk: Bool { !quoted && byte == UInt8(ascii: "*") }
    var isQuestionMark: Bool { !quoted && byte == UInt8(ascii: "?") }
}

/// The grammar of WFN value strings (NISTIR 7695 §5.3.2, Figure 5-1).
enum WFNValueGrammar {
    /// Splits a value string into logical characters; a trailing lone `\` becomes a quoted `\`.
    static func tokens(of value: String) -> [WFNToken] {
        var tokens: [WFNToken] = []
        var iterator = value.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "\\") {
                tokens.append(WFNToken(byte: iterator.next() ?? byte, quoted: true))
            } else {
                tokens.append(WFNToken(byte: byte, quoted: false))
            }
        }
        return tokens
    }

    /// Writes tokens back as a WFN value string.
    static func string(of tokens: some Sequence<WFNToken>) -> String {
        var bytes: [UInt8] = []
        for token in tokens {
            if token.quoted { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(token.byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The leading and trailing wildcard runs of a value, and the literal body between them.
    struct Shape {
        /// `-1` for a leading `*`, else the number of leading `?`.
        var begins: Int
        /// `-1` for a trailing `*`, else the number of trailing `?`.
        var ends: Int
        var body: ArraySlice<WFNToken>
    }

    static func shape(of tokens: [WFNToken]) -> Shape {
        var body = tokens[...]
        var begins = 0
        if body.first?.isAsterisk == true {
            begins = -1
            body = body.dropFirst()
        } else {
            while body.first?.isQuestionMark == true {
                begins += 1
                body = body.dropFirst()
            }
        }
        var ends = 0
        if body.last?.isAsterisk == true {
            ends = -1
            body = body.dropLast()
        } else {
            while body.last?.isQuestionMark == true {
                ends += 1
                body = body.dropLast()
            }
        }
        return Shape(begins: begins, ends: ends, body: body)
    }

    /// Checks a WFN value string.
    ///
    /// - Throws: ``CPEError/Code/invalidValue`` naming the broken rule.
    static func validate(_ value: String) throws(CPEError) {
        guard !value.isEmpty else { throw CPEError(.invalidValue, "a value string may not be empty", input: value) }
        if value.utf8.reversed().prefix(while: { $0 == UInt8(ascii: "\\") }).count % 2 == 1 {
            throw CPEError(.invalidValue, "a value string may not end in a lone '\\'", input: value)
        }
        let tokens = tokens(of: value)
        for token in tokens {
            let byte = token.byte
            guard byte > 0x20 && byte < 0x7F else {
                throw CPEError(.invalidValue, "holds \(ASCII.describe(byte)); values are printable ASCII", input: value)
            }
            if !token.quoted && !ASCII.isAlphanumeric(byte) && byte != UInt8(ascii: "_") && !token.isWildcard {
                throw CPEError(.invalidValue, "\(ASCII.describe(byte)) must be quoted with '\\'", input: value)
            }
            if token.quoted && (ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "_")) {
                throw CPEError(.invalidValue, "letters, digits and '_' may not be quoted", input: value)
            }
        }
        let shape = shape(of: tokens)
        if shape.body.contains(where: \.isWildcard) {
            throw CPEError(
                .invalidValue, "'*' and '?' may only stand at the start or end of a value (use '\\*' for a literal)",
                input: value)
        }
        if shape.body.isEmpty && shape.begins != 0 && shape.ends != 0 && (shape.begins == -1 || shape.ends == -1) {
            throw CPEError(.invalidValue, "'*' may not be combined with '?' without a literal between", input: value)
        }
        if shape.begins == 0, shape.body.count == 1, shape.body.first == WFNToken(byte: UInt8(ascii: "-"), quoted: true)
        {
            throw CPEError(.invalidValue, "a lone quoted hyphen is not a value (use NA)", input: value)
        }
    }
}
