/// A package URL (purl): `pkg:type/namespace/name@version?qualifiers#subpath`, per the purl specification
/// (ECMA-427, `docs/standard/specification.md`).
///
/// Every `PackageURL` value is canonical: its initializers normalise the type and, per type rule, the namespace and
/// name; drop empty qualifiers; and sort qualifiers by key. Two values are equal exactly when their canonical strings
/// are.
///
/// ```swift
/// let purl = try PackageURL(parsing: "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64")
/// purl.version        // "1:2.4.47-2+b1"
/// purl.description    // "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64"
/// ```
public struct PackageURL: Sendable, Hashable, CustomStringConvertible {
    /// How forgiving parsing is.
    public enum ParsingMode: Sendable {
        /// The specification's rules: qualifier keys must be lowercase, and characters outside the permitted set
        /// (letters, digits, `.-_~%` and the separators `:/@?=&#`) must be percent-encoded.
        case strict
        /// Also accepts what SBOM generators write in the wild: uppercase qualifier keys (lowercased) and unencoded
        /// characters such as `+` or spaces. Control characters are still rejected.
        case lenient
    }

    /// The longest purl accepted, in UTF-8 bytes.
    public static let maximumLength = 8192

    /// The package type, lowercase: `deb`, `rpm`, `apk`, `generic`, `yocto`.
    public let type: String
    /// The namespace, segments joined by `/`, decoded; `nil` when absent.
    public let namespace: String?
    /// The package name, decoded.
    public let name: String
    /// The version, decoded; `nil` when absent.
    public let version: String?
    /// The qualifiers, decoded, keyed by lowercase key; never holds an empty value.
    public let qualifiers: [String: String]
    /// The subpath, segments joined by `/`, decoded; `nil` when absent.
    public let subpath: String?

    /// Builds a purl from decoded components, validating and normalising them.
    ///
    /// - Throws: ``PackageURLError`` when a required component is missing or a component is invalid.
    public init(
        type: String, namespace: String? = nil, name: String, version: String? = nil,
        qualifiers: [String: String] = [:], subpath: String? = nil, rules: PackageURLTypeRules = .builtIn
    ) throws(PackageURLError) {
        let components = try PackageURLComponents.normalise(
            type: type, namespace: namespace, name: name, version: version, qualifiers: qualifiers,
            subpath: subpath, lowercaseKeys: false, rules: rules)
        self.init(components)
    }

    init(_ components: PackageURLComponents) {
        type = components.type
        namespace = components.namespace
        name = components.name
        version = components.version
        qualifiers = components.qualifiers
        subpath = components.subpath
    }

    /// The qualifiers sorted by key, as the canonical string lists them.
    public var sortedQualifiers: [(key: String, value: String)] {
        qualifiers.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// The canonical string form.
    public var description: String { canonicalString }

    /// The canonical string form: type lowercase, components percent-encoded, qualifiers sorted.
    public var canonicalString: String {
        var text = "pkg:" + type + "/"
        if let namespace {
            text += namespace.split(separator: "/").map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
            text += "/"
        }
        text += PercentEncoding.encode(name)
        if let version { text += "@" + PercentEncoding.encode(version) }
        if !qualifiers.isEmpty {
            text +=
                "?" + sortedQualifiers.map { $0.key + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
        }
        if let subpath {
            text +=
                "#" + subpath.split(separator: "/").map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        }
        return text
    }

    /// The same package without version, qualifiers and subpath: `pkg:deb/debian/curl`. Useful as a lookup key.
    public var versionless: PackageURL {
        PackageURL(
            PackageURLComponents(
                type: type, namespace: namespace, name: name, version: nil, qualifiers: [:], subpath: nil))
    }
}

extension PackageURL: Codable {
    /// Decodes a purl from its string form, leniently: SBOMs in the wild are not always canonical.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try PackageURL(parsing: container.decode(String.self), mode: .lenient)
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonicalString)
    }
}
