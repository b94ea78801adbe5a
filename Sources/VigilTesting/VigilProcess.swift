public import Foundation

/// Runs the built `vigil` executable for end-to-end tests: arguments in, exit status and output out.
public enum VigilProcess {
    /// What one run produced.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The `vigil` binary: `$VIGIL_BINARY`, or the one SwiftPM built next to the test bundle.
    public static func executableURL() -> URL? {
        if let override = ProcessInfo.processInfo.environment["VIGIL_BINARY"] { return URL(filePath: override) }
        let candidates = [
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        return candidates.map { $0.appending(path: "vigil") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    /// Runs `vigil` with the arguments, feeding `input` to standard input, with `environment` added to this process's.
    ///
    /// - Throws: If the binary cannot be found or started.
    public static func run(
        _ arguments: [String], input: String = "", environment extra: [String: String] = [:]
    ) throws -> Result {
        guard let executable = executableURL() else { throw MissingBinary() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "100"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// The `vigil` binary was not found.
    public struct MissingBinary: Error, CustomStringConvertible {
        public var description: String { "the vigil executable was not found next to the tests; set VIGIL_BINARY" }
    }
}

/// Drains a pipe on its own thread so that neither pipe can fill up and block the child.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
