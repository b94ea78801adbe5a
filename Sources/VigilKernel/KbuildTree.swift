public import VigilCore

/// A kernel source tree's Makefiles evaluated under one `.config`: which directories and objects the build
/// compiles, so that a `.config` alone tells whether a source file is built.
///
/// A directory is built when a built directory lists it (`obj-$(CONFIG_NET) += net/`; the root `Kbuild` lists the
/// top-level ones, with the architecture Makefile's `core-y`, `drivers-y` and `libs-y`). A `.c`/`.S` file is built when
/// its object is in an active list of a built directory (`obj-y`, `obj-m`, `lib-y`, …) or a part of a built composite
/// object (`fou-y := fou_core.o` with `obj-$(CONFIG_NET_FOU) += fou.o`). It is not built when its directory is not,
/// or when every list naming its object is inactive (`obj-` for an option that is not set). Anything else is unknown:
/// a verdict is never guessed.
public struct KbuildTree: Sendable {
    /// Directory (`net/ipv4`, `""` for the root) → its evaluated `Kbuild` or `Makefile`.
    public let makefiles: [String: KbuildMakefile]
    public let config: KernelConfig
    /// Where the tree was read from, for reasons.
    public let root: String
    /// Every source and header file of the tree (`.c`, `.S`, `.rs`, `.h`), or nil when the tree holds Makefiles only:
    /// a file this kernel does not have is not built.
    public let sources: Set<String>?
    /// Whether each directory with a Makefile is built, worked out once when the tree is made: each directory's
    /// answer rests on its ancestors', so computing it per verdict would repeat the same work exponentially often.
    private var reachable: [String: Reach] = [:]

    /// A directory's build state and why.
    typealias Reach = (built: Bool?, reason: String, symbols: [String])

    /// Lists whose objects and directories are built.
    static let activeLists: Set<String> = [
        "obj-y", "obj-m", "lib-y", "lib-m", "subdir-y", "subdir-m", "core-y", "core-m", "drivers-y", "drivers-m",
        "libs-y", "libs-m", "init-y", "net-y", "virt-y", "head-y", "extra-y", "always-y", "always-m",
    ]
    /// Variables that are not object lists, whatever their suffix.
    static let notObjectLists: Set<String> = [
        "ccflags", "asflags", "ldflags", "cflags", "subdir-ccflags", "subdir-asflags", "hostprogs", "userprogs",
        "userccflags", "clean-files", "clean-dirs", "no-clean-files", "header-test", "generic", "generated",
        "mandatory", "targets", "always", "extra", "subdir", "include", "dtb", "dtbo", "KBUILD_CFLAGS", "CFLAGS",
        "AFLAGS", "OBJECT_FILES_NON_STANDARD", "KASAN_SANITIZE", "KCSAN_SANITIZE", "UBSAN_SANITIZE", "GCOV_PROFILE",
        "KCOV_INSTRUMENT",
    ]

    public init(makefiles: [String: KbuildMakefile], config: KernelConfig, root: String, sources: Set<String>? = nil) {
        self.makefiles = makefiles
        self.config = config
        self.root = root
        self.sources = sources
        // Shallow directories first, so each one's ancestors are known when it is worked out.
        for directory in makefiles.keys.sorted(by: { $0.split(separator: "/").count < $1.split(separator: "/").count })
        where !directory.isEmpty {
            let reach = computeReachability(of: directory)
            reachable[directory] = reach
        }
    }

    /// Whether a path is built, and why.
    public func verdict(for path: String) -> KernelBuildVerdict {
        let components = path.split(separator: "/").map(String.init)
        guard let file = components.last else {
            return KernelBuildVerdict(path: path, status: .unknown, reason: "an empty path")
        }
        let directory = components.dropLast().joined(separator: "/")
        if let sources, !sources.contains(path) {
            return KernelBuildVerdict(
                path: path, status: .notBuilt, reason: "this kernel's source tree (\(root)) has no \(path)")
        }
        let reach = reachability(of: directory)
        if reach.built == false {
            return KernelBuildVerdict(path: path, status: .notBuilt, reason: reach.reason, symbols: reach.symbols)
        }
        let objectExtensions = [".c", ".S", ".rs"]
        guard let ext = objectExtensions.first(where: { file.hasSuffix($0) }) else {
            return KernelBuildVerdict(
                path: path, status: .unknown,
                reason: "\(file) is not compiled on its own (a header or data file): any built file may use it")
        }
        let object = String(file.dropLast(ext.count)) + ".o"
        let found = objectState(directory: directory, object: object)
        if found.built == true, reach.built == true {
            return KernelBuildVerdict(path: path, status: .built, reason: found.reason, symbols: found.symbolList)
        }
        if found.built == false {
            return KernelBuildVerdict(path: path, status: .notBuilt, reason: found.reason, symbols: found.symbolList)
        }
        let reason = found.built == true ? reach.reason : found.reason
        return KernelBuildVerdict(
            path: path, status: .unknown, reason: reason, symbols: found.symbols.union(reach.symbols).sorted())
    }

    /// A three-valued answer with its reason.
    struct Answer {
        var built: Bool?
        var reason: String
        var symbols: Set<String> = []

        var symbolList: [String] { symbols.sorted() }
    }

    /// Whether a directory is built.
    func reachability(of directory: String) -> Reach {
        if directory.isEmpty { return (true, "the root", []) }
        let components = directory.split(separator: "/")
        if components.first == "arch", components.count > 1, let architecture = config.architecture,
            components[1] != architecture
        {
            return (
                false, "arch/\(components[1]) is another architecture's (this configuration is \(architecture))", []
            )
        }
        if let top = components.first, ["tools", "scripts", "Documentation"].contains(top) {
            return (false, "\(top)/ is not part of the kernel image (user-space and build-host code)", [])
        }
        if makefiles[directory] == nil {
            // No Makefile of its own: its objects are named from above (`kvm-intel-y += vmx/vmx.o`), so the directory
            // is as built as its parent.
            return reachability(of: components.dropLast().joined(separator: "/"))
        }
        return reachable[directory] ?? (nil, "\(directory) was not worked out", [])
    }

    /// A directory with a Makefile: built when a built ancestor lists it (its ancestors are already in `reachable`).
    private func computeReachability(of directory: String) -> Reach {
        let components = directory.split(separator: "/")
        if components.first == "arch" || ["tools", "scripts", "Documentation"].contains(String(components.first ?? ""))
        {
            let rule = reachability(of: directory)
            if rule.built == false { return rule }
        }
        let answer = listing(target: directory + "/", below: directory) { ancestor in
            let reach = reachability(of: ancestor)
            return Answer(built: reach.built, reason: reach.reason, symbols: Set(reach.symbols))
        }
        return (answer.built, answer.reason, answer.symbolList)
    }

    /// Whether an object (`tcp.o` in `net/ipv4`) is built, wherever a Makefile at or above its directory names it.
    func objectState(directory: String, object: String) -> Answer {
        let target = directory.isEmpty ? object : directory + "/" + object
        return listing(target: target, below: directory) { ancestor in
            guard ancestor != directory else { return Answer(built: true, reason: "") }
            let reach = reachability(of: ancestor)
            return Answer(built: reach.built, reason: reach.reason, symbols: Set(reach.symbols))
        }
    }

    /// Looks for `target` (relative to the root) in the Makefiles of its directory and each ancestor, then decides:
    /// built if an active list of a built directory names it; not built if only inactive lists do; else unknown.
    private func listing(
        target: String, below directory: String, isBuilt: (String) -> Answer
    ) -> Answer {
        var ancestors: [String] = []
        var parts = directory.split(separator: "/").map(String.init)
        // A directory is listed by its parent and above.
        if target.hasSuffix("/"), !parts.isEmpty { parts.removeLast() }
        while true {
            ancestors.append(parts.joined(separator: "/"))
            if parts.isEmpty { break }
            parts.removeLast()
        }
        var inactive: Answer?
        var uncertain: Answer?
        for ancestor in ancestors {
            guard let makefile = makefiles[ancestor] else { continue }
            let relative = ancestor.isEmpty ? target : String(target.dropFirst(ancestor.count + 1))
            for appearance in appearances(of: relative, in: makefile) {
                let ancestorBuilt = isBuilt(ancestor)
                let state = Evaluator.and(appearance.built, ancestorBuilt.built)
                if state == true, appearance.certain {
                    return Answer(built: true, reason: appearance.reason, symbols: appearance.symbols)
                } else if ancestorBuilt.built == false {
                    // Listed by a directory that is not built itself.
                    inactive = inactive ?? ancestorBuilt
                } else if appearance.built == false, appearance.certain {
                    inactive = inactive ?? Answer(built: false, reason: appearance.reason, symbols: appearance.symbols)
                } else {
                    uncertain =
                        uncertain
                        ?? Answer(built: nil, reason: appearance.reason + " (not certain)", symbols: appearance.symbols)
                }
            }
        }
        if let uncertain { return uncertain }
        if let inactive { return inactive }
        return Answer(
            built: nil, reason: "no Makefile from \(directory.isEmpty ? "the root" : directory) up names \(target)")
    }

    /// Each list of a Makefile naming `word`, and whether that list is built.
    private func appearances(
        of word: String, in makefile: KbuildMakefile, depth: Int = 0
    ) -> [(built: Bool?, certain: Bool, reason: String, symbols: Set<String>)] {
        var found: [(built: Bool?, certain: Bool, reason: String, symbols: Set<String>)] = []
        for (name, entry) in makefile.lists(naming: word) {
            do {
                let settings = describe(entry.symbols)
                if Self.activeLists.contains(name) {
                    found.append(
                        (
                            true, entry.certain, "\(makefile.location): \(word) in \(name)\(settings)",
                            entry.symbols
                        ))
                } else if let composite = Self.composite(name) {
                    guard depth < 4 else { continue }
                    // A part of `composite.o`: built when that is (and the part's own list is active).
                    let partActive = !name.hasSuffix("-")
                    let parents = appearances(of: composite + ".o", in: makefile, depth: depth + 1)
                    if !partActive {
                        found.append(
                            (
                                false, entry.certain,
                                "\(makefile.location): \(word) in \(name)\(settings)", entry.symbols
                            ))
                        continue
                    }
                    for parent in parents {
                        found.append(
                            (
                                parent.built, entry.certain && parent.certain,
                                "\(makefile.location): \(word) is part of \(composite).o; \(parent.reason)",
                                entry.symbols.union(parent.symbols)
                            ))
                    }
                } else if name.hasSuffix("-") || name.hasSuffix("-n") {
                    let base = name.hasSuffix("-n") ? String(name.dropLast(2)) : String(name.dropLast())
                    guard ["obj", "lib", "core", "drivers", "libs", "subdir", "init", "net", "virt"].contains(base)
                    else { continue }
                    found.append(
                        (false, entry.certain, "\(makefile.location): \(word) in \(name)\(settings)", entry.symbols))
                }
            }
        }
        return found
    }

    /// `foo` for the part lists of composite object `foo.o`: `foo-y`, `foo-objs`, `foo-m`, or `foo-` (an option
    /// that is not set).
    static func composite(_ name: String) -> String? {
        for suffix in ["-objs", "-y", "-m", "-"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            guard !base.isEmpty, !activeLists.contains(name), !notObjectLists.contains(base),
                !["obj", "lib", "core", "drivers", "libs", "init", "net", "virt", "head"].contains(base)
            else { return nil }
            return base
        }
        return nil
    }

    /// `, and CONFIG_X is not set` / `, with CONFIG_X=m`.
    private func describe(_ symbols: Set<String>) -> String {
        guard !symbols.isEmpty else { return "" }
        let parts = symbols.sorted().map { symbol in
            let value = config.value(symbol)
            return value.isEmpty ? "\(symbol) is not set" : "\(symbol)=\(value)"
        }
        return " (" + parts.joined(separator: ", ") + ")"
    }
}
