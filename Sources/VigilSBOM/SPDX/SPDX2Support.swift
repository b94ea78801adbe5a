import Foundation
import VigilCore

/// `Person: Name (email)` and `Organization: Name (email)`, SPDX's creator/supplier syntax.
enum SPDX2Party {
    static func parse(_ text: String) -> SBOMParty? {
        let kind: SBOMParty.Kind
        let rest: Substring
        if text.hasPrefix("Person:") {
            kind = .person
            rest = text.dropFirst(7)
        } else if text.hasPrefix("Organization:") {
            kind = .organization
            rest = text.dropFirst(13)
        } else {
            return nil
        }
        var name = rest.trimmingSpaces()
        var email: String?
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            let inside = name[name.index(after: open)..<name.index(before: name.endIndex)].trimmingSpaces()
            email = inside.isEmpty ? nil : String(inside)
            name = name[..<open].trimmingSpaces()
        }
        return name.isEmpty || name == "NOASSERTION" ? nil : SBOMParty(kind, name: String(name), email: email)
    }

    static func format(_ party: SBOMParty) -> String {
        "\(party.kind.rawValue): \(party.name)" + (party.email.map { " (\($0))" } ?? "")
    }
}

/// SPDX checksum algorithm names (`SHA256`) and CycloneDX ones (`SHA-256`), which the model uses.
enum SPDX2Checksum {
    static func hash(_ checksum: SPDX2.Checksum) -> SBOMHash {
        SBOMHash(algorithm: modelName(checksum.algorithm), value: checksum.checksumValue)
    }

    static func checksum(_ hash: SBOMHash) -> SPDX2.Checksum {
        SPDX2.Checksum(algorithm: spdxName(hash.algorithm), checksumValue: hash.value)
    }

    /// `SHA1` → `SHA-1`, `SHA256` → `SHA-256`; other names are kept.
    static func modelName(_ spdx: String) -> String {
        let upper = spdx.uppercased()
        if upper.hasPrefix("SHA"), upper.dropFirst(3).allSatisfy(\.isNumber), upper.count > 3 {
            return "SHA-" + upper.dropFirst(3)
        }
        return spdx
    }

    /// `SHA-256` → `SHA256`; other names are kept.
    static func spdxName(_ model: String) -> String {
        let upper = model.uppercased()
        if upper.hasPrefix("SHA-"), upper.dropFirst(4).allSatisfy(\.isNumber) { return "SHA" + upper.dropFirst(4) }
        return model
    }
}

/// SPDX 2.3 primary package purposes and the model's component kinds.
enum SPDX2Purpose {
    private static let purposes: [String: SBOMComponentKind] = [
        "APPLICATION": .application, "FRAMEWORK": .framework, "LIBRARY": .library, "CONTAINER": .container,
        "OPERATING-SYSTEM": .operatingSystem, "DEVICE": .device, "FIRMWARE": .firmware, "SOURCE": .source,
        "FILE": .file,
    ]

    static func kind(for purpose: String) -> SBOMComponentKind {
        purposes[purpose.uppercased()] ?? .library
    }

    /// The purpose for a kind, or `OTHER` when SPDX has none (the kind is then kept in a `vigil:kind` annotation).
    static func purpose(for kind: SBOMComponentKind) -> String {
        purposes.first { $0.value == kind }?.key ?? "OTHER"
    }
}

/// Model fields SPDX 2 has no place for, carried as annotations by `Tool: vigil` whose comment is
/// `vigil-property NAME=VALUE`.
struct VigilAnnotations {
    static let annotator = "Tool: vigil"
    static let prefix = "vigil-property "

    /// Properties from Vigil's annotations not yet taken.
    private(set) var properties: [SBOMProperty] = []
    /// Annotations by other tools, as `spdx:annotation` properties.
    private(set) var others: [SBOMProperty] = []
    /// External references Vigil stored.
    private(set) var references: [SBOMExternalReference] = []

    init(_ annotations: [SPDX2.Annotation]?) {
        for annotation in annotations ?? [] {
            guard annotation.annotator == Self.annotator, annotation.comment.hasPrefix(Self.prefix),
                let equals = annotation.comment.firstIndex(of: "=")
            else {
                others.append(
                    SBOMProperty(
                        "spdx:annotation",
                        "\(annotation.annotator)|\(annotation.annotationType)|\(annotation.annotationDate)|\(annotation.comment)"
                    ))
                continue
            }
            let name = String(
                annotation.comment[
                    annotation.comment.index(annotation.comment.startIndex, offsetBy: Self.prefix.count)..<equals])
            let value = String(annotation.comment[annotation.comment.index(after: equals)...])
            let parts = value.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            if name == "vigil:externalReference", parts.count >= 2 {
                references.append(
                    SBOMExternalReference(type: parts[0], url: parts[1], comment: parts.count == 3 ? parts[2] : nil))
            } else {
                properties.append(SBOMProperty(name, value))
            }
        }
    }

    /// Several optional fields in one annotation value, as a JSON array (`null` for absent fields).
    static func pack(_ fields: [String?]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: fields.map { $0 as Any? ?? NSNull() })
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The fields of a value written by ``pack(_:)``, or `nil` if it is not one.
    static func unpack(_ value: String) -> [String?]? {
        guard let array = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [Any] else { return nil }
        return array.map { $0 as? String }
    }

    /// Removes and returns every value of a property.
    mutating func takeAll(_ name: String) -> [String] {
        let values = properties.filter { $0.name == name }.map(\.value)
        properties.removeAll { $0.name == name }
        return values
    }

    /// Removes and returns a property's value.
    mutating func take(_ name: String) -> String? {
        guard let index = properties.firstIndex(where: { $0.name == name }) else { return nil }
        return properties.remove(at: index).value
    }

    /// The annotations that carry properties and references, dated `date`.
    static func annotations(
        properties: [SBOMProperty], references: [SBOMExternalReference], date: String
    )
        -> [SPDX2.Annotation]?
    {
        let comments =
            properties.map { "\(prefix)\($0.name)=\($0.value)" }
            + references.map {
                "\(prefix)vigil:externalReference=\($0.type) \($0.url)" + ($0.comment.map { " \($0)" } ?? "")
            }
        if comments.isEmpty { return nil }
        return comments.map {
            SPDX2.Annotation(annotationDate: date, annotationType: "OTHER", annotator: annotator, comment: $0)
        }
    }
}
