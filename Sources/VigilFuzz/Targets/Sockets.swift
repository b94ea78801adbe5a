#if canImport(Glibc)
    import Glibc
#endif

/// Thin, bounded POSIX socket calls for the targets: IPv4 loopback or any IPv4 address, non-blocking connects with a
/// deadline, sends that never raise SIGPIPE, receives with a timeout.
enum Sockets {
    /// What a socket operation ended with.
    enum Outcome: Equatable {
        case ok
        /// The peer refused the connection (nothing listens: the service is down).
        case refused
        /// The peer reset the connection (it closed with data unread, or crashed).
        case reset
        case timeout
        case failed(Int32)
    }

    static func address(_ host: String, _ port: Int) -> sockaddr_in? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(clamping: port).bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else { return nil }
        return address
    }

    /// A connected TCP socket, or why not.
    static func connect(_ address: sockaddr_in, timeoutMilliseconds: Int32) -> (Int32?, Outcome) {
        let descriptor = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return (nil, .failed(errno)) }
        var target = address
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            guard errno == EINPROGRESS else {
                let error = errno
                close(descriptor)
                return (nil, error == ECONNREFUSED ? .refused : .failed(error))
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, timeoutMilliseconds) == 1 else {
                close(descriptor)
                return (nil, .timeout)
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                close(descriptor)
                return (nil, error == ECONNREFUSED ? .refused : .failed(error))
            }
        }
        return (descriptor, .ok)
    }

    /// Sends all of `bytes` before the deadline.
    static func send(_ descriptor: Int32, _ bytes: [UInt8], timeoutMilliseconds: Int32) -> Outcome {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
                continue
            }
            switch errno {
            case EAGAIN:
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return .timeout }
            case ECONNRESET, EPIPE: return .reset
            case ECONNREFUSED: return .refused
            default: return .failed(errno)
            }
        }
        return .ok
    }

    /// What arrives within the timeout (at most `limit` bytes): `.ok` with the bytes (empty when the peer closed
    /// cleanly), `.timeout` with what arrived before it went quiet, `.reset` when it reset.
    static func receive(_ descriptor: Int32, limit: Int, timeoutMilliseconds: Int32) -> (Outcome, [UInt8]) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while received.count < limit {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return (.timeout, received) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer.prefix(count)
                // A datagram, or a response that has arrived whole: do not wait for more once something came.
                if count < buffer.count { return (.ok, received) }
            } else if count == 0 {
                return (.ok, received)
            } else if errno == ECONNRESET {
                return (.reset, received)
            } else if errno == ECONNREFUSED {
                return (.refused, received)
            } else if errno != EAGAIN {
                return (.failed(errno), received)
            }
        }
        return (.ok, received)
    }
}
