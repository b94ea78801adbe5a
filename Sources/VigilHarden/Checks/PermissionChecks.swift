public import VigilInventory

/// File permissions in the image: set-user-ID and set-group-ID programs (those not known to need it, and those built
/// without full hardening: a memory bug in them is a privilege escalation), world-writable files, and world-writable
/// directories without the sticky bit. Needs a root that keeps permissions (a directory or a tar archive).
public struct PermissionChecks: HardeningCheck {
    /// Programs that are set-user-ID or set-group-ID in mainstream distributions, by file name: their privilege is
    /// expected (they are still checked for weak hardening).
    public static let expectedPrivileged: Set<String> = [
        "su", "sudo", "passwd", "chsh", "chfn", "gpasswd", "newgrp", "chage", "expiry", "mount", "umount", "ping",
        "ping6", "unix_chkpwd", "pkexec", "polkit-agent-helper-1", "ssh-keysign", "fusermount", "fusermount3",
        "dbus-daemon-launch-helper", "crontab", "wall", "write", "at", "newuidmap", "newgidmap", "Xorg.wrap",
        "pam_timestamp_check", "mount.nfs", "mount.cifs", "traceroute6.iputils", "dmcrypt-get-device", "bsd-write",
        "ssh-agent", "utempter", "staprun", "busybox",
    ]

    public init() {}

    static let unexpectedPrivileged = CheckDescriptor(
        id: "HC-PERM-SETUID", title: "Unexpected set-user-ID or set-group-ID program", severity: .medium,
        cwe: "CWE-250", category: .accessControl,
        rationale:
            "A set-user-ID program runs with its owner's rights for any user: each one is attack surface for local "
            + "privilege escalation, and only programs that need it should have the bit.",
        remediation: "Remove the set-user-ID/set-group-ID bit (chmod u-s,g-s), or use file capabilities instead.")
    static let weakPrivileged = CheckDescriptor(
        id: "HC-PERM-SETUID-WEAK", title: "Privileged program without full hardening", severity: .high,
        cwe: "CWE-250", category: .hardening,
        rationale:
            "A set-user-ID or set-group-ID program lacking PIE, NX, full RELRO or a stack canary turns a memory "
            + "bug into a privilege escalation with less effort.",
        remediation: "Rebuild with -fPIE -pie -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wl,-z,relro,-z,now.")
    static let worldWritableFile = CheckDescriptor(
        id: "HC-PERM-WORLD-WRITABLE", title: "World-writable file", severity: .high, cwe: "CWE-732",
        category: .accessControl,
        rationale: "Any user or compromised service can change a world-writable file: a program, a script or a "
            + "configuration in it is a path to other users' or root's rights.",
        remediation: "chmod o-w the file; give it an owner and group that need to write it.")
    static let unstickyDirectory = CheckDescriptor(
        id: "HC-PERM-STICKY", title: "World-writable directory without the sticky bit", severity: .high,
        cwe: "CWE-732", category: .accessControl,
        rationale:
            "In a world-writable directory without the sticky bit (like /tmp has), any user can delete or replace "
            + "other users' files.",
        remediation: "chmod +t the directory (or o-w).")

    public var descriptors: [CheckDescriptor] {
        [Self.unexpectedPrivileged, Self.weakPrivileged, Self.worldWritableFile, Self.unstickyDirectory]
    }

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        let binaries = Dictionary(context.binaries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for (path, _) in context.files {
            guard let metadata = context.root.metadata(at: path) else { continue }
            let shown = "\(metadata.permissions) \(metadata.uid):\(metadata.gid)"
            if metadata.isWorldWritable {
                findings.append(
                    HardeningFinding(Self.worldWritableFile, evidence: Evidence(path: path, detail: shown)))
            }
            guard metadata.isSetUID || metadata.isSetGID else { continue }
            // Expected by name, in the system's own directories only: a set-user-ID `mount` in /tmp is not.
            let name = String(path.split(separator: "/").last ?? "")
            let systemDirectory = ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/libexec/", "/lib/"]
                .contains { path.hasPrefix($0) }
            if !(Self.expectedPrivileged.contains(name) && systemDirectory) {
                findings.append(
                    HardeningFinding(Self.unexpectedPrivileged, evidence: Evidence(path: path, detail: shown)))
            }
            if let binary = binaries[path] {
                let hardening = binary.hardening
                var missing: [String] = []
                if hardening.pie == .no { missing.append("PIE") }
                if !hardening.nx { missing.append("NX") }
                if hardening.relro != .full { missing.append("full RELRO") }
                if !hardening.canary { missing.append("stack canary") }
                if !missing.isEmpty {
                    findings.append(
                        HardeningFinding(
                            Self.weakPrivileged,
                            evidence: Evidence(
                                path: path, detail: "\(shown); without \(missing.joined(separator: ", "))")))
                }
            }
        }
        for directory in context.root.directories() {
            guard let metadata = context.root.metadata(at: directory), metadata.isWorldWritable, !metadata.isSticky
            else { continue }
            findings.append(
                HardeningFinding(
                    Self.unstickyDirectory,
                    evidence: Evidence(
                        path: directory, detail: "\(metadata.permissions) \(metadata.uid):\(metadata.gid)")))
        }
        return findings
    }
}
