public import Foundation

/// How often and how long to retry a transient failure: exponential backoff from ``baseDelay`` doubling up to
/// ``maximumDelay``, or the server's `Retry-After` when it asks for longer.
public struct RetryPolicy: Sendable {
    /// Tries in all (the first included).
    public var attempts: Int
    public var baseDelay: Double
    public var maximumDelay: Double

    public init(attempts: Int = 6, baseDelay: Double = 2, maximumDelay: Double = 120) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Seconds to wait before try `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int, retryAfter: Double?) -> Double {
        let backoff = min(maximumDelay, baseDelay * pow(2, Double(attempt - 1)))
        return min(maximumDelay, max(backoff, retryAfter ?? 0))
    }
}

/// At most ``requests`` requests in any ``window`` seconds (NVD: 5 per 30 s without an API key, 50 with one).
public actor RateLimiter {
    public nonisolated let requests: Int
    public nonisolated let window: Double
    private var recent: [Date] = []

    public init(requests: Int, per window: Double) {
        self.requests = max(1, requests)
        self.window = window
    }

    /// Waits until one more request fits in the window, then counts it.
    public func acquire() async {
        while true {
            let now = Date()
            recent.removeAll { now.timeIntervalSince($0) >= window }
            if recent.count < requests {
                recent.append(now)
                return
            }
            let wait = window - now.timeIntervalSince(recent[0])
            try? await Task.sleep(nanoseconds: UInt64(max(0.001, wait) * 1_000_000_000))
        }
    }
}

/// Fetches a URL with retries on transient failures (network errors, timeouts, cut bodies, 408/429/5xx, bodies that
/// fail validation) and an optional rate limit, reporting each retry.
public struct FeedDownloader: Sendable {
    public var fetcher: any HTTPFetching
    public var retry: RetryPolicy
    /// Called with a line for each retry (`retrying in 4 s: 503 …`).
    public var log: @Sendable (String) -> Void

    public init(
        fetcher: any HTTPFetching = URLSessionFetcher(), retry: RetryPolicy = RetryPolicy(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.fetcher = fetcher
        self.retry = retry
        self.log = log
    }

    /// GETs `url` until it answers 2xx or 304 and `validate` accepts the body, or the tries run out.
    ///
    /// - Throws: the last ``FeedUpdateError``; a non-transient one (404, a refused API key) at once.
    public func fetch<Value>(
        _ url: URL, headers: [String: String] = [:], limiter: RateLimiter? = nil,
        validate: (HTTPResponse) throws(FeedUpdateError) -> Value
    ) async throws(FeedUpdateError) -> (response: HTTPResponse, value: Value?) {
        var attempt = 1
        while true {
            if let limiter { await limiter.acquire() }
            do throws(FeedUpdateError) {
                let response = try await fetcher.get(url, headers: headers)
                if response.status == 304 { return (response, nil) }
                guard (200..<300).contains(response.status) else {
                    throw FeedUpdateError(
                        .httpStatus, "the server answered \(response.status)\(Self.hint(response))",
                        url: url.redactedString, status: response.status,
                        retryAfter: response.headers["retry-after"].flatMap(Double.init))
                }
                return (response, try validate(response))
            } catch {
                guard error.isTransient, attempt < retry.attempts else { throw error }
                let delay = retry.delay(after: attempt, retryAfter: error.retryAfter)
                log("retrying in \(Self.seconds(delay)) (try \(attempt + 1) of \(retry.attempts)): \(error)")
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                attempt += 1
            }
        }
    }

    private static func hint(_ response: HTTPResponse) -> String {
        if let message = response.headers["message"] { return ": \(message)" }  // NVD explains refusals here
        switch response.status {
        case 403: return " (forbidden: check NVD_API_KEY)"
        case 404: return " (not found: check the base URL)"
        default: return ""
        }
    }

    private static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int(value * 1000)) ms" : "\(Int(value.rounded())) s"
    }
}
