import Foundation
import VigilInventory

/// Kernel parameters an image sets weaker than the hardening guides recommend (KSPP's recommended sysctls, the
/// kernel's own documentation): read from the `sysctl.d` directories in the order systemd-sysctl applies them (by
/// file name, a name in /etc overriding the same name elsewhere; later wins), then `/etc/sysctl.conf`, which busybox
/// and SysV systems apply with `sysctl -p` (systemd through its 99-sysctl.conf link). A parameter the image does not set keeps
/// the kernel's default and is not reported: the kernel configuration check covers those defaults.
struct SysctlRules {
    struct Rule {
        var key: String
        /// Whether the value is acceptable.
        var accepts: @Sendable (Int) -> Bool
        var want: String
        var descriptor: CheckDescriptor
    }

    static func rule(
        _ key: String, want: String, severity: HardeningSeverity, cwe: String = "CWE-693",
        category: RequirementCategory = .hardening, _ rationale: String, accepts: @escaping @Sendable (Int) -> Bool
    ) -> Rule {
        Rule(
            key: key, accepts: accepts, want: want,
            descriptor: CheckDescriptor(
                id: "HC-SYSCTL-" + key.uppercased().replacingOccurrences(of: ".", with: "-"),
                title: "Kernel parameter \(key) weakened", severity: severity, cwe: cwe, category: category,
                rationale: rationale + " (KSPP recommended settings; Documentation/admin-guide/sysctl)",
                remediation: "Set \(key) = \(want) in /etc/sysctl.d/ (or remove the weaker setting)."))
    }

    static let all: [Rule] = [
        rule(
            "kernel.randomize_va_space", want: "2", severity: .high,
            "Below 2, address-space layout randomisation is off or partial: exploits need no address leak.",
            accepts: { $0 >= 2 }),
        rule(
            "kernel.kptr_restrict", want: "1 or 2", severity: .medium,
            "At 0, kernel pointers are shown to unprivileged users, defeating kernel address randomisation.",
            accepts: { $0 >= 1 }),
        rule(
            "kernel.dmesg_restrict", want: "1", severity: .low,
            "At 0, any user reads the kernel log, which leaks addresses and hardware details.", accepts: { $0 >= 1 }),
        rule(
            "kernel.yama.ptrace_scope", want: "1 or more", severity: .medium,
            "At 0, any process may attach to any other of the same user and read its memory (credentials, keys).",
            accepts: { $0 >= 1 }),
        rule(
            "fs.protected_symlinks", want: "1", severity: .medium,
            "At 0, symlink races in world-writable sticky directories (/tmp) let users redirect privileged writes.",
            accepts: { $0 == 1 }),
        rule(
            "fs.protected_hardlinks", want: "1", severity: .medium,
            "At 0, users can hard-link files they cannot write, the start of many privilege escalations.",
            accepts: { $0 == 1 }),
        rule(
            "fs.protected_fifos", want: "1 or 2", severity: .low,
            "At 0, a privileged program can be made to write into another user's FIFO in /tmp.", accepts: { $0 >= 1 }),
        rule(
            "fs.protected_regular", want: "1 or 2", severity: .low,
            "At 0, a privileged program can be made to write into another user's file in /tmp.", accepts: { $0 >= 1 }),
        rule(
            "fs.suid_dumpable", want: "0", severity: .medium, cwe: "CWE-532", category: .dataPrivacy,
            "Above 0, set-user-ID programs dump core: their memory (password hashes, keys) lands on disk.",
            accepts: { $0 == 0 }),
        rule(
            "kernel.unprivileged_bpf_disabled", want: "1 or 2", severity: .medium,
            "At 0, any user can load BPF programs: a large attack surface behind many kernel exploits.",
            accepts: { $0 >= 1 }),
        rule(
            "net.core.bpf_jit_harden", want: "2", severity: .low,
            "Below 2, JIT-compiled BPF is not blinded, which helps JIT-spraying exploits.", accepts: { $0 >= 2 }),
        rule(
            "kernel.sysrq", want: "0", severity: .low,
            "The magic SysRq key lets whoever has a console or keyboard reboot, dump memory state or kill processes.",
            accepts: { $0 == 0 }),
        rule(
            "net.ipv4.conf.all.accept_redirects", want: "0", severity: .low, category: .accessControl,
            "Accepting ICMP redirects lets anyone on the network reroute the device's traffic.", accepts: { $0 == 0 }),
        rule(
            "net.ipv4.conf.all.accept_source_route", want: "0", severity: .low, category: .accessControl,
            "Source-routed packets bypass the network's filtering.", accepts: { $0 == 0 }),
        rule(
            "net.ipv4.tcp_syncookies", want: "1", severity: .low,
            "Without SYN cookies a SYN flood exhausts the connection queue.", accepts: { $0 >= 1 }),
    ]

    /// The image's settings, in the order systemd-sysctl applies them; then a finding per weakened parameter.
    static func findings(_ context: HardeningContext) -> [HardeningFinding] {
        // Files by name across the directories; a name in /etc overrides the same name in /usr/lib or /lib.
        var byName: [String: String] = [:]
        for directory in [
            "/usr/lib/sysctl.d", "/lib/sysctl.d", "/usr/local/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d",
        ] {
            for name in context.list(directory) where name.hasSuffix(".conf") {
                byName[name] = directory + "/" + name
            }
        }
        var files = byName.keys.sorted().compactMap { byName[$0] }
        files.append("/etc/sysctl.conf")
        var settings: [String: (value: String, place: Evidence)] = [:]
        for path in files {
            guard let text = context.text(path, limit: 1 << 20) else { continue }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmed
                guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";"),
                    let equals = line.firstIndex(of: "=")
                else { continue }
                let key = String(line[..<equals]).trimmed.drop { $0 == "-" }.replacingOccurrences(of: "/", with: ".")
                let value = String(line[line.index(after: equals)...]).trimmed
                settings[key] = (value, Evidence(path: path, line: index + 1, detail: line))
            }
        }
        var findings: [HardeningFinding] = []
        for rule in all {
            guard let setting = settings[rule.key], let number = Int(setting.value), !rule.accepts(number) else {
                continue
            }
            var place = setting.place
            place.detail = "\(rule.key) = \(setting.value) (want \(rule.want))"
            findings.append(HardeningFinding(rule.descriptor, evidence: place))
        }
        return findings
    }
}
