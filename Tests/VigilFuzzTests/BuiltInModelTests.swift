import Foundation
import Testing
import VigilFuzz
import VigilTesting

#if canImport(Glibc)
    import Glibc
#endif

/// The built-in models: their valid messages byte for byte where the protocol fixes them, and accepted by real peers —
/// mosquitto (MQTT) and DCMTK's storescp (DICOM) from Debian, started on loopback for the test.
@Suite struct BuiltInModelTests {
    /// `.ci/run` installs the peers and sets `VIGIL_REQUIRE_FUZZ_PEERS=1`: there a missing one fails the test.
    static var required: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_FUZZ_PEERS"] == "1" }
    static func installed(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) || required }

    /// The corpus's venv with python-hl7 (`Scripts/fetch-test-corpus`).
    static var hl7Python: URL? {
        let corpus =
            ProcessInfo.processInfo.environment["VIGIL_TEST_CORPUS"].flatMap { $0.isEmpty ? nil : URL(filePath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/vigil/test-corpus")
        let python = corpus.appending(path: "hl7/venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: python.path) ? python : nil
    }

    static func valid(_ model: String, _ message: String) throws -> [UInt8] {
        try #require(try FuzzEngine(model: try BuiltInModels.model(model), seed: 1).validMessage(message))
    }

    @Test("every built-in model loads, and its fuzz cases render")
    func load() throws {
        for name in BuiltInModels.all.keys.sorted() {
            let model = try BuiltInModels.model(name)
            let engine = try FuzzEngine(model: model, seed: 7)
            for index in 0..<200 { #expect(!engine.fuzzCase(UInt64(index)).messages.isEmpty) }
        }
        #expect(throws: ModelError.self) { try BuiltInModels.model("smtp") }
    }

    @Test("valid messages, byte for byte: MQTT CONNECT, Modbus read, HTTP GET, MLLP framing, DICOM lengths")
    func bytes() throws {
        #expect(
            try Self.valid("mqtt", "connect")
                == [0x10, 0x16, 0x00, 0x04] + Array("MQTT".utf8) + [0x04, 0x02, 0x00, 0x3c, 0x00, 0x0a]
                + Array("vigil-fuzz".utf8))
        #expect(
            try Self.valid("modbus-tcp", "read-holding-registers")
                == [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x0a])
        #expect(
            String(decoding: try Self.valid("http", "get"), as: UTF8.self).hasPrefix("GET /index.html HTTP/1.1\r\n"))
        let hl7 = try Self.valid("hl7-mllp", "oru-r01")
        #expect(hl7.first == 0x0b && Array(hl7.suffix(2)) == [0x1c, 0x0d])
        let text = String(decoding: hl7.dropFirst().dropLast(2), as: UTF8.self)
        #expect(text.hasPrefix("MSH|^~\\&|VIGIL|FUZZ|") && text.split(separator: "\r").count == 3)
        let associate = try Self.valid("dicom", "associate-rq")
        let length = associate[2...5].reduce(0) { $0 << 8 | Int($1) }
        #expect(associate[0] == 0x01 && length == associate.count - 6)
        let echo = try Self.valid("dicom", "c-echo-rq")
        #expect(echo[0] == 0x04 && echo[2...5].reduce(0) { $0 << 8 | Int($1) } == echo.count - 6)
        // The command group's length counts the four elements after it: 26 + 3 × 10 bytes.
        #expect(Array(echo[20..<24]) == [56, 0, 0, 0])
    }

    @Test(
        "mosquitto accepts the MQTT session: CONNACK 0, SUBACK, and its own PUBLISH delivered back",
        .enabled(if: installed("/usr/sbin/mosquitto"), "mosquitto is not installed (apt-get install mosquitto)"))
    func mosquitto() throws {
        let port = freeLoopbackPort()
        let broker = try Peer.start("/usr/sbin/mosquitto", ["-p", String(port)])
        defer { broker.stop() }
        let connection = try Connection(port: port)
        defer { connection.close() }
        try connection.send(try Self.valid("mqtt", "connect"))
        #expect(try connection.receive(4) == [0x20, 0x02, 0x00, 0x00], "CONNACK, accepted")
        try connection.send(try Self.valid("mqtt", "subscribe"))
        #expect(try connection.receive(5) == [0x90, 0x03, 0x00, 0x01, 0x00], "SUBACK, QoS 0 granted")
        try connection.send(try Self.valid("mqtt", "publish"))
        let publish = try Self.valid("mqtt", "publish")
        #expect(try connection.receive(publish.count) == publish, "delivered to the subscriber")
    }

    @Test(
        "storescp accepts the DICOM association, answers the C-ECHO with success, and releases",
        .enabled(if: installed("/usr/bin/storescp"), "DCMTK is not installed (apt-get install dcmtk)"))
    func storescp() throws {
        let port = freeLoopbackPort()
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-storescp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scp = try Peer.start("/usr/bin/storescp", ["-od", directory.path, String(port)])
        defer { scp.stop() }
        let connection = try Connection(port: port)
        defer { connection.close() }
        try connection.send(try Self.valid("dicom", "associate-rq"))
        let accepted = try connection.receivePDU()
        #expect(accepted.first == 0x02, "A-ASSOCIATE-AC (not 0x03, rejected): \(accepted.prefix(16))")
        try connection.send(try Self.valid("dicom", "c-echo-rq"))
        let response = try connection.receivePDU()
        #expect(response.first == 0x04, "P-DATA-TF")
        // The C-ECHO-RSP's status element (0000,0900) is 0x0000, success.
        let status: [UInt8] = [0x00, 0x00, 0x00, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00]
        #expect(
            response.count >= status.count
                && (0...(response.count - status.count)).contains {
                    Array(response[$0..<$0 + status.count]) == status
                })
        try connection.send(try Self.valid("dicom", "release-rq"))
        #expect(try connection.receivePDU().first == 0x06, "A-RELEASE-RP")
    }
}

extension BuiltInModelTests {
    @Test(
        "python-hl7 parses the HL7 model's message: three segments, the message type and the observation",
        .enabled(
            if: hl7Python != nil || ProcessInfo.processInfo.environment["VIGIL_REQUIRE_TEST_CORPUS"] == "1",
            "the HL7 parser is absent: run Scripts/fetch-test-corpus"))
    func hl7Parser() throws {
        let python = try #require(Self.hl7Python)
        let framed = try Self.valid("hl7-mllp", "oru-r01")
        let message = Data(framed.dropFirst().dropLast(2))
        let process = Process()
        process.executableURL = python
        process.arguments = [
            "-c",
            "import sys, hl7; m = hl7.parse(sys.stdin.buffer.read().decode()); "
                + "print(len(m), m.segment('MSH')[9], m.segment('OBX')[5], m.segment('PID')[5])",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(message)
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "3 ORU^R01 72 DOE^JOHN", "\(printed)")
    }
}

/// A peer program started for a test and stopped after it.
struct Peer {
    let process: Process

    static func start(_ path: String, _ arguments: [String]) throws -> Peer {
        let process = Process()
        process.executableURL = URL(filePath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return Peer(process: process)
    }

    /// SIGKILL: a child started from the test process inherits its blocked signals (SIGTERM among them), so a
    /// polite stop would never arrive.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A blocking TCP connection to 127.0.0.1 with a receive timeout, retrying the connect while the peer starts.
final class Connection {
    struct Failure: Error, CustomStringConvertible { var description: String }
    let socket: Int32

    init(port: Int, attempts: Int = 100) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        for _ in 0..<attempts {
            let candidate = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(candidate, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(candidate, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if connected == 0 {
                socket = candidate
                return
            }
            Glibc.close(candidate)
            usleep(50_000)
        }
        throw Failure(description: "nothing listens on 127.0.0.1:\(port)")
    }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(description: "sent \(sent) of \(bytes.count) bytes") }
    }

    /// Exactly `count` bytes, or an error on timeout or close.
    func receive(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes[filled...].withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { throw Failure(description: "received \(filled) of \(count) bytes") }
            filled += got
        }
        return bytes
    }

    /// A DICOM PDU: its 6-byte header, then the length it gives.
    func receivePDU() throws -> [UInt8] {
        let header = try receive(6)
        let length = header[2...5].reduce(0) { $0 << 8 | Int($1) }
        return header + (try receive(min(length, 1 << 20)))
    }

    func close() { Glibc.close(socket) }
}
