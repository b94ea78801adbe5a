import Foundation

/// Writes to the process's standard output and error, buffered, without interleaving partial lines.
struct Console {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(64 * 1024) }

    /// Appends a line to standard output, flushing when the buffer is large.
    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// Writes what is buffered to standard output.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes a line to standard error at once.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("vigil: " + text + "\n").utf8))
    }

    /// Writes a note (what a command did, beside its output) to standard error at once.
    static func info(_ text: String) {
        FileHandle.standardError.write(Data(("vigil: " + text + "\n").utf8))
    }

    /// Writes a warning line to standard error at once.
    static func warning(_ text: String) {
        FileHandle.standardError.write(Data(("vigil: warning: " + text + "\n").utf8))
    }

    /// Reads standard input line by line until it ends.
    static func inputLines() -> AnySequence<String> {
        AnySequence { AnyIterator { readLine(strippingNewline: true) } }
    }
}
