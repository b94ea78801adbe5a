/// A kernel `.config`: `CONFIG_X=y|m|"text"|number` lines; `# CONFIG_X is not set` lines are not options.
public struct KernelConfig: Sendable, Hashable {
    /// Option → value (`y`, `m`, a string with its quotes removed, a number), for every option set.
    public var options: [String: String]

    public init(_ bytes: [UInt8]) {
        var options: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
        where line.hasPrefix("CONFIG_") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            options[String(line[..<equals])] = String(value)
        }
        self.options = options
    }

    public init(options: [String: String]) { self.options = options }

    /// Whether an option is built in or a module.
    public func isEnabled(_ option: String) -> Bool { ["y", "m"].contains(options[option]) }

    /// The value Kbuild substitutes for `$(CONFIG_X)`: `y`, `m`, another value, or empty when the option is not set.
    public func value(_ option: String) -> String { options[option] ?? "" }

    /// The kernel's source architecture (Kbuild's `SRCARCH`, the directory under `arch/`), from the options only one
    /// architecture sets; nil when none is recognised.
    public var architecture: String? {
        for (option, directory) in Self.architectures where isEnabled(option) { return directory }
        return nil
    }

    /// Kconfig's architecture options and their `arch/` directories; `UML` first: a UML kernel may set x86 options.
    static let architectures: [(String, String)] = [
        ("CONFIG_UML", "um"), ("CONFIG_X86", "x86"), ("CONFIG_ARM64", "arm64"), ("CONFIG_ARM", "arm"),
        ("CONFIG_MIPS", "mips"), ("CONFIG_PPC", "powerpc"), ("CONFIG_RISCV", "riscv"), ("CONFIG_S390", "s390"),
        ("CONFIG_LOONGARCH", "loongarch"), ("CONFIG_SPARC", "sparc"), ("CONFIG_M68K", "m68k"),
        ("CONFIG_MICROBLAZE", "microblaze"), ("CONFIG_NIOS2", "nios2"), ("CONFIG_OPENRISC", "openrisc"),
        ("CONFIG_PARISC", "parisc"), ("CONFIG_SUPERH", "sh"), ("CONFIG_XTENSA", "xtensa"), ("CONFIG_ARC", "arc"),
        ("CONFIG_ALPHA", "alpha"), ("CONFIG_CSKY", "csky"), ("CONFIG_HEXAGON", "hexagon"), ("CONFIG_IA64", "ia64"),
    ]
}
