import PostgresNIO
public import VigilCore

/// Triage decisions: an append-only history (a trigger refuses UPDATE, DELETE and TRUNCATE).
extension PostgresTeamStore {
    @discardableResult
    public func record(_ decisions: [TriageDecision]) async throws -> Int {
        try await record(decisions, audit: nil)
    }

    public func record(_ decision: TriageDecision, audit: AuditEntry) async throws {
        guard try await record([decision], audit: audit) == 1 else {
            throw TriageError("the decision \(decision.id) is already on record")
        }
    }

    func record(_ decisions: [TriageDecision], audit: AuditEntry?) async throws -> Int {
        try await transaction { connection in
            var recorded = 0
            for decision in decisions {
                let responses = decision.responses.map(\.rawValue).joined(separator: ",")
                recorded += try await fetch(
                    """
                    INSERT INTO triage_decision (id, vulnerability, component_name, component_version,
                        component_version_range, component_purl, state, justification, responses, note, author,
                        recorded_at, origin, evidence, kernel_build)
                    VALUES (\(decision.id), \(decision.vulnerability), \(decision.componentName),
                        \(decision.componentVersion), \(decision.componentVersionRange), \(decision.componentPurl),
                        \(decision.state.rawValue), \(decision.justification?.rawValue), \(responses),
                        \(decision.note), \(decision.author), \(decision.recordedAt), \(decision.origin),
                        \(decision.evidence), \(decision.kernelBuild))
                    ON CONFLICT (id) DO NOTHING RETURNING 1
                    """, connection
                ).count
            }
            if recorded > 0, let audit { try await append(audit, connection) }
            return recorded
        }
    }

    public func triageHistory(vulnerability: String?) async throws -> [TriageDecision] {
        let columns = """
            SELECT id, vulnerability, component_name, component_version, component_version_range, component_purl,
            state, justification, responses, note, author, recorded_at, origin, evidence, kernel_build
            FROM triage_decision
            """
        let query: PostgresQuery =
            if let vulnerability {
                "\(unescaped: columns) WHERE vulnerability = \(vulnerability) ORDER BY sequence"
            } else {
                "\(unescaped: columns) ORDER BY sequence"
            }
        return try await fetch(query).map(Self.decision)
    }

    static func decision(_ row: PostgresRow) throws -> TriageDecision {
        let (id, vulnerability, name, version, range, purl, stateText, justification, responses) =
            try row.decode((String, String, String, String?, String?, String?, String, String?, String).self)
        let (note, author, recordedAt, origin, evidence, kernelBuild) =
            try row.decode((String, String, String, String, String?, String?).self, skipping: 9)
        guard let state = FindingState(rawValue: stateText) else {
            throw PostgresStoreError("the triage decision \(id) has state '\(stateText)'")
        }
        var decision = TriageDecision(
            vulnerability: vulnerability, componentName: name, componentVersion: version,
            componentVersionRange: range, componentPurl: purl, state: state,
            justification: justification.flatMap(VEXJustification.init(rawValue:)),
            responses: responses.split(separator: ",").compactMap { VEXResponse(rawValue: String($0)) },
            note: note, author: author, recordedAt: recordedAt, origin: origin, evidence: evidence,
            kernelBuild: kernelBuild)
        decision.id = id  // as recorded
        return decision
    }
}

extension PostgresRow {
    /// Decodes the columns after the first `skipping` (postgres-nio decodes a tuple from the first column on).
    func decode<each Column: PostgresDecodable>(
        _ type: (repeat each Column).Type, skipping: Int
    ) throws -> (repeat each Column) {
        let random = makeRandomAccess()
        var index = skipping
        func next<C: PostgresDecodable>(_: C.Type) throws -> C {
            defer { index += 1 }
            return try random[index].decode(C.self)
        }
        return (repeat try next((each Column).self))
    }
}
