/// rpm's `rpmvercmp`: the comparison of one version or release string.
///
/// Both strings are walked as segments of letters or of digits; anything else only separates. A `~` sorts before
/// everything, even the end of the string (`1.0~rc1` < `1.0`); a `^` sorts after the end but before anything else
/// (`1.0` < `1.0^git1` < `1.0.1`). A digit segment is newer than a letter segment; digit segments compare numerically,
/// letter segments by bytes. When one string runs out first, the other is newer.
///
/// - Complexity: O(*n*) in the length of the longer string; no allocation.
enum RPMOrdering {
    private static let tilde = UInt8(ascii: "~")
    private static let caret = UInt8(ascii: "^")

    static func compare(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> VersionOrdering {
        if lhs.elementsEqual(rhs) { return .equal }
        var one = lhs
        var two = rhs
        while !one.isEmpty || !two.isEmpty {
            one = one.drop { !ASCII.isAlphanumeric($0) && $0 != tilde && $0 != caret }
            two = two.drop { !ASCII.isAlphanumeric($0) && $0 != tilde && $0 != caret }
            if one.first == tilde || two.first == tilde {
                if one.first != tilde { return .greater }
                if two.first != tilde { return .less }
                one = one.dropFirst()
                two = two.dropFirst()
                continue
            }
            if one.first == caret || two.first == caret {
                if one.isEmpty { return .less }
                if two.isEmpty { return .greater }
                if one.first != caret { return .greater }
                if two.first != caret { return .less }
                one = one.dropFirst()
                two = two.dropFirst()
                continue
            }
            guard let first = one.first, !two.isEmpty else { break }
            let isNumber = ASCII.isDigit(first)
            let belongs: (UInt8) -> Bool = { isNumber ? ASCII.isDigit($0) : ASCII.isAlpha($0) }
            let segmentOne = one.prefix(while: belongs)
            let segmentTwo = two.prefix(while: belongs)
            if segmentTwo.isEmpty { return isNumber ? .greater : .less }
            let order =
                isNumber
                ? ASCII.compareDigitRuns(segmentOne, segmentTwo) : ASCII.compareBytes(segmentOne, segmentTwo)
            if order != .equal { return order }
            one = one.dropFirst(segmentOne.count)
            two = two.dropFirst(segmentTwo.count)
        }
        if one.isEmpty && two.isEmpty { return .equal }
        return one.isEmpty ? .less : .greater
    }
}
