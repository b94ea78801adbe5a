public import Foundation
public import VigilInventory

/// What every check reads: the root filesystem (through VigilInventory's walker, which never leaves it), its regular
/// files, and its ELF binaries, each analysed once for all checks.
public struct HardeningContext: Sendable {
    public let root: any RootFilesystem
    public let files: [(path: String, size: Int)]
    public let binaries: [AuditedBinary]
    /// The kernel configuration given with `--kernel-config`, if any, as text.
    public let kernelConfig: String?
    /// When the audit runs: what certificates' expiry is judged against.
    public let now: Date

    public init(
        root: any RootFilesystem, files: [(path: String, size: Int)], binaries: [AuditedBinary],
        kernelConfig: String? = nil, now: Date = Date()
    ) {
        self.root = root
        self.files = files
        self.binaries = binaries
        self.kernelConfig = kernelConfig
        self.now = now
    }

    /// A text file of the root (following links inside it), at most `limit` bytes; nil when absent or unreadable.
    public func text(_ path: String, limit: Int = 4 << 20) -> String? {
        guard let bytes = try? root.read(path, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A plug-in point: a family of checks (binaries, accounts, services…) with the descriptors of what it can find. A
/// new family is a new conformer added to ``HardeningAudit/builtIn``.
public protocol HardeningCheck: Sendable {
    /// Every check this family runs, with stable ids.
    var descriptors: [CheckDescriptor] { get }
    /// The findings in one image.
    func run(_ context: HardeningContext) -> [HardeningFinding]
}
