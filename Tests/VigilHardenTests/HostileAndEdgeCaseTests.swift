import Foundation
import Testing
import VigilHarden
import VigilInventory

/// What a review of the audit found, kept found: hostile input that must not crash or run away, configuration
/// written the ways the real parsers accept it (CRLF, `Key = value`, busybox's shells), and secrets that must not
/// reach a report.
@Suite struct HostileAndEdgeCaseTests {
    static func audit(_ files: [String: String], links: [String: String] = [:]) throws -> HardeningReport {
        let directory = try ServiceAndConfigurationTests.image(files, links: links)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "edge", generatedAt: "2026-12-01T00:00:00.000Z")
    }

    @Test("an ELF whose 10,000 symbol names all run into one 64 KiB table without a NUL is read quickly, bounded")
    func unterminatedNames() throws {
        var builder = ELFBuilder()
        builder.symbols = Array(repeating: "x", count: 10_000)
        builder.unterminatedNames = 64 << 10
        let start = ContinuousClock.now
        let elf = try ELFFile(bytes: builder.build())
        let names = elf.symbolNames(inSectionsOf: ELFFile.Section.symbolTable)
        #expect(names.allSatisfy { $0.utf8.count <= ELFFile.maximumNameLength })
        #expect(names.reduce(0) { $0 + $1.utf8.count } <= ELFFile.maximumSymbolBytes)
        _ = BinaryHardening(elf)
        #expect(ContinuousClock.now - start < .seconds(20), "bounded work (debug build)")
    }

    @Test("hash costs an image sets (bcrypt 31, a billion SHA-crypt rounds, a huge yescrypt N) are not tried")
    func costlyHashes() {
        let start = ContinuousClock.now
        for hash in [
            "$2b$31$abcdefghijklmnopqrstuuCBTb6Q1x3n1c7r5VZp9G6qL8M2u4y",
            "$6$rounds=999999999$vigilsalt$1.9SRXp3qeoCiWO4s4brGvmWaI00fRT83H89HsmB1C19WzHmEzx",
            "$y$jzT$qZqNdlaRdRKOgNLObZ4Pq/$YbFkLQqXkSZROegxApaoSaiMZK2sRcp5VUwBVHd5No2",
        ] {
            #expect(!PasswordHash(hash).isAffordable && !PasswordHash(hash).matches("root"))
        }
        #expect(PasswordHash("$2b$10$abcdefghijklmnopqrstuu").isAffordable)
        #expect(PasswordHash("$y$j9T$qZqNdlaRdRKOgNLObZ4Pq/$YbFkLQqXkSZROegxApaoSaiMZK2sRcp5VUwBVHd5No2").isAffordable)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(
            PasswordHash("$3$$8846f7eaee8fb117ad06bdd830b7586c").isWeak && PasswordHash("_J9..rasm").scheme == .unknown)
    }

    @Test("kernel configuration numbers that overflow or carry two signs are not numbers, and do not crash")
    func kernelNumbers() {
        for value in ["--9223372036854775808", "-0x-8000000000000000", "-9223372036854775808", "99999999999999999999"] {
            let config = "CONFIG_X86_64=y\nCONFIG_DEFAULT_MMAP_MIN_ADDR=\(value)\n"
            let results = KernelConfigChecks.evaluate(config)
            #expect(results.contains { $0.option.hasSuffix("DEFAULT_MMAP_MIN_ADDR") && !$0.passed }, "\(value)")
        }
    }

    @Test("CRLF files, `Key = value` and quoted values in sshd_config, UID 00")
    func formats() throws {
        let report = try Self.audit([
            "/etc/ssh/sshd_config": "PermitRootLogin = yes\r\nPermitEmptyPasswords \"yes\" # for the lab\r\n",
            "/etc/passwd": "root:x:0:0::/root:/bin/sh\r\ntoor:x:00:0::/root:/bin/sh\r\n",
        ])
        let checks = Set(report.findings.map(\.check))
        #expect(checks.isSuperset(of: ["HC-SSH-ROOT-LOGIN", "HC-SSH-EMPTY-PASSWORDS", "HC-ACCT-UID0"]), "\(checks)")
    }

    @Test("dropbear's init script's shell tests are not its options; OpenWrt's 0 is off")
    func dropbearScripts() throws {
        let script = """
            #!/bin/sh
            [ "$DROPBEAR_RECEIVE_WINDOW" -gt 0 ] && [ -s /etc/dropbear/key ] && [ -w /run ]
            start-stop-daemon -S -x /usr/sbin/dropbear -- -p 22 $DROPBEAR_EXTRA_ARGS
            """
        let report = try Self.audit(["/usr/sbin/dropbear": "binary", "/etc/init.d/dropbear": script])
        #expect(report.findings.contains { $0.check == "HC-SSH-ROOT-LOGIN" }, "-gt, -s and -w in tests are not flags")
        #expect(report.findings.contains { $0.check == "HC-SSH-PASSWORD-AUTH" })
        let openWrt = try Self.audit([
            "/usr/sbin/dropbear": "binary",
            "/etc/config/dropbear": "config dropbear\n\toption PasswordAuth '0'\n\toption RootPasswordAuth '0'\n",
        ])
        #expect(!openWrt.findings.contains { $0.check.hasPrefix("HC-SSH") })
    }

    @Test(
        "inittab: a script run by sh is not a console shell; busybox sh on a console is; Buildroot's S50telnet starts")
    func inittab() throws {
        let report = try Self.audit(
            [
                "/etc/inittab": "::sysinit:/bin/sh /etc/init.d/rcS\nttyS0::respawn:/bin/busybox sh\n",
                "/etc/init.d/S50telnet": "#!/bin/sh\ntelnetd -l /bin/login\n",
                "/bin/busybox": "\u{7f}BB\0sh\0telnetd\0",
            ], links: ["/usr/sbin/telnetd": "/bin/busybox"])
        let consoles = report.findings.filter { $0.check == "HC-SVC-CONSOLE-SHELL" }
        #expect(consoles.map(\.evidence.line) == [2])
        let telnet = report.findings.filter { $0.check == "HC-SVC-TELNET" }
        #expect(telnet.contains { $0.evidence.path == "/etc/init.d/S50telnet" })
        #expect(telnet.contains { $0.evidence.path == "/usr/sbin/telnetd" && $0.severity == .high }, "started")
    }

    @Test("a self-signed SHA-1 certificate in the trust store and in an application is judged where it is a leaf")
    func trustStoreCopy() throws {
        let pem = try CertificateChecksTests.fixture("sha1")
        let report = try Self.audit(["/etc/ssl/certs/device.pem": pem, "/usr/share/app/server.pem": pem])
        let signatures = report.findings.filter { $0.check == "HC-CERT-WEAK-SIGNATURE" }.map(\.evidence.path)
        #expect(signatures == ["/usr/share/app/server.pem"])
    }

    @Test("no secret reaches a report: fstab credentials, locked hashes; HTML escapes hostile paths")
    func secretsAndEscaping() throws {
        let report = try Self.audit([
            "/etc/fstab": "//nas/share /mnt/nas cifs username=svc,password=Sup3rS3cret 0 0\n",
            "/etc/passwd": "root:x:0:0::/root:/bin/sh\ntoor:!$1$vigil123$t8cG6cXsgjxAuJwnjqWRh/:0:0::/:/bin/sh\n",
            "/srv/<script>alert(1)</script>.key":
                "-----BEGIN PRIVATE KEY-----\n\(PermissionAndSecretTests.rsaBody)-----END PRIVATE KEY-----\n",
        ])
        let json = String(decoding: try HardeningOutput.render(report, as: .json), as: UTF8.self)
        #expect(!json.contains("Sup3rS3cret") && json.contains("password=…"))
        #expect(!json.contains("t8cG6cXsgjxAuJwnjqWRh") && json.contains("!<md5 hash>"))
        let html = String(decoding: try HardeningOutput.render(report, as: .html), as: UTF8.self)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.key") && !html.contains("<script>"))
    }

    @Test("a unit enabled by two targets gives one finding per place; ids are unique")
    func uniqueIDs() throws {
        let report = try Self.audit(
            [
                "/usr/sbin/vsftpd": "binary",
                "/usr/lib/systemd/system/vsftpd.service": "[Service]\nExecStart=/usr/sbin/vsftpd\n",
            ],
            links: [
                "/etc/systemd/system/multi-user.target.wants/vsftpd.service": "/usr/lib/systemd/system/vsftpd.service",
                "/etc/systemd/system/network-online.target.wants/vsftpd.service":
                    "/usr/lib/systemd/system/vsftpd.service",
            ])
        #expect(Set(report.findings.map(\.id)).count == report.findings.count)
    }
}
