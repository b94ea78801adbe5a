/// One event of an OSV `ranges[].events` list.
///
/// Codes as OSV writes it: `{"introduced": "0"}`, `{"fixed": "1.2.3"}`, `{"last_affected": "1.2"}`,
/// `{"limit": "2.0"}`.
public enum OSVRangeEvent: Sendable, Hashable {
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

    /// The order of events at the same version: an introduction comes before the fix or last-affected version it
    /// meets, so `introduced: 1.0, fixed: 1.0` is empty whatever the input order.
    var tieBreak: Int {
        switch self {
        case .introduced: 0
        case .lastAffected: 1
        case .fixed: 2
        case .limit: 3
        }
    }
}

extension OSVRangeEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case introduced, fixed, lastAffected = "last_affected", limit
    }

    /// Decodes an OSV event object, which holds exactly one of `introduced`, `fixed`, `last_affected`, `limit`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an OSV event holds exactly one of introduced, fixed, last_affected, limit"))
        }
        let version = try container.decode(String.self, forKey: key)
        switch key {
        case .introduced: self = .introduced(version)
        case .fixed: self = .fixed(version)
        case .lastAffected: self = .lastAffected(version)
        case .limit: self = .limit(version)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .introduced(let version): try container.encode(version, forKey: .introduced)
        case .fixed(let version): try container.encode(version, forKey: .fixed)
        case .lastAffected(let version): try container.encode(version, forKey: .lastAffected)
        case .limit(let version): try container.encode(version, forKey: .limit)
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
            switch (left.value, right.value) {
            case (nil, nil): return left.event.tieBreak < right.event.tieBreak
            case (nil, _): return true
            case (_, nil): return false
            case (let leftValue?, let rightValue?):
                if leftValue != rightValue { return leftValue < rightValue }
                return left.event.tieBreak < right.event.tieBreak
            }
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
