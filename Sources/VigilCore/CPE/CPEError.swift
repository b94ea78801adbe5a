/// A string that is not a valid CPE name, or an attribute value that breaks the WFN rules of NISTIR 7695.
public struct CPEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformedName, invalidPart, invalidValue, invalidPercentEncoding, tooLong
        }
        private let base: Base
        private init(base: Base) { self.base = base }

        /// The prefix is not `cpe:2.3:`, `cpe:/` or `wfn:[`, or the name has the wrong number of components.
        public static let malformedName = Code(base: .malformedName)
        /// The part is not `a`, `o`, `h` or ANY.
        public static let invalidPart = Code(base: .invalidPart)
        /// An attribute value breaks NISTIR 7695 §5.3.2: an embedded wildcard, an unquoted special character,
        /// white space, a lone quoted hyphen.
        public static let invalidValue = Code(base: .invalidValue)
        /// A URI component holds a `%xx` form that NISTIR 7695 Table 6-1 does not allow, or a misplaced `%01`/`%02`.
        public static let invalidPercentEncoding = Code(base: .invalidPercentEncoding)
        /// The name is longer than ``CPEName/maximumLength``.
        public static let tooLong = Code(base: .tooLong)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// The rejected input, cut to 120 characters.
    public var input: String?

    public init(_ code: Code, _ message: String, input: String? = nil) {
        self.code = code
        self.message = message
        self.input = input?.truncatedForMessage(120)
    }

    /// The same error, naming the whole input it was found in.
    func naming(_ input: String?) -> CPEError { CPEError(code, message, input: input) }

    public var description: String {
        "\(code): \(message)" + (input.map { " [\"\($0.debugDescriptionContent)\"]" } ?? "")
    }
}
