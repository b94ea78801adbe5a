/// Debian's version scheme, as dpkg implements it; also used for opkg/ipk packages (OpenWrt, Yocto).
///
/// Grammar (Debian Policy §5.6.12, `deb-version(7)`): `[epoch:]upstream_version[-debian_revision]`.
/// - `epoch`: decimal digits, at most 2147483647 (dpkg's limit); `0` when absent.
/// - `upstream_version`: letters, digits and `.+~-`; `:` too when an epoch is present (dpkg's rule). It should start
///   with a digit; like dpkg, a version that does not is accepted (dpkg only warns).
/// - `debian_revision`: after the **last** hyphen; letters, digits and `.+~`.
///
/// Ordering is dpkg's `verrevcmp`: see ``DpkgOrdering``. Rejected with ``VersionParseError``: empty versions, empty
/// epoch, upstream or revision (`:1.0`, `1:`, `1.0-`), a non-numeric or too large epoch, white space and any other
/// character.
public struct DebianVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "deb"
    public var aliases: Set<String> { ["debian", "dpkg", "opkg", "ipk"] }
    public var ecosystems: Set<Ecosystem> { [.debian, .ubuntu, .openWrt] }
    public var purlTypes: Set<String> { ["deb"] }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> DebianVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        let bytes = Array(raw.utf8)
        var colon: Int?
        var lastHyphen: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ":") {
                if colon == nil { colon = index }
            } else if byte == UInt8(ascii: "-") {
                lastHyphen = index
            }
        }
        let epoch = try parseEpoch(bytes, colon: colon, raw: raw)
        let upstreamStart = colon.map { $0 + 1 } ?? 0
        let upstreamEnd = lastHyphen.flatMap { $0 > upstreamStart ? $0 : nil } ?? bytes.count
        if lastHyphen == upstreamStart || upstreamStart == upstreamEnd {
            throw fail(.malformed, "upstream version is empty", raw)
        }
        let revision: Range<Int>? = upstreamEnd < bytes.count ? (upstreamEnd + 1)..<bytes.count : nil
        if let revision, revision.isEmpty { throw fail(.malformed, "revision is empty after the last '-'", raw) }
        try checkCharacters(bytes[upstreamStart..<upstreamEnd], allowColon: colon != nil, raw: raw, part: "upstream")
        if let revision { try checkCharacters(bytes[revision], allowColon: false, raw: raw, part: "revision") }
        return DebianVersion(
            raw: raw, bytes: bytes, epoch: epoch, upstream: upstreamStart..<upstreamEnd, revision: revision)
    }

    private func parseEpoch(_ bytes: [UInt8], colon: Int?, raw: String) throws(VersionParseError) -> Int {
        guard let colon else { return 0 }
        if colon == 0 { throw fail(.malformed, "epoch is empty before ':'", raw) }
        var epoch = 0
        for byte in bytes[..<colon] {
            guard ASCII.isDigit(byte) else { throw fail(.malformed, "epoch must be a decimal number", raw) }
            epoch = epoch * 10 + Int(byte - UInt8(ascii: "0"))
            if epoch > Int(Int32.max) { throw fail(.malformed, "epoch is larger than 2147483647", raw) }
        }
        return epoch
    }

    private func checkCharacters(
        _ part: ArraySlice<UInt8>, allowColon: Bool, raw: String, part name: String
    ) throws(VersionParseError) {
        for byte in part where !ASCII.isAlphanumeric(byte) {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "~"): continue
            case UInt8(ascii: "-") where name == "upstream": continue
            case UInt8(ascii: ":") where allowColon: continue
            default:
                throw fail(
                    .invalidCharacter,
                    "\(name) holds \(ASCII.describe(byte)); allowed are letters, digits and "
                        + (name == "upstream" ? "'.+~-'" : "'.+~'"),
                    raw)
            }
        }
    }

    private func fail(_ code: VersionParseError.Code, _ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(code, message, scheme: Self.id, input: raw)
    }
}
