import Foundation
import VigilCore

/// Writes statements as one VEX format: a plug-in, chosen by ``formatID``.
public protocol VEXWriter: Sendable {
    /// `openvex`, `cyclonedx`, `csaf`.
    var formatID: String { get }
    func write(_ document: VEXDocument, identity: VEXIdentity) throws -> [UInt8]
}

/// Who issues a document, and how it is identified.
public struct VEXIdentity: Sendable, Hashable {
    /// The author or publisher (`Acme Product Security`).
    public var author: String
    /// The publisher's namespace, a URI (`https://acme.example`); CSAF requires one.
    public var namespace: String
    /// The document's id: a URI for OpenVEX, the tracking id for CSAF; a content hash when nil.
    public var documentID: String?
    /// ISO 8601.
    public var timestamp: String
    /// The tool, for the documents' tooling fields.
    public var tool: String

    public init(author: String, namespace: String, documentID: String? = nil, timestamp: String, tool: String) {
        self.author = author
        self.namespace = namespace
        self.documentID = documentID
        self.timestamp = timestamp
        self.tool = tool
    }
}

/// The VEX writers by format.
public enum VEXWriters {
    public static let builtIn: [any VEXWriter] = [OpenVEXWriter(), CycloneDXVEXWriter(), CSAFVEXWriter()]

    public static func writer(_ formatID: String) -> (any VEXWriter)? { builtIn.first { $0.formatID == formatID } }
}

extension VEXStatement {
    /// The one text of a statement for formats with a single field: its impact or action statement, else its detail.
    var text: String? { impactStatement ?? actionStatement ?? detail }
}

extension VEXProduct {
    /// The product's identifier in documents: its purl, else a URN made from its name and version.
    var identifier: String {
        purl ?? "urn:vigil:component:" + (name + (version.map { "@\($0)" } ?? "")).addingPercentEncoding(
            withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        )!
    }
}

/// JSON with sorted keys, pretty-printed: stable bytes for the same statements.
func encodeJSON(_ value: Any) throws -> [UInt8] {
    Array(
        try JSONSerialization.data(
            withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
}

/// A content hash of `length` hex digits, for ids of documents that were given none.
func contentID(_ statements: [VEXStatement], length: Int = 16) -> String {
    var hasher = SHA256()
    for statement in statements {
        for field in [
            statement.vulnerability, statement.product.label, statement.status.rawValue,
            statement.justification?.rawValue ?? "", statement.text ?? "",
        ] {
            hasher.update(Array(field.utf8) + [0])
        }
    }
    return String(hasher.finalize().hexString.prefix(length))
}

/// OpenVEX 0.2.0.
public struct OpenVEXWriter: VEXWriter {
    public let formatID = "openvex"

    public init() {}

    public func write(_ document: VEXDocument, identity: VEXIdentity) throws -> [UInt8] {
        // OpenVEX products are single versions (purls): a statement about a range cannot be written faithfully.
        if let ranged = document.statements.first(where: { $0.product.versionRange != nil }) {
            throw VEXError(
                "OpenVEX cannot state a version range (\(ranged.product.label)): export it as CycloneDX or CSAF")
        }
        let statements: [[String: Any]] = document.statements.map { statement in
            var vulnerability: [String: Any] = ["name": statement.vulnerability]
            if !statement.aliases.isEmpty { vulnerability["aliases"] = statement.aliases }
            var identifiers: [String: Any] = [:]
            if let purl = statement.product.purl { identifiers["purl"] = purl }
            var product: [String: Any] = ["@id": statement.product.identifier]
            if !identifiers.isEmpty { product["identifiers"] = identifiers }
            var entry: [String: Any] = [
                "vulnerability": vulnerability, "products": [product], "status": statement.status.rawValue,
            ]
            if let timestamp = statement.timestamp { entry["timestamp"] = timestamp }
            if let justification = statement.justification { entry["justification"] = justification.rawValue }
            if let impact = statement.impactStatement { entry["impact_statement"] = impact }
            if let action = statement.actionStatement { entry["action_statement"] = action }
            if let detail = statement.detail { entry["status_notes"] = detail }
            return entry
        }
        return try encodeJSON([
            "@context": "https://openvex.dev/ns/v0.2.0",
            "@id": identity.documentID ?? "\(identity.namespace)/vex/\(contentID(document.statements))",
            "author": identity.author, "timestamp": identity.timestamp, "version": 1, "tooling": identity.tool,
            "statements": statements,
        ])
    }
}

/// CycloneDX 1.6 VEX: the products as components, one vulnerability entry per vulnerability and analysis, its
/// `affects` naming the components by bom-ref.
public struct CycloneDXVEXWriter: VEXWriter {
    public let formatID = "cyclonedx"

    public init() {}

    public func write(_ document: VEXDocument, identity: VEXIdentity) throws -> [UInt8] {
        var components: [[String: Any]] = []
        var references: [String: String] = [:]
        for statement in document.statements where references[statement.product.label] == nil {
            let reference = "component-\(references.count + 1)"
            references[statement.product.label] = reference
            var component: [String: Any] = ["type": "library", "bom-ref": reference, "name": statement.product.name]
            if let version = statement.product.version { component["version"] = version }
            if let purl = statement.product.purl { component["purl"] = purl }
            components.append(component)
        }
        // One entry per vulnerability and analysis: products that share it share the entry.
        var entries: [[String: Any]] = []
        var affectsOf: [[[String: Any]]] = []
        var index: [String: Int] = [:]
        for statement in document.statements {
            var analysis: [String: Any] = ["state": statement.status.cycloneDX]
            if let justification = statement.justification { analysis["justification"] = justification.cycloneDX }
            if !statement.responses.isEmpty { analysis["response"] = statement.responses.map(\.rawValue) }
            if let text = statement.text { analysis["detail"] = text }
            var affects: [String: Any] = ["ref": references[statement.product.label]!]
            if let range = statement.product.versionRange {
                let status =
                    switch statement.status {
                    case .affected: "affected"
                    case .notAffected, .fixed: "unaffected"
                    case .underInvestigation: "unknown"
                    }
                affects["versions"] = [["range": range, "status": status]]
            }
            let key = [statement.vulnerability, String(describing: analysis.sorted { $0.key < $1.key })].joined()
            if let position = index[key] {
                affectsOf[position].append(affects)
                continue
            }
            index[key] = entries.count
            affectsOf.append([affects])
            var entry: [String: Any] = ["id": statement.vulnerability, "analysis": analysis]
            if statement.vulnerability.hasPrefix("CVE-") {
                entry["source"] = ["name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/\(statement.vulnerability)"]
            }
            if !statement.aliases.isEmpty {
                entry["references"] = statement.aliases.map { ["id": $0, "source": ["name": "alias"]] }
            }
            if let timestamp = statement.timestamp { entry["updated"] = timestamp }
            entries.append(entry)
        }
        for position in entries.indices { entries[position]["affects"] = affectsOf[position] }
        let uuid = Array(contentID(document.statements, length: 32))
        let dashed = [uuid[0..<8], uuid[8..<12], uuid[12..<16], uuid[16..<20], uuid[20..<32]].map { String($0) }
            .joined(separator: "-")
        return try encodeJSON([
            "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "serialNumber": "urn:uuid:\(dashed)",
            "metadata": [
                "timestamp": identity.timestamp, "authors": [["name": identity.author]],
                "tools": ["components": [["type": "application", "name": identity.tool]]],
            ],
            "components": components, "vulnerabilities": entries,
        ])
    }
}
