/// The set of version schemes a program uses, looked up by identifier, alias, ecosystem or purl type.
///
/// The registry is a value: the composition root (`VigilCLI`) picks ``builtIn`` or builds its own list, and passes it
/// down. Adding a scheme means adding a conformer and one entry to ``builtIn``; nothing else changes.
///
/// ```swift
/// let scheme = try VersionSchemeRegistry.builtIn.scheme(named: "deb")
/// try scheme.compare("1:1.0", "2.0")   // .greater
/// ```
public struct VersionSchemeRegistry: Sendable {
    /// The schemes, in lookup order.
    public let schemes: [any VersionScheme]

    public init(_ schemes: [any VersionScheme]) { self.schemes = schemes }

    /// The identifiers of every scheme, sorted.
    public var identifiers: [VersionSchemeID] { schemes.map { $0.id }.sorted() }

    /// Finds a scheme by identifier or alias, case-insensitively.
    ///
    /// - Throws: ``VersionParseError/Code/unknownScheme`` naming the known schemes.
    /// - Complexity: O(*n*) in the number of schemes.
    public func scheme(named name: String) throws(VersionParseError) -> any VersionScheme {
        let wanted = name.lowercased()
        if let found = schemes.first(where: { $0.id.rawValue == wanted }) { return found }
        if let found = schemes.first(where: { $0.aliases.contains(wanted) }) { return found }
        let known = identifiers.map(\.rawValue).joined(separator: ", ")
        throw VersionParseError(
            .unknownScheme, "no version scheme named '\(name)'; known schemes: \(known)",
            scheme: VersionSchemeID(rawValue: wanted), input: name)
    }

    /// Finds the scheme for a purl type (`deb`, `rpm`, `apk`, `npm`, `generic`, `yocto`…).
    ///
    /// - Returns: The scheme, or `nil` if none declares the type; callers then fall back to the generic scheme or
    ///   report the component as unversionable.
    public func scheme(forPURLType type: String) -> (any VersionScheme)? {
        let wanted = type.lowercased()
        return schemes.first { $0.purlTypes.contains(wanted) }
    }

    /// Finds the scheme for an OSV ecosystem; the release suffix (`Debian:12`) is ignored.
    ///
    /// - Returns: The scheme, or `nil` if none declares the ecosystem.
    public func scheme(for ecosystem: Ecosystem) -> (any VersionScheme)? {
        let base = ecosystem.base
        return schemes.first { $0.ecosystems.contains(base) }
    }
}
