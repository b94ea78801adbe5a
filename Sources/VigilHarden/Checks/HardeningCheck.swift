public import Foundation
import Synchronization
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

    /// What a check could not read (a configuration file over the size limit), for the report's `problems`.
    let problems = ProblemLog()

    /// A text file of the root (following links inside it), at most `limit` bytes, with CRLF line ends made LF;
    /// nil when absent. A file that exists but cannot be read, or is larger than `limit`, is a problem in the report:
    /// a configuration is never skipped silently.
    public func text(_ path: String, limit: Int = 16 << 20) -> String? {
        do {
            guard let bytes = try root.read(path, limit: limit) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        } catch {
            problem("\(path): \(error)")
            return nil
        }
    }

    /// The entries of a directory of the root, resolved inside it (links followed inside the root only); empty
    /// when it is absent.
    public func list(_ directory: String) -> [String] {
        (try? root.list(directory)) ?? []
    }

    /// Records something a check could not read.
    public func problem(_ message: String) { problems.add(message) }
}

/// The problems checks record while they run (from several threads).
final class ProblemLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ message: String) { entries.withLock { $0.append(message) } }
    var all: [String] { entries.withLock { $0 }.sorted() }
}

/// A plug-in point: a family of checks (binaries, accounts, services…) with the descriptors of what it can find. A
/// new family is a new conformer added to ``HardeningAudit/builtIn``.
public protocol HardeningCheck: Sendable {
    /// Every check this family runs, with stable ids.
    var descriptors: [CheckDescriptor] { get }
    /// The findings in one image.
    func run(_ context: HardeningContext) -> [HardeningFinding]
}
