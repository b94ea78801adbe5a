public import Foundation
import Yams

/// `vigil.yaml`: what the monitor syncs, how often, where alerts go, and the policy windows metrics measure against.
/// Every key is checked when it is read — an unknown key, a value of the wrong kind or out of range is refused with
/// its exact path (`alerts.webhooks[0].url`) and the reason — and secrets can come from the environment instead of the
/// file (`VIGIL_WEBHOOK_<NAME>_SECRET`; `secretEnv` names another variable).
public struct MonitorConfiguration: Sendable, Hashable {
    public struct Feeds: Sendable, Hashable {
        /// `nvd`, `cve5`, `kernel`, `osv`, `kev`, `epss`; all by default.
        public var sources: [String]
        /// Source → base URL, over the default ones.
        public var urls: [String: URL]
        public var osvEcosystems: [String]
    }

    public struct Webhook: Sendable, Hashable {
        public var name: String
        public var url: URL
        /// The HMAC-SHA256 key for `X-Vigil-Signature`; never logged.
        public var secret: String
        /// Tries, the first included.
        public var attempts: Int
        /// The delay before the first retry; doubled each time.
        public var backoff: TimeInterval
        public var timeout: TimeInterval

        /// A redacted description, for logs.
        public var description: String { "webhook \(name) → \(url.absoluteString) (secret set)" }
    }

    /// Alert e-mail: SMTP with STARTTLS (required).
    public struct Email: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var from: String
        public var to: [String]
        public var username: String?
        /// Never logged.
        public var password: String?
        /// Trusted certificates (PEM), else the system's.
        public var caFile: String?
        public var attempts: Int
        public var backoff: TimeInterval
        public var timeout: TimeInterval
    }

    public var database: String?
    public var feeds: Feeds
    /// Seconds between cycles.
    public var interval: TimeInterval
    /// Findings below this severity raise no alert (`unknown` lets every one through); KEV listings always alert.
    public var minimumSeverity: String
    public var webhooks: [Webhook]
    public var email: Email?
    /// Whether each product gets a weekly digest (the first cycle of each ISO week).
    public var digest: Bool
    /// Days to triage, and to fix by severity: what `vigil metrics` measures against.
    public var triageWithin: Int
    public var fixWithin: [String: Int]

    public static let defaults = MonitorConfiguration(
        database: nil,
        feeds: Feeds(sources: ["nvd", "cve5", "kernel", "osv", "kev", "epss"], urls: [:], osvEcosystems: []),
        interval: 6 * 3600, minimumSeverity: "low", webhooks: [], email: nil, digest: true, triageWithin: 7,
        fixWithin: ["critical": 15, "high": 30, "medium": 90, "low": 180])

    /// The delivery channels alerts go to: `log` always, then each webhook.
    public var channels: [String] { ["log"] + webhooks.map { "webhook:\($0.name)" } + (email == nil ? [] : ["email"]) }

    /// A configuration problem: the key's path and what is wrong.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "\(key): \(reason)" }
    }
}

extension MonitorConfiguration {
    static let severities = ["critical", "high", "medium", "low", "none", "unknown"]
    static let sources = ["nvd", "cve5", "kernel", "osv", "kev", "epss"]

    /// Reads `vigil.yaml` (YAML or JSON). `environment` supplies secrets and overrides.
    public static func read(_ text: String, environment: [String: String]) throws(Invalid) -> MonitorConfiguration {
        do {
            return try parse(text, environment: environment)
        } catch let invalid as Invalid {
            throw invalid
        } catch {
            throw Invalid(key: "(file)", reason: "\(error)")
        }
    }

    static func parse(_ text: String, environment: [String: String]) throws -> MonitorConfiguration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Invalid(key: "(file)", reason: "not YAML: \(error)")
        }
        guard let root = node else { return defaults }
        let top = try mapping(root, "(file)", keys: ["database", "feeds", "schedule", "alerts", "policy"])
        var configuration = defaults
        configuration.database = try top["database"].map { try string($0, "database") }
        if let feeds = top["feeds"] {
            let map = try mapping(feeds, "feeds", keys: ["sources", "urls", "osvEcosystems"])
            if let sources = map["sources"] {
                configuration.feeds.sources = try strings(sources, "feeds.sources")
                for (index, source) in configuration.feeds.sources.enumerated() where !Self.sources.contains(source) {
                    throw Invalid(
                        key: "feeds.sources[\(index)]",
                        reason: "'\(source)' is not a source: \(Self.sources.joined(separator: ", "))")
                }
            }
            if let urls = map["urls"] {
                let urlMap = try mapping(urls, "feeds.urls", keys: Set(Self.sources))
                for (source, value) in urlMap {
                    configuration.feeds.urls[source] = try url(value, "feeds.urls.\(source)")
                }
            }
            if let ecosystems = map["osvEcosystems"] {
                configuration.feeds.osvEcosystems = try strings(ecosystems, "feeds.osvEcosystems")
            }
        }
        if let schedule = top["schedule"] {
            let map = try mapping(schedule, "schedule", keys: ["interval"])
            if let interval = map["interval"] {
                configuration.interval = try duration(interval, "schedule.interval")
                guard configuration.interval >= 60 else {
                    throw Invalid(key: "schedule.interval", reason: "at least 1m: feeds are not updated that often")
                }
            }
        }
        if let alerts = top["alerts"] {
            let map = try mapping(alerts, "alerts", keys: ["minimumSeverity", "webhooks", "digest", "email"])
            if let email = map["email"] { configuration.email = try Self.email(email, "alerts.email", environment) }
            if let digest = map["digest"] {
                let value = try string(digest, "alerts.digest")
                guard ["true", "false"].contains(value) else {
                    throw Invalid(key: "alerts.digest", reason: "true or false")
                }
                configuration.digest = value == "true"
            }
            if let minimum = map["minimumSeverity"] {
                configuration.minimumSeverity = try choice(minimum, "alerts.minimumSeverity", severities)
            }
            if let hooks = map["webhooks"] {
                guard let list = hooks.sequence else {
                    throw Invalid(key: "alerts.webhooks", reason: "a list of webhooks (name, url, secret)")
                }
                for (index, hook) in list.enumerated() {
                    configuration.webhooks.append(try webhook(hook, "alerts.webhooks[\(index)]", environment))
                }
                let names = configuration.webhooks.map(\.name)
                if Set(names).count != names.count {
                    throw Invalid(key: "alerts.webhooks", reason: "two webhooks have the same name")
                }
            }
        }
        if let policy = top["policy"] {
            let map = try mapping(policy, "policy", keys: ["triageWithin", "fixWithin"])
            if let triage = map["triageWithin"] {
                configuration.triageWithin = try days(triage, "policy.triageWithin")
            }
            if let fix = map["fixWithin"] {
                let windows = try mapping(fix, "policy.fixWithin", keys: ["critical", "high", "medium", "low"])
                for (severity, value) in windows {
                    configuration.fixWithin[severity] = try days(value, "policy.fixWithin.\(severity)")
                }
            }
        }
        return configuration
    }

    static func webhook(_ node: Node, _ key: String, _ environment: [String: String]) throws -> Webhook {
        let map = try mapping(
            node, key, keys: ["name", "url", "secret", "secretEnv", "attempts", "backoff", "timeout"])
        guard let nameNode = map["name"] else { throw Invalid(key: key + ".name", reason: "required") }
        let name = try string(nameNode, key + ".name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw Invalid(key: key + ".name", reason: "letters, digits, '-' and '_'")
        }
        guard let urlNode = map["url"] else { throw Invalid(key: key + ".url", reason: "required") }
        let url = try url(urlNode, key + ".url")
        // The secret: the environment first (VIGIL_WEBHOOK_<NAME>_SECRET, or the variable secretEnv names), then
        // the file.
        let variable =
            try map["secretEnv"].map { try string($0, key + ".secretEnv") }
            ?? "VIGIL_WEBHOOK_\(name.uppercased().replacingOccurrences(of: "-", with: "_"))_SECRET"
        let secret =
            try environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? map["secret"].map {
                try string($0, key + ".secret")
            }
        guard let secret, secret.utf8.count >= 16 else {
            throw Invalid(
                key: key + ".secret",
                reason: "a signing secret of at least 16 bytes is required: set \(variable) or 'secret'")
        }
        let attempts = try map["attempts"].map { try integer($0, key + ".attempts") } ?? 6
        guard (1...20).contains(attempts) else { throw Invalid(key: key + ".attempts", reason: "1 to 20") }
        let backoff = try map["backoff"].map { try duration($0, key + ".backoff") } ?? 30
        let timeout = try map["timeout"].map { try duration($0, key + ".timeout") } ?? 10
        guard timeout > 0 else { throw Invalid(key: key + ".timeout", reason: "positive") }
        return Webhook(name: name, url: url, secret: secret, attempts: attempts, backoff: backoff, timeout: timeout)
    }

    static func email(_ node: Node, _ key: String, _ environment: [String: String]) throws -> Email {
        let map = try mapping(
            node, key,
            keys: [
                "server", "from", "to", "username", "password", "passwordEnv", "caFile", "attempts", "backoff",
                "timeout",
            ])
        guard let serverNode = map["server"] else {
            throw Invalid(key: key + ".server", reason: "required (host:port)")
        }
        let server = try string(serverNode, key + ".server")
        let parts = server.split(separator: ":")
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port) else {
            throw Invalid(key: key + ".server", reason: "'\(server)' is not host:port (smtp.example.com:587)")
        }
        guard let fromNode = map["from"] else { throw Invalid(key: key + ".from", reason: "required") }
        let from = try string(fromNode, key + ".from")
        guard (try? SMTPClient.address(from)) != nil else {
            throw Invalid(key: key + ".from", reason: "'\(from)' is not an e-mail address")
        }
        guard let toNode = map["to"] else { throw Invalid(key: key + ".to", reason: "required: a list of addresses") }
        let to = try strings(toNode, key + ".to")
        guard !to.isEmpty else { throw Invalid(key: key + ".to", reason: "at least one address") }
        for (index, address) in to.enumerated() where (try? SMTPClient.address(address)) == nil {
            throw Invalid(key: "\(key).to[\(index)]", reason: "'\(address)' is not an e-mail address")
        }
        let username = try map["username"].map { try string($0, key + ".username") }
        let variable = try map["passwordEnv"].map { try string($0, key + ".passwordEnv") } ?? "VIGIL_SMTP_PASSWORD"
        let password =
            try environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? map["password"].map {
                try string($0, key + ".password")
            }
        if username != nil, password == nil {
            throw Invalid(key: key + ".password", reason: "a username needs a password: set \(variable) or 'password'")
        }
        if username == nil, map["password"] != nil {
            throw Invalid(key: key + ".password", reason: "a password without a username is never used: set 'username'")
        }
        let attempts = try map["attempts"].map { try integer($0, key + ".attempts") } ?? 6
        guard (1...20).contains(attempts) else { throw Invalid(key: key + ".attempts", reason: "1 to 20") }
        let timeout = try map["timeout"].map { try duration($0, key + ".timeout") } ?? 30
        guard timeout >= 1 else { throw Invalid(key: key + ".timeout", reason: "at least 1s") }
        return Email(
            host: String(parts[0]), port: port, from: from, to: to, username: username, password: password,
            caFile: try map["caFile"].map { try string($0, key + ".caFile") }, attempts: attempts,
            backoff: try map["backoff"].map { try duration($0, key + ".backoff") } ?? 60, timeout: timeout)
    }

    static func mapping(_ node: Node, _ key: String, keys: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else {
            throw Invalid(key: key, reason: "a mapping of \(keys.sorted().joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        for (name, value) in mapping {
            guard let name = name.string, keys.contains(name) else {
                throw Invalid(
                    key: key == "(file)" ? (name.string ?? "?") : "\(key).\(name.string ?? "?")",
                    reason: "not a key here: \(keys.sorted().joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    static func string(_ node: Node, _ key: String) throws -> String {
        guard let scalar = node.scalar else { throw Invalid(key: key, reason: "a string") }
        return scalar.string
    }

    static func strings(_ node: Node, _ key: String) throws -> [String] {
        guard let list = node.sequence else { throw Invalid(key: key, reason: "a list of strings") }
        var result: [String] = []
        for (index, item) in list.enumerated() { result.append(try string(item, "\(key)[\(index)]")) }
        return result
    }

    static func integer(_ node: Node, _ key: String) throws -> Int {
        guard let value = Int(try string(node, key)) else { throw Invalid(key: key, reason: "a whole number") }
        return value
    }

    static func choice(_ node: Node, _ key: String, _ allowed: [String]) throws -> String {
        let value = try string(node, key)
        guard allowed.contains(value) else {
            throw Invalid(key: key, reason: "'\(value)' is not one of \(allowed.joined(separator: ", "))")
        }
        return value
    }

    static func url(_ node: Node, _ key: String) throws -> URL {
        let text = try string(node, key)
        guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Invalid(key: key, reason: "'\(text)' is not an http or https URL")
        }
        return url
    }

    /// `30s`, `15m`, `6h`, `7d`, or a number of seconds.
    static func duration(_ node: Node, _ key: String) throws -> TimeInterval {
        let text = try string(node, key)
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        // Finite, and at most a year: `inf` or `1e30` would make nonsense times.
        if let unit = text.last, let factor = units[unit], let number = Double(text.dropLast()), number.isFinite,
            number >= 0, number * factor <= 366 * 86_400
        {
            return number * factor
        }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 366 * 86_400 { return seconds }
        throw Invalid(key: key, reason: "'\(text)' is not a duration up to a year: 30s, 15m, 6h, 7d")
    }

    static func days(_ node: Node, _ key: String) throws -> Int {
        let seconds = try duration(node, key)
        guard seconds >= 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 else {
            throw Invalid(key: key, reason: "a whole number of days (7d)")
        }
        return Int(seconds / 86_400)
    }
}
