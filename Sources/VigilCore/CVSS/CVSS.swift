/// A CVSS vector and its scores, for versions 2.0, 3.0, 3.1 and 4.0: the FIRST specifications' formulas, lookup
/// tables and rounding, checked against every score given with a vector in the shared data.
///
/// ```swift
/// let cvss = try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
/// cvss.baseScore  // 9.8
/// cvss.severity   // "CRITICAL"
/// ```
public struct CVSSVector: Sendable, Hashable, CustomStringConvertible {
    /// `2.0`, `3.0`, `3.1`, `4.0`.
    public let version: String
    /// The metrics as written, by abbreviation (`AV` → `N`).
    public let metrics: [String: String]
    /// The vector as given.
    public let description: String

    /// The metrics each version requires, in the specification's order.
    static let baseMetrics: [String: [String]] = [
        "2.0": ["AV", "AC", "Au", "C", "I", "A"],
        "3.0": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
        "3.1": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
        "4.0": version4Base,
    ]

    /// Every metric a version knows, with its values (base, temporal, environmental).
    static let allowed: [String: [String: Set<String>]] = {
        let v3: [String: Set<String>] = [
            "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "PR": ["N", "L", "H"], "UI": ["N", "R"], "S": ["U", "C"],
            "C": ["H", "L", "N"], "I": ["H", "L", "N"], "A": ["H", "L", "N"],
            "E": ["X", "H", "F", "P", "U"], "RL": ["X", "U", "W", "T", "O"], "RC": ["X", "C", "R", "U"],
            "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
            "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MPR": ["X", "N", "L", "H"],
            "MUI": ["X", "N", "R"], "MS": ["X", "U", "C"], "MC": ["X", "H", "L", "N"], "MI": ["X", "H", "L", "N"],
            "MA": ["X", "H", "L", "N"],
        ]
        let v2: [String: Set<String>] = [
            "AV": ["L", "A", "N"], "AC": ["H", "M", "L"], "Au": ["M", "S", "N"], "C": ["N", "P", "C"],
            "I": ["N", "P", "C"], "A": ["N", "P", "C"], "E": ["U", "POC", "F", "H", "ND"],
            "RL": ["OF", "TF", "W", "U", "ND"], "RC": ["UC", "UR", "C", "ND"],
            "CDP": ["N", "L", "LM", "MH", "H", "ND"],
            "TD": ["N", "L", "M", "H", "ND"], "CR": ["L", "M", "H", "ND"], "IR": ["L", "M", "H", "ND"],
            "AR": ["L", "M", "H", "ND"],
        ]
        return ["2.0": v2, "3.0": v3, "3.1": v3, "4.0": version4Metrics]
    }()

    /// Parses a vector: `CVSS:4.0/…`, `CVSS:3.1/…` or `CVSS:3.0/…`, or a version 2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, also in
    /// parentheses or with a `CVSS:2.0/` prefix). Every base metric must be given once; other metrics must be the
    /// version's.
    public init(_ text: String) throws(CVSSError) {
        guard text.utf8.count <= 512 else { throw CVSSError("a CVSS vector is at most 512 bytes", vector: text) }
        var body = Substring(text)
        if body.hasPrefix("("), body.hasSuffix(")") { body = body.dropFirst().dropLast() }
        let version: String
        if body.hasPrefix("CVSS:") {
            guard let slash = body.firstIndex(of: "/") else {
                throw CVSSError("no metrics after the version", vector: text)
            }
            version = String(body[body.index(body.startIndex, offsetBy: 5)..<slash])
            body = body[body.index(after: slash)...]
        } else {
            version = "2.0"
        }
        guard let required = Self.baseMetrics[version], let known = Self.allowed[version] else {
            throw CVSSError(
                "CVSS \(version) is not a version this calculator knows (2.0, 3.0, 3.1, 4.0)", vector: text)
        }
        var metrics: [String: String] = [:]
        for part in body.split(separator: "/", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw CVSSError("'\(part)' is not METRIC:VALUE", vector: text) }
            let (name, value) = (String(pair[0]), String(pair[1]))
            guard let values = known[name] else {
                throw CVSSError("'\(name)' is not a CVSS \(version) metric", vector: text)
            }
            guard values.contains(value) else {
                throw CVSSError(
                    "'\(value)' is not a value of \(name) (\(values.sorted().joined(separator: ", ")))", vector: text)
            }
            guard metrics.updateValue(value, forKey: name) == nil else {
                throw CVSSError("\(name) is given twice", vector: text)
            }
        }
        let missing = required.filter { metrics[$0] == nil }
        guard missing.isEmpty else {
            throw CVSSError("the base metrics \(missing.joined(separator: ", ")) are missing", vector: text)
        }
        self.version = version
        self.metrics = metrics
        description = text
    }

    /// The base score, 0.0–10.0, rounded as the version specifies (for 4.0, CVSS-B: the base metrics only).
    public var baseScore: Double {
        switch version {
        case "2.0": baseScore2
        case "4.0": score4(threatAndEnvironment: false)
        default: baseScore3
        }
    }

    /// The score of everything the vector gives: for 4.0 its threat and environmental metrics too (CVSS-BT, -BE,
    /// -BTE); for 3.x the environmental score when it has environmental metrics, else the temporal score when it has
    /// temporal ones, else the base score; for 2.0 the base score.
    public var score: Double {
        switch version {
        case "4.0": return score4(threatAndEnvironment: true)
        case "2.0": return baseScore2
        default:
            if metrics.keys.contains(where: { Self.environmental3.contains($0) }) { return environmentalScore3 }
            if metrics.keys.contains(where: { ["E", "RL", "RC"].contains($0) }) { return temporalScore ?? baseScore3 }
            return baseScore3
        }
    }

    /// The environmental score of a version 3 vector with environmental metrics (the modified base metrics and the
    /// security requirements), nil otherwise.
    public var environmentalScore: Double? {
        guard version.hasPrefix("3"), metrics.keys.contains(where: { Self.environmental3.contains($0) }) else {
            return nil
        }
        return environmentalScore3
    }

    /// A version 4 score's name for what it includes: `CVSS-B`, `CVSS-BT`, `CVSS-BE` or `CVSS-BTE`; nil for other
    /// versions.
    public var nomenclature: String? {
        guard version == "4.0" else { return nil }
        let threat = metrics["E"].map { $0 != "X" } ?? false
        let environment =
            ["CR", "IR", "AR"].contains { metrics[$0].map { $0 != "X" } ?? false }
            || Self.version4Base.contains { metrics["M" + $0].map { $0 != "X" } ?? false }
        return "CVSS-B" + (threat ? "T" : "") + (environment ? "E" : "")
    }

    /// The qualitative rating of ``score``.
    public var scoreSeverity: String { Self.rating(score, version: version) }

    /// The vector with metrics set or replaced (environmental metrics from a device context: `MAV:L`, `CR:H`);
    /// the result is checked as a parsed vector is.
    public func with(_ changes: [String: String]) throws(CVSSError) -> CVSSVector {
        var merged = metrics
        for (name, value) in changes { merged[name] = value }
        let order = Self.order[version] ?? []
        let names = order.filter { merged[$0] != nil } + merged.keys.filter { !order.contains($0) }.sorted()
        let body = names.map { "\($0):\(merged[$0]!)" }.joined(separator: "/")
        return try CVSSVector(version == "2.0" ? body : "CVSS:\(version)/" + body)
    }

    /// Metrics in the specifications' order, for writing vectors.
    static let order: [String: [String]] = {
        let v3 = [
            "AV", "AC", "PR", "UI", "S", "C", "I", "A", "E", "RL", "RC", "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI",
            "MS", "MC", "MI", "MA",
        ]
        let v4 =
            version4Base + [
                "E", "CR", "IR", "AR", "MAV", "MAC", "MAT", "MPR", "MUI", "MVC", "MVI", "MVA", "MSC", "MSI", "MSA", "S",
                "AU", "R", "V", "RE", "U",
            ]
        let v2 = ["AV", "AC", "Au", "C", "I", "A", "E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"]
        return ["2.0": v2, "3.0": v3, "3.1": v3, "4.0": v4]
    }()

    /// The qualitative rating of the base score: `NONE`, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL` (version 2 has no
    /// `NONE` or `CRITICAL`: 0.0–3.9 is `LOW`, 7.0–10.0 `HIGH`).
    public var severity: String { Self.rating(baseScore, version: version) }

    static func rating(_ score: Double, version: String) -> String {
        if version == "2.0" { return score < 4 ? "LOW" : score < 7 ? "MEDIUM" : "HIGH" }
        switch score {
        case 0: return "NONE"
        case ..<4: return "LOW"
        case ..<7: return "MEDIUM"
        case ..<9: return "HIGH"
        default: return "CRITICAL"
        }
    }

    /// The temporal score of a version 3 vector (exploit code maturity, remediation level, report confidence; an
    /// absent or `X` metric counts as 1), nil for versions 2 and 4.
    public var temporalScore: Double? {
        guard version.hasPrefix("3") else { return nil }
        let maturity: Double = ["H": 1, "F": 0.97, "P": 0.94, "U": 0.91][metrics["E"] ?? "X"] ?? 1
        let remediation: Double = ["U": 1, "W": 0.97, "T": 0.96, "O": 0.95][metrics["RL"] ?? "X"] ?? 1
        let confidence: Double = ["C": 1, "R": 0.96, "U": 0.92][metrics["RC"] ?? "X"] ?? 1
        let raw = baseScore * maturity * remediation * confidence
        return version == "3.1" ? Self.roundUp31(raw) : Self.roundUp30(raw)
    }

    // MARK: Version 3

    private var baseScore3: Double {
        let changed = metrics["S"] == "C"
        let weight: [String: Double] = ["H": 0.56, "L": 0.22, "N": 0]
        let confidentiality = weight[metrics["C"]!]!
        let integrity = weight[metrics["I"]!]!
        let availability = weight[metrics["A"]!]!
        let iss = 1 - (1 - confidentiality) * (1 - integrity) * (1 - availability)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02) : 6.42 * iss
        let attackVector: Double = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metrics["AV"]!]!
        let complexity: Double = metrics["AC"] == "L" ? 0.77 : 0.44
        let privileges: Double =
            switch metrics["PR"]! {
            case "N": 0.85
            case "L": changed ? 0.68 : 0.62
            default: changed ? 0.5 : 0.27
            }
        let interaction: Double = metrics["UI"] == "N" ? 0.85 : 0.62
        let exploitability = 8.22 * attackVector * complexity * privileges * interaction
        guard impact > 0 else { return 0 }
        let raw = changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        return version == "3.1" ? Self.roundUp31(raw) : Self.roundUp30(raw)
    }

    static let environmental3: Set<String> = ["CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"]

    /// CVSS 3.x's environmental score (§7.3): the modified base metrics (an absent or `X` one is the base metric),
    /// the security requirements (`CR`, `IR`, `AR`: H 1.5, M 1, L 0.5), and the temporal metrics.
    private var environmentalScore3: Double {
        func metric(_ name: String) -> String {
            if let modified = metrics["M" + name], modified != "X" { return modified }
            return metrics[name]!
        }
        let requirement: [String: Double] = ["H": 1.5, "M": 1, "L": 0.5, "X": 1]
        let weight: [String: Double] = ["H": 0.56, "L": 0.22, "N": 0]
        let changed = metric("S") == "C"
        let c: Double = 1 - requirement[metrics["CR"] ?? "X"]! * weight[metric("C")]!
        let i: Double = 1 - requirement[metrics["IR"] ?? "X"]! * weight[metric("I")]!
        let a: Double = 1 - requirement[metrics["AR"] ?? "X"]! * weight[metric("A")]!
        let miss = min(1 - c * i * a, 0.915)
        let tail: Double = version == "3.1" ? pow13(miss * 0.9731 - 0.02) : pow15(miss - 0.02)
        let impact: Double = changed ? 7.52 * (miss - 0.029) - 3.25 * tail : 6.42 * miss
        let attackVector: Double = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metric("AV")]!
        let complexity: Double = metric("AC") == "L" ? 0.77 : 0.44
        let privileges: Double =
            switch metric("PR") {
            case "N": 0.85
            case "L": changed ? 0.68 : 0.62
            default: changed ? 0.5 : 0.27
            }
        let interaction: Double = metric("UI") == "N" ? 0.85 : 0.62
        let exploitability = 8.22 * attackVector * complexity * privileges * interaction
        guard impact > 0 else { return 0 }
        let is31 = version == "3.1"
        func round(_ value: Double) -> Double { is31 ? Self.roundUp31(value) : Self.roundUp30(value) }
        let maturity: Double = ["H": 1, "F": 0.97, "P": 0.94, "U": 0.91][metrics["E"] ?? "X"] ?? 1
        let remediation: Double = ["U": 1, "W": 0.97, "T": 0.96, "O": 0.95][metrics["RL"] ?? "X"] ?? 1
        let confidence: Double = ["C": 1, "R": 0.96, "U": 0.92][metrics["RC"] ?? "X"] ?? 1
        let inner = round(changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10))
        return round(inner * maturity * remediation * confidence)
    }

    /// (x)^13 without Foundation.
    private func pow13(_ value: Double) -> Double {
        var result = 1.0
        for _ in 0..<13 { result *= value }
        return result
    }

    /// (x)^15 without Foundation.
    private func pow15(_ value: Double) -> Double {
        var result = 1.0
        for _ in 0..<15 { result *= value }
        return result
    }

    /// CVSS 3.1's Roundup: the smallest one-decimal number not below the input, computed on integers so that
    /// floating-point noise (4.000000000000001) does not round up.
    static func roundUp31(_ value: Double) -> Double {
        let integer = Int((value * 100_000).rounded())
        if integer % 10_000 == 0 { return Double(integer) / 100_000 }
        return Double(integer / 10_000 + 1) / 10
    }

    /// CVSS 3.0's Roundup: the smallest one-decimal number not below the input — of the exact value, which
    /// floating point only approximates (2.2 × 0.97 × … must not round up from 2.2000000000000002): as 3.1's.
    static func roundUp30(_ value: Double) -> Double { roundUp31(value) }

    // MARK: Version 2

    private var baseScore2: Double {
        let weight: [String: Double] = ["N": 0, "P": 0.275, "C": 0.660]
        let impact =
            10.41 * (1 - (1 - weight[metrics["C"]!]!) * (1 - weight[metrics["I"]!]!) * (1 - weight[metrics["A"]!]!))
        let attackVector: Double = ["L": 0.395, "A": 0.646, "N": 1.0][metrics["AV"]!]!
        let complexity: Double = ["H": 0.35, "M": 0.61, "L": 0.71][metrics["AC"]!]!
        let authentication: Double = ["M": 0.45, "S": 0.56, "N": 0.704][metrics["Au"]!]!
        let exploitability = 20 * attackVector * complexity * authentication
        guard impact > 0 else { return 0 }  // not -0.0
        let raw = (0.6 * impact + 0.4 * exploitability - 1.5) * 1.176
        return (raw * 10).rounded(.toNearestOrAwayFromZero) / 10
    }
}

/// Why a CVSS vector cannot be scored.
public struct CVSSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var vector: String

    public init(_ message: String, vector: String) {
        self.message = message
        self.vector = String(vector.prefix(120))
    }

    public var description: String { "\(message): \(vector)" }
}
