/// Whether a kernel build compiled one source file, and why Vigil thinks so.
public struct KernelBuildVerdict: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case built
        case notBuilt = "not-built"
        /// Nothing given tells: a header many files include, a file no Makefile names, a condition Vigil cannot
        /// evaluate.
        case unknown
    }

    /// Relative to the kernel tree: `net/ipv4/tcp.c`.
    public var path: String
    public var status: Status
    /// Readable: `net/ipv4/Makefile: obj-$(CONFIG_NET_FOU) += fou.o, and CONFIG_NET_FOU is not set`.
    public var reason: String
    /// The Kconfig symbols the verdict rests on (`CONFIG_NET_FOU`), without their values.
    public var symbols: [String]

    public init(path: String, status: Status, reason: String, symbols: [String] = []) {
        self.path = path
        self.status = status
        self.reason = reason
        self.symbols = symbols
    }

    /// What a triage decision records of the verdicts it relied on: `path=status` pairs in path order, `;`-separated.
    /// Reasons are left out: their wording may change without the build changing.
    public static func summary(of verdicts: [KernelBuildVerdict]) -> String {
        verdicts.map { "\($0.path)=\($0.status.rawValue)" }.sorted().joined(separator: ";")
    }

    /// The pairs of a ``summary(of:)``: path → status text.
    public static func parse(summary: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for pair in summary.split(separator: ";") {
            guard let equals = pair.lastIndex(of: "=") else { continue }
            pairs[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return pairs
    }
}

/// What a kernel build compiled: answers, for a source file of the kernel tree, whether it was built. Conformers
/// (VigilKernel's `KernelBuildProfile`) read a `.config` with the tree's Makefiles, a build directory, or a list of
/// compiled files.
public protocol KernelBuildOracle: Sendable {
    /// The verdict for one path relative to the kernel tree (`net/ipv4/tcp.c`, `include/linux/skbuff.h`).
    func verdict(for path: String) -> KernelBuildVerdict
    /// What the build was read from, for reports: `config /boot/config-6.1.0-18-amd64 with the Makefiles of …`.
    var provenance: String { get }
}
