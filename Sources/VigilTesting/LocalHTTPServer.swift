import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for testing download code against real sockets: it serves what a handler
/// returns, and can also answer slowly, cut a response short, or drop the connection, as real upstreams do.
///
/// Every connection is answered once and closed (`Connection: close`); requests are recorded for assertions.
///
/// ```swift
/// let server = try LocalHTTPServer { request in .init(status: 200, body: Array("hello".utf8)) }
/// defer { server.stop() }
/// let url = server.baseURL + "/feed.json"
/// ```
public final class LocalHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// The path without the query (`/rest/json/cves/2.0`).
        public var path: String
        /// Query items, percent-decoded.
        public var query: [String: String]
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        /// The body (read up to `Content-Length`, at most 16 MiB).
        public var body: [UInt8] = []
    }

    /// What to send back.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        /// Wait this long before answering (a slow or hung upstream).
        public var delay: Double = 0
        /// Send only this many bytes of the body, then close, while announcing the full length (a cut connection).
        public var truncateAfter: Int?
        /// Close the connection without answering.
        public var dropConnection = false

        public init(
            status: Int = 200, headers: [String: String] = [:], body: [UInt8] = [], delay: Double = 0,
            truncateAfter: Int? = nil, dropConnection: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.truncateAfter = truncateAfter
            self.dropConnection = dropConnection
        }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let socket: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false

    /// Starts serving on a free port of 127.0.0.1.
    public init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socket = descriptor
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// The requests served so far, in order.
    public var requests: [Request] { lock.withLock { recorded } }

    /// Stops accepting connections.
    public func stop() {
        let wasStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(socket, nil, nil)
            if connection < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !data.containsHeaderEnd, data.count < 1 << 20 {
            let count = read(connection, &chunk, chunk.count)
            if count <= 0 { return }
            data += chunk[..<count]
        }
        let head = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        // The body: what came after the head, then the rest of Content-Length.
        var body: [UInt8] = []
        if let end = data.headerEndIndex {
            body = Array(data[(end + 4)...])
            let length = min(Int(headers["content-length"] ?? "") ?? 0, 16 << 20)
            while body.count < length {
                let count = read(connection, &chunk, min(chunk.count, length - body.count))
                if count <= 0 { break }
                body += chunk[..<count]
            }
        }
        let components = URLComponents(string: String(requestLine[1]))
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let request = Request(
            method: String(requestLine[0]), path: components?.path ?? String(requestLine[1]), query: query,
            headers: headers, body: body)
        lock.withLock { recorded.append(request) }
        let reply = handler(request)
        if reply.delay > 0 { Thread.sleep(forTimeInterval: reply.delay) }
        if reply.dropConnection { return }
        var response = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\n"
        var fields = reply.headers
        fields["Content-Length"] = fields["Content-Length"] ?? String(reply.body.count)
        fields["Connection"] = "close"
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { response += "\(name): \(value)\r\n" }
        response += "\r\n"
        var bytes = Array(response.utf8)
        bytes += reply.body.prefix(reply.truncateAfter ?? reply.body.count)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 304: "Not Modified"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool { headerEndIndex != nil }

    /// Where `\r\n\r\n` starts.
    fileprivate var headerEndIndex: Int? {
        guard count >= 4 else { return nil }
        for index in 0...(count - 4)
        where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// The requests a ``LocalHTTPServer`` handler saw, safe across the server's threads: a receiver for webhook tests.
public final class RequestRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [LocalHTTPServer.Request] = []

    public init() {}

    public func append(_ request: LocalHTTPServer.Request) { lock.withLock { requests.append(request) } }
    public var all: [LocalHTTPServer.Request] { lock.withLock { requests } }
}
