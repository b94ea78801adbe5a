/// A directed relationship between two elements of an SBOM: `from` `type` `to`.
public struct SBOMRelationship: Sendable, Hashable {
    public var from: String
    public var type: SBOMRelationshipType
    public var to: String

    public init(_ from: String, _ type: SBOMRelationshipType, _ to: String) {
        self.from = from
        self.type = type
        self.to = to
    }
}

/// The kind of a relationship; the raw values are SPDX 2.3's relationship types, the richest vocabulary.
public struct SBOMRelationshipType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let describes = SBOMRelationshipType(rawValue: "DESCRIBES")
    public static let describedBy = SBOMRelationshipType(rawValue: "DESCRIBED_BY")
    public static let contains = SBOMRelationshipType(rawValue: "CONTAINS")
    public static let containedBy = SBOMRelationshipType(rawValue: "CONTAINED_BY")
    public static let dependsOn = SBOMRelationshipType(rawValue: "DEPENDS_ON")
    public static let dependencyOf = SBOMRelationshipType(rawValue: "DEPENDENCY_OF")
    public static let buildDependencyOf = SBOMRelationshipType(rawValue: "BUILD_DEPENDENCY_OF")
    public static let runtimeDependencyOf = SBOMRelationshipType(rawValue: "RUNTIME_DEPENDENCY_OF")
    public static let generatedFrom = SBOMRelationshipType(rawValue: "GENERATED_FROM")
    public static let other = SBOMRelationshipType(rawValue: "OTHER")

    public var description: String { rawValue }
}
