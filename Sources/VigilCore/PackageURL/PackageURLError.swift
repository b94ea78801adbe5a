/// A string that is not a valid package URL, or components that cannot form one.
public struct PackageURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case missingScheme, invalidType, invalidNamespace, invalidName, invalidQualifier, invalidSubpath,
                invalidPercentEncoding, invalidCharacter, tooLong
        }
        private let base: Base
        private init(base: Base) { self.base = base }

        /// The string does not start with `pkg:`.
        public static let missingScheme = Code(base: .missingScheme)
        /// The type is missing, does not start with a letter, or holds characters other than letters, digits, `.-`.
        public static let invalidType = Code(base: .invalidType)
        /// The namespace is missing where the type requires one, or a segment is invalid.
        public static let invalidNamespace = Code(base: .invalidNamespace)
        /// The name is missing or empty.
        public static let invalidName = Code(base: .invalidName)
        /// A qualifier is not `key=value`, its key is not lowercase `[a-z0-9.-_]` starting with a letter, or repeats.
        public static let invalidQualifier = Code(base: .invalidQualifier)
        /// The subpath holds an invalid segment.
        public static let invalidSubpath = Code(base: .invalidSubpath)
        /// A `%` is not followed by two hexadecimal digits, or the decoded bytes are not UTF-8.
        public static let invalidPercentEncoding = Code(base: .invalidPercentEncoding)
        /// The string holds a character a purl may not hold unencoded (strict mode).
        public static let invalidCharacter = Code(base: .invalidCharacter)
        /// The string is longer than ``PackageURL/maximumLength``.
        public static let tooLong = Code(base: .tooLong)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// The rejected input, cut to 120 characters; `nil` when building from components.
    public var input: String?

    public init(_ code: Code, _ message: String, input: String? = nil) {
        self.code = code
        self.message = message
        self.input = input?.truncatedForMessage(120)
    }

    public var description: String {
        "\(code): \(message)" + (input.map { " [\"\($0.debugDescriptionContent)\"]" } ?? "")
    }
}
