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
        guard FileManager.default.fileExists(atPath: root + "/Makefile"),
            FileManager.default.fileExists(atPath: root + "/arch")
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
        let files = try BuildTreeWalker(root: root).files { name in
            name == "Makefile" || name == "Kbuild" || sourceSuffixes.contains { name.hasSuffix($0) }
        }
        // A tree with its sources (not only the Makefiles) also tells which files this kernel has.
        let sources = Set(files.filter { path in sourceSuffixes.contains { path.hasSuffix($0) } })
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
            sources: sources.contains("init/main.c") ? sources : nil)
    }

    /// The root's lists: the root `Makefile`'s, then the architecture `Makefile`'s (`core-y`, `drivers-y`,
    /// `libs-y`), then the root `Kbuild` with those as `ARCH_CORE`, `ARCH_LIB` and `ARCH_DRIVERS`.
    private static func rootMakefile(
        root: String, architecture: String, config: KernelConfig, texts: [String: (name: String, text: String)]
    ) -> KbuildMakefile {
        // The final `make` of a build of the kernel itself (`sub_make_done`, `need-sub-make`): not an external module
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

    static func readBytes(_ path: String, limit: Int) throws(KernelBuildError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KernelBuildError(.unreadable, path: path, "cannot be opened for reading")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw KernelBuildError(.unreadable, path: path, "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= limit else {
            throw KernelBuildError(.tooLarge, path: path, "larger than \(limit >> 20) MiB: not a kernel build file")
        }
        return data
    }
}
