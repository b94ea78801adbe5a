/// A CPE 2.3 name as a well-formed name (WFN, NISTIR 7695 §5), with its bindings and NISTIR 7696 matching.
///
/// Parse any binding with ``init(parsing:)``; write one with ``formattedString``, ``uri`` or ``wfnString``.
///
/// ```swift
/// let name = try CPEName(parsing: "cpe:2.3:a:openssl:openssl:1.0.1j:*:*:*:*:*:*:*")
/// name.uri                         // "cpe:/a:openssl:openssl:1.0.1j"
/// name.version.plainText           // "1.0.1j"
/// let pattern = try CPEName(parsing: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*")
/// pattern.compare(to: name).isSuperset   // true
/// ```
///
/// Names compare and hash case-insensitively, as NISTIR 7696 matches them; the case of the input is kept for display.
/// A name codes as its formatted string.
public struct CPEName: Sendable, Hashable, CustomStringConvertible {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumLength = 2048

    public private(set) var part: CPEAttributeValue
    public private(set) var vendor: CPEAttributeValue
    public private(set) var product: CPEAttributeValue
    public private(set) var version: CPEAttributeValue
    public private(set) var update: CPEAttributeValue
    public private(set) var edition: CPEAttributeValue
    public private(set) var language: CPEAttributeValue
    public private(set) var swEdition: CPEAttributeValue
    public private(set) var targetSW: CPEAttributeValue
    public private(set) var targetHW: CPEAttributeValue
    public private(set) var other: CPEAttributeValue

    /// Builds a name from attribute values; unspecified attributes are ANY.
    ///
    /// - Throws: ``CPEError/Code/invalidPart`` when the part is not `a`, `o`, `h` or ANY, and
    ///   ``CPEError/Code/invalidValue`` when a value string breaks the WFN rules.
    public init(
        part: CPEAttributeValue = .any, vendor: CPEAttributeValue = .any, product: CPEAttributeValue = .any,
        version: CPEAttributeValue = .any, update: CPEAttributeValue = .any, edition: CPEAttributeValue = .any,
        language: CPEAttributeValue = .any, swEdition: CPEAttributeValue = .any, targetSW: CPEAttributeValue = .any,
        targetHW: CPEAttributeValue = .any, other: CPEAttributeValue = .any
    ) throws(CPEError) {
        self.part = part
        self.vendor = vendor
        self.product = product
        self.version = version
        self.update = update
        self.edition = edition
        self.language = language
        self.swEdition = swEdition
        self.targetSW = targetSW
        self.targetHW = targetHW
        self.other = other
        try validate()
    }

    /// Builds a name from a full list of attribute values.
    init(values: [CPEAttribute: CPEAttributeValue], input: String?) throws(CPEError) {
        do {
            try self.init(
                part: values[.part] ?? .any, vendor: values[.vendor] ?? .any, product: values[.product] ?? .any,
                version: values[.version] ?? .any, update: values[.update] ?? .any,
                edition: values[.edition] ?? .any, language: values[.language] ?? .any,
                swEdition: values[.swEdition] ?? .any,
                targetSW: values[.targetSW] ?? .any, targetHW: values[.targetHW] ?? .any, other: values[.other] ?? .any)
        } catch {
            throw error.naming(input)
        }
    }

    /// Parses any binding: a formatted string (`cpe:2.3:…`), a URI (`cpe:/…`) or a WFN (`wfn:[…]`).
    ///
    /// - Throws: ``CPEError`` saying which rule the string breaks.
    public init(parsing string: String) throws(CPEError) {
        guard string.utf8.count <= Self.maximumLength else {
            throw CPEError(.tooLong, "a CPE name may be at most \(Self.maximumLength) bytes", input: string)
        }
        let lowered = string.prefix(8).lowercased()
        if lowered.hasPrefix("cpe:2.3:") {
            try self.init(formattedString: string)
        } else if lowered.hasPrefix("cpe:/") {
            try self.init(uri: string)
        } else if lowered.hasPrefix("wfn:[") {
            try self.init(wfn: string)
        } else {
            throw CPEError(.malformedName, "a CPE name starts with 'cpe:2.3:', 'cpe:/' or 'wfn:['", input: string)
        }
    }

    /// The value of one attribute.
    public subscript(attribute: CPEAttribute) -> CPEAttributeValue {
        switch attribute {
        case .part: part
        case .vendor: vendor
        case .product: product
        case .version: version
        case .update: update
        case .edition: edition
        case .language: language
        case .swEdition: swEdition
        case .targetSW: targetSW
        case .targetHW: targetHW
        case .other: other
        }
    }

    /// The formatted-string binding.
    public var description: String { formattedString }

    /// The same name with one attribute replaced, validated like a new name.
    ///
    /// - Throws: ``CPEError`` if the value breaks the WFN rules, or the part is not `a`, `o`, `h` or ANY.
    public func setting(_ attribute: CPEAttribute, to value: CPEAttributeValue) throws(CPEError) -> CPEName {
        var values = Dictionary(uniqueKeysWithValues: CPEAttribute.allCases.map { ($0, self[$0]) })
        values[attribute] = value
        return try CPEName(values: values, input: nil)
    }

    private mutating func validate() throws(CPEError) {
        for attribute in CPEAttribute.allCases {
            if case .value(let string) = self[attribute] { try WFNValueGrammar.validate(string) }
        }
        if case .value(let value) = part { part = .value(value.lowercased()) }
        switch part {
        case .any: break
        case .value(let value) where ["a", "o", "h"].contains(value): break
        default:
            throw CPEError(
                .invalidPart,
                "the part must be 'a' (application), 'o' (operating system), 'h' (hardware) "
                    + "or ANY, not \(part)")
        }
    }
}

extension CPEName: Codable {
    /// Decodes a name from any binding.
    public init(from decoder: any Decoder) throws {
        self = try CPEName(parsing: decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the formatted string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formattedString)
    }
}
