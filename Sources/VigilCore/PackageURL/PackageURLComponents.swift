/// Decoded purl components on their way to becoming a canonical ``PackageURL``: validation and normalisation.
struct PackageURLComponents {
    var type: String
    var namespace: String?
    var name: String
    var version: String?
    var qualifiers: [String: String]
    var subpath: String?

    /// Validates decoded components and applies the core and type-specific normalisation rules.
    static func normalise(
        type rawType: String, namespace rawNamespace: String?, name rawName: String, version: String?,
        qualifiers rawQualifiers: [String: String], subpath rawSubpath: String?, lowercaseKeys: Bool,
        rules: PackageURLTypeRules, input: String? = nil
    ) throws(PackageURLError) -> PackageURLComponents {
        let type = try validType(rawType, input: input)
        let values = [rawNamespace, rawName, version, rawSubpath] + rawQualifiers.values.map(Optional.some)
        for value in values.compactMap({ $0 }) {
            if let control = value.utf8.first(where: { $0 < 0x20 || $0 == 0x7F }) {
                throw PackageURLError(
                    .invalidCharacter, "a component holds the control character \(ASCII.describe(control))",
                    input: input)
            }
        }
        let rule = rules[type]
        var namespace = segments(rawNamespace).map { $0.joined(separator: "/") }
        if rule?.namespaceIsCaseSensitive == false { namespace = namespace?.lowercased() }
        if rule?.requiresNamespace == true, namespace == nil {
            throw PackageURLError(
                .invalidNamespace, "purls of type '\(type)' need a namespace (pkg:\(type)/NAMESPACE/NAME)",
                input: input)
        }
        var name = rawName
        while name.hasPrefix("/") { name.removeFirst() }
        while name.hasSuffix("/") { name.removeLast() }
        guard !name.isEmpty else { throw PackageURLError(.invalidName, "the name is missing or empty", input: input) }
        if let rule {
            if !rule.nameIsCaseSensitive { name = name.lowercased() }
            name = rule.normalizeName(name)
        }
        let qualifiers = try validQualifiers(rawQualifiers, lowercaseKeys: lowercaseKeys, input: input)
        let subpath = segments(rawSubpath)?.filter { $0 != "." && $0 != ".." }.joined(separator: "/")
        return PackageURLComponents(
            type: type, namespace: namespace, name: name, version: version?.isEmpty == true ? nil : version,
            qualifiers: qualifiers, subpath: subpath?.isEmpty == true ? nil : subpath)
    }

    private static func validType(_ raw: String, input: String?) throws(PackageURLError) -> String {
        let type = raw.lowercased()
        guard let first = type.utf8.first, ASCII.isAlpha(first) else {
            throw PackageURLError(.invalidType, "the type is missing or does not start with a letter", input: input)
        }
        for byte in type.utf8
        where !(ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")) {
            throw PackageURLError(
                .invalidType, "the type holds \(ASCII.describe(byte)); allowed are letters, digits, '.' and '-'",
                input: input)
        }
        return type
    }

    /// Splits on `/`, dropping empty segments; `nil` when nothing is left.
    private static func segments(_ value: String?) -> [String]? {
        guard let value else { return nil }
        let parts = value.split(separator: "/").map(String.init)
        return parts.isEmpty ? nil : parts
    }

    private static func validQualifiers(
        _ raw: [String: String], lowercaseKeys: Bool, input: String?
    ) throws(PackageURLError) -> [String: String] {
        var qualifiers: [String: String] = [:]
        for (rawKey, value) in raw where !value.isEmpty {
            let key = lowercaseKeys ? rawKey.lowercased() : rawKey
            guard let first = key.utf8.first, ASCII.isAlpha(first) else {
                throw PackageURLError(
                    .invalidQualifier, "qualifier key '\(key)' must start with a letter", input: input)
            }
            for byte in key.utf8 where !isKeyByte(byte) {
                throw PackageURLError(
                    .invalidQualifier,
                    "qualifier key '\(key)' holds \(ASCII.describe(byte)); keys are lowercase letters, digits and '.-_'",
                    input: input)
            }
            if qualifiers.updateValue(value, forKey: key) != nil {
                throw PackageURLError(.invalidQualifier, "qualifier key '\(key)' appears more than once", input: input)
            }
        }
        return qualifiers
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
