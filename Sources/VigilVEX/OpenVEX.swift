import Foundation
public import VigilCore

/// OpenVEX 0.2.0 (and the 0.0.x drafts' plain-string vulnerabilities and products): `statements[]` with a
/// vulnerability (`name`, `@id`, `aliases`), products (`@id` a purl, or `identifiers.purl`), a status, a
/// justification, impact and action statements.
public struct OpenVEXReader: VEXReader {
    public let formatID = "openvex"

    public init() {}

    public func recognises(_ prefix: String) -> Bool { prefix.contains("openvex") && prefix.contains("statements") }

    public func read(_ bytes: [UInt8], boms: [SBOMDocument]) throws -> VEXDocument {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw VEXError("not an OpenVEX document: \(error)")
        }
        var result = VEXDocument(format: formatID, author: document.author, timestamp: document.timestamp)
        for statement in document.statements {
            guard let status = FindingState(rawValue: statement.status) else {
                throw VEXError("'\(statement.status)' is not an OpenVEX status")
            }
            let justification = try statement.justification.map { text in
                guard let value = VEXJustification(rawValue: text) else {
                    throw VEXError("'\(text)' is not an OpenVEX justification")
                }
                return value
            }
            guard let id = statement.vulnerability.name ?? statement.vulnerability.id else {
                throw VEXError("a statement names no vulnerability")
            }
            // A product's subcomponents are what the statement is about (`openssl` inside the image).
            let components = (statement.products ?? []).flatMap {
                $0.subcomponents?.isEmpty == false ? $0.subcomponents! : [$0]
            }
            for product in components {
                let purls = [product.identifiers?.purl, product.id].compactMap { $0 }
                guard let resolved = purls.lazy.compactMap(VEXProduct.init(purl:)).first else {
                    let name = product.id ?? product.identifiers?.purl ?? "?"
                    if !result.unresolved.contains(name) { result.unresolved.append(name) }
                    continue
                }
                result.statements.append(
                    VEXStatement(
                        vulnerability: id, aliases: statement.vulnerability.aliases ?? [], product: resolved,
                        status: status, justification: justification, impactStatement: statement.impact_statement,
                        actionStatement: statement.action_statement, detail: statement.status_notes,
                        timestamp: statement.timestamp ?? document.timestamp, author: document.author))
            }
        }
        return result
    }

    struct Document: Decodable {
        var author: String?
        var timestamp: String?
        var statements: [Statement]
    }

    struct Statement: Decodable {
        var vulnerability: Vulnerability
        var products: [Product]?
        var status: String
        var status_notes: String?
        var justification: String?
        var impact_statement: String?
        var action_statement: String?
        var timestamp: String?
    }

    /// `{"name": "CVE-…", "@id": "…", "aliases": […]}`, or (0.0.x) the id as a string.
    struct Vulnerability: Decodable {
        var name: String?
        var id: String?
        var aliases: [String]?

        enum CodingKeys: String, CodingKey {
            case name, aliases
            case id = "@id"
        }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                name = text
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            aliases = try container.decodeIfPresent([String].self, forKey: .aliases)
        }
    }

    /// `{"@id": "pkg:…", "identifiers": {"purl": …}}`, or (0.0.x) the purl as a string.
    final class Product: Decodable, Sendable {
        let id: String?
        let identifiers: Identifiers?
        let subcomponents: [Product]?

        struct Identifiers: Decodable { var purl: String? }

        enum CodingKeys: String, CodingKey {
            case identifiers, subcomponents
            case id = "@id"
        }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                (id, identifiers, subcomponents) = (text, nil, nil)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            identifiers = try container.decodeIfPresent(Identifiers.self, forKey: .identifiers)
            subcomponents = try container.decodeIfPresent([Product].self, forKey: .subcomponents)
        }
    }
}
