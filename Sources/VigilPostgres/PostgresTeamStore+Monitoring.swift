import Foundation
import PostgresNIO
public import VigilCore

/// The monitor's memory. An evaluation's findings, its generation, its history row, its alerts and their pending
/// deliveries are one transaction; the generation is incremented by the database (an upsert), so evaluations from
/// two instances each count.
extension PostgresTeamStore {
    public func evaluationGeneration(product: String, release: String) async throws -> Int {
        try await fetch("SELECT generation FROM evaluation WHERE product = \(product) AND release = \(release)")
            .first?.decode(Int.self) ?? 0
    }

    public func trackedFindings(product: String, release: String) async throws -> [TrackedFinding]? {
        // One statement, so the findings are those of the evaluation it finds (one snapshot).
        let rows = try await fetch(
            """
            SELECT f.data FROM evaluation e LEFT JOIN tracked_finding f
                ON f.product = e.product AND f.release = e.release
            WHERE e.product = \(product) AND e.release = \(release) ORDER BY f.finding
            """)
        guard !rows.isEmpty else { return nil }
        let decoder = JSONDecoder()
        return try rows.compactMap { row in
            try row.decode(String?.self).map { try decoder.decode(TrackedFinding.self, from: Data($0.utf8)) }
        }
    }

    @discardableResult
    public func recordEvaluation(
        product: String, release: String, findings: [TrackedFinding], alerts: [Alert], channels: [String], at: String
    ) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let evaluation = TrackedFinding.evaluation(findings)
        let rows = try evaluation.findings.map {
            ($0.finding, String(decoding: try encoder.encode($0), as: UTF8.self))
        }
        let counts = String(decoding: try encoder.encode(evaluation.openBySeverity), as: UTF8.self)
        let alertRows = try alerts.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        return try await transaction { connection in
            // Evaluations of one release by several instances take turns: each replaces the findings whole.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\(product)), hashtext(\(release)))", logger: logger)
            try await connection.query(
                "DELETE FROM tracked_finding WHERE product = \(product) AND release = \(release)", logger: logger)
            // In batches of 1,000 rows (a statement has at most 65,535 parameters).
            for start in stride(from: 0, to: rows.count, by: 1_000) {
                let batch = rows[start..<min(start + 1_000, rows.count)]
                var query = PostgresQuery(
                    unsafeSQL: "INSERT INTO tracked_finding (product, release, finding, data) VALUES ")
                var bindings = PostgresBindings()
                var values: [String] = []
                for (finding, data) in batch {
                    let base = bindings.count
                    bindings.append(product)
                    bindings.append(release)
                    bindings.append(finding)
                    bindings.append(data)
                    values.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4))")
                }
                query = PostgresQuery(unsafeSQL: query.sql + values.joined(separator: ", "), binds: bindings)
                try await connection.query(query, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO evaluation (product, release, evaluated_at, generation)
                VALUES (\(product), \(release), \(at), 1)
                ON CONFLICT (product, release)
                DO UPDATE SET evaluated_at = excluded.evaluated_at, generation = evaluation.generation + 1
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO evaluation_history (product, release, evaluated_at, open_by_severity)
                VALUES (\(product), \(release), \(at), \(counts))
                ON CONFLICT (product, release, evaluated_at) DO UPDATE SET open_by_severity = excluded.open_by_severity
                """, logger: logger)
            return try await insert(alertRows, channels: channels, at: at, connection)
        }
    }

    @discardableResult
    public func recordAlerts(_ alerts: [Alert], channels: [String], at: String) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rows = try alerts.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        return try await transaction { connection in try await insert(rows, channels: channels, at: at, connection) }
    }

    /// Inserts alerts not on record yet, each with a pending delivery per channel; returns how many were new.
    private func insert(
        _ rows: [(Alert, String)], channels: [String], at: String, _ connection: PostgresConnection
    ) async throws -> Int {
        var added = 0
        for (alert, data) in rows {
            let inserted = try await fetch(
                """
                INSERT INTO alert (id, created_at, data) VALUES (\(alert.id), \(alert.createdAt), \(data))
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """, connection)
            guard !inserted.isEmpty else { continue }
            added += 1
            for channel in channels {
                try await connection.query(
                    """
                    INSERT INTO alert_delivery (alert, channel, status, attempts, next_attempt_at)
                    VALUES (\(alert.id), \(channel), 'pending', 0, \(at))
                    """, logger: logger)
            }
        }
        return added
    }

    public func dueDeliveries(now: String, channels: [String], limit: Int) async throws -> [(AlertDelivery, Alert)] {
        guard !channels.isEmpty else { return [] }
        return try await fetch(
            """
            SELECT \(unescaped: Self.deliveryColumns), a.data FROM alert_delivery d JOIN alert a ON a.id = d.alert
            WHERE d.status = 'pending' AND d.next_attempt_at <= \(now) AND d.channel = ANY(\(channels))
            ORDER BY a.created_at, a.id, d.channel LIMIT \(limit)
            """
        ).map { row in
            (try Self.delivery(row), try Self.alert(try row.decode(String.self, skipping: 7)))
        }
    }

    public func recordAttempt(
        alert: String, channel: String, delivered: Bool, error: String?, nextAttemptAt: String?, at: String
    ) async throws {
        if delivered {
            _ = try await fetch(
                """
                UPDATE alert_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = \(at),
                    last_error = NULL
                WHERE alert = \(alert) AND channel = \(channel) AND status = 'pending'
                """)
        } else {
            _ = try await fetch(
                """
                UPDATE alert_delivery SET status = \(nextAttemptAt == nil ? "dead-letter" : "pending"),
                    attempts = attempts + 1, last_error = \(error),
                    next_attempt_at = coalesce(\(nextAttemptAt), next_attempt_at)
                WHERE alert = \(alert) AND channel = \(channel) AND status = 'pending'
                """)
        }
    }

    public func alerts(limit: Int, status: AlertDelivery.Status?) async throws -> [(Alert, [AlertDelivery])] {
        let status = status?.rawValue
        let alerts = try await fetch(
            """
            SELECT data FROM alert a
            WHERE \(status)::text IS NULL
                OR EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert = a.id AND d.status = \(status))
            ORDER BY created_at DESC, id LIMIT \(limit)
            """
        ).map { try Self.alert(try $0.decode(String.self)) }
        var result: [(Alert, [AlertDelivery])] = []
        for alert in alerts {
            let deliveries = try await fetch(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM alert_delivery d WHERE d.alert = \(alert.id)
                ORDER BY d.channel
                """
            ).map(Self.delivery)
            result.append((alert, deliveries))
        }
        return result
    }

    public func alerts(since: String) async throws -> [Alert] {
        try await fetch("SELECT data FROM alert WHERE created_at >= \(since) ORDER BY created_at, id").map {
            try Self.alert(try $0.decode(String.self))
        }
    }

    public func evaluationHistory(product: String) async throws -> [EvaluationRecord] {
        let decoder = JSONDecoder()
        return try await fetch(
            """
            SELECT release, evaluated_at, open_by_severity FROM evaluation_history WHERE product = \(product)
            ORDER BY evaluated_at, release
            """
        ).map { row in
            let (release, at, counts) = try row.decode((String, String, String).self)
            return EvaluationRecord(
                product: product, release: release, evaluatedAt: at,
                openBySeverity: try decoder.decode([String: Int].self, from: Data(counts.utf8)))
        }
    }

    static let deliveryColumns =
        "d.alert, d.channel, d.status, d.attempts, d.next_attempt_at, d.last_error, d.delivered_at"

    static func alert(_ data: String) throws -> Alert {
        try JSONDecoder().decode(Alert.self, from: Data(data.utf8))
    }

    static func delivery(_ row: PostgresRow) throws -> AlertDelivery {
        let (alert, channel, statusText, attempts, next, lastError, deliveredAt) =
            try row.decode((String, String, String, Int, String, String?, String?).self)
        guard let status = AlertDelivery.Status(rawValue: statusText) else {
            throw PostgresStoreError("the delivery of \(alert) on \(channel) has status '\(statusText)'")
        }
        return AlertDelivery(
            alert: alert, channel: channel, status: status, attempts: attempts, nextAttemptAt: next,
            lastError: lastError, deliveredAt: deliveredAt)
    }
}
