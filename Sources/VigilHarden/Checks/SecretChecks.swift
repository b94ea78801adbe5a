import Dispatch
import Foundation
import Synchronization
import VigilInventory

/// Secrets baked into the image: private keys (PEM of any kind, OpenSSH, PGP) in any file, binaries included; SSH
/// host keys (the same key on every device built from the image); and access tokens of well-known services in text
/// files. Findings show where the secret is and what kind it is, never the secret.
public struct SecretChecks: HardeningCheck {
    /// Files larger than this are not searched (firmware images inside the image are inventoried, not searched).
    public static let maximumSize = 16 << 20

    public init() {}

    static let privateKey = CheckDescriptor(
        id: "HC-SECRET-PRIVATE-KEY", title: "Unencrypted private key in the image", severity: .high, cwe: "CWE-321",
        category: .encryption,
        rationale:
            "A private key shipped in a firmware image is the same on every device and readable by anyone who gets "
            + "the image (an update file, a flash dump): whatever it signs, decrypts or authenticates is exposed.",
        remediation:
            "Generate keys on each device at first boot or provisioning (in a secure element or TPM when there is "
            + "one); never ship them in the image.")
    static let encryptedPrivateKey = CheckDescriptor(
        id: "HC-SECRET-ENCRYPTED-KEY", title: "Encrypted private key in the image", severity: .medium,
        cwe: "CWE-321", category: .encryption,
        rationale:
            "An encrypted private key in the image is only as safe as its passphrase, which the device must also "
            + "hold to use it; it is the same on every device.",
        remediation: "Generate keys per device at provisioning instead of shipping them.")
    static let hostKey = CheckDescriptor(
        id: "HC-SECRET-HOST-KEY", title: "SSH host key baked into the image", severity: .high, cwe: "CWE-321",
        category: .encryption,
        rationale:
            "Every device built from the image has the same SSH host key: anyone with the image can impersonate any "
            + "device and read its sessions (a man in the middle without a warning).",
        remediation:
            "Remove /etc/ssh/ssh_host_* and /etc/dropbear/*host_key from the image; generate them at first boot "
            + "(ssh-keygen -A, dropbear -R).")
    static let token = CheckDescriptor(
        id: "HC-SECRET-TOKEN", title: "Service access token in the image", severity: .high, cwe: "CWE-798",
        category: .accessControl,
        rationale: "A cloud or service credential in the image gives everyone who has the image the vendor's access.",
        remediation: "Revoke the token now; have devices obtain credentials at provisioning, per device.")

    public var descriptors: [CheckDescriptor] { [Self.privateKey, Self.encryptedPrivateKey, Self.hostKey, Self.token] }

    /// Token prefixes, with the characters and length that follow.
    static let tokenKinds: [(prefix: String, name: String, alphabet: Set<UInt8>, length: Int)] = {
        let upper = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8))
        let base62 = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8))
        let google = base62.union(Array("-_".utf8))
        let slack = base62.union(Array("-".utf8))
        return [
            ("AKIA", "AWS access key id", upper, 16), ("ASIA", "AWS temporary access key id", upper, 16),
            ("ghp_", "GitHub personal access token", base62, 36), ("gho_", "GitHub OAuth token", base62, 36),
            ("ghs_", "GitHub server token", base62, 36), ("ghu_", "GitHub user token", base62, 36),
            ("github_pat_", "GitHub fine-grained token", google, 82), ("glpat-", "GitLab token", google, 20),
            ("xoxb-", "Slack bot token", slack, 24), ("xoxp-", "Slack user token", slack, 24),
            ("AIza", "Google API key", google, 35), ("sk_live_", "Stripe secret key", base62, 24),
        ]
    }()

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        let binaries = Set(context.binaries.map(\.path))
        let files = context.files.filter { $0.size <= Self.maximumSize }
        let results = Mutex<[Int: [HardeningFinding]]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let path = files[index].path
            guard let bytes = try? context.root.contents(ofFile: path, limit: Self.maximumSize) else { return }
            var found = Self.privateKeys(in: bytes, path: path)
            if !binaries.contains(path), files[index].size <= 1 << 20 { found += Self.tokens(in: bytes, path: path) }
            if !found.isEmpty { results.withLock { $0[index] = found } }
        }
        var findings = results.withLock { all in files.indices.flatMap { all[$0] ?? [] } }
        for (path, _) in context.files where Self.isHostKey(path) {
            findings.append(HardeningFinding(Self.hostKey, evidence: Evidence(path: path, detail: "host key file")))
        }
        return findings
    }

    static func isHostKey(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return (path.hasPrefix("/etc/ssh/") && name.hasPrefix("ssh_host_") && name.hasSuffix("_key"))
            || (path.hasPrefix("/etc/dropbear/") && name.hasSuffix("host_key"))
    }

    /// The PEM private keys in `bytes` (`-----BEGIN [kind ]PRIVATE KEY[ BLOCK]-----` followed by a key's body, in
    /// text or inside a binary): one finding per file for the unencrypted ones and one for the encrypted ones, with
    /// how many of which kinds and where the first is (a line in text, a byte offset in a binary).
    static func privateKeys(in bytes: [UInt8], path: String) -> [HardeningFinding] {
        let begin = Array("-----BEGIN ".utf8)
        let dashes = Array("-----".utf8)
        let text = !bytes.prefix(4_096).contains(0)
        var keys: [(kind: String, encrypted: Bool, offset: Int)] = []
        var position = 0
        while let found = search(begin, in: bytes, from: position) {
            position = found + begin.count
            guard let close = search(dashes, in: bytes, from: position), close - position <= 60 else { continue }
            let kind = String(decoding: bytes[position..<close], as: UTF8.self)
            guard kind.hasSuffix("PRIVATE KEY") || kind.hasSuffix("PRIVATE KEY BLOCK") else { continue }
            var bodyStart = close + dashes.count
            while bodyStart < bytes.count, bytes[bodyStart] == 0x0a || bytes[bodyStart] == 0x0d { bodyStart += 1 }
            let following = String(decoding: bytes[bodyStart..<min(bytes.count, bodyStart + 4_096)], as: UTF8.self)
            // A key has a body: a program that parses PEM has the BEGIN line as a constant with no key after it.
            guard hasKeyBody(following) else { continue }
            let name = kind.replacingOccurrences(of: " PRIVATE KEY BLOCK", with: "")
                .replacingOccurrences(of: "PRIVATE KEY", with: "").trimmingCharacters(in: .whitespaces)
            let encrypted =
                name.hasPrefix("ENCRYPTED") || following.prefix(200).contains("Proc-Type: 4,ENCRYPTED")
                || (name == "OPENSSH" && opensshKeyIsEncrypted(following))
                || name == "PGP"  // PGP secret keys are normally passphrase-protected
            keys.append((name.isEmpty ? "PKCS#8" : name, encrypted, found))
            position = bodyStart
        }
        var findings: [HardeningFinding] = []
        for encrypted in [false, true] {
            let group = keys.filter { $0.encrypted == encrypted }
            guard let first = group.first else { continue }
            var counts: [String: Int] = [:]
            for key in group { counts[key.kind, default: 0] += 1 }
            let kinds = counts.sorted { $0.key < $1.key }.map { $0.value == 1 ? $0.key : "\($0.value) \($0.key)" }
            let where_ = text ? "" : " (first at byte \(first.offset))"
            findings.append(
                HardeningFinding(
                    encrypted ? encryptedPrivateKey : privateKey,
                    evidence: Evidence(
                        path: path, line: text ? bytes[..<first.offset].count(where: { $0 == 0x0a }) + 1 : nil,
                        offset: text ? nil : first.offset,
                        detail: "\(group.count) private key\(group.count == 1 ? "" : "s"): "
                            + kinds.joined(separator: ", ") + where_)))
        }
        return findings
    }

    /// Whether the text after a BEGIN line starts a key's body: 40 base64 characters in its first lines, after
    /// any `Name: value` headers.
    static func hasKeyBody(_ text: String) -> Bool {
        let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        // A key in a JSON or C string has its line ends written as `\n`.
        let text = text.prefix(512).replacingOccurrences(of: "\\n", with: "\n")
        for line in text.split(whereSeparator: \.isNewline).prefix(6) {
            if line.contains(":") || line.isEmpty { continue }  // Proc-Type:, DEK-Info:, a blank line
            return line.count >= 40 && line.prefix(40).allSatisfy(base64.contains)
        }
        return false
    }

    /// Whether an OpenSSH private key (the base64 after its BEGIN line) names a cipher other than `none`.
    static func opensshKeyIsEncrypted(_ body: String) -> Bool {
        let base64 = body.split(whereSeparator: \.isNewline).prefix { !$0.hasPrefix("-----END") }.joined()
        guard let data = Data(base64Encoded: String(base64.prefix(400 / 4 * 4)), options: .ignoreUnknownCharacters)
        else { return false }
        let bytes = [UInt8](data)
        let magic = Array("openssh-key-v1\0".utf8)
        guard bytes.count > magic.count + 4, Array(bytes.prefix(magic.count)) == magic else { return false }
        let length = bytes[magic.count..<magic.count + 4].reduce(0) { $0 << 8 | Int($1) }
        let start = magic.count + 4
        guard length > 0, length < 64, start + length <= bytes.count else { return false }
        return String(decoding: bytes[start..<start + length], as: UTF8.self) != "none"
    }

    /// Well-known service tokens in a text file, by line.
    static func tokens(in bytes: [UInt8], path: String) -> [HardeningFinding] {
        guard !bytes.prefix(4_096).contains(0) else { return [] }
        var findings: [HardeningFinding] = []
        for kind in tokenKinds {
            let prefix = Array(kind.prefix.utf8)
            var position = 0
            // Lines are counted as the search moves on, not from the start for each token.
            var counted = 0
            var line = 1
            var lines: [Int] = []
            while let found = search(prefix, in: bytes, from: position) {
                position = found + prefix.count
                let body = bytes[position..<min(bytes.count, position + kind.length + 1)]
                let run = body.prefix { kind.alphabet.contains($0) }.count
                // Exactly the token's length, not part of a longer word on either side.
                let before = found == 0 ? 0x20 : bytes[found - 1]
                guard run == kind.length, !kind.alphabet.contains(before), !(before >= 0x61 && before <= 0x7a) else {
                    continue
                }
                line += bytes[counted..<found].count(where: { $0 == 0x0a })
                counted = found
                lines.append(line)
            }
            // One finding per file and kind: where the first is, and how many there are.
            guard let first = lines.first else { continue }
            let more = lines.count > 1 ? " and \(lines.count - 1) more" : ""
            findings.append(
                HardeningFinding(
                    token,
                    evidence: Evidence(path: path, line: first, detail: "\(kind.name) (\(kind.prefix)…)\(more)"),
                    subject: kind.prefix))
        }
        return findings
    }

    /// The first index of `needle` in `bytes` at or after `start`.
    static func search(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count, !needle.isEmpty, let first = needle.first else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            guard let candidate = bytes[index...last].firstIndex(of: first) else { return nil }
            if bytes[candidate..<candidate + needle.count].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
