import Foundation
import Testing
import VigilHarden
import VigilInventory
import VigilTesting

/// Permissions (set-user-ID programs, world-writable files, directories without the sticky bit) from a directory and
/// from a tar archive's headers, and secrets (private keys of every PEM kind, in text and in binaries; host keys;
/// service tokens) — planted, then found, with nothing found in their harmless look-alikes.
@Suite struct PermissionAndSecretTests {
    static func audit(_ root: any RootFilesystem) throws -> HardeningReport {
        try HardeningAudit.builtIn.run(root, target: "test", generatedAt: "2026-11-28T00:00:00.000Z")
    }

    static func unhardened() -> [UInt8] {
        var builder = ELFBuilder()
        builder.type = 2
        builder.segments = [(ELFFile.ProgramHeader.gnuStack, 6)]
        return builder.build()
    }

    @Test("set-user-ID, world-writable and unsticky directories, from a tar archive's modes")
    func permissionsFromArchive() throws {
        let archive = TarBuilder.archive([
            .withMode(0o4755, .file("usr/bin/backdoor", Self.unhardened())),
            .withMode(0o4755, .file("usr/bin/passwd", HardeningAuditTests.hardenedBinary())),
            .withMode(0o2755, .file("usr/bin/wall", Self.unhardened())),
            .withMode(0o666, TarBuilder.file("etc/init.d/rcS", "#!/bin/sh\n")),
            .withMode(0o777, .directory("var/upload")),
            .withMode(0o1777, .directory("tmp")),
            .withMode(0o755, .directory("usr")),
        ])
        let report = try Self.audit(try ArchiveRoot(tar: archive, name: "image.tar"))
        func paths(_ check: String) -> [String] { report.findings.filter { $0.check == check }.map(\.evidence.path) }
        #expect(paths("HC-PERM-SETUID") == ["/usr/bin/backdoor"], "passwd and wall are expected to be privileged")
        #expect(Set(paths("HC-PERM-SETUID-WEAK")) == ["/usr/bin/backdoor", "/usr/bin/wall"])
        #expect(paths("HC-PERM-WORLD-WRITABLE") == ["/etc/init.d/rcS"])
        #expect(paths("HC-PERM-STICKY") == ["/var/upload"])
        let weak = try #require(
            report.findings.first { $0.check == "HC-PERM-SETUID-WEAK" && $0.evidence.path == "/usr/bin/backdoor" })
        #expect(
            weak.evidence.detail.hasPrefix("rwsr-xr-x 0:0; without PIE, full RELRO, stack canary"),
            "\(weak.evidence.detail)")
    }

    @Test("permissions read from a directory with lstat")
    func permissionsFromDirectory() throws {
        let directory = try HardeningAuditTests.root([
            "/usr/sbin/helper": Self.unhardened(), "/etc/config": Array("x".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o4711], ofItemAtPath: directory.appending(path: "usr/sbin/helper").path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o646], ofItemAtPath: directory.appending(path: "etc/config").path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o777], ofItemAtPath: directory.appending(path: "etc").path)
        let report = try Self.audit(try DirectoryRoot(directory.path))
        let checks = Set(report.findings.map { "\($0.check) \($0.evidence.path)" })
        for expected in [
            "HC-PERM-SETUID /usr/sbin/helper", "HC-PERM-SETUID-WEAK /usr/sbin/helper",
            "HC-PERM-WORLD-WRITABLE /etc/config", "HC-PERM-STICKY /etc",
        ] {
            #expect(checks.contains(expected), "\(expected) in \(checks.sorted())")
        }
        #expect(FileMetadata(mode: 0o4755, uid: 0, gid: 0).permissions == "rwsr-xr-x")
        #expect(FileMetadata(mode: 0o1777, uid: 0, gid: 0).permissions == "rwxrwxrwt")
        #expect(FileMetadata(mode: 0o2640, uid: 0, gid: 0).permissions == "rw-r-S---")
    }

    static let rsaBody = String(
        repeating: "MIIEowIBAAKCAQEAx3rDb1bR8vH0d9T2Kx7sQn0Vq3Yw5cL8mJ2pN6tR4uW9zA1bC3dE\n", count: 3)

    @Test("private keys of each kind, in text and in a binary, are found; PEM parser constants and public keys are not")
    func privateKeys() throws {
        let opensshEncrypted =
            "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBx1aZ2n4Xb0bH2wX3yJm5oAAAAEAAAAAEAAAAz\n"
        let opensshPlain =
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACDtVLcNZKsGJ8N2\n"
        let binary =
            HardeningAuditTests.hardenedBinary() + [0] + Array("-----BEGIN PRIVATE KEY-----\0".utf8) + [0, 0]
            + Array("-----BEGIN EC PRIVATE KEY-----".utf8)
            + Array(Self.rsaBody.replacingOccurrences(of: "\n", with: "").utf8)
            + Array("-----END EC PRIVATE KEY-----\0".utf8)
        let directory = try HardeningAuditTests.root([
            "/etc/ssl/private/device.key": Array(
                "-----BEGIN RSA PRIVATE KEY-----\n\(Self.rsaBody)-----END RSA PRIVATE KEY-----\n".utf8),
            "/etc/ssl/private/backup.key": Array(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n\(Self.rsaBody)-----END ENCRYPTED PRIVATE KEY-----\n".utf8),
            "/etc/ssl/private/legacy.key": Array(
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\n\(Self.rsaBody)-----END RSA PRIVATE KEY-----\n"
                    .utf8),
            "/root/.ssh/id_ed25519": Array(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n\(opensshPlain)-----END OPENSSH PRIVATE KEY-----\n".utf8),
            "/root/.ssh/id_rsa_locked": Array(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n\(opensshEncrypted)-----END OPENSSH PRIVATE KEY-----\n".utf8),
            "/usr/lib/libtls.so": binary,
            "/usr/share/doc/pem.txt": Array("Keys start with -----BEGIN PRIVATE KEY----- and end with END.\n".utf8),
            "/etc/ssl/certs/device.pub": Array(
                "-----BEGIN PUBLIC KEY-----\n\(Self.rsaBody)-----END PUBLIC KEY-----\n".utf8),
            "/etc/ssh/ssh_host_ed25519_key": Array("binary host key".utf8),
            "/etc/ssh/ssh_host_ed25519_key.pub": Array("ssh-ed25519 AAAA".utf8),
            "/etc/dropbear/dropbear_rsa_host_key": [0, 0, 0, 7] + Array("ssh-rsa".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.audit(try DirectoryRoot(directory.path))
        func found(_ check: String) -> [String: String] {
            Dictionary(
                report.findings.filter { $0.check == check }.map { ($0.evidence.path, $0.evidence.detail) },
                uniquingKeysWith: { first, _ in first })
        }
        let plain = found("HC-SECRET-PRIVATE-KEY")
        #expect(Set(plain.keys) == ["/etc/ssl/private/device.key", "/root/.ssh/id_ed25519", "/usr/lib/libtls.so"])
        #expect(plain["/usr/lib/libtls.so"]?.contains("1 private key: EC (first at byte") == true, "\(plain)")
        #expect(plain["/etc/ssl/private/device.key"] == "1 private key: RSA")
        let encrypted = found("HC-SECRET-ENCRYPTED-KEY")
        #expect(
            Set(encrypted.keys) == [
                "/etc/ssl/private/backup.key", "/etc/ssl/private/legacy.key", "/root/.ssh/id_rsa_locked",
            ])
        #expect(
            Set(found("HC-SECRET-HOST-KEY").keys) == [
                "/etc/ssh/ssh_host_ed25519_key", "/etc/dropbear/dropbear_rsa_host_key",
            ])
        let line = try #require(report.findings.first { $0.evidence.path == "/etc/ssl/private/device.key" })
        #expect(line.evidence.line == 1 && !report.findings.contains { $0.evidence.detail.contains("MIIEow") })
    }

    @Test("service tokens in text files: each kind found with its line, look-alikes not")
    func tokens() throws {
        let config = """
            # cloud upload
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            github = ghp_0123456789abcdefghijklmnopqrstuvwxyz
            not_a_key = AKIA_TOO_SHORT
            word = MAKIAIOSFODNN7EXAMPLE
            """
        let directory = try HardeningAuditTests.root(["/etc/uploader.conf": Array(config.utf8)])
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.audit(try DirectoryRoot(directory.path))
        let tokens = report.findings.filter { $0.check == "HC-SECRET-TOKEN" }
        #expect(tokens.map(\.evidence.line) == [2, 3], "\(tokens.map(\.evidence.detail))")
        #expect(
            tokens.allSatisfy {
                !$0.evidence.detail.contains("IOSFODNN7") && !$0.evidence.detail.contains("0123456789")
            })
    }
}
