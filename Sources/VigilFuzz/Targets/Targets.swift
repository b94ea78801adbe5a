import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What one delivery to a target showed.
public enum Delivery: Sendable, Equatable {
    /// Delivered; the target answered (or stayed quiet) and is still there as far as this delivery can tell.
    case delivered(response: [UInt8])
    /// The target is down or died: a refused connection, a reset, an exit by signal, a sanitizer's report.
    case crashed(String)
    /// The target stopped answering, or did not exit, within the timeout.
    case hung(String)
}

/// A plug-in point: where cases go. `tcp://HOST:PORT` (a new connection per case), `udp://HOST:PORT` (a
/// datagram per message), `exec:PROGRAM ARGS…` (the program started per case under the fuzzer's control, the
/// messages on its standard input).
public protocol FuzzTarget: Sendable {
    /// The target as given (`tcp://127.0.0.1:1883`).
    var description: String { get }
    /// Sends one case's messages in order.
    func deliver(_ messages: [[UInt8]]) -> Delivery
    /// Sends the known-good probe: it must be answered. A reset or no answer within the timeout is a crash or a
    /// hang (a delivery may end either way when the target rejects bad input).
    func probe(_ messages: [[UInt8]]) -> Delivery
}

extension FuzzTarget {
    public func probe(_ messages: [[UInt8]]) -> Delivery { deliver(messages) }
}

public enum Targets {
    /// A target from its `--target` form; the exec form's program and arguments are split on spaces, never passed
    /// to a shell.
    public static func parse(_ text: String, timeoutMilliseconds: Int32 = 1_000) throws(ModelError) -> any FuzzTarget {
        if text.hasPrefix("exec:") {
            let arguments = text.dropFirst(5).split(separator: " ").map(String.init)
            guard let program = arguments.first else { throw ModelError("exec: give the program to run") }
            return ExecTarget(
                program: program, arguments: Array(arguments.dropFirst()), timeoutMilliseconds: timeoutMilliseconds)
        }
        for scheme in ["tcp", "udp"] where text.hasPrefix(scheme + "://") {
            let rest = text.dropFirst(scheme.count + 3)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                (1...65_535).contains(port), let address = Sockets.address(String(rest[..<colon]), port)
            else { throw ModelError("\(text): give \(scheme)://IPV4-ADDRESS:PORT") }
            return scheme == "tcp"
                ? TCPTarget(description: text, address: address, timeoutMilliseconds: timeoutMilliseconds)
                : UDPTarget(description: text, address: address, timeoutMilliseconds: timeoutMilliseconds)
        }
        throw ModelError("\(text): the target is tcp://HOST:PORT, udp://HOST:PORT or exec:PROGRAM")
    }
}

/// A TCP service: one connection per case; each message sent, then what arrives within the timeout read (so that a
/// reset after the message shows). A refused connection means the service is down.
public struct TCPTarget: FuzzTarget {
    public let description: String
    let address: sockaddr_in
    let timeoutMilliseconds: Int32

    public func deliver(_ messages: [[UInt8]]) -> Delivery { exchange(messages, probing: false) }

    public func probe(_ messages: [[UInt8]]) -> Delivery { exchange(messages, probing: true) }

    func exchange(_ messages: [[UInt8]], probing: Bool) -> Delivery {
        let (socket, outcome) = Sockets.connect(address, timeoutMilliseconds: timeoutMilliseconds)
        guard let socket else {
            switch outcome {
            case .refused: return .crashed("connection refused")
            case .timeout: return .hung("no connection within \(timeoutMilliseconds) ms")
            default: return .crashed("cannot connect (\(outcome))")
            }
        }
        defer { close(socket) }
        var response: [UInt8] = []
        for (index, message) in messages.enumerated() {
            switch Sockets.send(socket, message, timeoutMilliseconds: timeoutMilliseconds) {
            case .ok: break
            case .timeout: return .hung("message \(index + 1) not accepted within \(timeoutMilliseconds) ms")
            // The service closed on us: it may reject bad input that way (the probe tells), not the probe.
            case .reset: return probing ? .crashed("connection reset") : .delivered(response: response)
            default: return .delivered(response: response)
            }
            // Earlier messages set a session up, and the probe must be answered: wait for the answer; the fuzzed
            // message gets a short look (a reset right after it shows).
            let last = index == messages.count - 1
            let wait = last && !probing ? min(timeoutMilliseconds, 50) : timeoutMilliseconds
            let (received, bytes) = Sockets.receive(socket, limit: 1 << 20, timeoutMilliseconds: wait)
            response = bytes
            if probing {
                if received == .reset { return .crashed("connection reset") }
                if last, bytes.isEmpty {
                    return received == .timeout
                        ? .hung("no answer within \(timeoutMilliseconds) ms") : .crashed("connection closed unanswered")
                }
            } else if received == .reset, !last {
                return .delivered(response: response)
            }
        }
        return .delivered(response: response)
    }
}

/// A UDP service: each message a datagram; an ICMP port unreachable (a refused receive) means it is down.
public struct UDPTarget: FuzzTarget {
    public let description: String
    let address: sockaddr_in
    let timeoutMilliseconds: Int32
    /// One socket for the campaign (UDP keeps no connection): made on first use, replaced after an error.
    private let socket = SocketBox()

    init(description: String, address: sockaddr_in, timeoutMilliseconds: Int32) {
        self.description = description
        self.address = address
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public func deliver(_ messages: [[UInt8]]) -> Delivery { exchange(messages, probing: false) }

    public func probe(_ messages: [[UInt8]]) -> Delivery { exchange(messages, probing: true) }

    func exchange(_ messages: [[UInt8]], probing: Bool) -> Delivery {
        socket.withSocket(address) { descriptor in
            guard let descriptor else { return .crashed("cannot address the service (\(errno))") }
            // Answers to earlier cases that came late are not the probe's.
            var scratch = [UInt8](repeating: 0, count: probing ? 65_536 : 0)
            if probing {
                // At most a few thousand: a target that floods must not keep the probe here.
                for _ in 0..<4_096 {
                    guard
                        scratch.withUnsafeMutableBytes({
                            recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                        }) > 0
                    else { break }
                }
            }
            var response: [UInt8] = []
            for (index, message) in messages.enumerated() {
                let sent = message.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 {
                    return errno == ECONNREFUSED ? .crashed("port unreachable") : .delivered(response: response)
                }
                // A case's datagrams go without waiting for answers (a session's earlier steps excepted): a port
                // unreachable shows on the next send, and the probe reads what it needs.
                guard probing || index < messages.count - 1 else { continue }
                let (received, bytes) = Sockets.receive(
                    descriptor, limit: 65_536, timeoutMilliseconds: timeoutMilliseconds)
                if received == .refused { return .crashed("port unreachable") }
                response = bytes
            }
            if probing, response.isEmpty { return .hung("no answer within \(timeoutMilliseconds) ms") }
            return .delivered(response: response)
        }
    }
}

/// A connected UDP socket kept between deliveries (closed and made again when one fails).
final class SocketBox: Sendable {
    private let descriptor = Mutex<Int32?>(nil)

    func withSocket(_ address: sockaddr_in, _ body: (Int32?) -> Delivery) -> Delivery {
        descriptor.withLock { current in
            if current == nil {
                let made = Glibc.socket(
                    AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                    0)
                var target = address
                let connected = withUnsafePointer(to: &target) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(made, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                if made >= 0, connected == 0 { current = made } else if made >= 0 { close(made) }
            }
            let result = body(current)
            if case .delivered = result {
            } else if let open = current {
                close(open)
                current = nil
            }
            return result
        }
    }

    deinit { descriptor.withLock { if let open = $0 { close(open) } } }
}

/// A program run per case under the fuzzer's control: the messages on its standard input, its standard error
/// read for sanitizer reports, killed after the timeout. Started with posix_spawn (no shell), default signal
/// dispositions and an empty signal mask (a child of this process would otherwise inherit its blocked signals).
public struct ExecTarget: FuzzTarget {
    public let program: String
    public let arguments: [String]
    let timeoutMilliseconds: Int32

    public var description: String { "exec:" + ([program] + arguments).joined(separator: " ") }

    public func deliver(_ messages: [[UInt8]]) -> Delivery {
        var input: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        // A target that exits without reading its input must not end the fuzzer with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        // Close-on-exec: another target started meanwhile must not inherit these ends (it would hold stdin open).
        guard pipe(&input) == 0 else { return .crashed("no pipe (\(errno))") }
        guard pipe(&errors) == 0 else {
            close(input[0])
            close(input[1])
            return .crashed("no pipe (\(errno))")
        }
        for descriptor in input + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        for descriptor in input + errors { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        close(input[0])
        close(errors[1])
        defer { close(errors[0]) }
        guard spawned == 0 else {
            close(input[1])
            return .crashed("cannot start \(program) (\(String(cString: strerror(spawned))))")
        }
        // The input is written as the program reads it, standard error read meanwhile, all under the deadline.
        let payload = Array(messages.joined())
        var written = 0
        var inputOpen = true
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
        var report: String?
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var scanned = 0
        func readErrors(_ wait: Int32) -> Bool {
            var poller = pollfd(fd: errors[0], events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, wait) == 1 else { return false }
            let count = buffer.withUnsafeMutableBytes { read(errors[0], $0.baseAddress, $0.count) }
            guard count > 0 else { return false }
            // Scanned line by line as it streams (at most 16 MiB), so a report after long logs is still seen.
            scanned += count
            pending += buffer.prefix(count)
            while let newline = pending.firstIndex(of: 0x0a) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                if report == nil, line.contains("Sanitizer") { report = String(line.prefix(200)) }
                pending.removeSubrange(...newline)
            }
            if pending.count > 4_096 { pending.removeFirst(pending.count - 4_096) }
            return scanned < 16 << 20
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMilliseconds))
        var status: Int32 = 0
        while true {
            if inputOpen, written < payload.count {
                let count = payload[written...].withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
                if count > 0 { written += count } else if errno != EAGAIN { inputOpen = false }  // EPIPE: it exited
            }
            if inputOpen, written >= payload.count {
                close(input[1])
                inputOpen = false
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || done < 0 { break }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                if inputOpen { close(input[1]) }
                return .hung("did not exit within \(timeoutMilliseconds) ms")
            }
            _ = readErrors(1)
        }
        if inputOpen { close(input[1]) }
        // What the program wrote before it exited (to EOF; bounded).
        while readErrors(0) {}
        if !pending.isEmpty, report == nil {
            let line = String(decoding: pending, as: UTF8.self)
            if line.contains("Sanitizer") { report = String(line.prefix(200)) }
        }
        let signal = status & 0x7f
        if signal != 0, signal != 0x7f {
            return .crashed("killed by signal \(signal) (\(String(cString: strsignal(signal))))")
        }
        if let report { return .crashed(report) }
        return .delivered(response: [])
    }
}
