/// Whether a component is affected by a vulnerability, in VEX terms (OpenVEX, CSAF, CISA's minimum requirements).
public enum FindingState: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case affected
    case underInvestigation = "under_investigation"
    case fixed
    case notAffected = "not_affected"

    /// Worst first: `affected` < `under_investigation` < `fixed` < `not_affected`.
    public var rank: Int {
        switch self {
        case .affected: 0
        case .underInvestigation: 1
        case .fixed: 2
        case .notAffected: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Why a component is not affected: the five justifications of the VEX specifications (OpenVEX, CSAF's
/// `flags`, CISA's "Vulnerability Exploitability eXchange (VEX) – Status Justifications").
public enum VEXJustification: String, Sendable, Hashable, Codable, CaseIterable {
    case componentNotPresent = "component_not_present"
    case vulnerableCodeNotPresent = "vulnerable_code_not_present"
    case vulnerableCodeNotInExecutePath = "vulnerable_code_not_in_execute_path"
    case vulnerableCodeCannotBeControlledByAdversary = "vulnerable_code_cannot_be_controlled_by_adversary"
    case inlineMitigationsAlreadyExist = "inline_mitigations_already_exist"
}

/// What is done about an affected component (CycloneDX's `analysis.response`).
public enum VEXResponse: String, Sendable, Hashable, Codable, CaseIterable {
    case canNotFix = "can_not_fix"
    case willNotFix = "will_not_fix"
    case update
    case rollback
    case workaroundAvailable = "workaround_available"
}

/// An analyst's decision about one vulnerability in one component — at one version, or at any version when
/// `componentVersion` is nil — kept in an append-only history: a later decision for the same vulnerability and
/// component supersedes an earlier one, which stays on record.
///
/// The decision is VEX-complete by construction (``validate()``, CISA's minimum requirements): `not_affected`
/// carries a justification or an impact statement (the note), `affected` an action statement (a response or the
/// note).
public struct TriageDecision: Sendable, Hashable, Codable {
    /// `TD-` and 16 hex digits of SHA-256 over everything else: stable wherever the decision is copied.
    public var id: String
    /// The vulnerability as the scan files it (`CVE-2024-3596`; an alias matches too).
    public var vulnerability: String
    public var componentName: String
    /// One version; nil with ``componentVersionRange`` nil: every version of the component.
    public var componentVersion: String?
    /// The component's package URL without version, qualifiers or subpath (`pkg:deb/debian/openssl`), when the
    /// decision names one: then only components with that purl match (a finding without a purl matches by name).
    public var componentPurl: String?
    /// The versions a decision covers as a VERS range (`vers:generic/>=2.9|<=4.1`), instead of one version: what a
    /// VEX statement or the analyst chose.
    public var componentVersionRange: String?
    public var state: FindingState
    public var justification: VEXJustification?
    public var responses: [VEXResponse]
    /// The reason: the impact statement of `not_affected`, the action statement of `affected`.
    public var note: String
    public var author: String
    /// ISO 8601, UTC.
    public var recordedAt: String
    /// Where the decision came from: `cli`, `vex:FILE`.
    public var origin: String
    /// What the decision relied on: the ``TriageEvidence/fingerprint(of:)`` of the vulnerability's records when it
    /// was made. When the records' ranges or scores change, the decision is re-opened.
    public var evidence: String?
    /// What the decision relied on of the kernel build, for a kernel vulnerability decided with one: each file the
    /// fix touches and whether the build compiled it (``KernelBuildVerdict/summary(of:)``: `net/x.c=not-built;…`).
    /// A scan given a build that compiles them differently re-opens the decision.
    public var kernelBuild: String?

    public init(
        vulnerability: String, componentName: String, componentVersion: String? = nil,
        componentVersionRange: String? = nil, componentPurl: String? = nil, state: FindingState,
        justification: VEXJustification? = nil, responses: [VEXResponse] = [], note: String, author: String,
        recordedAt: String, origin: String = "cli", evidence: String? = nil, kernelBuild: String? = nil
    ) {
        self.vulnerability = vulnerability
        self.componentName = componentName
        self.componentVersion = componentVersion
        self.componentVersionRange = componentVersionRange
        self.componentPurl = componentPurl.flatMap(Self.packageIdentity)
        self.state = state
        self.justification = justification
        self.responses = responses
        self.note = note
        self.author = author
        self.recordedAt = recordedAt
        self.origin = origin
        self.evidence = evidence
        self.kernelBuild = kernelBuild
        id = ""
        id = Self.id(of: self)
    }

    /// The id a decision has: `TD-` and 16 hex digits of SHA-256 over its fields. Set it again after changing one.
    public static func id(of decision: TriageDecision) -> String {
        var hasher = SHA256()
        for field in [
            decision.vulnerability, decision.componentName, decision.componentVersion ?? "",
            decision.componentVersionRange ?? "", decision.componentPurl ?? "", decision.state.rawValue,
            decision.justification?.rawValue ?? "", decision.responses.map(\.rawValue).joined(separator: ","),
            decision.note, decision.author, decision.recordedAt, decision.origin, decision.evidence ?? "",
                // Only when present: decisions recorded before the field existed keep their ids.
        ] + (decision.kernelBuild.map { [$0] } ?? []) {
            var length = UInt64(field.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(Array($0)) }
            hasher.update(Array(field.utf8))
        }
        return "TD-" + String(hasher.finalize().hexString.prefix(16))
    }

    /// Why the decision cannot be recorded, or nil when it can.
    public func problems() -> [String] {
        var problems: [String] = []
        if !Self.isVulnerabilityID(vulnerability) {
            problems.append("'\(vulnerability)' is not a vulnerability id (CVE-2024-3596, GHSA-…, OSV-…, DSA-…)")
        }
        if componentName.isEmpty { problems.append("the component name is empty") }
        if componentName.utf8.count > 512 { problems.append("the component name is longer than 512 bytes") }
        if componentVersion?.isEmpty == true { problems.append("the component version is empty (NAME@VERSION)") }
        if note.allSatisfy(\.isWhitespace) {
            problems.append("a decision needs a note: the reason, for whoever reads it next")
        }
        if justification != nil && state != .notAffected {
            problems.append("a justification belongs to a not_affected decision only")
        }
        if note.utf8.count > 16_384 { problems.append("the note is longer than 16 KiB") }
        if componentVersion != nil && componentVersionRange != nil {
            problems.append("a decision is for one version or for a range, not both")
        }
        if let range = componentVersionRange {
            do {
                _ = try VersionRange(vers: range)
            } catch {
                problems.append("the version range is not a VERS range: \(error)")
            }
        }
        if author.isEmpty { problems.append("a decision needs an author") }
        return problems
    }

    /// Whether the decision covers a component at `version`: the decision's version, a version in its range (a
    /// version the range's scheme cannot read is not covered), or any version.
    public func covers(version: String?) -> Bool {
        if let componentVersion { return componentVersion == version }
        guard let componentVersionRange else { return true }
        guard let version, let range = try? VersionRange(vers: componentVersionRange) else { return false }
        return (try? range.contains(version)) ?? false
    }

    /// A purl without version, qualifiers and subpath (`pkg:deb/debian/openssl`), or nil when it does not parse.
    public static func packageIdentity(_ text: String) -> String? {
        guard let purl = try? PackageURL(parsing: text, mode: .lenient) else { return nil }
        return (try? PackageURL(type: purl.type, namespace: purl.namespace, name: purl.name))?.description
    }

    /// Whether the decision is about a component of this name and purl: the same purl identity when both have one,
    /// else the same name (any case).
    public func names(component name: String, purl: String?) -> Bool {
        if let componentPurl, let purl, let identity = Self.packageIdentity(purl) { return identity == componentPurl }
        return componentName.lowercased() == name.lowercased()
    }

    /// How specific the decision is: one version (2) over a range (1) over every version (0).
    public var specificity: Int { componentVersion != nil ? 2 : componentVersionRange != nil ? 1 : 0 }

    /// A vulnerability id: letters, digits and `-_.:` (`CVE-2024-3596`, `GHSA-9v9h-cgj8-h64p`, `ALSA-2024:1234`),
    /// starting with a letter, at most 128 characters.
    public static func isVulnerabilityID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            text.utf8.count <= 128
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0))
        }
    }
}

/// Keeps triage decisions: an append-only history per vulnerability and component.
public protocol TriageStore: Sendable {
    /// Appends decisions in one transaction, skipping any already on record (the same id); nothing recorded
    /// earlier changes.
    ///
    /// - Returns: how many were new.
    @discardableResult
    func record(_ decisions: [TriageDecision]) async throws -> Int
    /// Every decision, oldest first; only those for `vulnerability` (or an alias the decision was filed under) when
    /// given.
    func triageHistory(vulnerability: String?) async throws -> [TriageDecision]
}

extension TriageStore {
    /// Appends one decision; recording one already on record is an error.
    public func record(_ decision: TriageDecision) async throws {
        guard try await record([decision]) == 1 else {
            throw TriageError("the decision \(decision.id) is already on record")
        }
    }

    /// The decisions in force: for each vulnerability, component and version (or range), the one with the latest
    /// `recordedAt`, as ``VigilMatch``'s `apply` picks among decisions too.
    public func currentTriageDecisions() async throws -> [TriageDecision] {
        var latest: [[String]: TriageDecision] = [:]
        var order: [[String]] = []
        for decision in try await triageHistory(vulnerability: nil) {
            let key = [
                decision.vulnerability, decision.componentName.lowercased(), decision.componentVersion ?? "\u{0}",
                decision.componentVersionRange ?? "\u{0}", decision.componentPurl ?? "\u{0}",
            ]
            if latest[key] == nil { order.append(key) }
            // The later recorded time wins (an old VEX statement imported today does not override a newer decision);
            // in the same millisecond, the later recorded.
            if let known = latest[key], known.recordedAt > decision.recordedAt { continue }
            latest[key] = decision
        }
        return order.compactMap { latest[$0] }
    }
}

/// Why a triage decision cannot be recorded.
public struct TriageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension FindingState {
    /// CycloneDX's analysis state: `exploitable`, `in_triage`, `resolved`, `not_affected`.
    public var cycloneDX: String {
        switch self {
        case .affected: "exploitable"
        case .underInvestigation: "in_triage"
        case .fixed: "resolved"
        case .notAffected: "not_affected"
        }
    }

    /// A CycloneDX analysis state in VEX terms (`resolved_with_pedigree` is fixed, `false_positive` not affected).
    public init?(cycloneDX state: String) {
        switch state {
        case "resolved", "resolved_with_pedigree": self = .fixed
        case "exploitable": self = .affected
        case "in_triage": self = .underInvestigation
        case "false_positive", "not_affected": self = .notAffected
        default: return nil
        }
    }
}

extension VEXJustification {
    /// CycloneDX's justification, as CISA maps the VEX formats onto each other.
    public var cycloneDX: String {
        switch self {
        case .componentNotPresent: "requires_dependency"
        case .vulnerableCodeNotPresent: "code_not_present"
        case .vulnerableCodeNotInExecutePath: "code_not_reachable"
        case .vulnerableCodeCannotBeControlledByAdversary: "requires_environment"
        case .inlineMitigationsAlreadyExist: "protected_by_mitigating_control"
        }
    }

    /// A CycloneDX justification in VEX terms.
    public init?(cycloneDX text: String) {
        switch text {
        case "code_not_present": self = .vulnerableCodeNotPresent
        case "code_not_reachable": self = .vulnerableCodeNotInExecutePath
        case "requires_configuration", "requires_environment": self = .vulnerableCodeCannotBeControlledByAdversary
        case "requires_dependency": self = .componentNotPresent
        case "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
            "protected_by_mitigating_control":
            self = .inlineMitigationsAlreadyExist
        default: return nil
        }
    }
}

/// The evidence a triage decision rests on, and how to tell when it changed.
public enum TriageEvidence {
    /// A fingerprint of what the sources say about a vulnerability's reach and severity: every record's
    /// configurations and affected ranges (as matching reads them: ``MatchBlob``, without ids or aliases; git ranges
    /// too) and its CVSS scores, in source order. Descriptions, references and modification times do not count: they change
    /// without changing whether or how badly a component is affected.
    public static func fingerprint(of records: [VulnerabilityRecord]) -> String {
        var hasher = SHA256()
        for record in records.sorted(by: {
            ($0.source.rawValue, $0.vulnerability.id) < ($1.source.rawValue, $1.vulnerability.id)
        }) {
            var ranges = record
            ranges.vulnerability = Vulnerability(id: record.vulnerability.id)
            // Layout 1 (without `programFiles`), so that fingerprints recorded before layout 3 still compare equal.
            hasher.update(MatchBlob.encode(ranges, version: 1))
            // Match blobs leave git ranges out; the git matcher reads them, so they count.
            for affected in record.affected {
                for span in affected.spans where span.scheme == "git" {
                    let fields = [span.introduced, span.fixed, span.lastAffected].map { $0 ?? "" }
                    hasher.update(Array("git|\(affected.repo ?? "")|\(fields.joined(separator: "|"))\n".utf8))
                }
            }
            for score in record.vulnerability.scores {
                hasher.update(Array("\(score.system)|\(score.vector)|\(score.baseScore.map { "\($0)" } ?? "")\n".utf8))
            }
        }
        return String(hasher.finalize().hexString.prefix(16))
    }
}
