/// The value of one CPE attribute: the logical values ANY and NA, or a WFN value string.
///
/// A value string is kept in WFN form (NISTIR 7695 §5.3.2): letters, digits and `_` as they are, every other
/// printable character quoted with `\` (`8\.0\.6001`), and unquoted `*` and `?` as wildcards at the start or end
/// (`8\.*`, `??foo`). ``literal(_:)`` builds one from plain text. Values compare and hash case-insensitively.
public enum CPEAttributeValue: Sendable, Hashable, CustomStringConvertible {
    /// ANY: the attribute is unconstrained; a `*` in a formatted string, empty in a URI.
    case any
    /// NA: the attribute does not apply; a `-` in both bindings.
    case notApplicable
    /// A WFN value string, quoting included. Build it with ``literal(_:)`` or ``init(wfnValue:)``.
    case value(String)

    /// A value from plain text, with every character other than letters, digits and `_` quoted: no wildcards.
    ///
    /// ```swift
    /// CPEAttributeValue.literal("8.0.6001")   // .value("8\\.0\\.6001")
    /// ```
    public static func literal(_ text: String) -> CPEAttributeValue {
        var quoted = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, ASCII.isAlphanumeric(UInt8(scalar.value)) || scalar == "_" {
                quoted.unicodeScalars.append(scalar)
            } else {
                quoted += "\\" + String(scalar)
            }
        }
        return .value(quoted)
    }

    /// Validates a WFN value string; a lone `*` is ANY.
    ///
    /// - Throws: ``CPEError/Code/invalidValue`` when it breaks the rules of NISTIR 7695 §5.3.2.
    public init(wfnValue: String) throws(CPEError) {
        if wfnValue == "*" {
            self = .any
            return
        }
        try WFNValueGrammar.validate(wfnValue)
        self = .value(wfnValue)
    }

    /// The value string in WFN form, or `nil` for ANY and NA.
    public var wfnString: String? {
        if case .value(let string) = self { return string }
        return nil
    }

    /// The value without quoting (`8.0.6001`), wildcards as `*` and `?`; `nil` for ANY and NA.
    public var plainText: String? {
        guard case .value(let string) = self else { return nil }
        return WFNValueGrammar.tokens(of: string).map { String(UnicodeScalar($0.byte)) }.joined()
    }

    /// Whether the value holds an unquoted `*` or `?`.
    public var containsWildcards: Bool {
        guard case .value(let string) = self else { return false }
        return WFNValueGrammar.tokens(of: string).contains { $0.isWildcard }
    }

    /// Equality ignores ASCII case, as CPE matching does (NISTIR 7696 §6.1).
    public static func == (lhs: CPEAttributeValue, rhs: CPEAttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.any, .any), (.notApplicable, .notApplicable): true
        case (.value(let a), .value(let b)):
            a.utf8.elementsEqual(b.utf8) { ASCII.lowercased($0) == ASCII.lowercased($1) }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .any: hasher.combine(0)
        case .notApplicable: hasher.combine(1)
        case .value(let string):
            hasher.combine(2)
            for byte in string.utf8 { hasher.combine(ASCII.lowercased(byte)) }
        }
    }

    /// `ANY`, `NA` or the quoted WFN string, as a WFN writes it.
    public var description: String {
        switch self {
        case .any: "ANY"
        case .notApplicable: "NA"
        case .value(let string): "\"\(string)\""
        }
    }
}
