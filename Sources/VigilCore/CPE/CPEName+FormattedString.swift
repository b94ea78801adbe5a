extension CPEName {
    /// Unbinds a formatted string, `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:
    /// target_sw:target_hw:other` (NISTIR 7695 §6.2.3).
    ///
    /// A lone `*` is ANY and a lone `-` is NA; `\:` does not separate. Other punctuation gains its WFN quoting
    /// (`8.0.6001` becomes `8\.0\.6001`); case is kept.
    ///
    /// - Throws: ``CPEError`` for a wrong prefix, a field count other than 11, or a misplaced wildcard.
    public init(formattedString string: String) throws(CPEError) {
        guard string.utf8.count <= Self.maximumLength else {
            throw CPEError(.tooLong, "a CPE name may be at most \(Self.maximumLength) bytes", input: string)
        }
        let fields = Self.splitUnescaped(string)
        guard fields.count == 13, fields[0].lowercased() == "cpe", fields[1] == "2.3" else {
            throw CPEError(
                .malformedName,
                "a formatted string is 'cpe:2.3:' and 11 attributes separated by ':' (found "
                    + "\(max(0, fields.count - 2)))", input: string)
        }
        var values: [CPEAttribute: CPEAttributeValue] = [:]
        for (attribute, field) in zip(CPEAttribute.allCases, fields.dropFirst(2)) {
            values[attribute] = try Self.unbindFormatted(field, input: string)
        }
        try self.init(values: values, input: string)
    }

    /// The formatted-string binding (NISTIR 7695 §6.2.2): `cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:…`.
    public var formattedString: String {
        "cpe:2.3:" + CPEAttribute.allCases.map { Self.bindFormatted(self[$0]) }.joined(separator: ":")
    }

    static func bindFormatted(_ value: CPEAttributeValue) -> String {
        switch value {
        case .any: return "*"
        case .notApplicable: return "-"
        case .value(let string):
            var bytes: [UInt8] = []
            for token in WFNValueGrammar.tokens(of: string) {
                let keepsQuote = token.quoted && !Self.unquotedInFormattedString.contains(token.byte)
                if keepsQuote { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(token.byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Characters that a formatted string writes without their WFN quoting.
    private static let unquotedInFormattedString: Set<UInt8> = [
        UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
    ]

    private static func unbindFormatted(_ field: Substring, input: String) throws(CPEError) -> CPEAttributeValue {
        if field == "*" { return .any }
        if field == "-" { return .notApplicable }
        guard !field.isEmpty else {
            throw CPEError(.malformedName, "an attribute is empty (use '*' for ANY)", input: input)
        }
        var tokens: [WFNToken] = []
        var iterator = field.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "\\") {
                guard let quoted = iterator.next() else {
                    throw CPEError(.invalidValue, "an attribute ends in a lone '\\'", input: input)
                }
                let plain = ASCII.isAlphanumeric(quoted) || quoted == UInt8(ascii: "_")
                tokens.append(WFNToken(byte: quoted, quoted: !plain))
            } else if ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "*")
                || byte == UInt8(ascii: "?")
            {
                tokens.append(WFNToken(byte: byte, quoted: false))
            } else {
                tokens.append(WFNToken(byte: byte, quoted: true))
            }
        }
        let value = WFNValueGrammar.string(of: tokens)
        do {
            return try CPEAttributeValue(wfnValue: value)
        } catch {
            throw error.naming(input)
        }
    }

    /// The version field of a CPE 2.3 formatted string as written (`2.6.32`, `*`, `-`), read without building the
    /// name; nil when the string is not `cpe:2.3:` with a version field.
    public static func versionField(ofFormattedString string: String) -> Substring? {
        guard string.hasPrefix("cpe:2.3:") else { return nil }
        let fields = splitUnescaped(string)
        return fields.count > 5 ? fields[5] : nil
    }

    /// Splits on `:` not preceded by an odd number of `\`.
    static func splitUnescaped(_ string: String) -> [Substring] {
        // Byte by byte: `:` and `\` are ASCII, so they never occur inside a multi-byte UTF-8 sequence, and walking
        // the UTF-8 view avoids grapheme breaking (this runs for every criterion of every NVD record).
        var fields: [Substring] = []
        fields.reserveCapacity(13)
        let utf8 = string.utf8
        var start = utf8.startIndex
        var escaped = false
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: ":") {
                fields.append(string[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(string[start...])
        return fields
    }
}

extension CPEName {
    /// The vendor and product of a CPE 2.3 formatted string, unquoted (`plainText`), with ANY and NA as `*`, read
    /// without building the whole name: for indexing criteria that were validated when they were read.
    ///
    /// Returns nil when the string is not `cpe:2.3:` with at least five fields. For a valid name the result equals
    /// `(vendor.plainText ?? "*", product.plainText ?? "*")` of the parsed name.
    public static func vendorAndProduct(ofFormattedString string: String) -> (vendor: String, product: String)? {
        var utf8 = Substring(string).utf8
        guard utf8.starts(with: "cpe:2.3:".utf8) else { return nil }
        utf8 = utf8.dropFirst(8)
        var fields: [String] = []
        var current: [UInt8] = []
        var escaped = false
        var quoted = false  // a quoted `\-` or `\*` is a value, not NA or ANY
        for byte in utf8 {
            if escaped {
                current.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                quoted = true
            } else if byte == UInt8(ascii: ":") {
                let text = String(decoding: current, as: UTF8.self)
                fields.append(!quoted && (text == "-" || text == "*") ? "*" : text)
                current.removeAll(keepingCapacity: true)
                quoted = false
                if fields.count == 3 { break }
            } else {
                current.append(byte)
            }
        }
        guard fields.count == 3, !fields[1].isEmpty, !fields[2].isEmpty else { return nil }
        return (fields[1], fields[2])
    }
}
