/// RPM's version scheme (`rpmvercmp` and EVR comparison), for Red Hat, AlmaLinux, Rocky, SUSE and other RPM distros.
///
/// Grammar: `[epoch:]version[-release]`, split as rpm's `parseEVR` does. The epoch is the run of digits before a
/// `:` (`0` when absent or empty; `a:1` has no epoch and version `a:1`); the release follows the **last** `-` and may
/// be empty. Ordering: epoch numerically, then version, then release with `rpmvercmp` (see
/// ``RPMOrdering``), including `~` (pre-release) and `^` (post-release snapshot) as rpm ≥ 4.15 handles them.
///
/// Bytes outside ASCII are separators, as in rpm (`1.1.α` = `1.1.β`). Rejected with ``VersionParseError``: an empty
/// version (`1:`, `-1`), an epoch above 2147483647, and white space or control characters anywhere.
public struct RPMVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "rpm"
    public var aliases: Set<String> { ["redhat", "rhel"] }
    public var purlTypes: Set<String> { ["rpm"] }
    public var ecosystems: Set<Ecosystem> {
        [.almaLinux, .rockyLinux, .redHat, .openSUSE, .suse, .mageia, .openEuler]
    }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> RPMVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        for byte in raw.utf8 where byte <= 0x20 || byte == 0x7F {
            throw fail(
                .invalidCharacter,
                "holds \(ASCII.describe(byte)); white space and control characters are not "
                    + "allowed", raw)
        }
        let bytes = Array(raw.utf8)
        var start = 0
        var epoch = 0
        // As rpm's parseEVR: an epoch is the (possibly empty) run of digits before a ':'; otherwise the colon
        // belongs to the version.
        let digits = bytes.prefix { ASCII.isDigit($0) }
        if digits.count < bytes.count && bytes[digits.count] == UInt8(ascii: ":") {
            for digit in digits {
                epoch = epoch * 10 + Int(digit - UInt8(ascii: "0"))
                if epoch > Int(Int32.max) { throw fail(.malformed, "epoch is larger than 2147483647", raw) }
            }
            start = digits.count + 1
        }
        var end = bytes.count
        var release: Range<Int>?
        if let hyphen = bytes[start...].lastIndex(of: UInt8(ascii: "-")) {
            release = (hyphen + 1)..<bytes.count
            end = hyphen
        }
        if start == end { throw fail(.malformed, "version is empty", raw) }
        return RPMVersion(raw: raw, bytes: bytes, epoch: epoch, version: start..<end, release: release)
    }

    private func fail(_ code: VersionParseError.Code, _ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(code, message, scheme: Self.id, input: raw)
    }
}
