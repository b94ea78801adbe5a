/// A version as upstream projects and NVD/CPE data write it (`1.0.1j`, `4.2.6p5`, `2.4.0-beta1`, `2.6.32.27`), parsed by
/// ``UpstreamVersionScheme``.
public struct UpstreamVersion: Comparable, Sendable, CustomStringConvertible {
    /// One token of the version, placed on a single ordering scale.
    public enum Item: Sendable, Hashable, CustomStringConvertible {
        /// A pre-release word (`alpha`, `b` before a digit, `rc`, `dev`…), with its rank: dev < alpha < beta <
        /// milestone < rc.
        case preRelease(word: String, rank: Int)
        /// A number, as its digit string without leading zeros (`"0"` for zero).
        case number(String)
        /// Any other word: a post-release letter or word (`j` in `1.0.1j`, `p` in `4.2.6p5`, `patch`).
        case postRelease(String)

        public var description: String {
            switch self {
            case .preRelease(let word, _): word
            case .number(let digits): digits
            case .postRelease(let word): word
            }
        }
    }

    /// A token as stored: its place on the scale and where its text lies in the lowercased bytes.
    struct Token {
        /// 0 pre-release word, 1 zero, 2 post-release word, 3 positive number.
        var scaleClass: UInt8
        /// The pre-release rank; 0 otherwise.
        var rank: UInt8
        /// The token's bytes (digits without leading zeros, or the lowercased word).
        var range: Range<Int32>
    }

    /// The version exactly as parsed.
    public let raw: String
    let bytes: [UInt8]
    let tokens: [Token]

    init(raw: String, bytes: [UInt8], tokens: [Token]) {
        self.raw = raw
        self.bytes = bytes
        self.tokens = tokens
    }

    /// The tokens, separators removed.
    public var items: [Item] {
        tokens.map { token in
            let text = String(decoding: bytes[Int(token.range.lowerBound)..<Int(token.range.upperBound)], as: UTF8.self)
            switch token.scaleClass {
            case 0: return .preRelease(word: text, rank: Int(token.rank))
            case 1: return .number("0")
            case 2: return .postRelease(text)
            default: return .number(text)
            }
        }
    }

    public var description: String { raw }

    /// Compares the leading run of numbers (the release, `1.0` in `1.0-rc1`) first, the shorter padded with zeros,
    /// then the rest item by item, again padded with zeros: so `1.0` = `1.0.0`, `1.0-rc1` = `1.0.0-rc1` < `1.0`,
    /// and `1.0` < `1.0a` < `1.0.1`.
    public static func compare(_ lhs: UpstreamVersion, _ rhs: UpstreamVersion) -> VersionOrdering {
        let leftRelease = lhs.releaseCount
        let rightRelease = rhs.releaseCount
        let release = compare(lhs, 0..<leftRelease, rhs, 0..<rightRelease)
        if release != .equal { return release }
        return compare(lhs, leftRelease..<lhs.tokens.count, rhs, rightRelease..<rhs.tokens.count)
    }

    /// Compares two runs of tokens item by item, the shorter padded with zeros.
    private static func compare(
        _ lhs: UpstreamVersion, _ left: Range<Int>, _ rhs: UpstreamVersion, _ right: Range<Int>
    ) -> VersionOrdering {
        let zero = Token(scaleClass: 1, rank: 0, range: 0..<0)
        for offset in 0..<max(left.count, right.count) {
            let a = offset < left.count ? lhs.tokens[left.lowerBound + offset] : zero
            let b = offset < right.count ? rhs.tokens[right.lowerBound + offset] : zero
            if a.scaleClass != b.scaleClass { return a.scaleClass < b.scaleClass ? .less : .greater }
            let order: VersionOrdering
            switch a.scaleClass {
            case 0: order = VersionOrdering(a.rank, b.rank)
            case 1: order = .equal
            case 2: order = ASCII.compareBytes(lhs.slice(a), rhs.slice(b))
            default: order = ASCII.compareDigitRuns(lhs.slice(a), rhs.slice(b))
            }
            if order != .equal { return order }
        }
        return .equal
    }

    /// The number of leading tokens that are numbers: the release.
    private var releaseCount: Int {
        tokens.firstIndex { $0.scaleClass != 1 && $0.scaleClass != 3 } ?? tokens.count
    }

    private func slice(_ token: Token) -> ArraySlice<UInt8> {
        bytes[Int(token.range.lowerBound)..<Int(token.range.upperBound)]
    }

    public static func < (lhs: UpstreamVersion, rhs: UpstreamVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: UpstreamVersion, rhs: UpstreamVersion) -> Bool { compare(lhs, rhs) == .equal }
}
