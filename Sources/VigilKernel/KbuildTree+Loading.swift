import Foundation
public import VigilCore

extension KbuildTree {
    /// Reads every `Kbuild` (preferred) or `Makefile` under a kernel source tree and evaluates it under `config`. The
    /// root gets the lists of the root `Makefile`, the architecture's `Makefile` and the root `Kbuild`, in the order
    /// `make` reads them. Symbolic links are not followed; a Makefile over 4 MiB is refused.
    public static func load(sourceTree root: String, config: KernelConfig) throws(KernelBuildError) -> KbuildTree {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KernelBuildError(.notADirectory, path: root, "not a directory: give the kernel source tree")
        }
        var makefile = stat()
        var arch = stat()
        guard lstat(root + "/Makefile", &makefile) == 0, makefile.st_mode & S_IFMT == S_IFREG,
            lstat(root + "/arch", &arch) == 0, arch.st_mode & S_IFMT == S_IFDIR
        else {
            throw KernelBuildError(
                .notAKernelTree, path: root, "no top-level Makefile and arch/: not a Linux kernel source tree")
        }
        guard let architecture = config.architecture else {
            throw KernelBuildError(
                .notAKernelConfig, path: root,
                "the configuration sets no architecture option (CONFIG_X86, CONFIG_ARM64, …): is it a kernel .config?")
        }
        var texts: [String: (name: String, text: String)] = [:]
        let sourceSuffixes = [".c", ".S", ".rs", ".h"]
        let walk = try BuildTreeWalker(root: root).walk { name in
            name == "Makefile" || name == "Kbuild" || sourceSuffixes.contains { name.hasSuffix($0) }
        }
        let files = walk.files
        // A tree with its sources (not only the Makefiles) also tells which files this kernel has — only when the
        // walk saw all of it (links count as present, though never read).
        let sources = Set((files + walk.links).filter { path in sourceSuffixes.contains { path.hasSuffix($0) } })
        for relative in files where relative.hasSuffix("Makefile") || relative.hasSuffix("Kbuild") {
            let name = String(relative.split(separator: "/").last ?? "")
            guard name == "Makefile" || name == "Kbuild" else { continue }
            let directory = relative.split(separator: "/").dropLast().joined(separator: "/")
            // Kbuild wins over Makefile, as in Kbuild itself.
            if texts[directory]?.name == "Kbuild" { continue }
            texts[directory] = (name, try readText(root + "/" + relative, limit: 4 << 20))
        }
        var makefiles: [String: KbuildMakefile] = [:]
        for (directory, file) in texts where !directory.isEmpty {
            makefiles[directory] = KbuildMakefile(
                text: file.text, location: directory + "/" + file.name, config: config)
        }
        makefiles[""] = rootMakefile(root: root, architecture: architecture, config: config, texts: texts)
        return KbuildTree(
            makefiles: makefiles, config: config, root: root,
            sources: walk.complete && sources.contains("init/main.c") ? sources : nil)
    }

    /// The root's lists: the root `Makefile`'s, then the architecture `Makefile`'s (`core-y`, `drivers-y`,
    /// `libs-y`), then the root `Kbuild` with those as `ARCH_CORE`, `ARCH_LIB` and `ARCH_DRIVERS`.
    private static func rootMakefile(
        root: String, architecture: String, config: KernelConfig, texts: [String: (name: String, text: String)]
    ) -> KbuildMakefile {
        // The final `make` (`sub_make_done`, `need-sub-make`) of a plain `make` of the kernel itself (`MAKECMDGOALS`): not an external module
        // (`KBUILD_EXTMOD`), not a configuration target (`config-build`, older `config-targets`), not a mixed or
        // single-file build. Empty means undefined to make.
        var variables: [String: [KbuildMakefile.Word]] = [:]
        for name in [
            "need-sub-make", "KBUILD_EXTMOD", "config-build", "config-targets", "mixed-build", "mixed-targets",
            "single-build",
        ] {
            variables[name] = []
        }
        variables["sub_make_done"] = [KbuildMakefile.Word(text: "1", certain: true, symbols: [])]
        // A plain `make`: the default goal (vmlinux and modules), no command-line goals.
        variables["MAKECMDGOALS"] = []
        if let top = try? readText(root + "/Makefile", limit: 4 << 20) {
            variables = KbuildMakefile(text: top, location: "Makefile", config: config, predefined: variables).variables
        }
        let archPath = "arch/\(architecture)/Makefile"
        if let arch = try? readText(root + "/" + archPath, limit: 4 << 20) {
            variables = KbuildMakefile(text: arch, location: archPath, config: config, predefined: variables).variables
        }
        variables["ARCH_CORE"] = variables["core-y"] ?? []
        variables["ARCH_LIB"] = (variables["libs-y"] ?? []).filter { $0.text.hasSuffix("/") }
        variables["ARCH_DRIVERS"] = (variables["drivers-y"] ?? []) + (variables["drivers-m"] ?? [])
        if texts[""]?.name == "Kbuild", let kbuild = texts[""]?.text {
            return KbuildMakefile(text: kbuild, location: "Kbuild", config: config, predefined: variables)
        }
        return KbuildMakefile(text: "", location: "Makefile", config: config, predefined: variables)
    }

    static func readText(_ path: String, limit: Int) throws(KernelBuildError) -> String {
        try String(decoding: readBytes(path, limit: limit), as: UTF8.self)
    }

    /// A regular file's bytes, opened with `O_NOFOLLOW` (a link is refused, never followed) and `O_NONBLOCK` (a FIFO
    /// cannot block), up to `limit`.
    static func readBytes(_ path: String, limit: Int) throws(KernelBuildError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw KernelBuildError(.unreadable, path: path, "cannot be opened (missing, a link, or not readable)")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw KernelBuildError(.unreadable, path: path, "not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw KernelBuildError(.tooLarge, path: path, "larger than \(limit >> 20) MiB: not a kernel build file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + offset, $0.count - offset, off_t(offset))
            }
            guard count > 0 else { break }
            offset += count
        }
        return Array(bytes.prefix(offset))
    }
}
