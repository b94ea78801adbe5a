/// The generic **upstream** scheme for versions in NVD/CPE data and unpackaged software: `1.0.1j`, `4.2.6p5`,
/// `2.4.0-beta1`, `8.33`, `2.6.32.27`.
///
/// There is no single standard for these; this scheme is a documented, total order that agrees with how the
/// projects seen most in embedded CVE data number their releases (OpenSSL letter releases, NTP `p` patch levels,
/// `-betaN`/`-rcN` pre-releases, four-part kernel-style numbers).
///
/// 1. The version is split into items: runs of digits and runs of letters. The separators `.`, `-`, `_`, `+`, `~`,
///    `:` and parentheses only split; `1.0-1` equals `1.0.1`, and Cisco-style `15.2(4)M` reads as `15.2.4.M`.
/// 2. A letter run is a **pre-release** word when it is `dev`, `snapshot` (rank 0), `alpha` (1), `beta` (2),
///    `milestone` (3), `rc`, `cr`, `pre`, `preview` (4), or the single letters `a` and `b` directly followed by a
///    digit (`1.0a1` is alpha 1, `1.0b2` beta 2). The words `final`, `ga` and `release` count as zero. Every other
///    letter run is a **post-release** word (`j` in `1.0.1j`, `p` in `4.2.6p5`). Words are case-insensitive.
/// 3. All items sit on one scale: pre-release words (by rank) < zero < post-release words (alphabetically) <
///    positive numbers (by value, any length). A post-release word thus follows the release it qualifies and precedes
///    any later numbered one.
/// 4. The leading run of numbers is the release (`2.4.0` in `2.4.0-beta1`). Releases compare first, number by number,
///    the shorter padded with zeros; then the rest compares item by item, again padded with zeros. So `1.0` =
///    `1.0.0`, `2.0-rc2` = `2.0.0-rc2` > `2.0.0-rc1`, `2.4.0-beta1` < `2.4.0` < `2.4.0.1`,
///    `1.0.1` < `1.0.1j` < `1.0.1.1` < `1.0.2`, `4.2.6` < `4.2.6p5` < `4.2.7`.
///
/// Each step compares sequences over one totally ordered scale, padded with an element of that scale, so the
/// ordering is total and transitive.
///
/// Rejected with ``VersionParseError``: empty input, input without any letter or digit (`-`, `*`: CPE's NA and ANY
/// are not versions), and characters other than letters, digits and `.-_+~:()`.
public struct UpstreamVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "generic"
    public var aliases: Set<String> { ["upstream", "nvd", "cpe"] }
    public var ecosystems: Set<Ecosystem> { [] }
    public var purlTypes: Set<String> { ["generic", "yocto", "github", "bitbucket", "conan"] }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> UpstreamVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        var bytes = Array(raw.utf8)
        var tokens: [UpstreamVersion.Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                var end = index
                while end < bytes.count && ASCII.isDigit(bytes[end]) { end += 1 }
                var start = index
                while start < end - 1 && bytes[start] == UInt8(ascii: "0") { start += 1 }
                let isZero = start == end - 1 && bytes[start] == UInt8(ascii: "0")
                tokens.append(.init(scaleClass: isZero ? 1 : 3, rank: 0, range: Int32(start)..<Int32(end)))
                index = end
            } else if ASCII.isAlpha(byte) {
                var end = index
                while end < bytes.count && ASCII.isAlpha(bytes[end]) {
                    bytes[end] = ASCII.lowercased(bytes[end])
                    end += 1
                }
                let followedByDigit = end < bytes.count && ASCII.isDigit(bytes[end])
                let (scaleClass, rank) = Self.classify(bytes[index..<end], followedByDigit: followedByDigit)
                tokens.append(.init(scaleClass: scaleClass, rank: rank, range: Int32(index)..<Int32(end)))
                index = end
            } else if Self.isSeparator(byte) {
                index += 1
            } else {
                throw VersionParseError(
                    .invalidCharacter, "holds \(ASCII.describe(byte)); allowed are letters, digits and '.-_+~:()'",
                    scheme: Self.id, input: raw)
            }
        }
        if tokens.isEmpty {
            throw VersionParseError(.malformed, "has no letter or digit", scheme: Self.id, input: raw)
        }
        return UpstreamVersion(raw: raw, bytes: bytes, tokens: tokens)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "~"),
            UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"):
            true
        default: false
        }
    }

    /// Places a lowercased word on the scale: (class, rank).
    static func classify(_ word: ArraySlice<UInt8>, followedByDigit: Bool) -> (UInt8, UInt8) {
        switch word.count {
        case 1:
            if followedByDigit, let rank = singleLetterRank(word[word.startIndex]) { return (0, rank) }
            return (2, 0)
        case 2...9:
            let text = String(decoding: word, as: UTF8.self)
            if let rank = preReleaseRanks[text] { return (0, rank) }
            if releaseWords.contains(text) { return (1, 0) }
            return (2, 0)
        default:
            return (2, 0)
        }
    }

    private static func singleLetterRank(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "a"): 1
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    private static let preReleaseRanks: [String: UInt8] = [
        "dev": 0, "snapshot": 0, "alpha": 1, "beta": 2, "milestone": 3, "rc": 4, "cr": 4, "pre": 4, "preview": 4,
    ]
    private static let releaseWords: Set<String> = ["final", "ga", "release"]
}
