/// HMAC-SHA256 (RFC 2104, FIPS 198-1) over ``SHA256``: how webhook bodies are signed, and a comparison of secrets
/// that takes the same time whatever the bytes.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(
        for message: some Collection<UInt8>, key: some Collection<UInt8>
    ) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? Array(SHA256.hash(key).bytes) : Array(key)
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(inner.finalize().bytes)
        return Array(outer.finalize().bytes)
    }

    /// Lower-case hex of the code: what `X-Vigil-Signature: sha256=…` carries.
    public static func hex(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> String {
        SHA256.Digest(bytes: authenticationCode(for: message, key: key)).hexString
    }

    /// Whether two byte strings are equal, in time that depends on their lengths only.
    public static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
