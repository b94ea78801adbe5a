/// Orders the version strings of one ecosystem: parses a raw version into a comparable value.
///
/// Version schemes are plug-ins. Each conformer lives in its own file under `VigilCore/Versions/`, its doc comment cites
/// the rules it implements, and it is listed once in ``VersionSchemeRegistry/builtIn``. Matchers and ranges take
/// `some VersionScheme`, so a caller holding `any VersionScheme` from the registry passes it straight in.
///
/// ```swift
/// let scheme = DebianVersionScheme()
/// let order = try scheme.compare("1.2.3-1~deb7u1", "1.2.3-1")   // .less
/// ```
///
/// ## Implementing a conformer
/// - `parse` must be total: any input either yields a value or throws ``VersionParseError`` with a code that says why.
///   It never traps, never loops without bound, and rejects inputs longer than ``VersionParseError/maximumLength``
///   with ``VersionParseError/Code/tooLong``.
/// - `Version` must be a total order: `==` means "equal in this scheme's ordering" (so Debian's `1.0` equals `0:1.0-0`),
///   and `<` must be irreflexive, antisymmetric and transitive. The shared law checkers in `VigilTesting` verify this.
/// - `Version.description` returns the raw string that was parsed, unchanged.
/// - `parse` is pure and cheap: schemes sit on the hot path of matching.
public protocol VersionScheme: Sendable {
    /// The parsed, comparable form of a version in this scheme.
    associatedtype Version: Comparable & Sendable & CustomStringConvertible

    /// The scheme's stable identifier, as used by `--scheme`, `vers:` strings and the database.
    static var id: VersionSchemeID { get }

    /// Other names under which `vers:` strings and purl types refer to this scheme (`alpine` for `apk`).
    var aliases: Set<String> { get }

    /// The OSV ecosystems whose versions follow this scheme.
    var ecosystems: Set<Ecosystem> { get }

    /// The purl types whose versions follow this scheme (`deb` for Debian packages, `npm` for SemVer).
    var purlTypes: Set<String> { get }

    /// Parses a raw version string.
    ///
    /// - Parameter raw: The version exactly as it appears in an SBOM, a package database or an advisory.
    /// - Returns: The comparable version.
    /// - Throws: ``VersionParseError`` if `raw` is not a valid version in this scheme.
    func parse(_ raw: String) throws(VersionParseError) -> Version
}

extension VersionScheme {
    /// The scheme's stable identifier.
    public var id: VersionSchemeID { Self.id }

    /// No aliases unless a conformer declares some.
    public var aliases: Set<String> { [] }

    /// No purl types unless a conformer declares some.
    public var purlTypes: Set<String> { [] }

    /// Compares two raw version strings under this scheme.
    ///
    /// - Returns: Whether `lhs` sorts before, equal to or after `rhs`.
    /// - Throws: ``VersionParseError`` if either string is not a valid version.
    public func compare(_ lhs: String, _ rhs: String) throws(VersionParseError) -> VersionOrdering {
        let left = try parse(lhs)
        let right = try parse(rhs)
        return VersionOrdering(left, right)
    }

    /// Checks that a raw version string is valid under this scheme.
    ///
    /// - Throws: ``VersionParseError`` if it is not.
    public func validate(_ raw: String) throws(VersionParseError) {
        _ = try parse(raw)
    }
}
