public import VigilCore

/// What a VEX document says about one vulnerability in one product, in the terms the formats share (OpenVEX,
/// CycloneDX `analysis`, CSAF's VEX profile).
public struct VEXStatement: Sendable, Hashable {
    public var vulnerability: String
    public var aliases: [String]
    public var product: VEXProduct
    public var status: FindingState
    public var justification: VEXJustification?
    /// Why not affected, in words (OpenVEX `impact_statement`, CycloneDX `detail` of not_affected).
    public var impactStatement: String?
    /// What to do (OpenVEX `action_statement`, CycloneDX `detail` of exploitable).
    public var actionStatement: String?
    public var responses: [VEXResponse]
    /// Other notes (OpenVEX `status_notes`, CycloneDX `detail` otherwise).
    public var detail: String?
    public var timestamp: String?
    public var author: String?

    public init(
        vulnerability: String, aliases: [String] = [], product: VEXProduct, status: FindingState,
        justification: VEXJustification? = nil, impactStatement: String? = nil, actionStatement: String? = nil,
        responses: [VEXResponse] = [], detail: String? = nil, timestamp: String? = nil, author: String? = nil
    ) {
        self.vulnerability = vulnerability
        self.aliases = aliases
        self.product = product
        self.status = status
        self.justification = justification
        self.impactStatement = impactStatement
        self.actionStatement = actionStatement
        self.responses = responses
        self.detail = detail
        self.timestamp = timestamp
        self.author = author
    }

    /// What CISA's minimum requirements for VEX find missing: an `affected` statement needs an action statement (or a
    /// response), a `not_affected` one a justification or an impact statement.
    public func problems() -> [String] {
        var problems: [String] = []
        func blank(_ text: String?) -> Bool { text?.allSatisfy(\.isWhitespace) ?? true }
        switch status {
        case .affected where blank(actionStatement) && responses.isEmpty:
            problems.append("\(vulnerability) in \(product.label): an affected statement needs an action statement")
        case .notAffected where justification == nil && blank(impactStatement):
            problems.append(
                "\(vulnerability) in \(product.label): a not_affected statement needs a justification or an impact "
                    + "statement")
        default: break
        }
        if !TriageDecision.isVulnerabilityID(vulnerability) {
            problems.append("'\(vulnerability)' is not a vulnerability id")
        }
        if product.name.isEmpty { problems.append("\(vulnerability): the product has no name") }
        return problems
    }

    /// The statement as a triage decision: the note is the impact or action statement and any detail, or says where
    /// the statement came from when it gives no words.
    public func decision(origin: String, defaultAuthor: String, defaultTime: String) -> TriageDecision {
        let words = [impactStatement, actionStatement, detail].compactMap { $0 }.filter {
            !$0.allSatisfy(\.isWhitespace)
        }
        var unique: [String] = []
        for text in words where !unique.contains(text) { unique.append(text) }
        return TriageDecision(
            vulnerability: vulnerability.lowercased().hasPrefix("cve-") ? vulnerability.uppercased() : vulnerability,
            componentName: product.name, componentVersion: product.version,
            componentVersionRange: product.version == nil ? product.versionRange : nil, componentPurl: product.purl,
            state: status,
            justification: status == .notAffected ? justification : nil, responses: responses,
            note: unique.isEmpty ? "VEX statement (\(origin))" : unique.joined(separator: "\n"),
            author: author ?? defaultAuthor, recordedAt: timestamp ?? defaultTime, origin: origin)
    }
}

/// A product (or component) a statement is about, resolved to a name and a version or range.
public struct VEXProduct: Sendable, Hashable {
    public var name: String
    public var version: String?
    /// A VERS range (CycloneDX `affects[].versions[].range`).
    public var versionRange: String?
    public var purl: String?
    /// How the document referred to it: a bom-ref, a BOM-Link, an OpenVEX `@id`.
    public var reference: String?

    public init(
        name: String, version: String? = nil, versionRange: String? = nil, purl: String? = nil,
        reference: String? = nil
    ) {
        self.name = name
        self.version = version
        self.versionRange = versionRange
        self.purl = purl
        self.reference = reference
    }

    public var label: String { name + (version.map { "@\($0)" } ?? versionRange.map { " \($0)" } ?? "") }

    /// A product named by a purl: its name and version (`pkg:apk/wolfi/git@2.39.0-r1` is git 2.39.0-r1).
    public init?(purl text: String) {
        guard let purl = try? PackageURL(parsing: text) else { return nil }
        self.init(name: purl.name, version: purl.version, purl: text, reference: text)
    }
}

/// A VEX document read: its statements, and what could not be read from it.
public struct VEXDocument: Sendable {
    /// `openvex`, `cyclonedx`.
    public var format: String
    public var author: String?
    public var timestamp: String?
    public var statements: [VEXStatement]
    /// References that name no product the document or the given BOMs describe.
    public var unresolved: [String]

    public init(
        format: String, author: String? = nil, timestamp: String? = nil, statements: [VEXStatement] = [],
        unresolved: [String] = []
    ) {
        self.format = format
        self.author = author
        self.timestamp = timestamp
        self.statements = statements
        self.unresolved = unresolved
    }
}

/// Why a VEX document cannot be read.
public struct VEXError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
