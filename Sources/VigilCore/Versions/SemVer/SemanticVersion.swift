/// A Semantic Versioning 2.0.0 version, parsed by ``SemVerScheme``.
///
/// Precedence follows SemVer §11: major, minor and patch numerically, then the pre-release (a version with one sorts
/// before the version without), identifier by identifier. Build metadata is kept but ignored for precedence.
public struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
    /// One dot-separated pre-release identifier: numeric identifiers sort numerically and before alphanumeric ones.
    public enum Identifier: Sendable, Hashable, CustomStringConvertible {
        case numeric(String)
        case alphanumeric(String)

        public var description: String {
            switch self {
            case .numeric(let digits): digits
            case .alphanumeric(let text): text
            }
        }
    }

    /// The version exactly as parsed.
    public let raw: String
    /// Major, minor and patch, then any further numeric components (lenient input such as `1.2.3.4`), as digit
    /// strings. Components after the third count as build metadata: they do not take part in precedence.
    public let core: [String]
    /// Pre-release identifiers after `-`; empty for a release.
    public let preRelease: [Identifier]
    /// Build metadata after `+`, ignored for precedence.
    public let build: [String]

    public var description: String { raw }

    /// Compares by SemVer precedence.
    public static func compare(_ lhs: SemanticVersion, _ rhs: SemanticVersion) -> VersionOrdering {
        for index in 0..<3 {
            let left = index < lhs.core.count ? lhs.core[index] : "0"
            let right = index < rhs.core.count ? rhs.core[index] : "0"
            let order = ASCII.compareDigitRuns(ArraySlice(left.utf8), ArraySlice(right.utf8))
            if order != .equal { return order }
        }
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, true): return .equal
        case (true, false): return .greater
        case (false, true): return .less
        case (false, false): return compare(lhs.preRelease, rhs.preRelease)
        }
    }

    private static func compare(_ lhs: [Identifier], _ rhs: [Identifier]) -> VersionOrdering {
        for (left, right) in zip(lhs, rhs) {
            let order: VersionOrdering
            switch (left, right) {
            case (.numeric(let a), .numeric(let b)):
                order = ASCII.compareDigitRuns(ArraySlice(a.utf8), ArraySlice(b.utf8))
            case (.numeric, .alphanumeric): order = .less
            case (.alphanumeric, .numeric): order = .greater
            case (.alphanumeric(let a), .alphanumeric(let b)):
                order = ASCII.compareBytes(ArraySlice(a.utf8), ArraySlice(b.utf8))
            }
            if order != .equal { return order }
        }
        return VersionOrdering(lhs.count, rhs.count)
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) == .equal }
}
