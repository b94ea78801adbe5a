extension CPEName {
    /// Parses the textual WFN form NISTIR 7695 writes, `wfn:[part="a",vendor="microsoft",version="8\.0",update=NA]`.
    ///
    /// Attribute names are case-insensitive; unspecified attributes are ANY.
    ///
    /// - Throws: ``CPEError`` for unknown or repeated attributes, unterminated strings and invalid values.
    public init(wfn string: String) throws(CPEError) {
        guard string.hasPrefix("wfn:["), string.hasSuffix("]") else {
            throw CPEError(.malformedName, "a WFN is written 'wfn:[attribute=value,…]'", input: string)
        }
        var rest = Substring(string.dropFirst(5).dropLast())
        var values: [CPEAttribute: CPEAttributeValue] = [:]
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else {
                throw CPEError(.malformedName, "expected 'attribute=value'", input: string)
            }
            let name = rest[..<equals].trimmingSpaces().lowercased()
            guard let attribute = CPEAttribute(rawValue: name), values[attribute] == nil else {
                throw CPEError(.malformedName, "unknown or repeated attribute '\(name)'", input: string)
            }
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            let (value, remainder) = try Self.parseWFNValue(rest, input: string)
            values[attribute] = value
            rest = remainder.drop { $0 == " " }
            if rest.first == "," {
                rest = rest.dropFirst().drop { $0 == " " }
            } else if !rest.isEmpty {
                throw CPEError(.malformedName, "expected ',' between attributes", input: string)
            }
        }
        try self.init(values: values, input: string)
    }

    /// The WFN form, listing the attributes that are not ANY: `wfn:[part="a",vendor="microsoft",update=NA]`.
    public var wfnString: String {
        let listed = CPEAttribute.allCases.filter { self[$0] != .any }.map { "\($0.rawValue)=\(self[$0])" }
        return "wfn:[" + listed.joined(separator: ",") + "]"
    }

    private static func parseWFNValue(
        _ text: Substring, input: String
    ) throws(CPEError) -> (CPEAttributeValue, Substring) {
        if text.hasPrefix("ANY") { return (.any, text.dropFirst(3)) }
        if text.hasPrefix("NA") { return (.notApplicable, text.dropFirst(2)) }
        guard text.first == "\"" else {
            throw CPEError(.malformedName, "a value is ANY, NA or a quoted string", input: input)
        }
        var index = text.index(after: text.startIndex)
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                let value = String(text[text.index(after: text.startIndex)..<index])
                do {
                    return (try CPEAttributeValue(wfnValue: value), text[text.index(after: index)...])
                } catch {
                    throw error.naming(input)
                }
            }
            index = text.index(after: index)
        }
        throw CPEError(.malformedName, "a quoted value is not terminated", input: input)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
