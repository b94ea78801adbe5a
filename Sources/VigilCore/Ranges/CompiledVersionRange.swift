/// A ``VersionRange`` with every bound parsed under its scheme: the form matchers use to test many versions.
///
/// ```swift
/// let compiled = try range.compiled(using: DebianVersionScheme())
/// let affected = try packages.filter { try compiled.contains($0.version) }
/// ```
public struct CompiledVersionRange<Scheme: VersionScheme>: Sendable {
    struct End: Sendable {
        var value: Scheme.Version
        var inclusive: Bool
    }

    struct Interval: Sendable {
        var lower: End?
        var upper: End?
    }

    /// The range this was compiled from.
    public let range: VersionRange
    /// The scheme that orders the versions.
    public let scheme: Scheme
    let intervals: [Interval]
    let excluded: [Scheme.Version]

    init(_ range: VersionRange, scheme: Scheme) throws(VersionRangeError) {
        let normaliser = RangeNormaliser(scheme)
        var intervals: [Interval] = []
        for interval in range.intervals {
            intervals.append(
                Interval(
                    lower: try Self.end(interval.lower, normaliser), upper: try Self.end(interval.upper, normaliser)))
        }
        var excluded: [Scheme.Version] = []
        for version in range.excluded { excluded.append(try normaliser.parse(version)) }
        self.range = range
        self.scheme = scheme
        self.intervals = intervals
        self.excluded = excluded
    }

    private static func end(
        _ bound: VersionBound?, _ normaliser: RangeNormaliser<Scheme>
    ) throws(VersionRangeError)
        -> End?
    {
        guard let bound else { return nil }
        return End(value: try normaliser.parse(bound.version), inclusive: bound.isInclusive)
    }

    /// Tests a parsed version.
    ///
    /// - Complexity: O(log *n*) in the number of intervals, plus O(*m*) in the number of exclusions.
    public func contains(_ version: Scheme.Version) -> Bool {
        var low = 0
        var high = intervals.count
        while low < high {  // the first interval whose upper end is not below the version
            let middle = (low + high) / 2
            if isBelow(intervals[middle].upper, version) { low = middle + 1 } else { high = middle }
        }
        guard low < intervals.count, !isAbove(intervals[low].lower, version) else { return false }
        return !excluded.contains(version)
    }

    /// Parses and tests a raw version.
    ///
    /// - Throws: ``VersionRangeError/Code/invalidVersion`` if the version does not parse.
    public func contains(_ version: String) throws(VersionRangeError) -> Bool {
        do {
            return contains(try scheme.parse(version))
        } catch {
            throw VersionRangeError(
                .invalidVersion, "'\(version)' is not a valid \(scheme.id) version", input: range.versString,
                cause: error)
        }
    }

    /// Whether the interval's upper end lies below the version.
    private func isBelow(_ upper: End?, _ version: Scheme.Version) -> Bool {
        guard let upper else { return false }
        return upper.value < version || (upper.value == version && !upper.inclusive)
    }

    /// Whether the interval's lower end lies above the version.
    private func isAbove(_ lower: End?, _ version: Scheme.Version) -> Bool {
        guard let lower else { return false }
        return version < lower.value || (version == lower.value && !lower.inclusive)
    }
}
