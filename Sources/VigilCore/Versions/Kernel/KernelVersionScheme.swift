/// Linux kernel release numbers, as `uname -r`, `/lib/modules/*`, kernel banners and the kernel CNA's records use them.
///
/// Grammar: `[v]N(.N)*[-rc[N]][LOCALVERSION]` (a bare `-rc` is rc 0, as the kernel CNA's own tools read it; `-RC`
/// counts too). The dot-separated numbers compare numerically (missing ones are `0`, so
/// `6.1` = `6.1.0`); `-rcN` sorts before the release it leads to (`6.8-rc3` < `6.8-rc7` < `6.8` < `6.8.1`); the
/// local version after the numbers (`-yocto-standard`, `-21-amd64`, `+`) names a build and does not change ordering:
/// `5.10.110-yocto-standard` = `5.10.110`. Kernels before 2.6.x had a fourth stable number (`2.6.32.27`); it
/// compares like the others.
///
/// Rejected with ``VersionParseError``: input that does not start with a number, numbers above 2147483647, an empty
/// number (`5..1`), and white space or control characters in the local version.
public struct KernelVersionScheme: VersionScheme {
    public static let id: VersionSchemeID = "kernel"
    public var aliases: Set<String> { ["linux", "linux-kernel"] }
    public var ecosystems: Set<Ecosystem> { [.linux] }

    public init() {}

    public func parse(_ raw: String) throws(VersionParseError) -> KernelVersion {
        try VersionParseError.checkLength(raw, scheme: Self.id)
        var bytes = ArraySlice(raw.utf8)
        if bytes.first == UInt8(ascii: "v") { bytes = bytes.dropFirst() }
        var numbers: [Int] = []
        repeat {
            if !numbers.isEmpty { bytes = bytes.dropFirst() }  // the '.'
            let digits = bytes.prefix { ASCII.isDigit($0) }
            guard !digits.isEmpty else {
                throw fail(.malformed, numbers.isEmpty ? "does not start with a number" : "has an empty number", raw)
            }
            numbers.append(try number(digits, raw: raw))
            bytes = bytes.dropFirst(digits.count)
        } while bytes.first == UInt8(ascii: ".")
        var releaseCandidate: Int?
        if bytes.prefix(3).map(ASCII.lowercased).elementsEqual("-rc".utf8) {
            let digits = bytes.dropFirst(3).prefix { ASCII.isDigit($0) }
            let next = bytes.dropFirst(3 + digits.count).first
            if !digits.isEmpty || next == nil || !ASCII.isAlpha(next ?? 0) {
                releaseCandidate = digits.isEmpty ? 0 : try number(digits, raw: raw)
                bytes = bytes.dropFirst(3 + digits.count)
            }
        }
        for byte in bytes where byte <= 0x20 || byte >= 0x7F {
            throw fail(.invalidCharacter, "local version holds \(ASCII.describe(byte))", raw)
        }
        return KernelVersion(
            raw: raw, numbers: numbers, releaseCandidate: releaseCandidate,
            localVersion: String(decoding: bytes, as: UTF8.self))
    }

    private func number(_ digits: ArraySlice<UInt8>, raw: String) throws(VersionParseError) -> Int {
        var value = 0
        for digit in digits {
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
            if value > Int(Int32.max) { throw fail(.malformed, "has a number above 2147483647", raw) }
        }
        return value
    }

    private func fail(_ code: VersionParseError.Code, _ message: String, _ raw: String) -> VersionParseError {
        VersionParseError(code, message, scheme: Self.id, input: raw)
    }
}
