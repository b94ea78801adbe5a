public import Foundation
public import Logging
public import VigilCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where alerts are delivered (a plug-in point: a new channel is a new conformer). A delivery that throws is retried
/// with backoff until the channel's attempts are spent, then kept as a dead letter.
public protocol AlertChannel: Sendable {
    /// `log`, `webhook:NAME`.
    var name: String { get }
    /// Tries per alert, the first included.
    var attempts: Int { get }
    /// Seconds before the first retry; doubled each time.
    var backoff: TimeInterval { get }
    func deliver(_ alert: Alert, body: [UInt8], attempt: Int) async throws
}

/// The JSON an alert is delivered as (`vigil.alert/1`): the same bytes on every channel and every attempt, so a
/// signature and a receiver's de-duplication by `id` hold.
public enum AlertPayload {
    public static let schema = "vigil.alert/1"

    public static func body(_ alert: Alert) -> [UInt8] {
        struct Body: Encodable {
            var schema: String
            var id: String
            var kind: String
            var summary: String
            var product: String
            var release: String
            var finding: TrackedFinding?
            var previousSeverity: String?
            var digest: Digest?
            var createdAt: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(
            schema: schema, id: alert.id, kind: alert.kind.rawValue, summary: alert.summary, product: alert.product,
            release: alert.release, finding: alert.finding, previousSeverity: alert.previousSeverity,
            digest: alert.digest, createdAt: alert.createdAt)
        return Array((try? encoder.encode(body)) ?? Data())
    }
}

/// Every alert, always, in the log (one line, `notice`).
public struct LogChannel: AlertChannel {
    public let name = "log"
    public let attempts = 1
    public let backoff: TimeInterval = 0
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func deliver(_ alert: Alert, body: [UInt8], attempt: Int) async throws {
        logger.notice("alert \(alert.id) \(alert.summary)")
    }
}

/// An HTTP POST of the alert's JSON, signed: `X-Vigil-Signature: sha256=HEX` is HMAC-SHA256 of the exact body under
/// the webhook's secret; `X-Vigil-Alert-ID` (stable across retries) lets a receiver drop a repeat; a 2xx answer is a
/// delivery. The secret is never logged.
public struct WebhookChannel: AlertChannel {
    public let name: String
    public let attempts: Int
    public let backoff: TimeInterval
    let url: URL
    let secret: [UInt8]
    let session: URLSession

    public init(_ webhook: MonitorConfiguration.Webhook) {
        name = "webhook:\(webhook.name)"
        attempts = webhook.attempts
        backoff = webhook.backoff
        url = webhook.url
        secret = Array(webhook.secret.utf8)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = webhook.timeout
        configuration.timeoutIntervalForResource = webhook.timeout * 2
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// `sha256=` and the hex HMAC of `body`: what a receiver recomputes and compares in constant time.
    public static func signature(body: [UInt8], secret: [UInt8]) -> String {
        "sha256=" + HMACSHA256.hex(for: body, key: secret)
    }

    public func deliver(_ alert: Alert, body: [UInt8], attempt: Int) async throws {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("vigil (alerts)", forHTTPHeaderField: "User-Agent")
        request.setValue(Self.signature(body: body, secret: secret), forHTTPHeaderField: "X-Vigil-Signature")
        request.setValue(alert.id, forHTTPHeaderField: "X-Vigil-Alert-ID")
        request.setValue(String(attempt), forHTTPHeaderField: "X-Vigil-Delivery-Attempt")
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw DeliveryError(
                description:
                    "\(url.host ?? "the webhook") could not be reached: \((error as NSError).localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) else {
            throw DeliveryError(
                description: "\(url.host ?? "the webhook") answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
    }
}

/// Why a delivery failed (no secret in it).
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
