/// A version string that a scheme cannot parse, or a scheme that is not known.
///
/// ```swift
/// do { _ = try DebianVersionScheme().parse("1.0-") }
/// catch { print(error) }   // malformed: revision is empty after '-' [deb: "1.0-"]
/// ```
public struct VersionParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case empty, invalidCharacter, malformed, tooLong, unknownScheme
        }
        private let base: Base
        private init(base: Base) { self.base = base }

        /// The version string is empty or only white space.
        public static let empty = Code(base: .empty)
        /// The version holds a character the scheme does not allow.
        public static let invalidCharacter = Code(base: .invalidCharacter)
        /// The characters are allowed but their arrangement is not (`1.0-`, `a:1.0`, `1..2` in SemVer).
        public static let malformed = Code(base: .malformed)
        /// The version is longer than ``VersionParseError/maximumLength``.
        public static let tooLong = Code(base: .tooLong)
        /// No version scheme has the requested name.
        public static let unknownScheme = Code(base: .unknownScheme)

        public var description: String { base.rawValue }
    }

    /// The longest version string any scheme accepts, in UTF-8 bytes. Longer input is hostile or garbage.
    public static let maximumLength = 256

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and, where it helps, what to do.
    public var message: String
    /// The scheme that rejected the input.
    public var scheme: VersionSchemeID
    /// The rejected input, cut to 80 characters so that hostile input does not flood logs.
    public var input: String

    public init(_ code: Code, _ message: String, scheme: VersionSchemeID, input: String) {
        self.code = code
        self.message = message
        self.scheme = scheme
        self.input = input.truncatedForMessage(80)
    }

    public var description: String {
        "\(code): \(message) [\(scheme): \"\(input.debugDescriptionContent)\"]"
    }
}

extension VersionParseError {
    /// Checks the constraints every scheme shares: non-empty and not longer than ``maximumLength``.
    ///
    /// - Throws: ``Code/empty`` or ``Code/tooLong``.
    public static func checkLength(_ raw: String, scheme: VersionSchemeID) throws(VersionParseError) {
        if raw.utf8.isEmpty {
            throw VersionParseError(.empty, "version is empty", scheme: scheme, input: raw)
        }
        if raw.utf8.count > maximumLength {
            throw VersionParseError(
                .tooLong, "version is \(raw.utf8.count) bytes long; at most \(maximumLength) are accepted",
                scheme: scheme, input: raw)
        }
    }
}
