import ArgumentParser
import Foundation
import VigilFeeds
import VigilHarden
import VigilInventory

/// `vigil harden ROOTFS`: the firmware hardening audit.
struct HardenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harden",
        abstract:
            "Audit a root filesystem (a directory or a .tar, .tar.gz, .tar.xz, .tar.zst of one) for weak hardening: "
            + "binaries, passwords, keys and certificates, services, configuration and the kernel's.",
        discussion: """
            Binaries: every ELF file (32- and 64-bit, either byte order, any architecture) is checked as Debian's \
            checksec checks it (RELRO, stack canary, NX, PIE, RPATH/RUNPATH, symbols, FORTIFY_SOURCE); kernel \
            modules are listed but not judged. Accounts: empty passwords, UID 0 besides root, hashes in \
            /etc/passwd, DES and MD5 hashes, and known default passwords (each hash checked with crypt(3)). \
            Permissions: unexpected or weakly hardened set-user-ID programs, world-writable files, directories \
            without the sticky bit. Secrets: private keys (PEM, OpenSSH, PGP; in text and in binaries), SSH host \
            keys baked in, service tokens. Certificates: expired, RSA under 2048 bits, SHA-1 or MD5 signatures. \
            Services: telnet, FTP, TFTP and r-services installed or started (inittab, inetd, systemd, SysV init, \
            busybox applets), a shell or autologin on a console, debug tools. Configuration: sshd_config and \
            dropbear options, fstab mount options, weakened sysctl parameters. Kernel: the .config (--kernel-config, \
            else the image's /boot/config-*) against the KSPP recommendations.

            Every finding has a stable id (HF-…), its check (HC-…), a severity, a CWE, a requirement category \
            (access-control, passwords, hardening, data-privacy, encryption), evidence (path, line or byte offset) \
            and a remedy; reports never contain a password hash, a key or a token. Formats: table, json \
            (vigil.harden/1, with every binary's verdicts), sarif (SARIF 2.1.0), html (one page, no script).

            Archives are read in memory and never extracted; symbolic links are followed inside the root only.

            Exit status: 0 done (and nothing at or above --fail-on); 1 a finding at or above --fail-on; 2 the root \
            or the kernel configuration cannot be read; 64 usage error.
            """)

    @Argument(help: "A root filesystem directory, or a tar archive of one (optionally gzip, xz or zstd).")
    var path: String
    @Option(name: .shortAndLong, help: "Output format: table, json, sarif, html.") var format: String = "table"
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(help: "Exit with status 1 when a finding is at least this severe: critical, high, medium, low, info.")
    var failOn: String?
    @Option(help: "The largest archive, after decompression, in MiB.") var maxArchiveMiB: Int = 8_192
    @Option(
        help: ArgumentHelp(
            "The kernel's .config (plain or gzip, as /proc/config.gz), checked against the KSPP recommendations; "
                + "default: the image's /boot/config-*.", valueName: "FILE"))
    var kernelConfig: String?

    func validate() throws {
        guard HardeningOutput.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; choose one of: table, json, sarif, html")
        }
        if let failOn, HardeningSeverity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on '\(failOn)' is not a severity: critical, high, medium, low, info")
        }
    }

    func run() throws {
        let report: HardeningReport
        do {
            let root = try SBOMGenerateCommand.open(path, limit: maxArchiveMiB << 20)
            guard !(root is SingleFileRoot) else {
                Console.error("\(path) is neither a directory nor a tar archive of a root filesystem")
                throw ExitStatus.invalidInput
            }
            var config: String?
            if let kernelConfig {
                var bytes = try Files.read(kernelConfig, limit: 64 << 20)
                if let format = Decompression.format(of: bytes.prefix(8)) {
                    bytes = try Decompression.decompress(bytes, format: format, limit: 64 << 20, source: kernelConfig)
                }
                config = String(decoding: bytes, as: UTF8.self)
            }
            report = try HardeningAudit.standard(kernelConfigPath: kernelConfig).run(
                root, target: path, kernelConfig: config, generatedAt: Timestamp.string(),
                tool: "vigil \(VigilVersion.current)")
        } catch let status as ExitCode {
            throw status
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        let bytes = try HardeningOutput.render(report, as: HardeningOutput.Format(rawValue: format) ?? .table)
        do {
            try Files.write(bytes, to: output)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        if let failOn, let threshold = HardeningSeverity(rawValue: failOn), let worst = report.worst, worst >= threshold
        {
            throw ExitStatus.checkFailed
        }
    }
}
