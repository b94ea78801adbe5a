/// A version string a component's own code compiles into every binary that contains it — a shared library, an
/// executable, or a program that links the library statically — and how to read the version from it.
///
/// A signature is found in two steps: its ``anchors`` (literals) by one pass over the file for all signatures at
/// once, then its ``pattern`` (a regular expression with a `version` capture) on the printable string around the
/// anchor, as `strings` would print it. The match must contain the anchor.
public struct BinarySignature: Sendable, Hashable {
    /// Stable id, used as the evidence rule: `openssl.banner`.
    public var id: String
    /// The component's name as the CPE dictionary knows it: `openssl`, `zlib`.
    public var component: String
    /// Literals a match contains (any one of them): what the one-pass search looks for.
    public var anchors: [String]
    /// A regular expression matched against the printable string holding an anchor: `^` and `$` are the string's
    /// ends. The version is its `version` capture, or `major`, `minor` and `patch` captures joined with dots (leading
    /// zeros dropped: libxml2's `20914` is 2.9.14).
    public var pattern: String
    /// The anchor must start its string (a bare version such as `10.42 2022-12-11`): checked before the pattern,
    /// so that frequent anchors cost little.
    public var anchorStartsString: Bool
    /// Literals the same file must also contain (all of them) for a match to count: strings only this component
    /// has, for signatures whose own string is not specific. When several versions match, the one nearest the
    /// first of these wins.
    public var requires: [String]
    /// How far (in bytes) the first required literal may be from the match, when it must be close: bare versions
    /// that sit next to their component's own data (liblzma's `5.4.1` just before the `7zXZ` magic).
    public var maximumDistance: Int?
    /// Between 0 and 1: how sure a match is to be this component at this version.
    public var confidence: Double
    /// A string seen in a real binary: the documentation and the first test of the signature.
    public var example: String
    /// The version ``example`` gives.
    public var exampleVersion: String
    /// Where the string comes from in the component's source, where it was seen, and caveats.
    public var note: String
    /// What the pattern is matched against: the file's bytes, or its name (uClibc's `ld-uClibc-0.9.33.2.so`).
    public var target: Target
    /// When not empty, the captured value is looked up here to give the version (FreeType's `so.6.18.3` is
    /// release 2.12.1); a value the table does not hold gives no match.
    public var versions: [String: String]

    public enum Target: String, Sendable, Hashable {
        /// The printable strings of the file's bytes, found through the anchors.
        case contents
        /// The file's name (its last path component); no anchors.
        case fileName = "file-name"
    }

    public init(
        id: String, component: String, anchors: [String], pattern: String, anchorStartsString: Bool = false,
        requires: [String] = [], maximumDistance: Int? = nil, confidence: Double, example: String,
        exampleVersion: String, note: String, target: Target = .contents, versions: [String: String] = [:]
    ) {
        self.id = id
        self.component = component
        self.anchors = anchors
        self.pattern = pattern
        self.anchorStartsString = anchorStartsString
        self.requires = requires
        self.maximumDistance = maximumDistance
        self.confidence = confidence
        self.example = example
        self.exampleVersion = exampleVersion
        self.note = note
        self.target = target
        self.versions = versions
    }
}

/// One signature found in one file.
public struct SignatureMatch: Sendable, Hashable {
    public var signature: String
    public var component: String
    public var version: String
    /// Where the matched text starts in the file, in bytes; nil for a match on the file's name.
    public var offset: Int?
    /// The printable string the version was read from (at most ``SignatureSet/maximumContext`` bytes each side of
    /// the anchor).
    public var text: String
    public var confidence: Double
}

/// Why a signature set cannot be built.
public struct SignatureError: Error, Sendable, CustomStringConvertible {
    public var signature: String
    public var message: String

    public var description: String { "signature \(signature): \(message)" }
}

/// Signatures compiled for scanning: one automaton over all anchors.
///
/// ```swift
/// let set = try SignatureSet(BinarySignature.builtIn)
/// var matcher = try set.matcher()        // one per thread
/// let matches = matcher.scan(bytes)
/// ```
public struct SignatureSet: Sendable {
    public let signatures: [BinarySignature]
    let automaton: ByteAutomaton
    /// For each automaton pattern, the signatures whose anchor it is (none for a pattern only required).
    let signaturesByAnchor: [[Int]]
    /// For each signature, the automaton patterns it requires in the same file.
    let requiredLiterals: [[Int]]
    /// For each automaton pattern, whether some signature requires it.
    let isRequired: [Bool]
    /// The signatures matched against file names.
    let fileNameSignatures: [Int]

    /// How far the printable string around an anchor is read, each side.
    public static let maximumContext = 256

    /// - Throws: ``SignatureError`` for an empty or non-printable anchor, a pattern that does not compile or has
    ///   neither a `version` capture nor `major`/`minor`/`patch` captures, or a duplicate id.
    public init(_ signatures: [BinarySignature]) throws(SignatureError) {
        var anchors: [String: Int] = [:]
        var byAnchor: [[Int]] = []
        var ids = Set<String>()
        var literals: [String] = []
        func literal(_ text: String) -> Int {
            if let existing = anchors[text] { return existing }
            anchors[text] = literals.count
            literals.append(text)
            byAnchor.append([])
            return literals.count - 1
        }
        var required: [[Int]] = []
        for (index, signature) in signatures.enumerated() {
            guard ids.insert(signature.id).inserted else {
                throw SignatureError(signature: signature.id, message: "duplicate id")
            }
            for text in signature.anchors + signature.requires {
                guard !text.isEmpty, text.utf8.allSatisfy(Self.isPrintable) else {
                    throw SignatureError(signature: signature.id, message: "anchors must be printable ASCII")
                }
            }
            guard signature.anchors.isEmpty == (signature.target == .fileName) else {
                throw SignatureError(
                    signature: signature.id,
                    message: signature.target == .fileName ? "a file-name signature has no anchors" : "no anchor")
            }
            do {
                let regex = try Regex<AnyRegexOutput>(signature.pattern)
                guard
                    regex.contains(captureNamed: "version")
                        || ["major", "minor", "patch"].allSatisfy(regex.contains(captureNamed:))
                else {
                    throw SignatureError(
                        signature: signature.id,
                        message: "the pattern has no (?<version>…) or major/minor/patch captures")
                }
            } catch let error as SignatureError {
                throw error
            } catch {
                throw SignatureError(signature: signature.id, message: "the pattern does not compile: \(error)")
            }
            for text in Set(signature.anchors) { byAnchor[literal(text)].append(index) }
            required.append(signature.requires.map(literal))
        }
        guard literals.reduce(0, { $0 + $1.utf8.count }) < ByteAutomaton.maximumStates else {
            throw SignatureError(
                signature: signatures.last?.id ?? "",
                message: "the anchors have too many bytes in all for one automaton")
        }
        self.signatures = signatures
        signaturesByAnchor = byAnchor
        requiredLiterals = required
        var isRequired = [Bool](repeating: false, count: literals.count)
        for literal in required.joined() { isRequired[literal] = true }
        self.isRequired = isRequired
        fileNameSignatures = signatures.indices.filter { signatures[$0].target == .fileName }
        automaton = ByteAutomaton(patterns: literals.map { Array($0.utf8) })
    }

    /// A matcher for one thread: regular expressions cannot be shared between threads.
    public func matcher() -> SignatureMatcher { SignatureMatcher(set: self) }

    @inline(__always)
    static func isPrintable(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte < 0x7F) || byte == 0x09 }
}
