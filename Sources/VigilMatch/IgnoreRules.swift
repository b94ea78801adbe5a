public import Foundation
import Yams

/// Suppression rules (`vigil scan --ignore FILE`), in YAML or JSON. Every rule needs a reason and an expiry date:
/// a suppression that nobody revisits is how a vulnerability ships.
///
/// ```yaml
/// rules:
///   - vulnerability: CVE-2016-2183
///     component: openssl          # optional: a name, name@version, or a purl
///     reason: The device never negotiates 3DES (TLS configuration in TR-12).
///     expires: 2027-03-31
/// ```
///
/// A rule applies to the findings of its vulnerability (matched by id or alias) and, when given, its component. An
/// expired rule no longer applies and is reported.
public struct IgnoreRules: Sendable {
    public struct Rule: Sendable, Hashable, Codable {
        public var vulnerability: String
        public var component: String?
        public var reason: String
        /// `YYYY-MM-DD`; the rule applies through that day (UTC).
        public var expires: String
    }

    public var rules: [Rule]
    public var source: String

    /// Why a rules file cannot be used.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private struct File: Decodable {
        var rules: [Rule]
    }

    /// - Throws: ``Invalid`` naming the file and the rule for malformed YAML, a missing field, an empty reason or a
    ///   date that is not `YYYY-MM-DD`.
    public init(text: String, source: String) throws(Invalid) {
        let rules: [Rule]
        do {
            if let file = try? YAMLDecoder().decode(File.self, from: text) {
                rules = file.rules
            } else {
                rules = try YAMLDecoder().decode([Rule].self, from: text)
            }
        } catch {
            throw Invalid(
                description: "\(source): not a list of rules with vulnerability, reason and expires (\(error))")
        }
        for (index, rule) in rules.enumerated() {
            let label = "\(source): rule \(index + 1) (\(rule.vulnerability))"
            if rule.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw Invalid(description: "\(label): the reason is empty; say why the finding does not apply")
            }
            if Self.date(rule.expires) == nil {
                throw Invalid(description: "\(label): expires must be a date YYYY-MM-DD, not '\(rule.expires)'")
            }
        }
        self.rules = rules
        self.source = source
    }

    static func date(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard text.count == 10, let day = formatter.date(from: text) else { return nil }
        return day.addingTimeInterval(86_400)  // through the end of that day
    }

    /// Marks the findings the rules suppress; returns warnings for expired rules and rules that matched nothing.
    public func apply(to report: inout ScanReport, now: Date) -> [String] {
        var warnings: [String] = []
        for (index, rule) in rules.enumerated() {
            let reference = "\(source)#\(index + 1)"
            guard let end = Self.date(rule.expires), end > now else {
                warnings.append(
                    "\(reference): the rule for \(rule.vulnerability) expired on \(rule.expires); not applied")
                continue
            }
            var used = false
            for position in report.findings.indices {
                let finding = report.findings[position]
                guard finding.vulnerability == rule.vulnerability || finding.aliases.contains(rule.vulnerability),
                    rule.component.map({ Self.component($0, matches: finding.component) }) ?? true
                else { continue }
                used = true
                if report.findings[position].suppressed == nil {
                    report.findings[position].suppressed = .init(
                        reason: rule.reason, expires: rule.expires, rule: reference)
                }
            }
            if !used { warnings.append("\(reference): no finding matches the rule for \(rule.vulnerability)") }
        }
        report.recomputeSummary()
        return warnings
    }

    static func component(_ pattern: String, matches component: ScanReport.ComponentRef) -> Bool {
        if pattern.hasPrefix("pkg:") { return component.purl == pattern }
        if let at = pattern.firstIndex(of: "@") {
            return component.name == pattern[..<at] && component.version == String(pattern[pattern.index(after: at)...])
        }
        return component.name == pattern
    }
}
