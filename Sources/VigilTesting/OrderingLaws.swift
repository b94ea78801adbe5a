public import Testing
public import VigilCore

/// Checks the laws of a total order on a version scheme, as swift-collections' `checkComparable` does for types.
///
/// `sortedClasses` lists equivalence classes in ascending order: every version in a class must compare equal to the
/// others in it, and less than every version in a later class. From that the checker derives and verifies
/// reflexivity, antisymmetry, transitivity and consistency between `<`, `==` and ``VersionScheme/compare(_:_:)``.
///
/// ```swift
/// try checkOrderingLaws(DebianVersionScheme(), sortedClasses: [["1.0~rc1"], ["1.0", "0:1.0-0"], ["1.0-1"]])
/// ```
public func checkOrderingLaws<Scheme: VersionScheme>(
    _ scheme: Scheme, sortedClasses: [[String]], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let parsed = try sortedClasses.map { versions in try versions.map { try scheme.parse($0) } }
    for (i, leftClass) in parsed.enumerated() {
        for (j, rightClass) in parsed.enumerated() {
            for left in leftClass {
                for right in rightClass {
                    let expected: VersionOrdering = i < j ? .less : (i > j ? .greater : .equal)
                    let actual = VersionOrdering(left, right)
                    #expect(
                        actual == expected, "\(left) \(actual.symbol) \(right), expected \(expected.symbol)",
                        sourceLocation: sourceLocation)
                    #expect((left == right) == (expected == .equal), sourceLocation: sourceLocation)
                }
            }
        }
    }
}

/// Checks antisymmetry and transitivity of a scheme on three parsed versions.
///
/// - Antisymmetry: `compare(a, b)` is the reverse of `compare(b, a)`.
/// - Transitivity: `a ≤ b` and `b ≤ c` imply `a ≤ c`, with `a < c` when either step is strict.
public func checkOrderingLaws<Version: Comparable>(
    _ a: Version, _ b: Version, _ c: Version, sourceLocation: SourceLocation = #_sourceLocation
) {
    let ab = VersionOrdering(a, b)
    let bc = VersionOrdering(b, c)
    let ac = VersionOrdering(a, c)
    #expect(VersionOrdering(b, a) == ab.reversed, "antisymmetry: \(a) vs \(b)", sourceLocation: sourceLocation)
    #expect(VersionOrdering(a, a) == .equal, "reflexivity: \(a)", sourceLocation: sourceLocation)
    if ab != .greater && bc != .greater {
        let expected: VersionOrdering = (ab == .equal && bc == .equal) ? .equal : .less
        #expect(
            ac == expected, "transitivity: \(a) \(ab) \(b) \(bc) \(c) but \(a) \(ac) \(c)",
            sourceLocation: sourceLocation)
    }
    if ab != .less && bc != .less {
        let expected: VersionOrdering = (ab == .equal && bc == .equal) ? .equal : .greater
        #expect(
            ac == expected, "transitivity: \(a) \(ab) \(b) \(bc) \(c) but \(a) \(ac) \(c)",
            sourceLocation: sourceLocation)
    }
}

/// Checks that `lower` sorts strictly before `higher` under a scheme, in both argument orders.
public func expectAscending(
    _ scheme: some VersionScheme, _ lower: String, _ higher: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(try scheme.compare(lower, higher) == .less, "\(lower) < \(higher)", sourceLocation: sourceLocation)
    #expect(try scheme.compare(higher, lower) == .greater, "\(higher) > \(lower)", sourceLocation: sourceLocation)
}

/// Checks that a scheme rejects `input` with a ``VersionParseError`` of the given code (any code when `nil`).
public func expectParseError(
    _ scheme: some VersionScheme, _ input: String, _ code: VersionParseError.Code? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(sourceLocation: sourceLocation) {
        try scheme.validate(input)
    } throws: { error in
        guard let error = error as? VersionParseError else { return false }
        return code == nil || error.code == code
    }
}
