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
        /// `$3$`: the NT hash (unsalted MD4).
        case nt
        /// `_…`: BSDi extended DES.
        case bsdiDES = "bsdi-des"
        /// `$md5`: Sun's MD5 crypt.
        case sunMD5 = "sun-md5"
        /// `$sha1$`: NetBSD's SHA-1 crypt.
        case sha1
        case unknown
    }

    public var text: String

    public init(_ text: String) { self.text = text }

    public var scheme: Scheme {
        if text.isEmpty { return .empty }
        if text == "*" || text == "x" || text.hasPrefix("!") || text.hasPrefix("*") { return .locked }
        if text.hasPrefix("$1$") { return .md5 }
        if text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$") || text.hasPrefix("$2x$") {
            return .bcrypt
        }
        if text.hasPrefix("$3$") { return .nt }
        if text.hasPrefix("$md5") { return .sunMD5 }
        if text.hasPrefix("$sha1$") { return .sha1 }
        if text.hasPrefix("_"), text.count == 20 { return .bsdiDES }
        if text.hasPrefix("$5$") { return .sha256 }
        if text.hasPrefix("$6$") { return .sha512 }
        if text.hasPrefix("$y$") { return .yescrypt }
        if text.hasPrefix("$gy$") { return .gostYescrypt }
        if text.hasPrefix("$7$") { return .scrypt }
        let alphabet = Set("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        if text.count == 13, text.allSatisfy(alphabet.contains) { return .des }
        return .unknown
    }

    /// Whether the scheme is too fast to hash passwords with (DES, MD5, NT, BSDi DES, Sun MD5).
    public var isWeak: Bool { [.des, .md5, .nt, .bsdiDES, .sunMD5].contains(scheme) }

    /// Whether trying a password costs little enough (at most about 100 ms) to try the list of defaults. The cost is
    /// the hash's own (bcrypt's cost, SHA-crypt's rounds, yescrypt's N and r): a hostile image could ask for days
    /// or gigabytes a try.
    public var isAffordable: Bool {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        switch scheme {
        case .bcrypt:
            return fields.count > 2 && (Int(fields[2]).map { $0 <= 12 } ?? false)
        case .sha256, .sha512:
            guard fields.count > 2, fields[2].hasPrefix("rounds=") else { return true }
            return Int(fields[2].dropFirst("rounds=".count)).map { $0 <= 200_000 } ?? false
        case .yescrypt:
            // `$y$jNR$…`: N and r encoded in crypt's base-64 alphabet; Debian's default is j9T (about 30 ms).
            guard fields.count > 2 else { return false }
            let parameters = Array(fields[2].utf8)
            let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
            guard parameters.count == 3, parameters[0] == UInt8(ascii: "j"),
                let n = alphabet.firstIndex(of: parameters[1]), let r = alphabet.firstIndex(of: parameters[2])
            else { return false }
            return n <= 11 && r <= 31
        case .des, .md5, .nt: return true
        // Their cost is the hash's own too (BSDi's count, Sun MD5's and SHA-1 crypt's rounds), and they are rare:
        // not tried.
        case .bsdiDES, .sunMD5, .sha1, .gostYescrypt, .scrypt, .empty, .locked, .unknown: return false
        }
    }

    /// Whether `password` is the one hashed here: crypt(3) with the hash as its setting, compared in constant time.
    /// False for a locked, empty or unknown field, and for a hash crypt(3) cannot compute.
    public func matches(_ password: String) -> Bool {
        guard isAffordable else { return false }
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
