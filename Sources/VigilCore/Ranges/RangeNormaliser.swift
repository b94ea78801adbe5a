/// Validates, sorts and merges intervals and exclusions under one version scheme, and writes their canonical VERS
/// constraints.
struct RangeNormaliser<Scheme: VersionScheme> {
    let scheme: Scheme

    init(_ scheme: Scheme) { self.scheme = scheme }

    /// The result: merged intervals, the exclusions that fall inside them, and the VERS constraints in version order.
    struct Normalised {
        var intervals: [VersionInterval]
        var excluded: [String]
        var constraints: [String]
    }

    private struct End {
        var raw: String
        var value: Scheme.Version
        var inclusive: Bool
    }

    private struct Parsed {
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

    func normalise(_ intervals: [VersionInterval], excluded: [String]) throws(VersionRangeError) -> Normalised {
        var parsed: [Parsed] = []
        for interval in intervals {
            let entry = Parsed(lower: try end(interval.lower), upper: try end(interval.upper))
            if !isEmpty(entry) { parsed.append(entry) }
        }
        parsed.sort(by: lowerSortsFirst)
        var merged: [Parsed] = []
        for entry in parsed {
            guard var last = merged.last, overlapsOrTouches(last, entry) else {
                merged.append(entry)
                continue
            }
            if upperSortsLast(entry, last) { last.upper = entry.upper }
            merged[merged.count - 1] = last
        }
        var exclusions: [End] = []
        for version in excluded { exclusions.append(End(raw: version, value: try parse(version), inclusive: true)) }
        exclusions.sort { $0.value < $1.value }
        let kept = fold(exclusions, into: &merged)
        return Normalised(
            intervals: merged.map { VersionInterval(lower: bound($0.lower), upper: bound($0.upper)) },
            excluded: kept.map(\.raw), constraints: constraints(merged, kept))
    }

    /// Drops exclusions outside every interval, turns those at an inclusive end into an exclusive end (removing a
    /// single-version interval), and returns the ones that remain strictly inside an interval.
    private func fold(_ exclusions: [End], into intervals: inout [Parsed]) -> [End] {
        var kept: [End] = []
        var previous: Scheme.Version?
        for exclusion in exclusions {
            defer { previous = exclusion.value }
            if let previous, previous == exclusion.value { continue }
            guard let index = intervalIndex(containing: exclusion.value, in: intervals) else { continue }
            var interval = intervals[index]
            if let lower = interval.lower, let upper = interval.upper, lower.value == upper.value {
                intervals.remove(at: index)
                continue
            }
            if interval.lower?.value == exclusion.value {
                interval.lower?.inclusive = false
            } else if interval.upper?.value == exclusion.value {
                interval.upper?.inclusive = false
            } else {
                kept.append(exclusion)
            }
            intervals[index] = interval
        }
        return kept
    }

    /// The VERS constraints of the intervals and exclusions, merged in version order.
    private func constraints(_ intervals: [Parsed], _ exclusions: [End]) -> [String] {
        var items: [(value: Scheme.Version, text: String)] = []
        for interval in intervals {
            if let lower = interval.lower, let upper = interval.upper, lower.value == upper.value {
                items.append((lower.value, VersConstraint.encode(lower.raw)))
                continue
            }
            if let lower = interval.lower {
                items.append((lower.value, (lower.inclusive ? ">=" : ">") + VersConstraint.encode(lower.raw)))
            }
            if let upper = interval.upper {
                items.append((upper.value, (upper.inclusive ? "<=" : "<") + VersConstraint.encode(upper.raw)))
            }
        }
        var result: [String] = []
        var next = exclusions.startIndex
        for item in items {
            while next < exclusions.endIndex && exclusions[next].value < item.value {
                result.append("!=" + VersConstraint.encode(exclusions[next].raw))
                next += 1
            }
            result.append(item.text)
        }
        result += exclusions[next...].map { "!=" + VersConstraint.encode($0.raw) }
        return result
    }

    private func end(_ bound: VersionBound?) throws(VersionRangeError) -> End? {
        guard let bound else { return nil }
        return End(raw: bound.version, value: try parse(bound.version), inclusive: bound.isInclusive)
    }

    private func bound(_ end: End?) -> VersionBound? {
        end.map { VersionBound($0.raw, inclusive: $0.inclusive) }
    }

    /// The interval holding a value, found by binary search over the sorted, disjoint intervals.
    private func intervalIndex(containing value: Scheme.Version, in intervals: [Parsed]) -> Int? {
        var low = 0
        var high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if let upper = intervals[middle].upper, upper.value < value || (upper.value == value && !upper.inclusive) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < intervals.count && contains(intervals[low], value) ? low : nil
    }

    private func contains(_ interval: Parsed, _ value: Scheme.Version) -> Bool {
        if let lower = interval.lower, value < lower.value || (value == lower.value && !lower.inclusive) {
            return false
        }
        if let upper = interval.upper, value > upper.value || (value == upper.value && !upper.inclusive) {
            return false
        }
        return true
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
