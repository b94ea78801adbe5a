/// How urgently a finding needs work: a score from 0 to 100 and a tier, from its (context) CVSS score, whether it is
/// known to be exploited (listed in CISA's KEV catalogue), the probability it will be (EPSS), and the harm to a
/// patient a compromise can cause.
///
/// `score = 100 × (0.45 × cvss/10 + 0.30 × exploitation + 0.25 × safety)`, where exploitation is 1 when exploited,
/// else the EPSS probability (0 when unknown), and safety is 0.2, 0.4, 0.6, 0.8, 1.0 for negligible … catastrophic
/// (0.6 without a device context). Tier `P1` (act now) for an exploited vulnerability with a critical or
/// catastrophic safety impact, or a score of 70 or more; `P2` from 50; `P3` from 30; else `P4`. A finding without any
/// CVSS score counts as 5.0, the middle of the scale, and says so.
public struct Priority: Sendable, Hashable, Codable, Comparable {
    public var score: Double
    /// `P1` … `P4`.
    public var tier: String
    /// What went into it, readable: `CVSS 9.8 (context 7.1), KEV, EPSS 0.94, safety critical`.
    public var basis: String

    public init(score: Double, tier: String, basis: String) {
        self.score = score
        self.tier = tier
        self.basis = basis
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.score < rhs.score }

    /// The priority of one finding.
    public static func of(
        cvss: Double?, contextScore: Double?, exploited: Bool, epss: Double?,
        safety: DeviceContextProfile.SafetyImpact?
    ) -> Priority {
        let severity = contextScore ?? cvss ?? 5
        let exploitation = exploited ? 1 : min(max(epss ?? 0, 0), 1)
        let safetyWeight: Double =
            switch safety {
            case .negligible: 0.2
            case .minor: 0.4
            case .serious, nil: 0.6
            case .critical: 0.8
            case .catastrophic: 1.0
            }
        let raw = 100 * (0.45 * severity / 10 + 0.30 * exploitation + 0.25 * safetyWeight)
        let score = (raw * 10).rounded() / 10
        let tier =
            (exploited && (safety ?? .serious) >= .critical) || score >= 70
            ? "P1" : score >= 50 ? "P2" : score >= 30 ? "P3" : "P4"
        var basis: [String] = []
        switch (cvss, contextScore) {
        case (let base?, let context?): basis.append("CVSS \(base) (context \(context))")
        case (let base?, nil): basis.append("CVSS \(base)")
        case (nil, _): basis.append("no CVSS score (counted as 5.0)")
        }
        if exploited { basis.append("KEV") }
        if let epss, !exploited { basis.append("EPSS \(epss)") }
        basis.append("safety \(safety?.rawValue ?? "unknown")")
        return Priority(score: score, tier: tier, basis: basis.joined(separator: ", "))
    }
}
