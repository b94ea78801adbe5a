import ArgumentParser
import Foundation
import VigilCore
import VigilKernel

/// The kernel build a scan (or a triage decision) rests on: `--kernel-config`, `--kernel-files`,
/// `--kernel-build-dir`, `--kernel-source`. Shared by `scan`, `patches`, `vex export` and `triage set`.
struct KernelBuildOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The kernel's .config (with --kernel-source, enough on its own).", valueName: "FILE"))
    var kernelConfig: String?

    @Option(
        help: ArgumentHelp(
            "The compiled kernel sources: one path relative to the kernel tree per line (net/ipv4/tcp.c).",
            valueName: "FILE"))
    var kernelFiles: String?

    @Option(
        help: ArgumentHelp(
            "A kernel build directory: its .*.o.cmd files name each compiled source and the headers it included.",
            valueName: "DIR"))
    var kernelBuildDir: String?

    @Option(
        help: ArgumentHelp(
            "The kernel source tree: its Makefiles map files to Kconfig symbols under --kernel-config.",
            valueName: "DIR"))
    var kernelSource: String?

    var isEmpty: Bool { kernelConfig == nil && kernelFiles == nil && kernelBuildDir == nil && kernelSource == nil }

    func validate() throws {
        if kernelSource != nil, kernelConfig == nil {
            throw ValidationError("--kernel-source needs --kernel-config: the Makefiles are evaluated under it")
        }
        if kernelFiles != nil, kernelBuildDir != nil {
            throw ValidationError("give the compiled files once: --kernel-files or --kernel-build-dir, not both")
        }
    }

    /// The arguments that give these options to another command.
    var arguments: [String] {
        [
            ("--kernel-config", kernelConfig), ("--kernel-files", kernelFiles),
            ("--kernel-build-dir", kernelBuildDir), ("--kernel-source", kernelSource),
        ].flatMap { option, value in value.map { [option, $0] } ?? [] }
    }

    /// The build, or nil when no option was given; a file or directory that cannot be read exits 2.
    func profile() throws -> KernelBuildProfile? {
        guard !isEmpty else { return nil }
        do {
            var parts: [String] = []
            let config = try kernelConfig.map { path in
                let bytes = try Files.read(path, limit: 16 << 20)
                let config = KernelConfig(bytes)
                guard !config.options.isEmpty else {
                    throw KernelBuildError(.notAKernelConfig, path: path, "no CONFIG_ options: not a kernel .config")
                }
                parts.append("config \(path)")
                return config
            }
            var compiled: CompiledKernelFiles?
            if let kernelFiles {
                let text = String(decoding: try Files.read(kernelFiles, limit: 64 << 20), as: UTF8.self)
                compiled = try CompiledKernelFiles.load(list: text, origin: "list \(kernelFiles)")
                parts.append("compiled files \(kernelFiles)")
            } else if let kernelBuildDir {
                compiled = try CompiledKernelFiles.load(buildDirectory: kernelBuildDir)
                parts.append("build directory \(kernelBuildDir)")
            }
            let tree = try kernelSource.map { path in
                parts.append("Makefiles of \(path)")
                return try KbuildTree.load(sourceTree: path, config: config!)
            }
            if config != nil, tree == nil, compiled == nil {
                Console.warning(
                    "a .config alone only rules out other architectures' code: give --kernel-source (the tree's "
                        + "Makefiles map files to options) or the compiled files")
            }
            return KernelBuildProfile(
                config: config, compiled: compiled, tree: tree, provenance: parts.joined(separator: ", "))
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }
}
