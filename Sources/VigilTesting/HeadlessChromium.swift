public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's Chromium, headless, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands in
/// on descriptor 3, answers and events out on 4, each a JSON text ended by NUL). Enough of the protocol for
/// end-to-end tests of the web UI: navigate, run a statement in the page, set a file input, wait for a page to load,
/// take a screenshot. Every wait has a deadline, so a browser that stops answering fails the test instead of
/// hanging it.
public final class HeadlessChromium {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser's path, when it is installed.
    public static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let pid: pid_t
    let commands: Int32
    let answers: Int32
    let profile: URL
    var buffer: [UInt8] = []
    var events: [[String: Any]] = []
    var nextID = 1
    var session: String = ""
    let timeout: TimeInterval

    public init(timeout: TimeInterval = 30) throws {
        guard let executable = Self.executable else { throw Failure(description: "chromium is not installed") }
        self.timeout = timeout
        profile = FileManager.default.temporaryDirectory.appending(path: "vigil-chromium-\(UUID())")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "no pipes") }
        // Far from 3 and 4, so that the child's dup2 calls cannot clobber them.
        func high(_ fd: Int32) -> Int32 {
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, 20)
            close(fd)
            return moved
        }
        let childIn = high(toBrowser[0])
        let childOut = high(fromBrowser[1])
        commands = high(toBrowser[1])
        answers = high(fromBrowser[0])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childIn, 3)
        posix_spawn_file_actions_adddup2(&actions, childOut, 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            executable, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--window-size=1280,900", "--user-data-dir=\(profile.path)", "about:blank",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, &argv, environ)
        close(childIn)
        close(childOut)
        guard status == 0 else {
            throw Failure(description: "chromium did not start: \(String(cString: strerror(status)))")
        }
        pid = child
        let target = try call("Target.createTarget", ["url": "about:blank"], inSession: false)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target: \(target)") }
        let attached = try call(
            "Target.attachToTarget", ["targetId": targetID, "flatten": true], inSession: false)
        guard let session = attached["sessionId"] as? String else { throw Failure(description: "not attached") }
        self.session = session
        _ = try call("Page.enable")
        _ = try call("Runtime.enable")
    }

    deinit {
        close(commands)
        close(answers)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command (to the page's session unless `inSession` is false) and returns its result.
    @discardableResult
    public func call(
        _ method: String, _ parameters: [String: Any] = [:], inSession: Bool = true
    ) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if inSession { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "chromium closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let message = try nextMessage(until: deadline)
            if message["id"] as? Int == id {
                if let error = message["error"] { throw Failure(description: "\(method): \(error)") }
                return message["result"] as? [String: Any] ?? [:]
            }
            if message["method"] != nil { events.append(message) }
        }
    }

    /// Waits for an event (received since the last ``forgetEvents()``) with `method` whose parameters `matches`.
    public func waitFor(_ method: String, where matches: ([String: Any]) -> Bool = { _ in true }) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let index = events.firstIndex(where: {
                $0["method"] as? String == method && matches($0["params"] as? [String: Any] ?? [:])
            }) {
                events.removeSubrange(...index)
                return
            }
            let message = try nextMessage(until: deadline)
            if message["method"] != nil { events.append(message) }
        }
    }

    public func forgetEvents() { events.removeAll() }

    /// Opens `url` and waits for it to load.
    public func navigate(_ url: String) throws {
        forgetEvents()
        try call("Page.navigate", ["url": url])
        try waitFor("Page.loadEventFired")
    }

    /// Runs `statement` in the page and waits for the page it leads to (a form submitted, a link followed).
    public func act(_ statement: String) throws {
        forgetEvents()
        _ = try evaluate(statement)
        try waitFor("Page.loadEventFired")
    }

    /// Runs `statement` (a download link clicked) and waits for the download to complete into `directory`.
    public func download(_ statement: String, into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try call(
            "Browser.setDownloadBehavior",
            ["behavior": "allow", "downloadPath": directory.path, "eventsEnabled": true], inSession: false)
        forgetEvents()
        _ = try evaluate(statement)
        try waitFor("Browser.downloadProgress") { $0["state"] as? String == "completed" }
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    public func evaluate(_ expression: String) throws -> Any? {
        let result = try call(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// The page's text as a reader sees it.
    public func text() throws -> String { try evaluate("document.body.innerText") as? String ?? "" }

    /// Sets the files of the file input `selector` names.
    public func setFiles(_ selector: String, _ paths: [String]) throws {
        let document = try call("DOM.getDocument")
        guard let root = (document["root"] as? [String: Any])?["nodeId"] as? Int else {
            throw Failure(description: "no document")
        }
        let node = try call("DOM.querySelector", ["nodeId": root, "selector": selector])
        guard let id = node["nodeId"] as? Int, id != 0 else { throw Failure(description: "no \(selector)") }
        try call("DOM.setFileInputFiles", ["nodeId": id, "files": paths])
    }

    /// A PNG of the page, written to `file`.
    public func screenshot(to file: URL) throws {
        let result = try call("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func nextMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let message = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw Failure(description: "not a DevTools message")
                }
                return message
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "chromium did not answer within \(Int(timeout)) s") }
            var descriptor = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(left, 1) * 1000)) >= 0 else { continue }
            guard descriptor.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "chromium closed its pipe") }
            buffer += chunk[..<count]
        }
    }
}
