/// What one purl type adds to the core rules: whether it needs a namespace, and how its namespace and name normalise.
///
/// Rules come from the type definitions of the purl specification (`types/<type>-definition.json`). A type without a
/// rule follows the core rules only, as the specification allows for unregistered types.
public struct PackageURLTypeRule: Sendable {
    /// The purl type, lowercase: `deb`.
    public var type: String
    /// Whether a purl of this type must have a namespace (`deb` needs the vendor: `debian`, `ubuntu`).
    public var requiresNamespace: Bool
    /// Whether the namespace is case-sensitive; if not, it is lowercased.
    public var namespaceIsCaseSensitive: Bool
    /// Whether the name is case-sensitive; if not, it is lowercased.
    public var nameIsCaseSensitive: Bool
    /// Extra name normalisation after case folding (PyPI turns `_` into `-`).
    public var normalizeName: @Sendable (String) -> String

    public init(
        type: String, requiresNamespace: Bool = false, namespaceIsCaseSensitive: Bool = true,
        nameIsCaseSensitive: Bool = true, normalizeName: @escaping @Sendable (String) -> String = { $0 }
    ) {
        self.type = type
        self.requiresNamespace = requiresNamespace
        self.namespaceIsCaseSensitive = namespaceIsCaseSensitive
        self.nameIsCaseSensitive = nameIsCaseSensitive
        self.normalizeName = normalizeName
    }
}

/// The purl type rules a program knows, by type.
public struct PackageURLTypeRules: Sendable {
    private let rules: [String: PackageURLTypeRule]

    public init(_ rules: [PackageURLTypeRule]) {
        self.rules = Dictionary(rules.map { ($0.type, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The rule for a type, or `nil` when the type has only the core rules.
    public subscript(type: String) -> PackageURLTypeRule? { rules[type] }

    /// The rules of the registered types Vigil's users meet: distribution packages first, then language ecosystems.
    public static let builtIn = PackageURLTypeRules([
        // Distribution and embedded packages.
        .init(type: "deb", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "rpm", requiresNamespace: true, namespaceIsCaseSensitive: false),
        .init(type: "apk", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "alpm", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "yocto", namespaceIsCaseSensitive: false),
        .init(type: "qpkg", requiresNamespace: true, namespaceIsCaseSensitive: false),
        .init(type: "bitnami", nameIsCaseSensitive: false),
        .init(type: "oci", nameIsCaseSensitive: false),
        // Source hosts.
        .init(type: "github", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "bitbucket", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        // Language ecosystems.
        .init(type: "composer", requiresNamespace: true, namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "hex", namespaceIsCaseSensitive: false, nameIsCaseSensitive: false),
        .init(type: "pub", nameIsCaseSensitive: false),
        .init(type: "pypi", nameIsCaseSensitive: false) { $0.replacingUnderscores() },
        .init(type: "maven", requiresNamespace: true),
    ])
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
