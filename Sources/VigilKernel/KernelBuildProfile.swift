public import VigilCore

/// What Vigil knows of one kernel build — its `.config`, the compiled files (a build directory or a list), the source
/// tree's Makefiles — answering, per source file, whether the build compiled it. Exact knowledge first: the compiled
/// files, then the Makefiles under the `.config`; the `.config` alone rules out other architectures' code only.
public struct KernelBuildProfile: KernelBuildOracle {
    public var config: KernelConfig?
    public var compiled: CompiledKernelFiles?
    public var tree: KbuildTree?
    public var provenance: String

    public init(
        config: KernelConfig? = nil, compiled: CompiledKernelFiles? = nil, tree: KbuildTree? = nil,
        provenance: String
    ) {
        self.config = config
        self.compiled = compiled
        self.tree = tree
        self.provenance = provenance
    }

    public func verdict(for path: String) -> KernelBuildVerdict {
        var relative = Substring(path)
        while relative.hasPrefix("./") || relative.hasPrefix("/") { relative = relative.dropFirst() }
        let path = String(relative)
        if let architecture = config?.architecture ?? tree?.config.architecture {
            let parts = path.split(separator: "/")
            if parts.count > 2, parts[0] == "arch", parts[1] != architecture {
                return KernelBuildVerdict(
                    path: path, status: .notBuilt,
                    reason: "arch/\(parts[1]) is another architecture's code (this kernel is \(architecture))")
            }
        }
        if let top = path.split(separator: "/").first, ["tools", "scripts", "Documentation"].contains(top) {
            return KernelBuildVerdict(
                path: path, status: .notBuilt,
                reason: "\(top)/ is not part of the kernel image (user-space and build-host code)")
        }
        var fallback: KernelBuildVerdict?
        if let compiled {
            let verdict = compiled.verdict(for: path)
            if verdict.status != .unknown { return verdict }
            fallback = verdict
        }
        if let tree {
            let verdict = tree.verdict(for: path)
            if verdict.status != .unknown { return verdict }
            fallback = fallback ?? verdict
        }
        return fallback
            ?? KernelBuildVerdict(
                path: path, status: .unknown,
                reason: "a .config alone cannot tell: give the source tree (--kernel-source) or the compiled files")
    }
}
