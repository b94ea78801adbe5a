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

        /// The class on the scale: pre-release words < zero and absent items < post-release words < positive numbers.
        var scaleClass: Int {
            switch self {
            case .preRelease: 0
            case .number(let digits): digits == "0" ? 1 : 3
            case .postRelease: 2
            }
        }
    }

    /// The version exactly as parsed.
    public let raw: String
    /// The tokens, separators removed.
    public let items: [Item]

    public var description: String { raw }

    /// Compares item by item; the shorter version is padded with zeros, so `1.0` equals `1.0.0`, sorts after
    /// `1.0-rc1` and before `1.0a`.
    public static func compare(_ lhs: UpstreamVersion, _ rhs: UpstreamVersion) -> VersionOrdering {
        let zero = Item.number("0")
        for index in 0..<max(lhs.items.count, rhs.items.count) {
            let left = index < lhs.items.count ? lhs.items[index] : zero
            let right = index < rhs.items.count ? rhs.items[index] : zero
            let order = compare(left, right)
            if order != .equal { return order }
        }
        return .equal
    }

    static func compare(_ lhs: Item, _ rhs: Item) -> VersionOrdering {
        if lhs.scaleClass != rhs.scaleClass { return VersionOrdering(lhs.scaleClass, rhs.scaleClass) }
        switch (lhs, rhs) {
        case (.preRelease(_, let a), .preRelease(_, let b)): return VersionOrdering(a, b)
        case (.number(let a), .number(let b)): return ASCII.compareDigitRuns(ArraySlice(a.utf8), ArraySlice(b.utf8))
        case (.postRelease(let a), .postRelease(let b)): return ASCII.compareBytes(ArraySlice(a.utf8), ArraySlice(b.utf8))
        default: return .equal
        }
    }

    public static func < (lhs: UpstreamVersion, rhs: UpstreamVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: UpstreamVersion, rhs: UpstreamVersion) -> Bool { compare(lhs, rhs) == .equal }
}
