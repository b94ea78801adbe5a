import Foundation
import Testing
import VigilHarden
import VigilInventory

/// Services (installed, started by inittab, inetd and systemd, or compiled into busybox), console shells, debug
/// tools, and the SSH, dropbear, fstab and sysctl configuration, planted in a busybox-style image; a clean image
/// gives none of them.
@Suite struct ServiceAndConfigurationTests {
    static func image(_ files: [String: String], links: [String: String] = [:]) throws -> URL {
        let directory = try HardeningAuditTests.root(files.mapValues { Array($0.utf8) })
        for (path, target) in links {
            let url = directory.appending(path: String(path.dropFirst()))
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        }
        return directory
    }

    static func findings(_ directory: URL) throws -> [HardeningFinding] {
        try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "image", generatedAt: "2026-11-28T00:00:00.000Z"
        ).findings
    }

    @Test("telnet, TFTP and FTP installed or started; a console shell and an autologin; debug tools")
    func services() throws {
        let directory = try Self.image(
            [
                "/bin/busybox": "\u{7f}BB\0[\0ash\0telnetd\0tftpd\0vi\0",
                "/etc/inittab": """
                ::sysinit:/etc/init.d/rcS
                ttyS0::respawn:-/bin/sh
                ::respawn:/usr/sbin/telnetd -F -l /bin/login
                # ::respawn:/usr/sbin/ftpd
                """,
                "/etc/inetd.conf": "tftp  dgram  udp  wait  root  /usr/sbin/in.tftpd  in.tftpd -s /srv\n",
                "/usr/bin/gdbserver": "binary", "/usr/bin/strace": "binary",
                "/usr/sbin/vsftpd": "binary",
                "/usr/lib/systemd/system/vsftpd.service": "[Service]\nExecStart=/usr/sbin/vsftpd /etc/vsftpd.conf\n",
                "/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf":
                    "[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear %I $TERM\n",
            ],
            links: [
                "/usr/sbin/telnetd": "/bin/busybox",
                "/etc/systemd/system/multi-user.target.wants/vsftpd.service": "/usr/lib/systemd/system/vsftpd.service",
            ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let findings = try Self.findings(directory)
        func found(_ check: String) -> [HardeningFinding] { findings.filter { $0.check == check } }

        let telnet = found("HC-SVC-TELNET")
        #expect(telnet.contains { $0.evidence.path == "/etc/inittab" && $0.evidence.line == 3 && $0.severity == .high })
        #expect(
            telnet.contains { $0.evidence.path == "/usr/sbin/telnetd" && $0.evidence.detail.contains("/bin/busybox") })
        #expect(!telnet.contains { $0.evidence.line == 4 }, "a commented-out line starts nothing")
        let tftp = found("HC-SVC-TFTP")
        #expect(tftp.map(\.evidence.path) == ["/etc/inetd.conf"] && tftp.first?.evidence.line == 1)
        let ftp = found("HC-SVC-FTP")
        #expect(ftp.contains { $0.evidence.path.hasSuffix("multi-user.target.wants/vsftpd.service") })
        #expect(ftp.contains { $0.evidence.path == "/usr/lib/systemd/system/vsftpd.service" })
        #expect(
            ftp.contains { $0.evidence.path == "/usr/sbin/vsftpd" && $0.severity == .high }, "installed and started")
        #expect(found("HC-SVC-RSH").isEmpty)
        let consoles = found("HC-SVC-CONSOLE-SHELL")
        #expect(consoles.contains { $0.evidence.path == "/etc/inittab" && $0.evidence.line == 2 })
        #expect(consoles.contains { $0.evidence.path.hasSuffix("autologin.conf") && $0.evidence.line == 3 })
        #expect(Set(found("HC-SVC-DEBUG-TOOL").map(\.evidence.path)) == ["/usr/bin/gdbserver", "/usr/bin/strace"])
    }

    @Test("a busybox with the telnetd applet but no link to it: a low finding")
    func busyboxApplet() throws {
        let directory = try Self.image(["/bin/busybox": "\u{7f}BB\0[\0ash\0telnetd\0vi\0"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let telnet = try Self.findings(directory).filter { $0.check == "HC-SVC-TELNET" }
        #expect(telnet.count == 1 && telnet.first?.severity == .low && telnet.first?.evidence.path == "/bin/busybox")
    }

    @Test("sshd_config with includes (first value wins, Match left out), dropbear's flags, fstab, sysctl order")
    func configuration() throws {
        let directory = try Self.image([
            "/etc/ssh/sshd_config": """
            Include /etc/ssh/sshd_config.d/*.conf
            PermitRootLogin yes
            PermitEmptyPasswords yes
            PasswordAuthentication no
            KexAlgorithms +diffie-hellman-group1-sha1
            Match User backup
                PermitRootLogin no
                Ciphers 3des-cbc
            """,
            "/etc/ssh/sshd_config.d/10-vendor.conf": "PasswordAuthentication yes\nCiphers aes128-ctr,aes256-cbc\n",
            "/usr/sbin/dropbear": "binary",
            "/etc/default/dropbear": "NO_START=0\nDROPBEAR_EXTRA_ARGS=\"-B -p 2222\"\n",
            "/etc/fstab": """
            /dev/mmcblk0p2  /      ext4   ro              0 1
            tmpfs           /tmp   tmpfs  defaults        0 0
            /dev/mmcblk0p3  /home  ext4   nosuid,nodev    0 2
            """,
            "/usr/lib/sysctl.d/50-default.conf": "fs.protected_symlinks = 1\nkernel.kptr_restrict = 1\n",
            "/etc/sysctl.d/99-vendor.conf": "kernel.randomize_va_space = 0\nkernel/kptr_restrict=0\n",
            "/etc/sysctl.conf": "fs.protected_symlinks = 0\nnet.ipv4.tcp_syncookies=1\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let findings = try Self.findings(directory)
        func places(_ check: String) -> Set<String> {
            Set(findings.filter { $0.check == check }.map { "\($0.evidence.path):\($0.evidence.line ?? 0)" })
        }
        #expect(places("HC-SSH-ROOT-LOGIN") == ["/etc/ssh/sshd_config:2", "/etc/default/dropbear:2"])
        #expect(places("HC-SSH-EMPTY-PASSWORDS") == ["/etc/ssh/sshd_config:3", "/etc/default/dropbear:2"])
        #expect(
            places("HC-SSH-PASSWORD-AUTH") == ["/etc/ssh/sshd_config.d/10-vendor.conf:1", "/etc/default/dropbear:2"],
            "the included file's value comes first")
        let weak = findings.filter { $0.check == "HC-SSH-WEAK-CRYPTO" }.map(\.evidence.detail).sorted()
        #expect(weak == ["Ciphers: aes256-cbc", "KexAlgorithms: diffie-hellman-group1-sha1"], "\(weak)")
        #expect(places("HC-MOUNT-OPTIONS") == ["/etc/fstab:2"])
        #expect(
            findings.first { $0.check == "HC-MOUNT-OPTIONS" }?.evidence.detail.contains("nosuid, nodev, noexec") == true
        )
        #expect(places("HC-SYSCTL-KERNEL-RANDOMIZE_VA_SPACE") == ["/etc/sysctl.d/99-vendor.conf:1"])
        #expect(places("HC-SYSCTL-KERNEL-KPTR_RESTRICT") == ["/etc/sysctl.d/99-vendor.conf:2"], "slashes are dots")
        #expect(places("HC-SYSCTL-FS-PROTECTED_SYMLINKS") == ["/etc/sysctl.conf:1"], "sysctl.conf is applied last")
        #expect(places("HC-SYSCTL-NET-IPV4-TCP_SYNCOOKIES").isEmpty)
    }

    @Test("a clean configuration gives none of these findings")
    func clean() throws {
        let directory = try Self.image([
            "/etc/ssh/sshd_config":
                "PermitRootLogin no\nPasswordAuthentication no\nKexAlgorithms -diffie-hellman-group14-sha1\n",
            "/etc/inittab": "::sysinit:/etc/init.d/rcS\nttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n",
            "/etc/fstab": "tmpfs /tmp tmpfs nosuid,nodev,noexec 0 0\n",
            "/etc/sysctl.d/10-hardening.conf": "kernel.kptr_restrict = 2\nkernel.randomize_va_space=2\n",
            "/usr/sbin/dropbear": "binary",
            "/etc/config/dropbear": "config dropbear\n\toption PasswordAuth 'off'\n\toption RootPasswordAuth 'off'\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let findings = try Self.findings(directory)
        #expect(findings.isEmpty, "\(findings.map { "\($0.check) \($0.evidence.path) \($0.evidence.detail)" })")
    }
}
