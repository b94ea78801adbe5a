public import Foundation
import Logging
public import ServiceLifecycle
public import VigilCore

/// `vigil monitor` as a long-running service: a cycle every interval, due deliveries (retries) every few seconds in
/// between. On SIGTERM or SIGINT (ServiceLifecycle's graceful shutdown) the step in progress finishes — each commits
/// or rolls back whole — and the service stops without starting another.
public struct MonitorService<Store: VulnerabilityStore & TriageStore & PortfolioStore & MonitorStore>: Service {
    public let monitor: Monitor<Store>
    /// Seconds between delivery rounds.
    public let deliveryTick: TimeInterval

    public init(monitor: Monitor<Store>, deliveryTick: TimeInterval = 5) {
        self.monitor = monitor
        self.deliveryTick = deliveryTick
    }

    public func run() async throws {
        var nextCycle = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if Date() >= nextCycle {
                _ = await monitor.cycle()
                nextCycle = Date().addingTimeInterval(monitor.configuration.interval)
            } else {
                _ = await monitor.deliverDue()
            }
            let wait = max(0.1, min(deliveryTick, nextCycle.timeIntervalSinceNow))
            // Sleeping is cut short by a shutdown; a step in progress is not.
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
        monitor.logger.info("monitor stopped")
    }
}
