import COpenSSL
import Foundation

/// A small SMTP client (RFC 5321) for alert e-mail: connects, upgrades to TLS with STARTTLS (RFC 3207) — required:
/// a server that does not offer it is refused, never written to in clear — verifies the server's certificate and
/// host name with OpenSSL, authenticates with AUTH PLAIN (RFC 4616) only over TLS, and sends one message. Every read
/// and write has a timeout; replies are bounded.
struct SMTPClient {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    var host: String
    var port: Int
    var timeout: TimeInterval
    /// A PEM file of trusted certificates, else the system's.
    var caFile: String?
    var username: String?
    var password: String?

    /// Sends `message` (headers and body, CRLF line ends, not dot-stuffed) from `from` to every address of `to`.
    func send(from: String, to: [String], message: String) throws {
        let connection = try Connection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.expect(220)
        let greeting = try connection.command("EHLO vigil", expect: 250)
        guard greeting.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
            throw Failure(description: "\(host) does not offer STARTTLS: refusing to send in clear")
        }
        _ = try connection.command("STARTTLS", expect: 220)
        try connection.startTLS(host: host, caFile: caFile)
        let extensions = try connection.command("EHLO vigil", expect: 250)
        if let username, let password {
            guard extensions.contains(where: { $0.uppercased().hasPrefix("AUTH") && $0.uppercased().contains("PLAIN") })
            else { throw Failure(description: "\(host) does not offer AUTH PLAIN") }
            let credentials = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try connection.command("AUTH PLAIN \(credentials)", expect: 235, redacted: "AUTH PLAIN ***")
        }
        _ = try connection.command("MAIL FROM:<\(try Self.address(from))>", expect: 250)
        for recipient in to { _ = try connection.command("RCPT TO:<\(try Self.address(recipient))>", expect: 250) }
        _ = try connection.command("DATA", expect: 354)
        // Dot-stuffing: a line starting with "." gets another.
        let body = message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
            .joined(separator: "\r\n")
        try connection.write(body + "\r\n.\r\n")
        try connection.expect(250)
        _ = try? connection.command("QUIT", expect: 221)
    }

    /// An address with nothing that could inject a command or a header.
    static func address(_ text: String) throws -> String {
        // Scalars, not Characters: `\r\n` is one Character and would slip past a check for either.
        guard !text.isEmpty, text.utf8.count <= 254, text.contains("@"),
            !text.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control || $0.properties.isWhitespace || $0 == "<" || $0 == ">"
            })
        else {
            throw Failure(description: "'\(text.debugDescription.dropFirst().dropLast())' is not an e-mail address")
        }
        return text
    }

    /// One connection: a socket, TLS once started.
    final class Connection {
        let descriptor: Int32
        var context: OpaquePointer?
        var ssl: OpaquePointer?
        var buffer: [UInt8] = []

        init(host: String, port: Int, timeout: TimeInterval) throws {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var results: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
                throw Failure(description: "cannot resolve \(host)")
            }
            defer { freeaddrinfo(results) }
            var connected: Int32 = -1
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let info = entry {
                let candidate = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                if candidate >= 0 {
                    var interval = timeval(tv_sec: Int(timeout), tv_usec: 0)
                    setsockopt(candidate, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(candidate, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
                    if connect(candidate, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                        connected = candidate
                        break
                    }
                    Glibc.close(candidate)
                }
                entry = info.pointee.ai_next
            }
            guard connected >= 0 else { throw Failure(description: "cannot connect to \(host):\(port)") }
            descriptor = connected
        }

        func close() {
            if let ssl {
                SSL_shutdown(ssl)
                SSL_free(ssl)
            }
            if let context { SSL_CTX_free(context) }
            Glibc.close(descriptor)
        }

        func startTLS(host: String, caFile: String?) throws {
            guard let context = SSL_CTX_new(TLS_client_method()) else { throw Failure(description: "TLS unavailable") }
            self.context = context
            _ = vigil_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            let loaded =
                caFile.map { SSL_CTX_load_verify_locations(context, $0, nil) }
                ?? SSL_CTX_set_default_verify_paths(context)
            guard loaded == 1 else { throw Failure(description: "the trusted certificates cannot be loaded") }
            guard let ssl = SSL_new(context) else { throw Failure(description: "TLS unavailable") }
            self.ssl = ssl
            // The certificate must name the host (an IP address, in its canonical form, is checked as one).
            var v4 = in_addr()
            var v6 = in6_addr()
            let isAddress = inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
            let named =
                isAddress
                ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1
                : SSL_set1_host(ssl, host) == 1 && vigil_SSL_set_tlsext_host_name(ssl, host) == 1
            guard named else { throw Failure(description: "'\(host)' cannot be checked against a certificate") }
            SSL_set_fd(ssl, descriptor)
            buffer.removeAll()
            guard SSL_connect(ssl) == 1 else {
                let result = SSL_get_verify_result(ssl)
                let reason =
                    result != X509_V_OK
                    ? String(cString: X509_verify_cert_error_string(Int(result))) : "the TLS handshake failed"
                throw Failure(description: "TLS with \(host): \(reason)")
            }
        }

        func write(_ text: String) throws {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { raw -> Int in
                    if let ssl { return Int(SSL_write(ssl, raw.baseAddress, Int32(raw.count))) }
                    return Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { throw Failure(description: "the connection was closed while writing") }
                offset += written
            }
        }

        /// One reply: its lines (without the code), all with the same code.
        func reply() throws -> (code: Int, lines: [String]) {
            var lines: [String] = []
            while true {
                let line = try readLine()
                guard line.count >= 3, let code = Int(line.prefix(3)) else {
                    throw Failure(description: "not an SMTP reply: \(line.prefix(80))")
                }
                lines.append(String(line.dropFirst(4)))
                guard lines.count < 100 else { throw Failure(description: "a reply of more than 100 lines") }
                if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return (code, lines) }
            }
        }

        func readLine() throws -> String {
            while true {
                if let end = buffer.firstIndex(of: 10) {
                    let line = buffer[..<end]
                    buffer.removeFirst(end + 1)
                    return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
                }
                guard buffer.count < 8_192 else { throw Failure(description: "a reply line longer than 8 KiB") }
                var chunk = [UInt8](repeating: 0, count: 4_096)
                let count = chunk.withUnsafeMutableBytes { raw -> Int in
                    if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
                    return recv(descriptor, raw.baseAddress, raw.count, 0)
                }
                guard count > 0 else { throw Failure(description: "the server closed the connection or timed out") }
                buffer += chunk[..<count]
            }
        }

        func expect(_ code: Int) throws {
            let answer = try reply()
            guard answer.code == code else {
                throw Failure(description: "expected \(code), got \(answer.code) \(answer.lines.first ?? "")")
            }
        }

        func command(_ text: String, expect code: Int, redacted: String? = nil) throws -> [String] {
            try write(text + "\r\n")
            let answer = try reply()
            guard answer.code == code else {
                throw Failure(
                    description: "\(redacted ?? text): \(answer.code) \(answer.lines.first ?? "") (expected \(code))")
            }
            return answer.lines
        }
    }
}
