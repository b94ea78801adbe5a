/// Alpine's apk version scheme, as apk-tools 3 implements it (`src/version.c`), also used by Wolfi and Chainguard.
///
/// Grammar (`apk-package(5)`): `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`.
/// - numbers: decimal; the first compares numerically, later ones too unless either side starts with `0`, in which
///   case they compare as strings (`1.01` < `1.1`, `8.2.0` < `8.2.001`);
/// - letter: one lowercase letter, after the numbers only (`1.0.2k`);
/// - suffixes, in order: `_alpha`, `_beta`, `_pre`, `_rc` (pre-releases, before the release), then `_cvs`, `_svn`,
///   `_git`, `_hg`, `_p` (after it), each with an optional number;
/// - `~hash`: hexadecimal commit id; `-rN`: the package revision.
///
/// Ordering: see ``APKVersion/compare(_:_:)``. Rejected with ``VersionParseError``, as `apk version --check` rejects
/// them: a version not starting with a digit, an unknown or empty suffix (`1.0_foo`, `1.0_`), a letter followed by a
/// digit (`0.1a1`), two letters, `-r` without a number, an empty `~hash`, and parts out of order (`1.0-r1_p1`).
public struct APKVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "apk"
    public var aliases: Set<String> { ["alpine"] }
    public var ecosystems: Set<Ecosystem> { [.alpine, .wolfi, .chainguard] }
    public var purlTypes: Set<String> { ["apk"] }

    public init() {}

    private static let suffixes: [String: Int] = [
        "alpha": 1, "beta": 2, "pre": 3, "rc": 4, "cvs": 6, "svn": 7, "git": 8, "hg": 9, "p": 10,
    ]

    public func parse(_ raw: String) throws(VersionParseError) -> APKVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        var rest = ArraySlice(raw.utf8)
        let first = rest.prefix { ASCII.isDigit($0) }
        guard !first.isEmpty else { throw fail("does not start with a number", raw) }
        var tokens: [APKVersion.Token] = [.initialNumber(String(decoding: first, as: UTF8.self))]
        rest = rest.dropFirst(first.count)
        while let byte = rest.first {
            let previous = tokens[tokens.count - 1].kind
            let token: APKVersion.Token
            let length: Int
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z") where previous <= 1:
                (token, length) = (.letter(byte), 1)
            case UInt8(ascii: ".") where previous <= 1:
                let digits = rest.dropFirst().prefix { ASCII.isDigit($0) }
                guard !digits.isEmpty else { throw fail("'.' is not followed by a number", raw) }
                (token, length) = (.number(String(decoding: digits, as: UTF8.self)), 1 + digits.count)
            case UInt8(ascii: "0")...UInt8(ascii: "9") where previous == 3:
                let digits = rest.prefix { ASCII.isDigit($0) }
                (token, length) = (.suffixNumber(String(decoding: digits, as: UTF8.self)), digits.count)
            case UInt8(ascii: "_") where previous <= 4:
                let name = rest.dropFirst().prefix { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
                guard let rank = Self.suffixes[String(decoding: name, as: UTF8.self)] else {
                    throw fail(
                        "'_\(String(decoding: name, as: UTF8.self))' is not a known suffix "
                            + "(alpha, beta, pre, rc, cvs, svn, git, hg, p)", raw)
                }
                (token, length) = (.suffix(rank), 1 + name.count)
            case UInt8(ascii: "~") where previous < 5:
                let hash = rest.dropFirst().prefix { ASCII.isDigit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
                guard !hash.isEmpty else { throw fail("'~' is not followed by a hexadecimal commit id", raw) }
                (token, length) = (.commitHash(String(decoding: hash, as: UTF8.self)), 1 + hash.count)
            case UInt8(ascii: "-") where previous < 6 && rest.dropFirst().first == UInt8(ascii: "r"):
                let digits = rest.dropFirst(2).prefix { ASCII.isDigit($0) }
                guard !digits.isEmpty else { throw fail("'-r' is not followed by a number", raw) }
                (token, length) = (.revision(String(decoding: digits, as: UTF8.self)), 2 + digits.count)
            default:
                throw fail(
                    "\(ASCII.describe(byte)) is not allowed here (number{.number}{letter}{_suffix{n}}{~hash}{-rN})",
                    raw)
            }
            tokens.append(token)
            rest = rest.dropFirst(length)
        }
        return APKVersion(raw: raw, tokens: tokens)
    }

    private func fail(_ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(.malformed, message, scheme: Self.id, input: raw)
    }
}
