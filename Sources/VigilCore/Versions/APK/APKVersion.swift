/// An Alpine apk package version (`1.2.3_rc1-r0`, `1.0.2k-r3`, `2.4~9f3a1c-r1`), parsed by ``APKVersionScheme``.
public struct APKVersion: Comparable, Sendable, CustomStringConvertible {
    /// One token of an apk version; the order of the cases is the order apk-tools gives token kinds.
    public enum Token: Sendable, Hashable {
        /// The first number.
        case initialNumber(String)
        /// A further `.`-separated number.
        case number(String)
        /// The single lowercase letter after the numbers (`k` in `1.0.2k`).
        case letter(UInt8)
        /// A `_suffix`, by its rank: alpha 1, beta 2, pre 3, rc 4, (none 5), cvs 6, svn 7, git 8, hg 9, p 10.
        case suffix(Int)
        /// The number after a suffix (`1` in `_rc1`).
        case suffixNumber(String)
        /// A `~hash` commit id.
        case commitHash(String)
        /// The `-rN` package revision.
        case revision(String)

        /// The token kind's place in apk-tools' ordering of kinds; the end of the version is 7.
        var kind: Int {
            switch self {
            case .initialNumber: 0
            case .number: 1
            case .letter: 2
            case .suffix: 3
            case .suffixNumber: 4
            case .commitHash: 5
            case .revision: 6
            }
        }
    }

    /// The version exactly as parsed.
    public let raw: String
    /// The tokens, in order.
    public let tokens: [Token]

    public var description: String { raw }

    /// Compares as apk-tools 3 does (`apk_version_compare`): token by token while the kinds agree; then a pre-release
    /// suffix (`_alpha` … `_rc`) sorts before whatever the other side has, and otherwise the side that reached the
    /// later kind of token (ultimately the end) is the smaller: `1.2 < 1.2.1`, `1.2_rc1 < 1.2 < 1.2_p1`,
    /// `1.0 < 1.0-r1`.
    public static func compare(_ lhs: APKVersion, _ rhs: APKVersion) -> VersionOrdering {
        var index = 0
        while true {
            let left = index < lhs.tokens.count ? lhs.tokens[index] : nil
            let right = index < rhs.tokens.count ? rhs.tokens[index] : nil
            guard let left, let right else {
                return tail(left, right)
            }
            guard left.kind == right.kind else { return tail(left, right) }
            let order = compareTokens(left, right)
            if order != .equal { return order }
            index += 1
        }
    }

    private static func tail(_ left: Token?, _ right: Token?) -> VersionOrdering {
        let leftKind = left?.kind ?? 7
        let rightKind = right?.kind ?? 7
        if leftKind == rightKind { return .equal }
        if case .suffix(let rank)? = left, rank < 5 { return .less }
        if case .suffix(let rank)? = right, rank < 5 { return .greater }
        return leftKind > rightKind ? .less : .greater
    }

    private static func compareTokens(_ left: Token, _ right: Token) -> VersionOrdering {
        switch (left, right) {
        case (.number(let a), .number(let b)):
            if a.hasPrefix("0") || b.hasPrefix("0") {
                return ASCII.compareBytes(ArraySlice(a.utf8), ArraySlice(b.utf8))
            }
            return ASCII.compareDigitRuns(ArraySlice(a.utf8), ArraySlice(b.utf8))
        case (.initialNumber(let a), .initialNumber(let b)), (.suffixNumber(let a), .suffixNumber(let b)),
            (.revision(let a), .revision(let b)):
            return ASCII.compareDigitRuns(ArraySlice(a.utf8), ArraySlice(b.utf8))
        case (.letter(let a), .letter(let b)): return VersionOrdering(a, b)
        case (.suffix(let a), .suffix(let b)): return VersionOrdering(a, b)
        case (.commitHash(let a), .commitHash(let b)): return ASCII.compareBytes(ArraySlice(a.utf8), ArraySlice(b.utf8))
        default: return .equal
        }
    }

    public static func < (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) == .equal }
}
