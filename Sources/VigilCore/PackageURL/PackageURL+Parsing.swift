extension PackageURL {
    /// Parses a purl string, following the specification's parsing procedure.
    ///
    /// ```swift
    /// let purl = try PackageURL(parsing: "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25")
    /// ```
    /// - Parameters:
    ///   - string: The purl.
    ///   - mode: ``ParsingMode/strict`` (the default) follows the specification; ``ParsingMode/lenient`` also takes
    ///     what SBOM generators write in the wild.
    ///   - rules: The type rules used to normalise namespace and name.
    /// - Throws: ``PackageURLError`` saying which component is wrong.
    /// - Complexity: O(*n*) in the length of the string.
    public init(
        parsing string: String, mode: ParsingMode = .strict, rules: PackageURLTypeRules = .builtIn
    ) throws(PackageURLError) {
        guard string.utf8.count <= Self.maximumLength else {
            throw PackageURLError(.tooLong, "a purl may be at most \(Self.maximumLength) bytes", input: string)
        }
        try Self.checkCharacters(string, mode: mode)
        var remainder = Substring(string)
        var subpath: String?
        if let hash = remainder.lastIndex(of: "#") {
            subpath = try PackageURL.decodeSegments(
                remainder[remainder.index(after: hash)...], code: .invalidSubpath, input: string)
            remainder = remainder[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = remainder.lastIndex(of: "?") {
            qualifiers = try Self.parseQualifiers(remainder[remainder.index(after: question)...], input: string)
            remainder = remainder[..<question]
        }
        guard let colon = remainder.firstIndex(of: ":"), remainder[..<colon].lowercased() == "pkg" else {
            throw PackageURLError(.missingScheme, "a purl starts with 'pkg:'", input: string)
        }
        remainder = remainder[remainder.index(after: colon)...].drop { $0 == "/" }
        guard let slash = remainder.firstIndex(of: "/") else {
            throw PackageURLError(.invalidType, "no '/' after the type (pkg:TYPE/NAME)", input: string)
        }
        let type = String(remainder[..<slash])
        remainder = remainder[remainder.index(after: slash)...]
        var version: String?
        if let at = remainder.lastIndex(of: "@") {
            version = try PercentEncoding.decode(remainder[remainder.index(after: at)...], input: string)
            remainder = remainder[..<at]
        }
        while remainder.hasSuffix("/") { remainder = remainder.dropLast() }
        let nameStart = remainder.lastIndex(of: "/").map { remainder.index(after: $0) } ?? remainder.startIndex
        let name = try PercentEncoding.decode(remainder[nameStart...], input: string)
        let namespace = try PackageURL.decodeSegments(remainder[..<nameStart], code: .invalidNamespace, input: string)
        self.init(
            try PackageURLComponents.normalise(
                type: type, namespace: namespace, name: name, version: version, qualifiers: qualifiers,
                subpath: subpath, lowercaseKeys: mode == .lenient, rules: rules, input: string))
    }

    private static func checkCharacters(_ string: String, mode: ParsingMode) throws(PackageURLError) {
        for byte in string.utf8 {
            if byte < 0x20 || byte == 0x7F {
                throw PackageURLError(
                    .invalidCharacter, "holds the control character \(ASCII.describe(byte))",
                    input: string)
            }
            if mode == .strict && !(ASCII.isAlphanumeric(byte) || permitted.contains(byte)) {
                throw PackageURLError(
                    .invalidCharacter,
                    "holds \(ASCII.describe(byte)), which must be percent-encoded (use lenient parsing for SBOMs "
                        + "that do not)", input: string)
            }
        }
    }

    private static let permitted = Set(".-_~%:/@?=&#".utf8)

    private static func parseQualifiers(_ text: Substring, input: String) throws(PackageURLError) -> [String: String] {
        var qualifiers: [String: String] = [:]
        for pair in text.split(separator: "&") {
            guard let equals = pair.firstIndex(of: "=") else {
                throw PackageURLError(.invalidQualifier, "qualifier '\(pair)' is not key=value", input: input)
            }
            let key = String(pair[..<equals])
            let value = try PercentEncoding.decode(pair[pair.index(after: equals)...], input: input)
            if qualifiers.updateValue(value, forKey: key) != nil {
                throw PackageURLError(.invalidQualifier, "qualifier key '\(key)' appears more than once", input: input)
            }
        }
        return qualifiers
    }

    /// Decodes `/`-separated segments, dropping empty ones; a segment that decodes to a `/` is rejected.
    private static func decodeSegments(
        _ text: Substring, code: PackageURLError.Code, input: String
    ) throws(PackageURLError) -> String? {
        var segments: [String] = []
        for segment in text.split(separator: "/") {
            let decoded = try PercentEncoding.decode(segment, input: input)
            if decoded.contains("/") {
                throw PackageURLError(code, "a segment may not hold an encoded '/'", input: input)
            }
            segments.append(decoded)
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }
}
