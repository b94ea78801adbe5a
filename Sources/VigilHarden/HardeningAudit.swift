import Foundation
import VigilFeeds
public import VigilInventory

/// What an audit found in one image: the checks it ran (the legend and SARIF's rules), the findings, and the binaries
/// with their hardening (what `checksec` would list). Its JSON (`vigil.harden/1`, sorted keys) is stable and
/// documented in the README.
public struct HardeningReport: Sendable, Codable {
    public var schema = "vigil.harden/1"
    /// The directory or archive audited.
    public var target: String
    public var generatedAt: String
    public var tool: String
    public var summary: Summary
    public var checks: [CheckDescriptor]
    /// Most severe first, then by check and path.
    public var findings: [HardeningFinding]
    public var binaries: [AuditedBinary]
    /// What could not be read (a truncated ELF file), with the path: never silently skipped.
    public var problems: [String]

    public struct Summary: Sendable, Codable, Hashable {
        public var files: Int
        public var binaries: Int
        public var findings: Int
        /// Findings by severity (`critical` … `info`).
        public var bySeverity: [String: Int]
        /// Findings by requirement category.
        public var byCategory: [String: Int]
    }

    /// The highest severity among the findings, if any.
    public var worst: HardeningSeverity? { findings.map(\.severity).max() }
}

/// Runs every check family over an image. The families are plug-ins (``HardeningCheck``); ``builtIn`` lists them.
public struct HardeningAudit: Sendable {
    public var checks: [any HardeningCheck]

    public init(checks: [any HardeningCheck]) { self.checks = checks }

    public static let builtIn = standard()

    /// Every built-in family; the kernel configuration (from `--kernel-config`, else the image's /boot/config-*) is
    /// named `kernelConfigPath` in evidence.
    public static func standard(kernelConfigPath: String? = nil) -> HardeningAudit {
        HardeningAudit(checks: [
            BinaryChecks(), AccountChecks(), PermissionChecks(), SecretChecks(), ServiceChecks(),
            ConfigurationChecks(), CertificateChecks(),
            KernelConfigChecks(configPath: kernelConfigPath ?? "kernel .config"),
        ])
    }

    /// Audits `root`: its files are listed once, its ELF files analysed once, then every family runs.
    public func run(
        _ root: any RootFilesystem, target: String, kernelConfig: String? = nil, generatedAt: String,
        tool: String = "vigil"
    ) throws(InventoryError) -> HardeningReport {
        let files = try root.regularFiles()
        let (binaries, problems) = BinaryAudit.binaries(in: root, files: files)
        let context = HardeningContext(
            root: root, files: files, binaries: binaries, kernelConfig: kernelConfig,
            now: Timestamp.date(from: generatedAt) ?? Date())
        var findings = checks.flatMap { $0.run(context) }
        findings.sort {
            ($1.severity, $0.check, $0.evidence.path, $0.evidence.line ?? 0, $0.id)
                < ($0.severity, $1.check, $1.evidence.path, $1.evidence.line ?? 0, $1.id)
        }
        var bySeverity: [String: Int] = [:]
        var byCategory: [String: Int] = [:]
        for finding in findings {
            bySeverity[finding.severity.rawValue, default: 0] += 1
            byCategory[finding.category.rawValue, default: 0] += 1
        }
        return HardeningReport(
            target: target, generatedAt: generatedAt, tool: tool,
            summary: .init(
                files: files.count, binaries: binaries.count, findings: findings.count, bySeverity: bySeverity,
                byCategory: byCategory),
            checks: checks.flatMap(\.descriptors), findings: findings, binaries: binaries,
            problems: root.warnings + problems + context.problems.all)
    }
}
