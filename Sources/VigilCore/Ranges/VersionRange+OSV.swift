/// One event of an OSV `ranges[].events` list.
public enum OSVRangeEvent: Sendable, Hashable, Codable {
    /// The version that introduced the vulnerability; `"0"` means it was always present.
    case introduced(String)
    /// The first version that is no longer affected.
    case fixed(String)
    /// The last version known to be affected (when no fix exists, or the fix is not known).
    case lastAffected(String)
    /// An upper limit: versions at or above it are outside this range whatever the other events say.
    case limit(String)

    var version: String {
        switch self {
        case .introduced(let version), .fixed(let version), .lastAffected(let version), .limit(let version): version
        }
    }
}

extension VersionRange {
    /// Builds the range of an OSV `ECOSYSTEM` or `SEMVER` range from its events (OSV schema, "Evaluation").
    ///
    /// The events are sorted by version and read as a timeline: `introduced` opens an affected interval, `fixed`
    /// closes it before the fixed version, `last_affected` closes it after the named version. `introduced: "0"` opens
    /// at the beginning of time. `limit` events cap the whole range below the highest limit.
    ///
    /// ```swift
    /// let range = try VersionRange(scheme: RPMVersionScheme(), osvEvents: [.introduced("0"), .fixed("1:3.0.7-16.el9")])
    /// try range.contains("1:3.0.7-6.el9", using: RPMVersionScheme())   // true
    /// ```
    /// - Throws: ``VersionRangeError/Code/invalidVersion`` if an event's version does not parse.
    /// - Complexity: O(*n* log *n*) in the number of events.
    public init<Scheme: VersionScheme>(scheme: Scheme, osvEvents events: [OSVRangeEvent]) throws(VersionRangeError) {
        let normaliser = RangeNormaliser(scheme)
        var timeline: [(event: OSVRangeEvent, value: Scheme.Version?)] = []
        var limits: [(String, Scheme.Version)] = []
        for event in events {
            if case .limit(let version) = event {
                if version != "*" { limits.append((version, try normaliser.parse(version))) }
                continue
            }
            if case .introduced("0") = event {
                timeline.append((event, nil))
            } else {
                timeline.append((event, try normaliser.parse(event.version)))
            }
        }
        timeline.sort { left, right in
            guard let rightValue = right.value else { return false }
            guard let leftValue = left.value else { return true }
            return leftValue < rightValue
        }
        var intervals: [VersionInterval] = []
        var open: VersionBound?? = nil
        for (event, _) in timeline {
            switch event {
            case .introduced(let version) where open == nil:
                open = .some(version == "0" ? nil : .including(version))
            case .fixed(let version):
                if let lower = open { intervals.append(VersionInterval(lower: lower, upper: .excluding(version))) }
                open = nil
            case .lastAffected(let version):
                if let lower = open { intervals.append(VersionInterval(lower: lower, upper: .including(version))) }
                open = nil
            default:
                continue
            }
        }
        if let lower = open { intervals.append(VersionInterval(lower: lower)) }
        if let limit = limits.max(by: { $0.1 < $1.1 }) {
            intervals = Self.cap(intervals, below: limit.0, normaliser: normaliser)
        }
        try self.init(scheme: scheme, intervals: intervals)
    }

    private static func cap<Scheme: VersionScheme>(
        _ intervals: [VersionInterval], below limit: String, normaliser: RangeNormaliser<Scheme>
    ) -> [VersionInterval] {
        guard let limitValue = try? normaliser.parse(limit) else { return intervals }
        return intervals.compactMap { interval in
            var capped = interval
            if let lower = interval.lower, let value = try? normaliser.parse(lower.version), value >= limitValue {
                return nil
            }
            if let upper = interval.upper, let value = try? normaliser.parse(upper.version), value < limitValue {
                return capped
            }
            capped.upper = .excluding(limit)
            return capped
        }
    }
}
