/// The generic **upstream** scheme for versions in NVD/CPE data and unpackaged software: `1.0.1j`, `4.2.6p5`,
/// `2.4.0-beta1`, `8.33`, `2.6.32.27`.
///
/// There is no single standard for these; this scheme is a documented, total order that agrees with how the
/// projects seen most in embedded CVE data number their releases (OpenSSL letter releases, NTP `p` patch levels,
/// `-betaN`/`-rcN` pre-releases, four-part kernel-style numbers).
///
/// 1. The version is split into items: runs of digits and runs of letters. The separators `.`, `-`, `_`, `+` and `~`
///    only split; `1.0-1` equals `1.0.1`.
/// 2. A letter run is a **pre-release** word when it is `dev`, `snapshot` (rank 0), `alpha` (1), `beta` (2),
///    `milestone` (3), `rc`, `cr`, `pre`, `preview` (4), or the single letters `a`, `b`, `m` directly followed by a
///    digit (`1.0a1` is alpha 1, `1.0b2` beta 2). The words `final`, `ga` and `release` count as zero. Every other
///    letter run is a **post-release** word (`j` in `1.0.1j`, `p` in `4.2.6p5`). Words are case-insensitive.
/// 3. All items sit on one scale: pre-release words (by rank) < zero < post-release words (alphabetically) <
///    positive numbers (by value, any length). A post-release word thus follows the release it qualifies and precedes
///    any later numbered one.
/// 4. Versions compare item by item; the shorter is padded with zeros. So `1.0` = `1.0.0`, `2.4.0-beta1` < `2.4.0`
///    < `2.4.0.1`, `1.0.1` < `1.0.1j` < `1.0.1.1` < `1.0.2`, `4.2.6` < `4.2.6p5` < `4.2.7`.
///
/// Because the scale is one total order and padding uses an element of it, the ordering is total and transitive.
///
/// Rejected with ``VersionParseError``: empty input, input without any letter or digit (`-`, `*`: CPE's NA and ANY
/// are not versions), and characters other than letters, digits and `.-_+~`.
public struct UpstreamVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "generic"
    public var aliases: Set<String> { ["upstream", "nvd", "cpe"] }
    public var ecosystems: Set<Ecosystem> { [] }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> UpstreamVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        let bytes = Array(raw.utf8)
        var items: [UpstreamVersion.Item] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                let end = bytes[index...].firstIndex { !ASCII.isDigit($0) } ?? bytes.count
                let digits = bytes[index..<end].drop { $0 == UInt8(ascii: "0") }
                items.append(.number(digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)))
                index = end
            } else if ASCII.isAlpha(byte) {
                let end = bytes[index...].firstIndex { !ASCII.isAlpha($0) } ?? bytes.count
                let word = String(decoding: bytes[index..<end].map(ASCII.lowercased), as: UTF8.self)
                let followedByDigit = end < bytes.count && ASCII.isDigit(bytes[end])
                items.append(Self.classify(word, followedByDigit: followedByDigit))
                index = end
            } else if Self.separators.contains(byte) {
                index += 1
            } else {
                throw VersionParseError(
                    .invalidCharacter, "holds \(ASCII.describe(byte)); allowed are letters, digits and '.-_+~'",
                    scheme: Self.id, input: raw)
            }
        }
        if items.isEmpty {
            throw VersionParseError(.malformed, "has no letter or digit", scheme: Self.id, input: raw)
        }
        return UpstreamVersion(raw: raw, items: items)
    }

    private static let separators: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
                                                 UInt8(ascii: "+"), UInt8(ascii: "~")]

    private static let preReleaseRanks: [String: Int] = [
        "dev": 0, "snapshot": 0, "alpha": 1, "beta": 2, "milestone": 3, "rc": 4, "cr": 4, "pre": 4, "preview": 4,
    ]
    private static let singleLetterRanks: [String: Int] = ["a": 1, "b": 2, "m": 3]
    private static let releaseWords: Set<String> = ["final", "ga", "release"]

    static func classify(_ word: String, followedByDigit: Bool) -> UpstreamVersion.Item {
        if let rank = preReleaseRanks[word] { return .preRelease(word: word, rank: rank) }
        if followedByDigit, let rank = singleLetterRanks[word] { return .preRelease(word: word, rank: rank) }
        if releaseWords.contains(word) { return .number("0") }
        return .postRelease(word)
    }
}
