/// A document that cannot be read as an SBOM: an unknown format, malformed content, an unsupported version, or a
/// document over the limits.
public struct SBOMDecodingError: Error, Sendable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unrecognisedFormat, malformedDocument, unsupportedSpecVersion, tooLarge
        }
        private let base: Base
        private init(base: Base) { self.base = base }

        /// No decoder recognises the content.
        public static let unrecognisedFormat = Code(base: .unrecognisedFormat)
        /// The content is not valid for its format: bad syntax, wrong types, missing required fields.
        public static let malformedDocument = Code(base: .malformedDocument)
        /// The format is known but its version is not supported.
        public static let unsupportedSpecVersion = Code(base: .unsupportedSpecVersion)
        /// The document exceeds ``SBOMDecodingLimits``.
        public static let tooLarge = Code(base: .tooLarge)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What went wrong, where in the document, and what to do.
    public var message: String
    /// The path or URL of the document; never its contents.
    public var source: String?
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, source: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" + (source.map { " [\($0)]" } ?? "") }
}
