import Foundation

/// A one-line progress display on standard error, shown only when standard output is a terminal (and not
/// `--quiet`): silent in pipes, CI logs and tests. Redraws at most ten times a second.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let started = Date()

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDOUT_FILENO) == 1
    }

    /// Replaces the line with `text` (throttled unless `force`).
    func show(_ text: String, force: Bool = false) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            drawn = true
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        }
    }

    /// Shows work done of a total with the rate and the time left: `importing 120.4 of 290.7 MB, 18,200 records/s,
    /// ETA 9 s`.
    func show(done: Int, of total: Int, unit: String, records: Int, label: String) {
        guard enabled else { return }
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(records) / elapsed
        var text = "\(label) \(Self.megabytes(done)) of \(Self.megabytes(total)) \(unit), \(Int(rate)) records/s"
        if done > 0, total > done {
            let remaining = elapsed * Double(total - done) / Double(done)
            text += ", ETA \(Int(remaining.rounded())) s"
        }
        show(text)
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}
