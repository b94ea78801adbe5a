import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilMonitor
import VigilStore

/// `vigil metrics`: the lifecycle metrics a postmarket programme tracks.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract:
            "Lifecycle metrics per product: time to triage and to a fixed release, fixes within policy, open findings over time.",
        discussion: """
            Computed from what 'vigil monitor' recorded (each release's findings at its latest evaluation, every \
            evaluation's counts) and the portfolio, against the policy windows of the configuration (--config, else \
            $VIGIL_CONFIG: policy.triageWithin, policy.fixWithin; defaults 7 days, and 15/30/90/180 days for \
            critical/high/medium/low).

            Exit status: 0; 2 the configuration or the database cannot be read, or the product is unknown.
            """)

    @OptionGroup var database: TeamDatabaseOptions
    @Option(help: ArgumentHelp("The configuration, for its policy windows.", valueName: "FILE")) var config: String?
    @Option(help: "Only this product.") var product: String?
    @Option(name: .shortAndLong, help: "Output format: table, json or csv.") var format: String = "table"

    func validate() throws {
        guard ["table", "json", "csv"].contains(format) else {
            throw ValidationError("'\(format)' is not a format: table, json, csv")
        }
    }

    func run() async throws {
        let configuration = try MonitorCommand.loadConfiguration(config)
        let store = try await database.open()
        var inputs:
            [(name: String, releases: [Release], tracked: [String: [TrackedFinding]], history: [EvaluationRecord])] = []
        let products = try await store.products().map(\.name).filter { product == nil || $0 == product }
        if let product, products.isEmpty {
            Console.error("no product '\(product)': 'vigil product list' shows the products")
            throw ExitStatus.invalidInput
        }
        for name in products {
            let releases = try await store.releases(of: name)
            var tracked: [String: [TrackedFinding]] = [:]
            for release in releases {
                tracked[release.version] = try await store.trackedFindings(product: name, release: release.version)
            }
            inputs.append((name, releases, tracked, try await store.evaluationHistory(product: name)))
        }
        let now = Timestamp.string()
        let metrics = LifecycleMetrics.compute(
            products: inputs, triageWithin: configuration.triageWithin, fixWithin: configuration.fixWithin,
            today: String(now.prefix(10)), generatedAt: now)
        switch format {
        case "json": print(try JSONOutput.encode(metrics))
        case "csv": print(Self.csv(metrics), terminator: "")
        default: print(Self.table(metrics))
        }
    }

    static let severities = ["critical", "high", "medium", "low", "none", "unknown"]

    static func days(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }

    static func table(_ metrics: LifecycleMetrics) -> String {
        guard !metrics.products.isEmpty else { return "No products: add one with 'vigil product add NAME'." }
        var text = ""
        for product in metrics.products {
            let open = severities.compactMap { severity in product.openBySeverity[severity].map { "\($0) \(severity)" }
            }
            text += "\(product.product): \(open.isEmpty ? "no open findings" : open.joined(separator: ", "))\n"
            text +=
                "  time to triage: median \(days(product.triage.medianDays)) d, p90 \(days(product.triage.p90Days)) d "
            text +=
                "(\(product.triage.count) triaged, \(product.triage.withinPolicy) within \(metrics.policy.triageWithinDays) d; "
            text += "\(product.triage.overdue) overdue, \(product.triage.pending) pending)\n"
            text +=
                "  time to a fixed release: median \(days(product.fix.medianDays)) d, p90 \(days(product.fix.p90Days)) d "
            text += "(\(product.fix.count) fixed; \(product.fix.overdue) overdue, \(product.fix.pending) pending)\n"
            for severity in severities {
                guard let share = product.fixedWithinPolicy[severity], share.eligible > 0 else { continue }
                text += "  fixed within \(metrics.policy.fixWithinDays[severity] ?? 0) d (\(severity)): "
                text += "\(share.within) of \(share.eligible)"
                text += share.share.map { String(format: " (%.0f%%)", $0 * 100) } ?? ""
                text += "\n"
            }
            for release in product.releases {
                let counts = severities.compactMap { severity in
                    release.openBySeverity[severity].map { "\($0) \(severity)" }
                }
                text += "  \(release.version) (\(release.support)\(release.monitored ? ", monitored" : "")): "
                text +=
                    release.evaluated
                    ? (counts.isEmpty ? "no open findings" : counts.joined(separator: ", ")) : "not evaluated"
                text += "\n"
            }
        }
        return text
    }

    /// One row per product, metric and severity: `product,metric,severity,value`.
    static func csv(_ metrics: LifecycleMetrics) -> String {
        func field(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var rows = ["product,metric,severity,value"]
        func add(_ product: String, _ metric: String, _ severity: String, _ value: String) {
            rows.append([product, metric, severity, value].map(field).joined(separator: ","))
        }
        for product in metrics.products {
            let name = product.product
            for (severity, count) in product.openBySeverity.sorted(by: { $0.key < $1.key }) {
                add(name, "open", severity, String(count))
            }
            add(name, "triage_median_days", "", days(product.triage.medianDays))
            add(name, "triage_p90_days", "", days(product.triage.p90Days))
            add(name, "triage_overdue", "", String(product.triage.overdue))
            add(name, "fix_median_days", "", days(product.fix.medianDays))
            add(name, "fix_p90_days", "", days(product.fix.p90Days))
            add(name, "fix_overdue", "", String(product.fix.overdue))
            for (severity, share) in product.fixedWithinPolicy.sorted(by: { $0.key < $1.key }) {
                add(name, "fixed_within_policy_share", severity, share.share.map { String(format: "%.4f", $0) } ?? "")
            }
            for point in product.history {
                for (severity, count) in point.openBySeverity.sorted(by: { $0.key < $1.key }) {
                    add(name, "open@" + point.date, severity, String(count))
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
