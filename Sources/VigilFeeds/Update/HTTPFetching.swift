public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP response, whole.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields, names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Fetches URLs: a plug-in point so downloaders can run over URLSession, or another client.
public protocol HTTPFetching: Sendable {
    /// GETs a URL with extra header fields. Throws ``FeedUpdateError`` (`network`) when no complete response arrived.
    func get(_ url: URL, headers: [String: String]) async throws(FeedUpdateError) -> HTTPResponse
}

/// Why a download failed.
public struct FeedUpdateError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The connection failed, timed out or was cut short.
        case network
        /// The server answered with an error status.
        case httpStatus
        /// The body is not what the feed should be (truncated, malformed, wrong format).
        case invalidContent
        /// The body is larger than allowed.
        case tooLarge
        /// The configuration is wrong (a bad URL, an API key the server refused).
        case configuration
        /// The database could not be written.
        case store
    }

    public var code: Code
    public var message: String
    public var url: String?
    /// The HTTP status, for ``Code/httpStatus``.
    public var status: Int?
    /// Seconds the server asked to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(_ code: Code, _ message: String, url: String? = nil, status: Int? = nil, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.status = status
        self.retryAfter = retryAfter
    }

    /// Whether trying again may help: network failures, truncated or corrupt bodies, 408, 429 and 5xx.
    public var isTransient: Bool {
        switch code {
        case .network, .invalidContent: true
        case .httpStatus: status.map { $0 == 408 || $0 == 429 || $0 >= 500 } ?? false
        case .tooLarge, .configuration, .store: false
        }
    }

    public var description: String { message + (url.map { " (\($0))" } ?? "") }
}

/// ``HTTPFetching`` over Foundation's URLSession (libcurl on Linux): no cache, no cookies, an idle timeout, and a
/// size cap. A body shorter than its `Content-Length` is a network error, as is a timeout.
public struct URLSessionFetcher: HTTPFetching {
    private let session: URLSession
    public let maximumBytes: Int

    /// - Parameters:
    ///   - timeout: seconds without data before a request fails.
    ///   - maximumBytes: the largest body accepted.
    public init(timeout: Double = 60, maximumBytes: Int = 4 << 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout * 60, 3_600)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        self.maximumBytes = maximumBytes
    }

    public func get(_ url: URL, headers: [String: String]) async throws(FeedUpdateError) -> HTTPResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("vigil (vulnerability feed sync)", forHTTPHeaderField: "User-Agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw FeedUpdateError(.network, "the download failed: \(Self.describe(error))", url: url.redactedString)
        }
        guard let http = response as? HTTPURLResponse else {
            throw FeedUpdateError(.network, "the response is not HTTP", url: url.redactedString)
        }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        guard data.count <= maximumBytes else {
            throw FeedUpdateError(.tooLarge, "the body is larger than \(maximumBytes) bytes", url: url.redactedString)
        }
        if let declared = fields["content-length"].flatMap(Int.init), declared != data.count,
            fields["content-encoding"] == nil
        {
            throw FeedUpdateError(
                .network, "the response was cut short (\(data.count) of \(declared) bytes)", url: url.redactedString)
        }
        return HTTPResponse(status: http.statusCode, headers: fields, body: Array(data))
    }

    private static func describe(_ error: any Error) -> String {
        let error = error as NSError
        return (error.userInfo[NSLocalizedDescriptionKey] as? String) ?? "\(error.domain) \(error.code)"
    }
}

extension URL {
    /// The URL without its query, for messages and logs: a query may carry an API key.
    public var redactedString: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "(url)" }
        if components.query != nil { components.query = "…" }
        components.user = nil
        components.password = nil
        return components.string ?? "(url)"
    }
}
