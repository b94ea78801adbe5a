/// The Linux kernel's build configuration against the Kernel Self-Protection Project's recommended settings and
/// related guidance (CLIP OS, grsecurity, the kernel's own defaults): one check per recommendation, each failing rule
/// one finding at the option's line.
///
/// The configuration is the one given with `--kernel-config` (``HardeningContext/kernelConfig``), else the image's
/// first `/boot/config-*`; with neither there are no findings. The architecture is read from the configuration
/// (`CONFIG_X86_64=y`, `CONFIG_ARM64=y`…) and rules for other architectures are skipped.
///
/// ```swift
/// for result in KernelConfigChecks.evaluate(config) where !result.passed { print(result.check, result.detail) }
/// ```
public struct KernelConfigChecks: HardeningCheck {
    /// What evidence names the configuration given in ``HardeningContext/kernelConfig``.
    public var configPath: String
    /// The architecture to assume (`x86_64`, `arm64`, `arm`…); nil: read it from the configuration.
    public var architecture: String?

    /// A check naming a given configuration `configPath` in evidence, for `architecture` (nil: as the configuration
    /// says).
    public init(configPath: String = "kernel .config", architecture: String? = nil) {
        self.configPath = configPath
        self.architecture = architecture
    }

    public var descriptors: [CheckDescriptor] { KernelConfigRule.all.map(\.descriptor) }

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        let text: String
        let path: String
        if let given = context.kernelConfig {
            (text, path) = (given, configPath)
        } else if let file = context.files.first(where: { Self.isBootConfig($0.path) }),
            let contents = context.text(file.path)
        {
            (text, path) = (contents, file.path)
        } else {
            return []
        }
        return Self.evaluated(text, architecture: architecture).compactMap { rule, result in
            guard !result.passed else { return nil }
            return HardeningFinding(
                rule.descriptor, evidence: Evidence(path: path, line: result.line, detail: result.detail),
                subject: result.option)
        }
    }

    /// Every rule that applies to `config`, passed or failed, in the rules' order.
    ///
    /// - Parameters:
    ///   - config: The text of a kernel `.config`.
    ///   - architecture: `x86_64`, `arm64`, `arm`, `x86_32`, `riscv` (or `amd64`, `aarch64`…); nil or unknown: read
    ///     from the configuration. Rules for other architectures are left out, and when no architecture is known,
    ///     every rule limited to some.
    /// - Returns: One result a rule, except rules for other architectures and rules about an option that later
    ///   kernels removed (`CONFIG_DEBUG_CREDENTIALS`) when it is absent.
    /// - Complexity: O(*n*) in the length of `config`; lines past the 200,000th are not read.
    public static func evaluate(_ config: String, architecture: String? = nil) -> [KernelConfigResult] {
        evaluated(config, architecture: architecture).map(\.1)
    }

    /// The architecture a configuration is built for (`x86_64`, `x86_32`, `arm64`, `arm`, `riscv`), if it says.
    public static func architecture(of config: String) -> String? {
        KernelConfigFile(config).architecture?.rawValue
    }

    /// `/boot/config-<release>`, as Debian, Yocto and most distributions install it.
    static func isBootConfig(_ path: String) -> Bool {
        path.hasPrefix("/boot/config-") && path.count > "/boot/config-".count
            && !path.dropFirst("/boot/config-".count).contains("/")
    }

    static func evaluated(_ config: String, architecture: String?) -> [(KernelConfigRule, KernelConfigResult)] {
        let file = KernelConfigFile(config)
        let architecture = architecture.flatMap(KernelArchitecture.init(name:)) ?? file.architecture
        return KernelConfigRule.all.compactMap { rule in
            file.evaluate(rule, architecture: architecture).map { (rule, $0) }
        }
    }
}

/// One rule's verdict on one configuration: what the option should be, what it is, and where.
public struct KernelConfigResult: Sendable, Codable, Hashable {
    /// The check's id (`HC-KCONFIG-STACKPROTECTOR_STRONG`).
    public var check: String
    /// The option the rule is about, with its prefix (`CONFIG_STACKPROTECTOR_STRONG`).
    public var option: String
    /// What it should be: `y`, `not set`, `at least 65536`, `a list containing yama`, or for a rule over several
    /// options, each named (`CONFIG_STRICT_DEVMEM=y, or CONFIG_DEVMEM not set`).
    public var expected: String
    /// What it is, naming each option: `CONFIG_X=m`, `CONFIG_X is not set`, `CONFIG_X is absent`.
    public var actual: String
    /// Whether the configuration meets the rule.
    public var passed: Bool
    /// The line of ``option`` in the configuration (1-based); nil when it is absent.
    public var line: Int?
    /// The severity of the rule's check.
    public var severity: HardeningSeverity

    /// A result with every field given.
    public init(
        check: String, option: String, expected: String, actual: String, passed: Bool, line: Int?,
        severity: HardeningSeverity
    ) {
        self.check = check
        self.option = option
        self.expected = expected
        self.actual = actual
        self.passed = passed
        self.line = line
        self.severity = severity
    }

    /// `CONFIG_X=m (want y)`: what a finding shows.
    public var detail: String { "\(actual) (want \(expected))" }
}

/// A parsed kernel `.config`: each option's last value (as in Kconfig, a later line wins) and its line. Lines
/// other than `CONFIG_X=value` and `# CONFIG_X is not set` are ignored.
struct KernelConfigFile {
    /// Lines past this are not read.
    static let maximumLines = 200_000
    /// Longer values are cut to this many characters.
    static let maximumValueLength = 4096

    /// By name without `CONFIG_`: the value (nil for `is not set`) and its 1-based line.
    private(set) var options: [String: (value: String?, line: Int)] = [:]

    init(_ text: String) {
        let bytes = text.utf8
        var start = bytes.startIndex
        var number = 0
        while start < bytes.endIndex, number < Self.maximumLines {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            number += 1
            if let (name, value) = Self.parse(Substring(bytes[start..<end])) {
                options[name] = (value, number)
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
    }

    /// The architecture the configuration selects.
    var architecture: KernelArchitecture? {
        let markers: [(String, KernelArchitecture)] = [
            ("X86_64", .x86_64), ("X86_32", .x86_32), ("ARM64", .arm64), ("ARM", .arm), ("RISCV", .riscv),
        ]
        return markers.first { options[$0.0]?.value == "y" }?.1
    }

    /// A name and value (nil: `is not set`) from one line, or nil for any other line.
    static func parse(_ line: Substring) -> (String, String?)? {
        guard line.hasPrefix("CONFIG_") || line.hasPrefix("# CONFIG_") else { return nil }
        var line = line
        while let last = line.last, last.isWhitespace { line.removeLast() }
        if line.hasPrefix("CONFIG_") {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            let name = line[line.index(line.startIndex, offsetBy: 7)..<equals]
            guard isName(name) else { return nil }
            return (String(name), String(line[line.index(after: equals)...].prefix(maximumValueLength)))
        }
        guard line.hasSuffix(" is not set") else { return nil }
        let name = line.dropFirst("# CONFIG_".count).dropLast(" is not set".count)
        return isName(name) ? (String(name), nil) : nil
    }

    private static func isName(_ name: Substring) -> Bool {
        !name.isEmpty && name.utf8.count <= 128
            && name.utf8.allSatisfy {
                $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            }
    }

    /// The verdict of `rule`, or nil when it does not apply (another architecture, or an option it needs absent).
    func evaluate(_ rule: KernelConfigRule, architecture: KernelArchitecture?) -> KernelConfigResult? {
        if let only = rule.architectures, !(architecture.map(only.contains) ?? false) { return nil }
        let conditions = rule.conditions.filter { condition in
            condition.architectures.map { only in architecture.map(only.contains) ?? false } ?? true
        }
        guard let first = conditions.first else { return nil }
        let primary = options[first.option]
        if rule.onlyIfPresent, primary == nil { return nil }
        let verdicts = conditions.map(holds)
        let passed = rule.requiresAll ? verdicts.allSatisfy { $0 } : verdicts.contains(true)
        // The first option always, the others when the configuration has them (not absent old or new names).
        var named = [first.option]
        for condition in conditions where !named.contains(condition.option) && options[condition.option] != nil {
            named.append(condition.option)
        }
        let joiner = rule.requiresAll ? ", and " : ", or "
        return KernelConfigResult(
            check: rule.descriptor.id, option: "CONFIG_\(first.option)",
            expected: conditions.count == 1
                ? first.expected(naming: false)
                : conditions.map { $0.expected(naming: true) }.joined(separator: joiner),
            actual: named.map(state).joined(separator: ", "), passed: passed, line: primary?.line,
            severity: rule.descriptor.severity)
    }

    /// Whether one condition holds.
    func holds(_ condition: KernelConfigCondition) -> Bool {
        let entry = options[condition.option]
        let value = entry?.value
        switch condition.want {
        case .enabled: return value == "y"
        case .disabled: return entry == nil || value == nil || value == "n"
        case .disabledExplicitly: return entry != nil && (value == nil || value == "n")
        case .absent: return entry == nil
        case .atLeast(let minimum): return value.flatMap(Self.number).map { $0 >= minimum } ?? false
        case .listing(let wanted):
            guard let value else { return false }
            return Self.unquoted(value).split(separator: ",").contains { entry in
                entry.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
                    .elementsEqual(wanted)
            }
        }
    }

    /// `CONFIG_X=value`, `CONFIG_X is not set` or `CONFIG_X is absent`, with long values cut.
    func state(_ option: String) -> String {
        guard let entry = options[option] else { return "CONFIG_\(option) is absent" }
        guard let value = entry.value else { return "CONFIG_\(option) is not set" }
        return "CONFIG_\(option)=" + (value.count > 120 ? String(value.prefix(120)) + "…" : value)
    }

    /// A decimal or `0x` hexadecimal integer, possibly negative or quoted.
    static func number(_ value: String) -> Int? {
        let text = unquoted(value)
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        // Digits only after the one optional sign (Int's own parser would accept a second sign), and no overflow:
        // -9223372036854775808 has no positive counterpart.
        let hex = digits.lowercased().hasPrefix("0x")
        let body = hex ? digits.dropFirst(2) : digits
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit && (hex || $0.isNumber) }),
            let magnitude = Int(body, radix: hex ? 16 : 10)
        else { return nil }
        return negative ? 0 - magnitude : magnitude
    }

    private static func unquoted(_ value: String) -> String {
        value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
            ? String(value.dropFirst().dropLast()) : value
    }
}

/// The processor families a kernel `.config` is built for, as far as the rules tell them apart.
enum KernelArchitecture: String, Sendable, CaseIterable {
    case x86_64, x86_32, arm64, arm, riscv

    static let x86: Set<Self> = [.x86_64, .x86_32]

    /// The family a name such as `amd64`, `aarch64` or `armhf` stands for; nil when unknown.
    init?(name: String) {
        switch name.lowercased() {
        case "x86_64", "x86-64", "amd64", "x64": self = .x86_64
        case "x86_32", "x86", "i386", "i486", "i586", "i686": self = .x86_32
        case "arm64", "aarch64": self = .arm64
        case "arm", "arm32", "armhf", "armel", "armv7", "armv7l": self = .arm
        case "riscv", "riscv32", "riscv64": self = .riscv
        default: return nil
        }
    }
}

/// What one option must be for a rule to pass.
struct KernelConfigCondition: Sendable {
    enum Want: Sendable, Hashable {
        /// `=y`.
        case enabled
        /// `# … is not set`, `=n`, or absent (an absent option is not built in).
        case disabled
        /// `# … is not set` or `=n` only: for options whose absence means an older kernel where the feature is
        /// always on.
        case disabledExplicitly
        /// A number (decimal or `0x` hexadecimal) of at least this.
        case atLeast(Int)
        /// A quoted comma-separated list (`CONFIG_LSM`) with this entry.
        case listing(String)
        /// The option does not appear at all (a kernel older than the option).
        case absent
    }

    /// The option's name without `CONFIG_`.
    var option: String
    var want: Want
    /// Where this alternative applies; nil: everywhere the rule does.
    var architectures: Set<KernelArchitecture>?

    static func y(_ option: String) -> Self { Self(option: option, want: .enabled) }
    static func off(_ option: String) -> Self { Self(option: option, want: .disabled) }
    static func offExplicitly(_ option: String) -> Self { Self(option: option, want: .disabledExplicitly) }
    static func absent(_ option: String) -> Self { Self(option: option, want: .absent) }
    static func lists(_ option: String, _ entry: String) -> Self { Self(option: option, want: .listing(entry)) }
    static func atLeast(_ option: String, _ minimum: Int, on architectures: Set<KernelArchitecture>) -> Self {
        Self(option: option, want: .atLeast(minimum), architectures: architectures)
    }

    /// What the option should be, on its own (`y`) or naming it (`CONFIG_X=y`).
    func expected(naming: Bool) -> String {
        let name = naming ? "CONFIG_\(option)" : ""
        switch want {
        case .enabled: return naming ? "\(name)=y" : "y"
        case .disabled, .disabledExplicitly: return naming ? "\(name) not set" : "not set"
        case .atLeast(let minimum): return naming ? "\(name) at least \(minimum)" : "at least \(minimum)"
        case .listing(let entry): return naming ? "\(name) listing \(entry)" : "a list containing \(entry)"
        case .absent: return naming ? "\(name) absent" : "absent"
        }
    }

    /// What to do to meet it.
    var remedy: String {
        let remedy: String
        switch want {
        case .enabled: remedy = "set CONFIG_\(option)=y"
        case .disabled, .disabledExplicitly: remedy = "disable CONFIG_\(option) (# CONFIG_\(option) is not set)"
        case .atLeast(let minimum): remedy = "set CONFIG_\(option) to \(minimum) or more"
        case .listing(let entry): remedy = "add \(entry) to CONFIG_\(option)"
        case .absent: remedy = "CONFIG_\(option) absent"
        }
        guard let architectures else { return remedy }
        return remedy + " on "
            + KernelArchitecture.allCases.filter(architectures.contains).map(\.rawValue)
            .joined(separator: ", ")
    }
}

/// One recommendation: conditions on options (any one of them, or all), the architectures it applies to, and the
/// check it reports as.
struct KernelConfigRule: Sendable {
    /// Self-protection of the kernel, attack surface it need not expose, or security policy (LSMs, signatures).
    enum Kind: Sendable {
        case protection, surface, policy
    }

    var descriptor: CheckDescriptor
    var conditions: [KernelConfigCondition]
    /// Whether every condition must hold (else any one).
    var requiresAll: Bool
    /// Where the rule applies; nil: every architecture.
    var architectures: Set<KernelArchitecture>?
    /// Whether the rule is skipped when its first option is absent (options later made unconditional or removed).
    var onlyIfPresent: Bool

    /// A rule whose id is `HC-KCONFIG-` and `key` (by default its first option's name).
    static func rule(
        _ severity: HardeningSeverity, _ kind: Kind, _ title: String, _ conditions: [KernelConfigCondition],
        all: Bool = false, on architectures: Set<KernelArchitecture>? = nil, ifPresent: Bool = false,
        cwe: String? = nil, key: String? = nil, _ source: String, _ why: String
    ) -> Self {
        let option = conditions[0].option
        // An alternative that only an older kernel meets is no remedy.
        let remedies = conditions.filter { $0.want != .absent }.map(\.remedy).joined(
            separator: all ? "; and " : "; or ")
        let descriptor = CheckDescriptor(
            id: "HC-KCONFIG-\(key ?? option)", title: "\(title) (CONFIG_\(option))", severity: severity,
            cwe: cwe ?? (kind == .surface ? "CWE-749" : "CWE-693"),
            category: kind == .policy ? .accessControl : .hardening, rationale: "\(why) (\(source)).",
            remediation: remedies.prefix(1).uppercased() + remedies.dropFirst() + ", and rebuild the kernel.")
        return Self(
            descriptor: descriptor, conditions: conditions, requiresAll: all, architectures: architectures,
            onlyIfPresent: ifPresent)
    }
}
