import Foundation
public import VigilCore

/// CSAF 2.0 with the VEX profile (`csaf_vex`): a product tree of the products (each with its purl as the
/// identification helper), and per vulnerability the product status lists, `flags` for the justifications,
/// `threats` of category `impact` for impact statements and `remediations` for action statements.
public struct CSAFVEXWriter: VEXWriter {
    public let formatID = "csaf"

    public init() {}

    public func write(_ document: VEXDocument, identity: VEXIdentity) throws -> [UInt8] {
        guard !document.statements.isEmpty else {
            throw VEXError("a CSAF document needs at least one vulnerability, and the device has no findings")
        }
        // One product per purl (or name and version): two components of one name and version are one product.
        func key(_ product: VEXProduct) -> String { product.purl ?? product.label }
        var products: [[String: Any]] = []
        var ids: [String: String] = [:]
        for statement in document.statements where ids[key(statement.product)] == nil {
            let id = "CSAFPID-\(String(format: "%04d", ids.count + 1))"
            ids[key(statement.product)] = id
            var product: [String: Any] = ["name": statement.product.label, "product_id": id]
            if let purl = statement.product.purl { product["product_identification_helper"] = ["purl": purl] }
            products.append(product)
        }
        // One statement per vulnerability and product, the worst when they disagree: a product is in one status list.
        var order: [String] = []
        var byVulnerability: [String: [VEXStatement]] = [:]
        for statement in document.statements {
            if byVulnerability[statement.vulnerability] == nil { order.append(statement.vulnerability) }
            var list = byVulnerability[statement.vulnerability, default: []]
            if let same = list.firstIndex(where: { key($0.product) == key(statement.product) }) {
                if statement.status < list[same].status { list[same] = statement }
            } else {
                list.append(statement)
            }
            byVulnerability[statement.vulnerability] = list
        }
        let vulnerabilities: [[String: Any]] = order.map { id in
            let statements = byVulnerability[id]!
            var entry: [String: Any] = [:]
            if id.hasPrefix("CVE-") {
                entry["cve"] = id
            } else {
                entry["ids"] = [["system_name": Self.system(of: id), "text": id]]
            }
            var status: [String: [String]] = [:]
            var flags: [[String: Any]] = []
            var threats: [[String: Any]] = []
            var remediations: [[String: Any]] = []
            var notes: [[String: Any]] = []
            for statement in statements {
                guard let product = ids[key(statement.product)] else { continue }
                let list =
                    switch statement.status {
                    case .affected: "known_affected"
                    case .notAffected: "known_not_affected"
                    case .fixed: "fixed"
                    case .underInvestigation: "under_investigation"
                    }
                if !(status[list]?.contains(product) ?? false) { status[list, default: []].append(product) }
                if let justification = statement.justification {
                    flags.append(["label": justification.rawValue, "product_ids": [product]])
                }
                if let impact = statement.impactStatement {
                    threats.append(["category": "impact", "details": impact, "product_ids": [product]])
                }
                if statement.status == .affected {
                    remediations.append([
                        "category": Self.remediation(statement.responses),
                        "details": statement.actionStatement ?? statement.detail ?? "See the vendor's advisory.",
                        "product_ids": [product],
                    ])
                }
                if let detail = statement.detail, statement.status != .affected {
                    // CSAF notes name no products: the title says which one (and the reader reads it back).
                    notes.append([
                        "category": "details", "text": detail, "title": Self.notesTitle(statement.product.label),
                    ])
                }
            }
            entry["product_status"] = status
            if !flags.isEmpty { entry["flags"] = flags }
            if !threats.isEmpty { entry["threats"] = threats }
            if !remediations.isEmpty { entry["remediations"] = remediations }
            // The VEX profile wants notes on every vulnerability (CSAF 2.0, 6.1.27.5).
            notes.insert(
                [
                    "category": "description", "title": "Status",
                    "text": statements.map { "\($0.product.label): \($0.status.rawValue)" }.joined(separator: "; "),
                ], at: 0)
            entry["notes"] = notes
            return entry
        }
        let tracking = identity.documentID ?? "vigil-vex-\(contentID(document.statements))"
        return try encodeJSON([
            "document": [
                "category": "csaf_vex", "csaf_version": "2.0",
                "title":
                    "VEX for \(Set(document.statements.map(\.product.name)).sorted().prefix(3).joined(separator: ", "))",
                "publisher": ["category": "vendor", "name": identity.author, "namespace": identity.namespace],
                "tracking": [
                    "id": tracking, "status": "final", "version": "1", "initial_release_date": identity.timestamp,
                    "current_release_date": identity.timestamp,
                    "generator": ["engine": ["name": identity.tool]],
                    "revision_history": [["date": identity.timestamp, "number": "1", "summary": "Initial version"]],
                ],
            ],
            "product_tree": ["full_product_names": products],
            "vulnerabilities": vulnerabilities,
        ])
    }

    static func notesTitle(_ product: String) -> String { "Status notes (\(product))" }

    /// CSAF's remediation category for an affected product's responses: a fix, a workaround, no fix planned, or
    /// none available.
    static func remediation(_ responses: [VEXResponse]) -> String {
        if responses.contains(.update) || responses.contains(.rollback) { return "vendor_fix" }
        if responses.contains(.workaroundAvailable) { return "workaround" }
        if responses.contains(.willNotFix) { return "no_fix_planned" }
        return "none_available"
    }

    static func system(of id: String) -> String {
        if id.hasPrefix("GHSA-") { return "GitHub Security Advisories" }
        return String(id.prefix { $0 != "-" })
    }
}

/// CSAF 2.0 VEX (`csaf_vex`, and other CSAF documents' product status): one statement per product and status list.
public struct CSAFVEXReader: VEXReader {
    public let formatID = "csaf"

    public init() {}

    public func recognises(_ prefix: String) -> Bool { prefix.contains("\"csaf_version\"") }

    public func read(_ bytes: [UInt8], boms: [SBOMDocument]) throws -> VEXDocument {
        let document: CSAF
        do {
            document = try JSONDecoder().decode(CSAF.self, from: Data(bytes))
        } catch {
            throw VEXError("not a CSAF 2.0 document: \(error)")
        }
        var products: [String: VEXProduct] = [:]
        func product(_ entry: CSAF.Product, name: String?, version: String?, range: String?) {
            let helper = entry.product_identification_helper
            if let found = helper?.purl.flatMap(VEXProduct.init(purl:)) {
                products[entry.product_id] = found
            } else if let range {
                // A range that is no VERS range names no versions we can test: left unresolved, never "every
                // version".
                guard (try? VersionRange(vers: range)) != nil else { return }
                products[entry.product_id] = VEXProduct(
                    name: name ?? entry.name, versionRange: range, reference: entry.product_id)
            } else {
                products[entry.product_id] = VEXProduct(
                    name: name ?? entry.name, version: version, reference: entry.product_id)
            }
        }
        func walk(_ branch: CSAF.Branch, name: String?, version: String?, range: String?) {
            let name = branch.category == "product_name" ? branch.name : name
            let version = branch.category == "product_version" ? branch.name : version
            let range = branch.category == "product_version_range" ? branch.name : range
            if let entry = branch.product { product(entry, name: name, version: version, range: range) }
            for child in branch.branches ?? [] { walk(child, name: name, version: version, range: range) }
        }
        for branch in document.product_tree?.branches ?? [] { walk(branch, name: nil, version: nil, range: nil) }
        for entry in document.product_tree?.full_product_names ?? [] {
            product(entry, name: nil, version: nil, range: nil)
        }
        let tracking = document.document.tracking
        var result = VEXDocument(
            format: formatID, author: document.document.publisher?.name,
            timestamp: tracking?.current_release_date ?? tracking?.initial_release_date)
        for vulnerability in document.vulnerabilities ?? [] {
            guard let id = vulnerability.cve ?? vulnerability.ids?.first?.text else { continue }
            func texts(_ items: [CSAF.Detail]?, for product: String) -> String? {
                let found = (items ?? []).filter { $0.product_ids?.contains(product) ?? false }.compactMap(\.details)
                return found.isEmpty ? nil : found.joined(separator: "\n")
            }
            let lists: [(String, FindingState)] = [
                ("known_affected", .affected), ("known_not_affected", .notAffected), ("fixed", .fixed),
                ("first_fixed", .fixed), ("under_investigation", .underInvestigation),
            ]
            for (list, status) in lists {
                for productID in vulnerability.product_status?[list] ?? [] {
                    guard let product = products[productID] else {
                        if !result.unresolved.contains(productID) { result.unresolved.append(productID) }
                        continue
                    }
                    let justification = (vulnerability.flags ?? []).first {
                        $0.product_ids?.contains(productID) ?? false
                    }
                    .flatMap { VEXJustification(rawValue: $0.label) }
                    let remediations = (vulnerability.remediations ?? []).filter {
                        $0.product_ids?.contains(productID) ?? false
                    }
                    result.statements.append(
                        VEXStatement(
                            vulnerability: id, product: product, status: status,
                            justification: status == .notAffected ? justification : nil,
                            impactStatement: status == .notAffected
                                ? texts(vulnerability.threats?.filter { $0.category == "impact" }, for: productID)
                                : nil,
                            actionStatement: status == .affected
                                ? texts(vulnerability.remediations, for: productID) : nil,
                            responses: status == .affected
                                ? remediations.compactMap { Self.response($0.category) } : [],
                            detail: status == .affected || status == .notAffected
                                ? nil
                                : (vulnerability.notes ?? []).first {
                                    $0.title == CSAFVEXWriter.notesTitle(product.label)
                                }?.text,
                            timestamp: result.timestamp, author: result.author))
                }
            }
        }
        return result
    }

    static func response(_ category: String?) -> VEXResponse? {
        switch category {
        case "vendor_fix": .update
        case "workaround", "mitigation": .workaroundAvailable
        case "no_fix_planned": .willNotFix
        case "none_available": .canNotFix
        default: nil
        }
    }

    struct CSAF: Decodable {
        var document: Document
        var product_tree: ProductTree?
        var vulnerabilities: [Vulnerability]?

        struct Document: Decodable {
            var csaf_version: String
            var publisher: Publisher?
            var tracking: Tracking?
        }

        struct Publisher: Decodable { var name: String? }

        struct Tracking: Decodable {
            var initial_release_date: String?
            var current_release_date: String?
        }

        struct ProductTree: Decodable {
            var branches: [Branch]?
            var full_product_names: [Product]?
        }

        final class Branch: Decodable, Sendable {
            let category: String?
            let name: String?
            let product: Product?
            let branches: [Branch]?
        }

        struct Product: Decodable {
            var name: String
            var product_id: String
            var product_identification_helper: Helper?
        }

        struct Helper: Decodable { var purl: String? }

        struct Vulnerability: Decodable {
            var cve: String?
            var ids: [ID]?
            var product_status: [String: [String]]?
            var flags: [Flag]?
            var threats: [Detail]?
            var remediations: [Detail]?
            var notes: [Note]?
        }

        struct Note: Decodable {
            var title: String?
            var text: String?
        }

        struct ID: Decodable { var text: String }

        struct Flag: Decodable {
            var label: String
            var product_ids: [String]?
        }

        struct Detail: Decodable {
            var category: String?
            var details: String?
            var product_ids: [String]?
        }
    }
}
