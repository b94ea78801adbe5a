import Foundation
import Testing
import VigilHarden
import VigilInventory
import VigilTesting

/// The checks on real files: an image assembled from Debian's own packages in the test corpus (busybox-static,
/// dropbear, OpenSSH's default sshd_config, sudo, libgnutls), modes kept as `dpkg-deb -x` left them.
@Suite struct RealPackagesTests {
    static let packages = ["busybox-static", "dropbear-bin", "openssh-server", "sudo", "libgnutls30"]

    @Test(
        "an image of Debian packages: busybox's telnetd applet, dropbear and OpenSSH defaults, sudo, GnuTLS's keys",
        .enabled(if: packages.allSatisfy { TestCorpus.has("debs/\($0)") }, TestCorpus.missingMessage))
    func debianPackages() throws {
        let image = FileManager.default.temporaryDirectory.appending(path: "vigil-harden-debs-\(UUID())")
        try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: image) }
        for package in Self.packages {
            let source = try #require(TestCorpus.url("debs/\(package)"))
            // cp -a keeps modes (sudo is set-user-ID) and links; DEBIAN/ (control files) is not part of an image.
            let copy = Process()
            copy.executableURL = URL(filePath: "/bin/cp")
            copy.arguments = ["-a", source.path + "/.", image.path]
            try copy.run()
            copy.waitUntilExit()
            #expect(copy.terminationStatus == 0)
        }
        try? FileManager.default.removeItem(at: image.appending(path: "DEBIAN"))
        // What openssh-server's postinst installs as /etc/ssh/sshd_config.
        try FileManager.default.copyItem(
            at: image.appending(path: "usr/share/openssh/sshd_config"), to: image.appending(path: "etc/ssh/sshd_config")
        )

        let report = try HardeningAudit.builtIn.run(
            try DirectoryRoot(image.path), target: "debian-packages", generatedAt: "2026-11-28T00:00:00.000Z")
        func find(_ check: String) -> [HardeningFinding] { report.findings.filter { $0.check == check } }

        let telnet = find("HC-SVC-TELNET")
        #expect(telnet.count == 1 && telnet.first?.evidence.path == "/bin/busybox" && telnet.first?.severity == .low)
        #expect(find("HC-SSH-ROOT-LOGIN").contains { $0.evidence.detail.hasPrefix("dropbear without -w or -g") })
        let passwords = find("HC-SSH-PASSWORD-AUTH")
        #expect(passwords.contains { $0.evidence.path == "/etc/ssh/sshd_config" && $0.severity == .low })
        #expect(passwords.contains { $0.evidence.detail.hasPrefix("dropbear without -s") })
        #expect(!find("HC-SSH-ROOT-LOGIN").contains { $0.evidence.path == "/etc/ssh/sshd_config" }, "Debian's default")
        #expect(!find("HC-PERM-SETUID").contains { $0.evidence.path == "/usr/bin/sudo" }, "sudo is expected")
        #expect(!find("HC-PERM-SETUID-WEAK").contains { $0.evidence.path == "/usr/bin/sudo" }, "and fully hardened")
        let keys = find("HC-SECRET-PRIVATE-KEY")
        #expect(keys.contains { $0.evidence.path.contains("libgnutls.so") && $0.evidence.offset != nil })
        // busybox-static: a static, stripped binary; checksec's verdicts.
        let busybox = try #require(report.binaries.first { $0.path == "/bin/busybox" })
        #expect(busybox.hardening.pie == .no && !busybox.hardening.canary && busybox.hardening.fortifiable == 0)
        #expect(report.problems.isEmpty, "\(report.problems)")
    }
}
