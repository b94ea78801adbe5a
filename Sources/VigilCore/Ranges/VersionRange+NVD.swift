extension VersionRange {
    /// Builds the range of an NVD `cpeMatch` entry from its `versionStartIncluding`, `versionStartExcluding`,
    /// `versionEndIncluding` and `versionEndExcluding` fields (NVD CVE API 2.0).
    ///
    /// With no field set the range is universal: the criterion's own CPE version then decides, which the matcher
    /// handles. Use ``init(scheme:exactly:)`` for a CPE that names one version.
    ///
    /// ```swift
    /// let range = try VersionRange(scheme: UpstreamVersionScheme(), startIncluding: "1.0.1", endExcluding: "1.0.1h")
    /// range.versString   // "vers:generic/>=1.0.1|<1.0.1h"
    /// ```
    /// - Throws: ``VersionRangeError/Code/invalidConstraints`` if both a start-including and a start-excluding (or
    ///   both end) fields are set, ``VersionRangeError/Code/invalidVersion`` if a version does not parse.
    public init(
        scheme: some VersionScheme, startIncluding: String? = nil, startExcluding: String? = nil,
        endIncluding: String? = nil, endExcluding: String? = nil
    ) throws(VersionRangeError) {
        if startIncluding != nil && startExcluding != nil {
            throw VersionRangeError(.invalidConstraints, "versionStartIncluding and versionStartExcluding are both set")
        }
        if endIncluding != nil && endExcluding != nil {
            throw VersionRangeError(.invalidConstraints, "versionEndIncluding and versionEndExcluding are both set")
        }
        let lower = startIncluding.map(VersionBound.including) ?? startExcluding.map(VersionBound.excluding)
        let upper = endIncluding.map(VersionBound.including) ?? endExcluding.map(VersionBound.excluding)
        try self.init(scheme: scheme, intervals: [VersionInterval(lower: lower, upper: upper)])
    }

    /// The range holding exactly one version, as a CPE with a concrete version denotes.
    ///
    /// - Throws: ``VersionRangeError/Code/invalidVersion`` if the version does not parse.
    public init(scheme: some VersionScheme, exactly version: String) throws(VersionRangeError) {
        try self.init(scheme: scheme, intervals: [.exactly(version)])
    }
}
