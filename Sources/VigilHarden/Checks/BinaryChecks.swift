import VigilInventory

/// The build hardening of every executable and shared library in the image (kernel modules and other relocatable
/// objects are left out: the kernel's own configuration decides their protections), from ``BinaryHardening``, so
/// each verdict is the one `checksec` gives.
public struct BinaryChecks: HardeningCheck {
    public init() {}

    static let executableStack = CheckDescriptor(
        id: "HC-ELF-NX", title: "Executable stack (no NX)", severity: .high, cwe: "CWE-693", category: .hardening,
        rationale:
            "Without a non-executable GNU_STACK, code injected into a stack buffer runs as is: a stack overflow "
            + "becomes code execution with no further step (checksec; Debian and KSPP hardening guides).",
        remediation:
            "Link with -Wl,-z,noexecstack (MIPS toolchains need it explicitly) and remove assembly files that lack a "
            + ".note.GNU-stack section.")
    static let noRELRO = CheckDescriptor(
        id: "HC-ELF-RELRO", title: "No RELRO", severity: .medium, cwe: "CWE-693", category: .hardening,
        rationale:
            "Without RELRO the GOT and other relocated data stay writable for the program's life, so a memory "
            + "corruption can redirect calls through them.",
        remediation: "Link with -Wl,-z,relro,-z,now (full RELRO).")
    static let partialRELRO = CheckDescriptor(
        id: "HC-ELF-RELRO-PARTIAL", title: "Partial RELRO (lazy binding)", severity: .low, cwe: "CWE-693",
        category: .hardening,
        rationale:
            "With partial RELRO the GOT's entries for lazily bound functions stay writable; full RELRO (-z now) makes "
            + "the whole GOT read-only after start-up.",
        remediation: "Link with -Wl,-z,now as well as -Wl,-z,relro.")
    static let noCanary = CheckDescriptor(
        id: "HC-ELF-CANARY", title: "No stack canary", severity: .medium, cwe: "CWE-693", category: .hardening,
        rationale:
            "Without stack protector canaries, a stack buffer overflow overwrites the return address undetected.",
        remediation: "Compile with -fstack-protector-strong.")
    static let noPIE = CheckDescriptor(
        id: "HC-ELF-PIE", title: "Not position-independent (no PIE)", severity: .medium, cwe: "CWE-693",
        category: .hardening,
        rationale:
            "An executable that is not PIE loads at a fixed address, so ASLR does not move its code: return-oriented "
            + "programming needs no address leak.",
        remediation: "Compile with -fPIE and link with -pie.")
    static let untrustedSearchPath = CheckDescriptor(
        id: "HC-ELF-RPATH", title: "Relative, empty or writable RPATH/RUNPATH entry", severity: .high,
        cwe: "CWE-426", category: .accessControl,
        rationale:
            "A relative or empty entry in RPATH or RUNPATH is resolved against the working directory, and a "
            + "world-writable directory (/tmp) can be written by anyone: whoever controls it chooses the libraries the "
            + "program loads.",
        remediation: "Use absolute paths or $ORIGIN-relative ones in -Wl,-rpath, or none (install into the system's "
            + "library path).")
    static let notFortified = CheckDescriptor(
        id: "HC-ELF-FORTIFY", title: "Fortifiable functions without FORTIFY_SOURCE", severity: .low, cwe: "CWE-693",
        category: .hardening,
        rationale:
            "The binary calls libc functions glibc can check for buffer overflows (memcpy, strcpy, sprintf…) but "
            + "none of the checked versions: it was built without -D_FORTIFY_SOURCE.",
        remediation: "Compile with -O2 -D_FORTIFY_SOURCE=2 (or 3).")
    static let notStripped = CheckDescriptor(
        id: "HC-ELF-SYMBOLS", title: "Symbol table not stripped", severity: .info, cwe: "CWE-200",
        category: .dataPrivacy,
        rationale:
            "A full symbol table (.symtab) names every function and variable: it makes reverse engineering and "
            + "exploit development easier and is not needed to run.",
        remediation: "Strip release binaries (install -s, or strip --strip-unneeded).")

    public var descriptors: [CheckDescriptor] {
        [
            Self.executableStack, Self.noRELRO, Self.partialRELRO, Self.noCanary, Self.noPIE,
            Self.untrustedSearchPath, Self.notFortified, Self.notStripped,
        ]
    }

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        for binary in context.binaries where binary.hardening.pie != .rel && binary.hardening.pie != .notELF {
            let hardening = binary.hardening
            func add(_ check: CheckDescriptor, _ detail: String, subject: String = "") {
                findings.append(
                    HardeningFinding(check, evidence: Evidence(path: binary.path, detail: detail), subject: subject))
            }
            if !hardening.nx { add(Self.executableStack, "no PT_GNU_STACK, or one that is RWE") }
            switch hardening.relro {
            case .none: add(Self.noRELRO, "no PT_GNU_RELRO segment")
            case .partial: add(Self.partialRELRO, "PT_GNU_RELRO without BIND_NOW")
            case .full: break
            }
            if !hardening.canary { add(Self.noCanary, "no __stack_chk_fail or __stack_chk_guard symbol") }
            if hardening.pie == .no { add(Self.noPIE, "ELF type EXEC") }
            for (tag, value) in [("RPATH", hardening.rpath), ("RUNPATH", hardening.runpath)] {
                guard let value else { continue }
                let unsafe = Self.unsafeSearchPaths(value, in: context)
                if !unsafe.isEmpty {
                    add(
                        Self.untrustedSearchPath,
                        "\(tag) \(value): "
                            + unsafe.map { $0.isEmpty ? "(empty: the working directory)" : $0 }
                            .joined(separator: ", "), subject: tag)
                }
            }
            if hardening.fortifiable > 0, hardening.fortified == 0 {
                add(
                    Self.notFortified,
                    "\(hardening.fortifiable) fortifiable call\(hardening.fortifiable == 1 ? "" : "s"), none checked")
            }
            if hardening.symbols { add(Self.notStripped, ".symtab present") }
        }
        return findings
    }

    /// The entries of a search path anyone may plant a library in: empty and relative ones (neither `/…` nor
    /// `$ORIGIN…`), resolved against the working directory, and absolute ones naming a world-writable directory of
    /// the image (or /tmp, /var/tmp, /dev/shm, world-writable on any running system).
    static func unsafeSearchPaths(_ value: String, in context: HardeningContext? = nil) -> [String] {
        value.split(separator: ":", omittingEmptySubsequences: false).map(String.init).compactMap { entry in
            if entry.hasPrefix("$ORIGIN") || entry.hasPrefix("${ORIGIN}") { return nil }
            guard entry.hasPrefix("/") else { return entry }
            if ["/tmp", "/var/tmp", "/dev/shm"].contains(where: { entry == $0 || entry.hasPrefix($0 + "/") }) {
                return entry + " (world-writable)"
            }
            if let context, let directory = try? context.root.resolve(entry),
                context.root.metadata(at: directory)?.isWorldWritable == true
            {
                return entry + " (world-writable)"
            }
            return nil
        }
    }
}
