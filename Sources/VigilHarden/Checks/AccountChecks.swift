import Dispatch
import Synchronization

/// The image's accounts, from `/etc/passwd` and `/etc/shadow`: empty passwords, a second UID 0, password hashes in
/// the world-readable passwd file, weak hash schemes, and passwords from the list of known device defaults (each
/// hash checked with crypt(3) against every one).
public struct AccountChecks: HardeningCheck {
    /// Passwords devices ship with, tried against every hash: the passwords of the Mirai botnet's published
    /// credential table (its `scanner.c`, 2016: the defaults of cameras, routers and DVRs that it logged in to), and
    /// the vendor-neutral defaults of embedded Linux images (`root`, `admin`, `toor`, the board names).
    public static let defaultPasswords: [String] = [
        "", "root", "admin", "password", "toor", "changeme", "default", "1234", "12345", "123456", "1234567",
        "12345678", "123456789", "54321", "666666", "888888", "1111", "11111111", "0000", "00000000", "pass",
        "guest", "user", "support", "service", "system", "ubnt", "xc3511", "vizxv", "xmhdipc", "juantech", "anko",
        "7ujMko0admin", "7ujMko0vizxv", "klv123", "klv1234", "zlxx.", "Zte521", "hi3518", "jvbzd", "dreambox",
        "realtek", "tech", "smcadmin", "meinsm", "fucker", "ikwb", "admin1234", "1111111", "administrator", "raspberry",
        "dietpi", "openelec", "libreelec", "alpine", "pi", "debian", "ubuntu", "temppwd", "linux", "embedded",
    ]

    public init() {}

    static let emptyPassword = CheckDescriptor(
        id: "HC-ACCT-EMPTY", title: "Account without a password", severity: .critical, cwe: "CWE-258",
        category: .passwords,
        rationale: "An empty password field lets anyone sign in as the account, locally or over any login service.",
        remediation: "Lock the account (passwd -l) or give it a per-device password set at provisioning.")
    static let extraRoot = CheckDescriptor(
        id: "HC-ACCT-UID0", title: "UID 0 account besides root", severity: .high, cwe: "CWE-269",
        category: .accessControl,
        rationale:
            "Every account with UID 0 is root: a second one is a back door that reviews of root's login miss.",
        remediation: "Remove the account or give it an unprivileged UID.")
    static let hashInPasswd = CheckDescriptor(
        id: "HC-ACCT-PASSWD-HASH", title: "Password hash in /etc/passwd", severity: .high, cwe: "CWE-522",
        category: .passwords,
        rationale:
            "/etc/passwd is world-readable: a hash there can be copied by any user and cracked offline. Hashes "
            + "belong in /etc/shadow (mode 0640 or stricter).",
        remediation: "Move the hash to /etc/shadow (pwconv) and leave 'x' in /etc/passwd.")
    static let weakHash = CheckDescriptor(
        id: "HC-ACCT-WEAK-HASH", title: "Password hashed with DES or MD5", severity: .high, cwe: "CWE-916",
        category: .passwords,
        rationale:
            "DES crypt (8 significant characters) and md5crypt are fast enough to brute-force on one GPU; NIST SP "
            + "800-63B asks for a slow, salted function.",
        remediation: "Re-hash with yescrypt or SHA-512 crypt (Debian's default is yescrypt).")
    static let defaultPassword = CheckDescriptor(
        id: "HC-ACCT-DEFAULT", title: "Known default password", severity: .critical, cwe: "CWE-1392",
        category: .passwords,
        rationale:
            "The account's password is one botnets and scanners try first (Mirai's list and common defaults): the "
            + "device is taken over by the first scan that reaches its login. California SB-327 and ETSI EN 303 645 "
            + "forbid universal default passwords.",
        remediation: "Ship no password (locked accounts) and have each device's set at provisioning, unique per device."
    )

    public var descriptors: [CheckDescriptor] {
        [Self.emptyPassword, Self.extraRoot, Self.hashInPasswd, Self.weakHash, Self.defaultPassword]
    }

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        var passwdLines: [String: Int] = [:]
        if let passwd = context.text("/etc/passwd") {
            for (number, line) in passwd.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 7, !fields[0].isEmpty, !line.hasPrefix("#") else { continue }
                let (name, password, uid) = (fields[0], fields[1], fields[2])
                passwdLines[name] = number + 1
                let evidence = Evidence(path: "/etc/passwd", line: number + 1, detail: Self.masked(fields))
                if Int(uid.trimmed) == 0, name != "root" {
                    findings.append(HardeningFinding(Self.extraRoot, evidence: evidence, subject: name))
                }
                let hash = PasswordHash(password)
                switch hash.scheme {
                case .empty:
                    findings.append(HardeningFinding(Self.emptyPassword, evidence: evidence, subject: name))
                case .locked: break
                default:
                    findings.append(HardeningFinding(Self.hashInPasswd, evidence: evidence, subject: name))
                    findings += Self.hashFindings(hash, user: name, evidence: evidence)
                }
            }
        }
        if let shadow = context.text("/etc/shadow") {
            for (number, line) in shadow.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 2, !fields[0].isEmpty, !line.hasPrefix("#") else { continue }
                let name = fields[0]
                let evidence = Evidence(path: "/etc/shadow", line: number + 1, detail: Self.masked(fields))
                let hash = PasswordHash(fields[1])
                if hash.scheme == .empty {
                    findings.append(HardeningFinding(Self.emptyPassword, evidence: evidence, subject: name))
                } else {
                    findings += Self.hashFindings(hash, user: name, evidence: evidence)
                }
            }
        }
        return findings
    }

    /// A weak scheme, and a default password, for one hash.
    static func hashFindings(_ hash: PasswordHash, user: String, evidence: Evidence) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        if hash.isWeak {
            findings.append(
                HardeningFinding(
                    weakHash,
                    evidence: Evidence(
                        path: evidence.path, line: evidence.line,
                        detail: "\(user): \(hash.scheme.rawValue) (\(evidence.detail))"), subject: user))
        }
        // crypt(3) with a slow scheme takes milliseconds a try: the list is tried on every core at once.
        let matched = Mutex<Int?>(nil)
        DispatchQueue.concurrentPerform(iterations: defaultPasswords.count) { index in
            guard hash.matches(defaultPasswords[index]) else { return }
            matched.withLock { $0 = min($0 ?? index, index) }
        }
        if let password = matched.withLock({ $0 }).map({ defaultPasswords[$0] }) {
            findings.append(
                HardeningFinding(
                    defaultPassword,
                    evidence: Evidence(
                        path: evidence.path, line: evidence.line,
                        detail: "\(user)'s password is \(password.isEmpty ? "empty" : "'\(password)'") (a known "
                            + "default)"),
                    subject: user))
        }
        return findings
    }

    /// A passwd or shadow line with its hash replaced by its scheme: reports never carry the hash itself.
    static func masked(_ fields: [String]) -> String {
        var shown = fields
        if shown.count > 1 {
            let hash = PasswordHash(shown[1])
            switch hash.scheme {
            case .empty: break
            case .locked:
                // `!$6$…` is a locked hash: still a hash, never shown.
                let inner = PasswordHash(String(shown[1].drop { $0 == "!" || $0 == "*" }))
                if ![.empty, .locked].contains(inner.scheme) {
                    shown[1] = String(shown[1].prefix { $0 == "!" || $0 == "*" }) + "<\(inner.scheme.rawValue) hash>"
                }
            default: shown[1] = "<\(hash.scheme.rawValue) hash>"
            }
        }
        return shown.joined(separator: ":")
    }
}
