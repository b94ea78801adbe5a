import Foundation
import VigilInventory

/// The configuration of what remains: the SSH server (OpenSSH's `sshd_config` with its includes, dropbear's options
/// wherever an image sets them), mount options in `/etc/fstab`, and kernel parameters set in `sysctl.d`.
public struct ConfigurationChecks: HardeningCheck {
    public init() {}

    static let rootLogin = CheckDescriptor(
        id: "HC-SSH-ROOT-LOGIN", title: "SSH allows root to sign in with a password", severity: .high,
        cwe: "CWE-250", category: .accessControl,
        rationale:
            "Root's password over SSH is the first thing scanners guess; with it, one guessed or leaked password is "
            + "the whole device, with no record of who.",
        remediation: "PermitRootLogin no (or prohibit-password); dropbear -w or -g. Sign in as a user and elevate.")
    static let emptyPasswords = CheckDescriptor(
        id: "HC-SSH-EMPTY-PASSWORDS", title: "SSH accepts empty passwords", severity: .critical, cwe: "CWE-258",
        category: .passwords, rationale: "Any account without a password can be signed in to over the network.",
        remediation: "PermitEmptyPasswords no; do not start dropbear with -B.")
    static let passwordAuthentication = CheckDescriptor(
        id: "HC-SSH-PASSWORD-AUTH", title: "SSH password authentication enabled", severity: .medium, cwe: "CWE-309",
        category: .passwords,
        rationale:
            "Password sign-in over the network can be guessed at scale; keys (or certificates) cannot. IEC 62443-4-2 "
            + "CR 1.5 and most device guidance ask for strong authenticators on remote access.",
        remediation: "PasswordAuthentication no and KbdInteractiveAuthentication no; dropbear -s.")
    static let weakAlgorithms = CheckDescriptor(
        id: "HC-SSH-WEAK-CRYPTO", title: "SSH offers weak ciphers, MACs or key exchange", severity: .medium,
        cwe: "CWE-327", category: .encryption,
        rationale:
            "CBC-mode and RC4 ciphers, MD5 and SHA-1 MACs and SHA-1 or 1024-bit key exchanges are broken or "
            + "deprecated (RFC 9142, RFC 8758): a negotiated weak algorithm weakens every session.",
        remediation: "Remove them from Ciphers, MACs and KexAlgorithms (OpenSSH's defaults are sound).")
    static let protocol1 = CheckDescriptor(
        id: "HC-SSH-PROTOCOL-1", title: "SSH protocol 1 enabled", severity: .high, cwe: "CWE-327",
        category: .encryption, rationale: "SSH protocol 1 is broken (session hijacking, CRC-32 attacks).",
        remediation: "Protocol 2 only (or remove the line: OpenSSH has no protocol 1 since 7.4).")
    static let mountOptions = CheckDescriptor(
        id: "HC-MOUNT-OPTIONS", title: "Writable file system mounted without nosuid/nodev/noexec", severity: .low,
        cwe: "CWE-732", category: .hardening,
        rationale:
            "A world-writable mount (/tmp, /var/tmp, /dev/shm, /home, removable media) without nosuid and nodev lets "
            + "a user's file become a set-user-ID program or a device; without noexec, a dropped program runs.",
        remediation: "Add nosuid,nodev (and noexec for temporary and removable file systems) to the fstab entry.")

    public var descriptors: [CheckDescriptor] {
        [
            Self.rootLogin, Self.emptyPasswords, Self.passwordAuthentication, Self.weakAlgorithms, Self.protocol1,
            Self.mountOptions,
        ] + SysctlRules.all.map(\.descriptor)
    }

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        openSSH(context) + dropbear(context) + mounts(context) + SysctlRules.findings(context)
    }

    static let weakCiphers: Set<String> = [
        "3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "blowfish-cbc", "cast128-cbc", "arcfour", "arcfour128",
        "arcfour256", "rijndael-cbc@lysator.liu.se", "des-cbc",
    ]
    static let weakMACs: Set<String> = [
        "hmac-md5", "hmac-md5-96", "hmac-sha1", "hmac-sha1-96", "hmac-md5-etm@openssh.com",
        "hmac-md5-96-etm@openssh.com", "hmac-sha1-etm@openssh.com", "hmac-sha1-96-etm@openssh.com",
        "umac-64@openssh.com",
        "umac-64-etm@openssh.com", "hmac-ripemd160", "hmac-ripemd160@openssh.com",
    ]
    static let weakKex: Set<String> = [
        "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
        "gss-group1-sha1-", "gss-group14-sha1-", "gss-gex-sha1-",
    ]

    /// OpenSSH reads `sshd_config` top down, `Include`s in place, and keeps the first value of each keyword; a
    /// `Match` block's settings apply to some connections only and are left out.
    func openSSH(_ context: HardeningContext) -> [HardeningFinding] {
        guard context.text("/etc/ssh/sshd_config") != nil else { return [] }
        var settings: [String: (value: String, place: Evidence)] = [:]
        var visited: Set<String> = []
        func read(_ path: String) {
            guard visited.insert(path).inserted, visited.count < 64, let text = context.text(path) else { return }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmed
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                guard let (key, value) = Self.keyword(line) else { continue }
                if key == "match" { return }
                if key == "include" {
                    for pattern in value.split(separator: " ") {
                        let full = pattern.hasPrefix("/") ? String(pattern) : "/etc/ssh/" + pattern
                        for file in Self.glob(full, in: context) { read(file) }
                    }
                    continue
                }
                if settings[key] == nil {
                    settings[key] = (value, Evidence(path: path, line: index + 1, detail: line))
                }
            }
        }
        read("/etc/ssh/sshd_config")
        var findings: [HardeningFinding] = []
        func value(_ key: String) -> String? { settings[key]?.value.lowercased() }
        if let setting = settings["permitrootlogin"], setting.value.lowercased() == "yes" {
            findings.append(HardeningFinding(Self.rootLogin, evidence: setting.place))
        }
        if let setting = settings["permitemptypasswords"], setting.value.lowercased() == "yes" {
            findings.append(HardeningFinding(Self.emptyPasswords, evidence: setting.place))
        }
        if let setting = settings["passwordauthentication"] {
            if setting.value.lowercased() == "yes" {
                findings.append(HardeningFinding(Self.passwordAuthentication, evidence: setting.place))
            }
        } else {
            findings.append(
                HardeningFinding(
                    Self.passwordAuthentication,
                    evidence: Evidence(
                        path: "/etc/ssh/sshd_config",
                        detail: "PasswordAuthentication not set: OpenSSH's default is yes"), severity: .low))
        }
        if let setting = settings["protocol"], setting.value.contains("1") {
            findings.append(HardeningFinding(Self.protocol1, evidence: setting.place))
        }
        for (key, weak) in [("ciphers", Self.weakCiphers), ("macs", Self.weakMACs), ("kexalgorithms", Self.weakKex)] {
            guard let setting = settings[key] else { continue }
            let offered = setting.value.drop { "+^-".contains($0) }.split(separator: ",").map { String($0).trimmed }
            // A leading '-' removes algorithms from the defaults: nothing weak is added.
            guard !setting.value.hasPrefix("-") else { continue }
            let bad = offered.filter { name in
                weak.contains(name) || weak.contains { $0.hasSuffix("-") && name.hasPrefix($0) }
            }
            if !bad.isEmpty {
                var place = setting.place
                place.detail =
                    "\(setting.place.detail.split(separator: " ").first ?? ""): \(bad.joined(separator: ", "))"
                findings.append(HardeningFinding(Self.weakAlgorithms, evidence: place, subject: key))
            }
        }
        return findings
    }

    /// An sshd_config line's keyword (lower case) and value: `Key value`, `Key=value` or `Key = value`, the value
    /// unquoted and without a trailing `# comment`.
    static func keyword(_ line: String) -> (String, String)? {
        guard let end = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" }) else {
            return (line.lowercased(), "")
        }
        let key = line[..<end].lowercased()
        var value = line[end...].drop { $0 == " " || $0 == "\t" }
        if value.hasPrefix("=") { value = value.dropFirst().drop { $0 == " " || $0 == "\t" } }
        if let comment = value.range(of: " #") ?? value.range(of: "\t#") { value = value[..<comment.lowerBound] }
        var text = String(value).trimmed
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        return key.isEmpty ? nil : (key, text)
    }

    /// dropbear's options, wherever the image sets them: `/etc/default/dropbear`, init scripts and systemd units
    /// that start it, and OpenWrt's `/etc/config/dropbear`.
    func dropbear(_ context: HardeningContext) -> [HardeningFinding] {
        let programs = ServiceChecks.programs(in: context.root).filter { $0.name == "dropbear" }
        guard let program = programs.first else { return [] }
        var arguments: [(String, Evidence)] = []
        let sources = context.files.map(\.path).filter {
            $0 == "/etc/default/dropbear" || $0.hasPrefix("/etc/init.d/") && $0.contains("dropbear")
                || ($0.contains("/systemd/system/") && $0.contains("dropbear"))
        }
        for path in sources {
            for (index, raw) in (context.text(path) ?? "").split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .enumerated() {
                let line = raw.trimmed
                guard !line.hasPrefix("#"), let options = Self.dropbearOptions(line) else { continue }
                arguments.append((options, Evidence(path: path, line: index + 1, detail: line)))
            }
        }
        // OpenWrt: option RootPasswordAuth 'off' (or 0, false, no) is -g; PasswordAuth 'off' is -s.
        var openWrt: [String: String] = [:]
        for line in (context.text("/etc/config/dropbear") ?? "").split(separator: "\n") {
            let parts = line.trimmed.split(separator: " ", maxSplits: 2).map(String.init)
            if parts.count == 3, parts[0] == "option" {
                openWrt[parts[1]] = parts[2].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            }
        }
        let flags = Set(
            arguments.flatMap { line, _ in
                line.split(whereSeparator: { " \t\"'=".contains($0) }).filter {
                    $0.hasPrefix("-") && !$0.hasPrefix("--")
                }
                .flatMap { $0.dropFirst().map { "-\($0)" } }
            })
        let place = arguments.first?.1 ?? Evidence(path: program.path, detail: "dropbear with its default options")
        var findings: [HardeningFinding] = []
        if flags.contains("-B") {
            findings.append(
                HardeningFinding(Self.emptyPasswords, evidence: arguments.first { $0.0.contains("-B") }?.1 ?? place))
        }
        let off: Set<String> = ["off", "0", "false", "no", "disabled"]
        let rootPasswordOff =
            flags.contains("-w") || flags.contains("-g") || openWrt["RootPasswordAuth"].map(off.contains) == true
            || openWrt["RootLogin"].map(off.contains) == true
        if !rootPasswordOff {
            var evidence = place
            evidence.detail = "dropbear without -w or -g: \(place.detail)"
            findings.append(HardeningFinding(Self.rootLogin, evidence: evidence, subject: "dropbear"))
        }
        if !(flags.contains("-s") || openWrt["PasswordAuth"].map(off.contains) == true) {
            var evidence = place
            evidence.detail = "dropbear without -s: \(place.detail)"
            findings.append(HardeningFinding(Self.passwordAuthentication, evidence: evidence, subject: "dropbear"))
        }
        return findings
    }

    /// The options a line passes to dropbear: the words after a `dropbear` command (an init script's or a unit's
    /// `ExecStart=`), or the value of a `*_ARGS=` assignment (`DROPBEAR_EXTRA_ARGS="-w -s"`); nil for other lines
    /// (a shell test such as `[ "$X" -gt 0 ]` passes no option).
    static func dropbearOptions(_ line: String) -> String? {
        if let equals = line.firstIndex(of: "="), line[..<equals].hasSuffix("ARGS"),
            !line[..<equals].contains(" ")
        {
            return String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard
            let command = words.firstIndex(where: {
                Startup.basename($0.replacingOccurrences(of: "ExecStart=", with: "")) == "dropbear"
            })
        else { return nil }
        // Up to the end of the command (a ; && || or redirection ends it).
        let arguments = words[(command + 1)...].prefix { !["&&", "||", ";", "|", ">", "2>&1"].contains($0) }
        return arguments.joined(separator: " ")
    }

    func mounts(_ context: HardeningContext) -> [HardeningFinding] {
        guard let fstab = context.text("/etc/fstab") else { return [] }
        var findings: [HardeningFinding] = []
        for (index, raw) in fstab.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line: String = raw.trimmed
            let fields: [String] = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0) }
            guard fields.count >= 4, !fields[0].hasPrefix("#") else { continue }
            let (point, type, options) = (fields[1], fields[2], Set(fields[3].split(separator: ",").map(String.init)))
            let temporary = ["/tmp", "/var/tmp", "/dev/shm"].contains(point)
            let shared =
                temporary || point == "/home" || point.hasPrefix("/media") || point.hasPrefix("/mnt")
                || options.contains("user") || options.contains("users")
            guard shared, type != "swap", !options.contains("ro") else { continue }
            var wanted = ["nosuid", "nodev"]
            if temporary || point.hasPrefix("/media") { wanted.append("noexec") }
            let missing = wanted.filter { !options.contains($0) }
            if !missing.isEmpty {
                findings.append(
                    HardeningFinding(
                        Self.mountOptions,
                        evidence: Evidence(
                            path: "/etc/fstab", line: index + 1,
                            detail:
                                "\(point) (\(Self.optionNames(fields[3]))) without \(missing.joined(separator: ", "))"),
                        subject: point))
            }
        }
        return findings
    }

    /// Mount options with their values left out (`username=…,password=…` carry credentials): `rw,credentials`.
    static func optionNames(_ options: String) -> String {
        options.split(separator: ",").map { option in
            option.split(separator: "=", maxSplits: 1).count == 2
                ? String(option.prefix { $0 != "=" }) + "=…" : String(option)
        }.joined(separator: ",")
    }

    /// The files a glob names (`*` and `?` in the last component only, as sshd's Include uses them), in name order.
    static func glob(_ pattern: String, in context: HardeningContext) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") else { return [pattern] }
        let slash = pattern.lastIndex(of: "/") ?? pattern.startIndex
        let directory = String(pattern[..<slash])
        let name = String(pattern[pattern.index(after: slash)...])
        let regex =
            "^"
            + NSRegularExpression.escapedPattern(for: name)
            .replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".") + "$"
        return (context.list(directory)).filter {
            $0.range(of: regex, options: .regularExpression) != nil
        }.map { directory + "/" + $0 }
    }
}
