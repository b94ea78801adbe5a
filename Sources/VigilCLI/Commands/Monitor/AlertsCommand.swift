import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil alerts`: the alerts the monitor raised and how each channel's delivery went.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts the monitor raised, with each channel's delivery (dead letters included).",
        discussion: """
            Newest first. --status shows only alerts with a delivery in that state: pending (to retry), delivered, \
            dead-letter (every attempt failed; the last error is shown).

            Exit status: 0; 2 the database cannot be read; 64 usage error.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: "Only alerts with a delivery in this state: pending, delivered, dead-letter.") var status: String?
    @Option(help: "At most this many alerts.") var limit = 100
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func validate() throws {
        if let status, AlertDelivery.Status(rawValue: status) == nil {
            throw ValidationError("'\(status)' is not a delivery state: pending, delivered, dead-letter")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    struct Row: Encodable {
        var alert: Alert
        var deliveries: [AlertDelivery]
    }

    func run() async throws {
        let store = try await database.open()
        let rows = try await store.alerts(limit: limit, status: status.flatMap(AlertDelivery.Status.init(rawValue:)))
            .map { Row(alert: $0.0, deliveries: $0.1) }
        if format == .json {
            print(try JSONOutput.encode(["schema": AnyEncodable("vigil.alerts/1"), "alerts": AnyEncodable(rows)]))
            return
        }
        guard !rows.isEmpty else {
            print("No alerts.")
            return
        }
        for row in rows {
            print("\(row.alert.id)  \(row.alert.createdAt)  \(row.alert.summary)")
            for delivery in row.deliveries {
                var line = "    \(delivery.channel): \(delivery.status.rawValue) after \(delivery.attempts) attempt(s)"
                if delivery.status == .pending { line += ", next at \(delivery.nextAttemptAt)" }
                if let error = delivery.lastError, delivery.status != .delivered { line += ": \(error)" }
                print(line)
            }
        }
    }
}
