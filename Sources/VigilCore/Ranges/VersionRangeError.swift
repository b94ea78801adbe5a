/// A version range that cannot be built: bad `vers:` syntax, an invalid version, or contradictory constraints.
public struct VersionRangeError: Error, Sendable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformed, unknownScheme, invalidVersion, invalidConstraints, schemeMismatch
        }
        private let base: Base
        private init(base: Base) { self.base = base }

        /// The `vers:` string does not follow the VERS syntax.
        public static let malformed = Code(base: .malformed)
        /// No version scheme has the range's scheme name.
        public static let unknownScheme = Code(base: .unknownScheme)
        /// A version in the range is not valid under its scheme; ``VersionRangeError/cause`` says why.
        public static let invalidVersion = Code(base: .invalidVersion)
        /// The constraints contradict each other: a repeated version, `<` followed by `<`, both a start-including and
        /// a start-excluding bound.
        public static let invalidConstraints = Code(base: .invalidConstraints)
        /// A range was tested with a version scheme other than its own.
        public static let schemeMismatch = Code(base: .schemeMismatch)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// The range as given, cut to 200 characters.
    public var input: String?
    /// The error behind this one: the ``VersionParseError`` behind ``Code/invalidVersion`` and
    /// ``Code/unknownScheme``.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, input: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.input = input?.truncatedForMessage(200)
        self.cause = cause
    }

    public var description: String {
        "\(code): \(message)" + (input.map { " [\"\($0.debugDescriptionContent)\"]" } ?? "")
            + (cause.map { " (\($0))" } ?? "")
    }
}
