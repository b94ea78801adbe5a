import VigilCore

/// SPDX 3.0.1 names and how they map onto the model (https://spdx.github.io/spdx-spec/v3.0.1/).
enum SPDX3Vocabulary {
    static let context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"

    /// Relationship types of SPDX 3.0.1 (`RelationshipType`).
    static let relationshipTypes: Set<String> = [
        "affects", "amendedBy", "ancestorOf", "availableFrom", "configures", "contains", "coordinatedBy", "copiedTo",
        "delegatedTo", "dependsOn", "descendantOf", "describes", "doesNotAffect", "expandsTo", "exploitCreatedBy",
        "fixedBy", "fixedIn", "foundBy", "generates", "hasAddedFile", "hasAssessmentFor", "hasAssociatedVulnerability",
        "hasConcludedLicense", "hasDataFile", "hasDeclaredLicense", "hasDeletedFile", "hasDependencyManifest",
        "hasDistributionArtifact", "hasDocumentation", "hasDynamicLink", "hasEvidence", "hasExample", "hasHost",
        "hasInput", "hasMetadata", "hasOptionalComponent", "hasOptionalDependency", "hasOutput", "hasPrerequisite",
        "hasProvidedDependency", "hasRequirement", "hasSpecification", "hasStaticLink", "hasTest", "hasTestCase",
        "hasVariant", "invokedBy", "modifiedBy", "other", "packagedBy", "patchedBy", "publishedBy", "reportedBy",
        "republishedBy", "serializedInArtifact", "testedOn", "trainedOn", "underInvestigationFor", "usesTool",
    ]

    /// `dependsOn` → `DEPENDS_ON`.
    static func modelType(_ spdx3: String) -> SBOMRelationshipType {
        var result = ""
        for character in spdx3 {
            if character.isUppercase { result += "_" }
            result += character.uppercased()
        }
        return SBOMRelationshipType(rawValue: result)
    }

    /// Lifecycle scopes of `dependsOn` (`LifecycleScopedRelationship`) and the SPDX 2 style types that say the same
    /// with the direction reversed: `A dependsOn B, scope build` is `B BUILD_DEPENDENCY_OF A`.
    static let scopedDependencyTypes: [String: SBOMRelationshipType] = [
        "build": .buildDependencyOf, "runtime": .runtimeDependencyOf,
        "development": SBOMRelationshipType(rawValue: "DEV_DEPENDENCY_OF"),
        "test": SBOMRelationshipType(rawValue: "TEST_DEPENDENCY_OF"),
    ]

    /// `DEPENDS_ON` → `dependsOn`, or `nil` when SPDX 3 has no such type.
    static func spdx3Type(_ type: SBOMRelationshipType) -> String? {
        let parts = type.rawValue.lowercased().split(separator: "_")
        guard let first = parts.first else { return nil }
        let name = String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return relationshipTypes.contains(name) ? name : nil
    }

    /// Software purposes (`software_SoftwarePurpose`) and the component kinds they mean.
    private static let purposes: [String: SBOMComponentKind] = [
        "application": .application, "library": .library, "framework": .framework, "container": .container,
        "operatingSystem": .operatingSystem, "device": .device, "deviceDriver": .deviceDriver, "firmware": .firmware,
        "source": .source, "file": .file, "data": .data, "platform": .platform, "model": .machineLearningModel,
    ]

    static func kind(for purpose: String) -> SBOMComponentKind {
        if let kind = purposes[purpose] { return kind }
        switch purpose {
        case "executable": return .application
        case "filesystemImage", "diskImage": return .firmware
        default: return .library
        }
    }

    /// The purpose for a kind, or `nil` when SPDX 3 has none.
    static func purpose(for kind: SBOMComponentKind) -> String? {
        purposes.first { $0.value == kind }?.key
    }

    /// `sha256` → `SHA-256`, `sha3_256` → `SHA3-256`, `blake2b256` → `BLAKE2b-256`.
    static func modelHashAlgorithm(_ spdx3: String) -> String {
        switch spdx3 {
        case "md2", "md4", "md5", "md6": return spdx3.uppercased()
        case _ where spdx3.hasPrefix("sha3_"): return "SHA3-" + spdx3.dropFirst(5)
        case _ where spdx3.hasPrefix("sha"): return "SHA-" + spdx3.dropFirst(3)
        case _ where spdx3.hasPrefix("blake2b"): return "BLAKE2b-" + spdx3.dropFirst(7)
        case "blake3": return "BLAKE3"
        default: return spdx3
        }
    }

    /// The inverse of ``modelHashAlgorithm(_:)``.
    static func spdx3HashAlgorithm(_ model: String) -> String {
        switch model {
        case "MD2", "MD4", "MD5", "MD6", "BLAKE3": return model.lowercased()
        case _ where model.hasPrefix("SHA3-"): return "sha3_" + model.dropFirst(5)
        case _ where model.hasPrefix("SHA-"): return "sha" + model.dropFirst(4)
        case _ where model.hasPrefix("BLAKE2b-"): return "blake2b" + model.dropFirst(8)
        default: return model
        }
    }

    /// Element ids that are not IRIs are written as `urn:vigil:element:<percent-encoded id>` and read back.
    static let elementPrefix = "urn:vigil:element:"

    static func iri(for id: String) -> String {
        if id.contains(":") { return id }
        return elementPrefix
            + id.utf8.map { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
                    || byte == 0x2E || byte == 0x5F ? String(UnicodeScalar(byte)) : String(format: byte)
            }.joined()
    }

    static func modelID(for iri: String) -> String {
        guard iri.hasPrefix(elementPrefix) else { return iri }
        var bytes: [UInt8] = []
        var iterator = iri.utf8.dropFirst(elementPrefix.utf8.count).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next().flatMap(hex),
                let low = iterator.next().flatMap(hex)
            {
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
}

extension String {
    /// `%XX` for a byte.
    fileprivate init(format byte: UInt8) {
        self = "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
