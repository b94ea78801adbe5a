import VigilCore

/// The requirement a check belongs to: what a threat model's security requirements are grouped by, so that a
/// finding traces to the requirement the device does not meet.
public enum RequirementCategory: String, Sendable, Codable, CaseIterable, Hashable {
    case accessControl = "access-control"
    case passwords
    case hardening
    case dataPrivacy = "data-privacy"
    case encryption
}

/// How bad a weakness is.
public enum HardeningSeverity: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case info, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// One check: a stable id (`HC-ELF-NX`), what it finds, why it matters and what to do. A finding carries its check's
/// id; the descriptors are the SARIF rules and the report's legend.
public struct CheckDescriptor: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var severity: HardeningSeverity
    /// `CWE-693`.
    public var cwe: String
    public var category: RequirementCategory
    /// Why it matters, with the source of the recommendation.
    public var rationale: String
    public var remediation: String

    public init(
        id: String, title: String, severity: HardeningSeverity, cwe: String, category: RequirementCategory,
        rationale: String, remediation: String
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.cwe = cwe
        self.category = category
        self.rationale = rationale
        self.remediation = remediation
    }
}

/// Where a finding was seen: a path in the root, and a line or a byte offset in it when there is one.
public struct Evidence: Sendable, Codable, Hashable {
    public var path: String
    public var line: Int?
    public var offset: Int?
    /// What was seen (`GNU_STACK RWE`, `root::0:0:…` with the secret part masked).
    public var detail: String

    public init(path: String, line: Int? = nil, offset: Int? = nil, detail: String) {
        self.path = path
        self.line = line
        self.offset = offset
        self.detail = detail
    }
}

/// One weakness found in an image.
public struct HardeningFinding: Sendable, Codable, Hashable {
    /// `HF-` and 16 hex digits of SHA-256 over the check, the path and the subject: the same weakness in the same
    /// place has the same id in every audit, so it can be triaged, tracked and traced.
    public var id: String
    public var check: String
    public var title: String
    public var severity: HardeningSeverity
    public var cwe: String
    public var category: RequirementCategory
    public var evidence: Evidence
    public var remediation: String

    /// A finding of `check` at `evidence`; `subject` tells apart two findings of one check in one file (a user
    /// name, a line's key), and is part of the id.
    /// `severity` overrides the check's (a service installed but not started is less severe than one started).
    public init(
        _ check: CheckDescriptor, evidence: Evidence, subject: String = "", title: String? = nil,
        severity: HardeningSeverity? = nil
    ) {
        self.check = check.id
        self.title = title ?? check.title
        self.severity = severity ?? check.severity
        cwe = check.cwe
        category = check.category
        self.evidence = evidence
        remediation = check.remediation
        id = StableID.make("HF", [check.id, evidence.path, subject])
    }
}
