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
            + "binaries built without protections, and weak or default passwords.",
        discussion: """
            Binaries: every ELF file (32- and 64-bit, either byte order, any architecture) is checked as Debian's \
            checksec checks it — RELRO, stack canary, NX, PIE, RPATH/RUNPATH, symbols, FORTIFY_SOURCE — and a \
            finding is raised for an executable stack, no or partial RELRO, no canary, no PIE, a relative or empty \
            RPATH/RUNPATH entry, fortifiable calls without FORTIFY_SOURCE, and an unstripped symbol table. Kernel \
            modules are listed but not judged. Accounts: /etc/passwd and /etc/shadow are checked for empty \
            passwords, UID 0 besides root, hashes in the world-readable passwd file, DES and MD5 hashes, and \
            passwords from a list of known device defaults (each hash checked with crypt(3)); reports show the \
            hash's scheme, never the hash.

            Every finding has a stable id (HF-…), its check (HC-…), a severity, a CWE, a requirement category \
            (access-control, passwords, hardening, data-privacy, encryption), evidence (path, line) and a remedy. \
            Formats: table, json (vigil.harden/1, with every binary's verdicts), sarif (SARIF 2.1.0).

            Archives are read in memory and never extracted; symbolic links are followed inside the root only.

            Exit status: 0 done (and nothing at or above --fail-on); 1 a finding at or above --fail-on; 2 the root \
            cannot be read; 64 usage error.
            """)

    @Argument(help: "A root filesystem directory, or a tar archive of one (optionally gzip, xz or zstd).")
    var path: String
    @Option(name: .shortAndLong, help: "Output format: table, json, sarif.") var format: String = "table"
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(help: "Exit with status 1 when a finding is at least this severe: critical, high, medium, low, info.")
    var failOn: String?
    @Option(help: "The largest archive, after decompression, in MiB.") var maxArchiveMiB: Int = 8_192

    func validate() throws {
        guard HardeningOutput.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; choose one of: table, json, sarif")
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
            report = try HardeningAudit.builtIn.run(
                root, target: path, generatedAt: Timestamp.string(), tool: "vigil \(VigilVersion.current)")
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
