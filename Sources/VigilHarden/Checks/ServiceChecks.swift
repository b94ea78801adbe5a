import VigilInventory

/// Services and tools that should not be on a device: cleartext or unauthenticated remote services (telnet, FTP,
/// TFTP, the r-services) installed or started — by inittab, inetd, systemd, SysV init scripts, or as busybox applets
/// —, a shell or autologin on a serial console, and debugging tools left in the image.
public struct ServiceChecks: HardeningCheck {
    public init() {}

    /// A remote service a device should not offer: its check and the program names that provide it.
    struct Service {
        var check: CheckDescriptor
        var programs: Set<String>
        /// inetd service names (`telnet stream tcp …`).
        var inetdNames: Set<String>
    }

    static let services: [Service] = [
        Service(
            check: CheckDescriptor(
                id: "HC-SVC-TELNET", title: "Telnet server", severity: .high, cwe: "CWE-319", category: .encryption,
                rationale:
                    "Telnet sends the password and the whole session in clear text and is what botnets (Mirai and "
                    + "its successors) scan for first.",
                remediation: "Remove the telnet server (and busybox's telnetd applet); use SSH with keys."),
            programs: ["telnetd", "in.telnetd", "utelnetd"], inetdNames: ["telnet"]),
        Service(
            check: CheckDescriptor(
                id: "HC-SVC-FTP", title: "FTP server", severity: .high, cwe: "CWE-319", category: .encryption,
                rationale: "FTP sends credentials and files in clear text.",
                remediation: "Remove the FTP server; transfer files over SFTP or HTTPS with authentication."),
            programs: ["ftpd", "in.ftpd", "vsftpd", "proftpd", "pure-ftpd", "bftpd", "tcpsvd-ftpd"],
            inetdNames: ["ftp"]),
        Service(
            check: CheckDescriptor(
                id: "HC-SVC-TFTP", title: "TFTP server", severity: .high, cwe: "CWE-306", category: .accessControl,
                rationale: "TFTP has no authentication at all: anyone who reaches it reads (and often writes) files.",
                remediation: "Remove the TFTP server from the production image."),
            programs: ["tftpd", "in.tftpd", "atftpd", "uftpd"], inetdNames: ["tftp"]),
        Service(
            check: CheckDescriptor(
                id: "HC-SVC-RSH", title: "rsh, rlogin or rexec server", severity: .critical, cwe: "CWE-308",
                category: .accessControl,
                rationale:
                    "The r-services authenticate by host name and .rhosts (or send passwords in clear text): "
                    + "spoofable, and obsolete for decades.",
                remediation: "Remove rshd, rlogind and rexecd; use SSH."),
            programs: ["rshd", "in.rshd", "rlogind", "in.rlogind", "rexecd", "in.rexecd"],
            inetdNames: ["shell", "login", "exec"]),
    ]

    static let debugTool = CheckDescriptor(
        id: "HC-SVC-DEBUG-TOOL", title: "Debugging tool left in the image", severity: .medium, cwe: "CWE-489",
        category: .hardening,
        rationale:
            "Debuggers, tracers and packet capture (gdbserver, strace, tcpdump…) let whoever gets a shell read other "
            + "processes' memory and traffic; gdbserver also listens on the network.",
        remediation: "Build the production image without debug tools (a separate debug image for the lab).")
    static let debugTools: Set<String> = [
        "gdbserver", "gdb", "strace", "ltrace", "tcpdump", "valgrind", "perf", "devmem", "devmem2", "kgdb", "lldb",
        "lldb-server",
    ]

    static let consoleShell = CheckDescriptor(
        id: "HC-SVC-CONSOLE-SHELL", title: "Shell or autologin on a console", severity: .critical, cwe: "CWE-306",
        category: .accessControl,
        rationale:
            "A shell started on the serial console (or a getty that skips the login) gives root to anyone with a "
            + "UART adapter and a few minutes of physical access.",
        remediation:
            "Start a getty with a login on consoles (or none at all in production): no '-/bin/sh' in inittab, no "
            + "--autologin or -n -l in getty options.")

    public var descriptors: [CheckDescriptor] { Self.services.map(\.check) + [Self.debugTool, Self.consoleShell] }

    /// Where programs live.
    static let programDirectories = [
        "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/usr/libexec",
    ]

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        let programs = Self.programs(in: context.root)
        let startup = Startup(context)
        // Each busybox binary read once, for every service's applets.
        let busyboxes = programs.filter { $0.name == "busybox" && $0.link == nil }.compactMap { program in
            (try? context.root.contents(ofFile: program.path, limit: 16 << 20)).map { (program.path, $0) }
        }
        for service in Self.services {
            let installed = programs.filter { service.programs.contains($0.name) }
            let started = startup.starts(programs: service.programs, inetd: service.inetdNames)
            for place in started {
                findings.append(
                    HardeningFinding(
                        service.check, evidence: place, subject: "started:\(place.path):\(place.detail)"))
            }
            for program in installed {
                findings.append(
                    HardeningFinding(
                        service.check,
                        evidence: Evidence(
                            path: program.path,
                            detail: "installed" + (program.link.map { " (a link to \($0))" } ?? "")
                                + (started.isEmpty ? "; not started at boot" : "")),
                        subject: "installed", severity: started.isEmpty ? .medium : nil))
            }
            if installed.isEmpty, started.isEmpty {
                // A busybox with the applet compiled in (in its NUL-separated name table): one link (or
                // `busybox telnetd`) away from running.
                for (path, bytes) in busyboxes {
                    guard
                        let applet = service.programs.first(where: {
                            SecretChecks.search([0] + Array($0.utf8) + [0], in: bytes, from: 0) != nil
                        })
                    else { continue }
                    findings.append(
                        HardeningFinding(
                            service.check,
                            evidence: Evidence(path: path, detail: "busybox has the \(applet) applet"),
                            subject: "applet", severity: .low))
                }
            }
        }
        for program in programs where Self.debugTools.contains(program.name) {
            findings.append(
                HardeningFinding(
                    Self.debugTool,
                    evidence: Evidence(
                        path: program.path, detail: program.name + (program.link.map { " → \($0)" } ?? ""))))
        }
        findings += startup.consoleShells().map {
            HardeningFinding(Self.consoleShell, evidence: $0, subject: $0.detail)
        }
        return findings
    }

    /// The programs in the usual directories: regular files and links (busybox applets are links), by name.
    static func programs(in root: any RootFilesystem) -> [(path: String, name: String, link: String?)] {
        var found: [(path: String, name: String, link: String?)] = []
        var seen: Set<String> = []
        for directory in programDirectories {
            // /bin is often a link to /usr/bin: each real directory once.
            guard let real = try? root.resolve(directory), seen.insert(real).inserted,
                let names = try? root.children(ofDirectory: real)
            else { continue }
            for name in names {
                let path = real + "/" + name
                switch try? root.node(at: path) {
                case .file?: found.append((path, name, nil))
                case .symbolicLink(let target)?: found.append((path, name, target))
                default: break
                }
            }
        }
        return found
    }
}
