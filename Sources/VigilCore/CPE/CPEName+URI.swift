extension CPEName {
    /// Unbinds a CPE 2.2-style URI, `cpe:/part:vendor:product:version:update:edition:language` (NISTIR 7695 §6.1.3).
    ///
    /// Empty components are ANY, `-` is NA. The URI is case-insensitive and is lowercased. `%01` and `%02` are the
    /// wildcards `?` and `*`; other `%xx` forms decode to quoted characters (Table 6-1). An edition that starts with
    /// `~` packs edition, sw_edition, target_sw, target_hw and other.
    ///
    /// - Throws: ``CPEError`` for an illegal `%xx`, a misplaced wildcard, more than seven components, or a bad packing.
    public init(uri string: String) throws(CPEError) {
        guard string.utf8.count <= Self.maximumLength else {
            throw CPEError(.tooLong, "a CPE name may be at most \(Self.maximumLength) bytes", input: string)
        }
        guard string.lowercased().hasPrefix("cpe:/") else {
            throw CPEError(.malformedName, "a CPE URI starts with 'cpe:/'", input: string)
        }
        let body = string.dropFirst(5).lowercased()
        let components = body.split(separator: ":", omittingEmptySubsequences: false)
        guard components.count <= 7 else {
            throw CPEError(
                .malformedName, "a CPE URI has at most 7 components (found \(components.count))", input: string)
        }
        var values: [CPEAttribute: CPEAttributeValue] = [:]
        let uriAttributes: [CPEAttribute] = [.part, .vendor, .product, .version, .update, .edition, .language]
        for (attribute, component) in zip(uriAttributes, components) {
            if attribute == .edition, component.hasPrefix("~") {
                try Self.unpackEdition(component, into: &values, input: string)
            } else {
                values[attribute] = try Self.decodeURIComponent(component, input: string)
            }
        }
        try self.init(values: values, input: string)
    }

    /// The URI binding (NISTIR 7695 §6.1.2): `cpe:/a:microsoft:internet_explorer:8.%02:sp%01`.
    ///
    /// The five extended attributes are packed into the edition with `~` when any of them is not ANY; trailing
    /// empty components are dropped.
    public var uri: String {
        var components: [String] = [.part, .vendor, .product, .version, .update].map {
            Self.encodeURIComponent(self[$0])
        }
        let extended = [swEdition, targetSW, targetHW, other]
        if extended.allSatisfy({ $0 == .any }) {
            components.append(Self.encodeURIComponent(edition))
        } else {
            components.append("~" + ([edition] + extended).map(Self.encodeURIComponent).joined(separator: "~"))
        }
        components.append(Self.encodeURIComponent(language))
        while components.last == "" { components.removeLast() }
        return "cpe:/" + components.joined(separator: ":")
    }

    static func encodeURIComponent(_ value: CPEAttributeValue) -> String {
        switch value {
        case .any: return ""
        case .notApplicable: return "-"
        case .value(let string):
            var output = ""
            for token in WFNValueGrammar.tokens(of: string) {
                if token.isQuestionMark {
                    output += "%01"
                } else if token.isAsterisk {
                    output += "%02"
                } else if !token.quoted || token.byte == UInt8(ascii: "-") || token.byte == UInt8(ascii: ".") {
                    output.unicodeScalars.append(UnicodeScalar(token.byte))
                } else {
                    output += "%" + (token.byte < 0x10 ? "0" : "") + String(token.byte, radix: 16)
                }
            }
            return output
        }
    }

    private static func unpackEdition(
        _ component: Substring, into values: inout [CPEAttribute: CPEAttributeValue], input: String
    ) throws(CPEError) {
        let fields = component.dropFirst().split(separator: "~", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5 else {
            throw CPEError(
                .malformedName, "a packed edition is '~edition~sw_edition~target_sw~target_hw~other'", input: input)
        }
        for (attribute, field) in zip([CPEAttribute.edition, .swEdition, .targetSW, .targetHW, .other], fields) {
            values[attribute] = try decodeURIComponent(field, input: input)
        }
    }

    /// Decodes one lowercased URI component into a WFN value (NISTIR 7695 §6.1.3.2 `decode`).
    private static func decodeURIComponent(_ component: Substring, input: String) throws(CPEError) -> CPEAttributeValue
    {
        if component.isEmpty { return .any }
        if component == "-" { return .notApplicable }
        let bytes = Array(component.utf8)
        var tokens: [WFNToken] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                tokens.append(try percentToken(bytes, at: index, input: input))
                index += 3
                continue
            }
            if byte == UInt8(ascii: "*") {
                throw CPEError(.invalidValue, "a URI may not hold a raw '*' (use %02 or %2a)", input: input)
            }
            let plain = ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "?")
            tokens.append(WFNToken(byte: byte, quoted: !plain))
            index += 1
        }
        do {
            return try CPEAttributeValue(wfnValue: WFNValueGrammar.string(of: tokens))
        } catch {
            throw error.naming(input)
        }
    }

    private static func percentToken(_ bytes: [UInt8], at index: Int, input: String) throws(CPEError) -> WFNToken {
        guard index + 2 < bytes.count, let high = ASCII.hexValue(bytes[index + 1]),
            let low = ASCII.hexValue(bytes[index + 2])
        else {
            throw CPEError(.invalidPercentEncoding, "'%' must be followed by two hexadecimal digits", input: input)
        }
        let value = high << 4 | low
        switch value {
        case 0x01: return WFNToken(byte: UInt8(ascii: "?"), quoted: false)
        case 0x02: return WFNToken(byte: UInt8(ascii: "*"), quoted: false)
        case 0x21...0x2C, 0x2F, 0x3A...0x40, 0x5B...0x5E, 0x60, 0x7B...0x7E: return WFNToken(byte: value, quoted: true)
        default:
            throw CPEError(
                .invalidPercentEncoding,
                "'%\(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self))' is "
                    + "not a percent-encoded form CPE allows (NISTIR 7695 Table 6-1)", input: input)
        }
    }
}
