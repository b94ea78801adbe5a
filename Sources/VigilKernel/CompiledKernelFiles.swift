import Foundation
public import VigilCore

/// The source files a kernel build compiled, from its build directory (`.*.o.cmd` files: each object's source and
/// the headers it included) or from a list of paths, one per line, relative to the kernel tree.
public struct CompiledKernelFiles: Sendable, Hashable {
    /// Objects built, relative to the tree: `net/ipv4/tcp.o` (from `net/ipv4/tcp.c`).
    public var objects: Set<String>
    /// Every other file a compiled source included (`include/linux/skbuff.h`); empty when unknown.
    public var dependencies: Set<String>
    /// What the list came from, for reasons: `build directory /build/linux`.
    public var origin: String

    public init(objects: Set<String>, dependencies: Set<String> = [], origin: String) {
        self.objects = objects
        self.dependencies = dependencies
        self.origin = origin
    }

    /// A list file's paths: one per line, relative to the kernel tree (`net/ipv4/tcp.c`); blank lines and `#`
    /// comments skipped, `./` dropped. Sources count as their objects; other files (headers) as dependencies.
    /// The kernel tree's top-level directories, for telling a list of tree paths from one that is not.
    static let topLevel: Set<String> = [
        "arch", "block", "certs", "crypto", "drivers", "fs", "include", "init", "io_uring", "ipc", "kernel", "lib",
        "mm",
        "net", "rust", "samples", "security", "sound", "usr", "virt", "scripts", "tools",
    ]

    /// A list file's paths, checked: at least half must start with one of the kernel tree's top-level directories
    /// (`linux-6.1/net/…` or `/home/…` means the list is not relative to the tree, and every other file would look
    /// "not compiled").
    public static func load(list text: String, origin: String) throws(KernelBuildError) -> CompiledKernelFiles {
        let files = CompiledKernelFiles(list: text, origin: origin)
        let paths = Array(files.objects) + Array(files.dependencies)
        let inTree = paths.filter { path in
            path.split(separator: "/").first.map { topLevel.contains(String($0)) } ?? false
        }
        guard !paths.isEmpty, inTree.count * 2 >= paths.count else {
            let example = paths.first { path in !inTree.contains(path) } ?? "nothing"
            throw KernelBuildError(
                .notAKernelTree, path: origin,
                "the paths are not relative to the kernel tree (\(example)): write them as net/ipv4/tcp.c")
        }
        return files
    }

    public init(list text: String, origin: String) {
        var objects: Set<String> = []
        var dependencies: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) {
            var path = line.trimmed
            if path.isEmpty || path.hasPrefix("#") { continue }
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            if let object = Self.object(of: String(path)) {
                objects.insert(object)
            } else {
                dependencies.insert(String(path))
            }
        }
        self.init(objects: objects, dependencies: dependencies, origin: origin)
    }

    /// Whether the build compiled a path.
    public func verdict(for path: String) -> KernelBuildVerdict {
        if let object = Self.object(of: path) {
            return objects.contains(object)
                ? KernelBuildVerdict(path: path, status: .built, reason: "compiled (\(origin))")
                : KernelBuildVerdict(
                    path: path, status: .notBuilt, reason: "not among the \(objects.count) objects compiled (\(origin))"
                )
        }
        guard !dependencies.isEmpty else {
            return KernelBuildVerdict(
                path: path, status: .unknown, reason: "\(origin) lists no headers: any compiled file may include it")
        }
        return dependencies.contains(path)
            ? KernelBuildVerdict(path: path, status: .built, reason: "included by a compiled file (\(origin))")
            : KernelBuildVerdict(
                path: path, status: .notBuilt,
                reason: "included by none of the \(objects.count) compiled files (\(origin))")
    }

    /// `net/ipv4/tcp.o` for `net/ipv4/tcp.c` (or `.S`, `.rs`, `.o`); nil for other files.
    static func object(of path: String) -> String? {
        for ext in [".c", ".S", ".rs", ".o"] where path.hasSuffix(ext) {
            return String(path.dropLast(ext.count)) + ".o"
        }
        return nil
    }
}

extension CompiledKernelFiles {
    /// Reads a kernel build directory (in-tree or `O=`): every `.NAME.o.cmd` Kbuild wrote, for its `source_` and
    /// `deps_` lines; objects without one (`NAME.o` only) count too. Paths inside the source tree are made relative
    /// to it; dependencies outside it (the compiler's headers) are dropped. Links are not followed; a `.cmd` file
    /// over 16 MiB is refused.
    public static func load(buildDirectory root: String) throws(KernelBuildError) -> CompiledKernelFiles {
        // The top of a build (in-tree or `O=`) has its `.config` and the generated configuration header: a
        // subdirectory would make every file outside it look "not compiled".
        var info = stat()
        guard lstat(root + "/.config", &info) == 0 || lstat(root + "/include/generated/autoconf.h", &info) == 0
        else {
            throw KernelBuildError(
                .notAKernelTree, path: root,
                "no .config or include/generated/autoconf.h: give the top of the kernel build directory (O=…)")
        }
        let files = try BuildTreeWalker(root: root).files { name in
            (name.hasPrefix(".") && name.hasSuffix(".o.cmd")) || (name.hasSuffix(".o") && !name.hasPrefix("."))
        }
        var objects: Set<String> = []
        var dependencies: Set<String> = []
        var commandFiles = 0
        for relative in files {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            let directory = relative.split(separator: "/").dropLast().joined(separator: "/")
            if name.hasSuffix(".o") {
                objects.insert(relative)
                continue
            }
            commandFiles += 1
            let object = (directory.isEmpty ? "" : directory + "/") + String(name.dropFirst().dropLast(4))
            let text = try KbuildTree.readText(root + "/" + relative, limit: 16 << 20)
            let parsed = CommandFile(text: text, object: object)
            if parsed.source != nil { objects.insert(object) }
            dependencies.formUnion(parsed.dependencies)
        }
        guard !objects.isEmpty else {
            throw KernelBuildError(
                .notAKernelTree, path: root, "no compiled objects (*.o, .*.o.cmd): not a kernel build directory")
        }
        return CompiledKernelFiles(
            objects: objects, dependencies: dependencies,
            origin: "build directory \(root), \(commandFiles) .cmd files")
    }
}

/// One `.NAME.o.cmd` file: `source_OBJ := PATH` and `deps_OBJ := \ PATH \ $(wildcard …) …`.
struct CommandFile {
    var source: String?
    var dependencies: [String] = []

    init(text: String, object: String) {
        var sourceRoot = ""
        var inDependencies = false
        var raw: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.trimmed
            if trimmed.hasPrefix("source_"), let assign = trimmed.firstRange(of: ":=") {
                let path = String(trimmed[assign.upperBound...].trimmed)
                source = path
                // An `O=` build names the source by its path from the build directory (`/usr/src/linux/net/…`,
                // `../net/…`): the tree is what precedes the object's own path.
                let relative = String(object.dropLast(2))
                if let dot = path.lastIndex(of: "."), path[..<dot].hasSuffix(relative),
                    path[..<dot].dropLast(relative.count).isEmpty
                        || path[..<dot].dropLast(relative.count).hasSuffix("/")
                {
                    sourceRoot = String(path[..<dot].dropLast(relative.count))
                }
                continue
            }
            if trimmed.hasPrefix("deps_"), trimmed.contains(":=") {
                inDependencies = true
                continue
            }
            guard inDependencies else { continue }
            var entry = trimmed
            let continues = entry.hasSuffix("\\")
            if continues { entry = entry.dropLast().trimmed }
            if !entry.isEmpty, !entry.hasPrefix("$(") { raw.append(entry) }
            if !continues { inDependencies = false }
        }
        dependencies = raw.compactMap { entry in
            var path = String(entry)
            if !sourceRoot.isEmpty, path.hasPrefix(sourceRoot) { path = String(path.dropFirst(sourceRoot.count)) }
            // Outside the tree (the compiler's headers), or a path that cannot be placed in it: no evidence.
            if path.hasPrefix("/") || path.hasPrefix("../") { return nil }
            while path.hasPrefix("./") { path = String(path.dropFirst(2)) }
            return path
        }
    }
}
