/// Sorts, validates and merges intervals under one version scheme.
struct RangeNormaliser<Scheme: VersionScheme> {
    let scheme: Scheme

    init(_ scheme: Scheme) { self.scheme = scheme }

    private struct End {
        var value: Scheme.Version
        var inclusive: Bool
    }

    private struct Parsed {
        var interval: VersionInterval
        var lower: End?
        var upper: End?
    }

    func parse(_ version: String) throws(VersionRangeError) -> Scheme.Version {
        do {
            return try scheme.parse(version)
        } catch {
            throw VersionRangeError(.invalidVersion, "'\(version)' is not a valid \(scheme.id) version", cause: error)
        }
    }

    func normalise(
        _ intervals: [VersionInterval], excluded: [String]
    ) throws(VersionRangeError) -> (intervals: [VersionInterval], excluded: [String]) {
        var parsed: [Parsed] = []
        for interval in intervals {
            let entry = Parsed(interval: interval, lower: try end(interval.lower), upper: try end(interval.upper))
            if !isEmpty(entry) { parsed.append(entry) }
        }
        parsed.sort(by: lowerSortsFirst)
        var merged: [Parsed] = []
        for entry in parsed {
            guard var last = merged.last, overlapsOrTouches(last, entry) else {
                merged.append(entry)
                continue
            }
            if upperSortsLast(entry, last) {
                last.interval.upper = entry.interval.upper
                last.upper = entry.upper
            }
            merged[merged.count - 1] = last
        }
        var exclusions: [(String, Scheme.Version)] = []
        for version in excluded {
            let value = try parse(version)
            if !exclusions.contains(where: { $0.1 == value }) { exclusions.append((version, value)) }
        }
        exclusions.sort { $0.1 < $1.1 }
        return (merged.map(\.interval), exclusions.map(\.0))
    }

    private func end(_ bound: VersionBound?) throws(VersionRangeError) -> End? {
        guard let bound else { return nil }
        return End(value: try parse(bound.version), inclusive: bound.isInclusive)
    }

    private func isEmpty(_ entry: Parsed) -> Bool {
        guard let lower = entry.lower, let upper = entry.upper else { return false }
        if lower.value > upper.value { return true }
        return lower.value == upper.value && !(lower.inclusive && upper.inclusive)
    }

    private func lowerSortsFirst(_ a: Parsed, _ b: Parsed) -> Bool {
        guard let bLower = b.lower else { return false }
        guard let aLower = a.lower else { return true }
        if aLower.value != bLower.value { return aLower.value < bLower.value }
        return aLower.inclusive && !bLower.inclusive
    }

    /// Whether `a`'s upper end lies beyond `b`'s.
    private func upperSortsLast(_ a: Parsed, _ b: Parsed) -> Bool {
        guard let bUpper = b.upper else { return false }
        guard let aUpper = a.upper else { return true }
        if aUpper.value != bUpper.value { return aUpper.value > bUpper.value }
        return aUpper.inclusive && !bUpper.inclusive
    }

    /// Whether `next` (which starts no earlier than `current`) overlaps or adjoins `current` with no version between.
    private func overlapsOrTouches(_ current: Parsed, _ next: Parsed) -> Bool {
        guard let upper = current.upper, let lower = next.lower else { return true }
        if upper.value != lower.value { return upper.value > lower.value }
        return upper.inclusive || lower.inclusive
    }
}
