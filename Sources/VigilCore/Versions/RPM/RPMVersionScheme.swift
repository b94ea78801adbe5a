/// RPM's version scheme (`rpmvercmp` and EVR comparison), for Red Hat, AlmaLinux, Rocky, SUSE and other RPM distros.
///
/// Grammar: `[epoch:]version[-release]`. The epoch is the decimal number before the first `:` (`0` when absent); the
/// release follows the **last** `-`. Ordering: epoch numerically, then version, then release with `rpmvercmp` (see
/// ``RPMOrdering``), including `~` (pre-release) and `^` (post-release snapshot) as rpm ≥ 4.15 handles them.
///
/// Rejected with ``VersionParseError``: an empty version or release (`1.0-`, `1:`), a non-numeric epoch, and white
/// space or control characters anywhere.
public struct RPMVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "rpm"
    public var aliases: Set<String> { ["redhat", "rhel"] }
    public var ecosystems: Set<Ecosystem> {
        [.almaLinux, .rockyLinux, .redHat, .openSUSE, .suse, .mageia, .openEuler]
    }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> RPMVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        for byte in raw.utf8 where byte <= 0x20 || byte >= 0x7F {
            throw fail(.invalidCharacter, "holds \(ASCII.describe(byte)); RPM versions are printable ASCII", raw)
        }
        var rest = Substring(raw)
        var epoch = 0
        if let colon = rest.firstIndex(of: ":") {
            let digits = rest[..<colon]
            guard !digits.isEmpty, digits.utf8.allSatisfy(ASCII.isDigit), let value = Int32(digits) else {
                throw fail(.malformed, "epoch before ':' must be a decimal number up to 2147483647", raw)
            }
            epoch = Int(value)
            rest = rest[rest.index(after: colon)...]
        }
        var release: String?
        if let hyphen = rest.lastIndex(of: "-") {
            release = String(rest[rest.index(after: hyphen)...])
            rest = rest[..<hyphen]
            if release?.isEmpty == true { throw fail(.malformed, "release after the last '-' is empty", raw) }
        }
        if rest.isEmpty { throw fail(.malformed, "version is empty", raw) }
        return RPMVersion(raw: raw, epoch: epoch, version: String(rest), release: release)
    }

    private func fail(_ code: VersionParseError.Code, _ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(code, message, scheme: Self.id, input: raw)
    }
}
