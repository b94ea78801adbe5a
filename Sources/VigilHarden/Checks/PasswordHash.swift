import CCrypt
import VigilCore

/// A password field of `/etc/shadow` (or `/etc/passwd`): its scheme, and whether a given password is the one it
/// hashes, checked with crypt(3) (Debian's libxcrypt, which knows every scheme a device may use).
public struct PasswordHash: Sendable, Hashable {
    public enum Scheme: String, Sendable, Codable {
        /// Nothing: anyone may sign in with no password.
        case empty
        /// `*`, `!`, `!!`, `!…` or `x`: no password sign-in (locked, or the hash is elsewhere).
        case locked
        /// Traditional DES crypt: 13 characters, 8 significant password characters, brute-forced in hours.
        case des
        /// `$1$`: md5crypt, 1,000 rounds of MD5.
        case md5
        case bcrypt, sha256, sha512, yescrypt, gostYescrypt = "gost-yescrypt", scrypt
        case unknown
    }

    public var text: String

    public init(_ text: String) { self.text = text }

    public var scheme: Scheme {
        if text.isEmpty { return .empty }
        if text == "*" || text == "x" || text.hasPrefix("!") || text.hasPrefix("*") { return .locked }
        if text.hasPrefix("$1$") { return .md5 }
        if text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$") { return .bcrypt }
        if text.hasPrefix("$5$") { return .sha256 }
        if text.hasPrefix("$6$") { return .sha512 }
        if text.hasPrefix("$y$") { return .yescrypt }
        if text.hasPrefix("$gy$") { return .gostYescrypt }
        if text.hasPrefix("$7$") { return .scrypt }
        let alphabet = Set("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        if text.count == 13, text.allSatisfy(alphabet.contains) { return .des }
        return .unknown
    }

    /// Whether the scheme is too fast to hash passwords with (DES, MD5).
    public var isWeak: Bool { scheme == .des || scheme == .md5 }

    /// Whether `password` is the one hashed here: crypt(3) with the hash as its setting, compared in constant time.
    /// False for a locked, empty or unknown field, and for a hash crypt(3) cannot compute.
    public func matches(_ password: String) -> Bool {
        switch scheme {
        case .empty, .locked, .unknown: return false
        default: break
        }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer {
            data.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout<crypt_data>.size) {
                $0.update(repeating: 0, count: MemoryLayout<crypt_data>.size)
            }
            data.deallocate()
        }
        data.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout<crypt_data>.size) {
            $0.initialize(repeating: 0, count: MemoryLayout<crypt_data>.size)
        }
        guard let output = crypt_rn(password, text, data, Int32(MemoryLayout<crypt_data>.size)) else { return false }
        let computed = Array(String(cString: output).utf8)
        return HMACSHA256.constantTimeEquals(computed, Array(text.utf8))
    }
}
