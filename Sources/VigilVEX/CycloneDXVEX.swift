import Foundation
public import VigilCore

/// CycloneDX 1.4–1.6 VEX: `vulnerabilities[]` with `analysis` (state, justification, response, detail) and
/// `affects[]` (a bom-ref, or a BOM-Link `urn:cdx:SERIAL/VERSION#bom-ref` into another BOM, with optional
/// `versions[]` of single versions or VERS ranges).
///
/// A reference resolves to a component of the VEX document itself (its `metadata.component` or `components`,
/// nested ones included), to a component of a BOM the caller gives (matched by serial number for a BOM-Link), or,
/// when it is one, to a purl.
public struct CycloneDXVEXReader: VEXReader {
    public let formatID = "cyclonedx"

    public init() {}

    public func recognises(_ prefix: String) -> Bool {
        prefix.contains("\"bomFormat\"") && prefix.contains("CycloneDX")
    }

    public func read(_ bytes: [UInt8], boms: [SBOMDocument]) throws -> VEXDocument {
        let document: BOM
        do {
            document = try JSONDecoder().decode(BOM.self, from: Data(bytes))
        } catch {
            throw VEXError("not a CycloneDX JSON document: \(error)")
        }
        guard let vulnerabilities = document.vulnerabilities else {
            throw VEXError("the CycloneDX document has no vulnerabilities: it is an SBOM, not a VEX")
        }
        var own: [String: Component] = [:]
        func collect(_ component: Component) {
            if let reference = component.bomRef { own[reference] = component }
            for child in component.components ?? [] { collect(child) }
        }
        if let subject = document.metadata?.component { collect(subject) }
        for component in document.components ?? [] { collect(component) }
        let author =
            document.metadata?.authors?.compactMap(\.name).first
            ?? document.metadata?.manufacture?.name ?? document.metadata?.supplier?.name
        var result = VEXDocument(format: formatID, author: author, timestamp: document.metadata?.timestamp)
        for vulnerability in vulnerabilities {
            guard let id = vulnerability.id, let analysis = vulnerability.analysis else { continue }
            guard let status = analysis.state.flatMap(FindingState.init(cycloneDX:)) else {
                throw VEXError("\(id): '\(analysis.state ?? "")' is not a CycloneDX analysis state")
            }
            let justification = try analysis.justification.map { text in
                guard let value = VEXJustification(cycloneDX: text) else {
                    throw VEXError("\(id): '\(text)' is not a CycloneDX justification")
                }
                return value
            }
            let responses = try (analysis.response ?? []).map { text in
                guard let value = VEXResponse(rawValue: text) else {
                    throw VEXError("\(id): '\(text)' is not a CycloneDX response")
                }
                return value
            }
            let detail = analysis.detail
            for affects in vulnerability.affects ?? [] {
                guard
                    let product = Self.resolve(affects.ref, own: own, boms: boms)
                else {
                    if !result.unresolved.contains(affects.ref) { result.unresolved.append(affects.ref) }
                    continue
                }
                // Versions listed with a status of their own: one statement each, `unaffected` not affected.
                var products: [(VEXProduct, FindingState)] = []
                for version in affects.versions ?? [] {
                    var listed = product
                    listed.version = version.version
                    listed.versionRange = version.version == nil ? version.range : nil
                    guard listed.version != nil || listed.versionRange != nil else { continue }
                    // A version's own status wins over the analysis: `affected` is affected whatever the analysis
                    // says, `unaffected` is fixed in a resolved analysis and not affected otherwise, `unknown` is
                    // under investigation.
                    let state: FindingState =
                        switch version.status {
                        case "affected": .affected
                        case "unaffected": status == .fixed ? .fixed : .notAffected
                        case "unknown": .underInvestigation
                        default: status
                        }
                    products.append((listed, state))
                }
                if products.isEmpty { products = [(product, status)] }
                for (listed, state) in products {
                    result.statements.append(
                        VEXStatement(
                            vulnerability: id,
                            aliases: (vulnerability.references ?? []).compactMap(\.id),
                            product: listed, status: state,
                            justification: state == .notAffected ? justification : nil,
                            impactStatement: state == .notAffected ? detail : nil,
                            actionStatement: state == .affected ? detail : nil, responses: responses,
                            detail: state == .notAffected || state == .affected ? nil : detail,
                            timestamp: vulnerability.updated ?? vulnerability.published ?? document.metadata?.timestamp,
                            author: author))
                }
            }
        }
        return result
    }

    static func resolve(_ reference: String, own: [String: Component], boms: [SBOMDocument]) -> VEXProduct? {
        if let component = own[reference] { return component.product(reference: reference) }
        if reference.hasPrefix("urn:cdx:"), let hash = reference.lastIndex(of: "#") {
            let serial =
                String(reference[reference.index(reference.startIndex, offsetBy: 8)..<hash])
                .split(separator: "/").first.map(String.init) ?? ""
            let bomRef = String(reference[reference.index(after: hash)...])
            for bom in boms where bom.metadata.identifier == "urn:uuid:" + serial {
                if let component = bom.components.first(where: { $0.id == bomRef }) {
                    return VEXProduct(
                        name: component.name, version: component.version, purl: component.purl, reference: reference)
                }
            }
            if let component = own[bomRef] { return component.product(reference: reference) }
            // A bom-ref that is a purl names the product whatever BOM it is in.
            return VEXProduct(purl: bomRef).map {
                var product = $0
                product.reference = reference
                return product
            }
        }
        for bom in boms {
            if let component = bom.components.first(where: { $0.id == reference }) {
                return VEXProduct(
                    name: component.name, version: component.version, purl: component.purl, reference: reference)
            }
        }
        return VEXProduct(purl: reference)
    }

    struct BOM: Decodable {
        var bomFormat: String?
        var serialNumber: String?
        var metadata: Metadata?
        var components: [Component]?
        var vulnerabilities: [Vulnerability]?
    }

    struct Metadata: Decodable {
        var timestamp: String?
        var component: Component?
        var authors: [Party]?
        var manufacture: Party?
        var supplier: Party?
    }

    struct Party: Decodable { var name: String? }

    final class Component: Decodable, Sendable {
        let bomRef: String?
        let name: String?
        let version: String?
        let purl: String?
        let components: [Component]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case name, version, purl, components
        }

        func product(reference: String) -> VEXProduct? {
            guard let name, !name.isEmpty else { return purl.flatMap(VEXProduct.init(purl:)) }
            return VEXProduct(name: name, version: version, purl: purl, reference: reference)
        }
    }

    struct Vulnerability: Decodable {
        var id: String?
        var references: [Reference]?
        var analysis: Analysis?
        var affects: [Affects]?
        var published: String?
        var updated: String?
    }

    struct Reference: Decodable { var id: String? }

    struct Analysis: Decodable {
        var state: String?
        var justification: String?
        var response: [String]?
        var detail: String?
    }

    struct Affects: Decodable {
        var ref: String
        var versions: [AffectedVersion]?
    }

    struct AffectedVersion: Decodable {
        var version: String?
        var range: String?
        var status: String?
    }
}
