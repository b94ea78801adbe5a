/// dpkg's `verrevcmp`: the comparison of one upstream version or revision string.
///
/// The string is walked as alternating non-digit and digit runs. Non-digit runs compare character by character with
/// `~` before everything (even the end of the string), then the end, then letters, then other characters. Digit runs
/// compare numerically. This is what makes `1.0~rc1 < 1.0 < 1.0a < 1.0+b1`.
///
/// - Complexity: O(*n*) in the length of the longer string; no allocation.
enum DpkgOrdering {
    @inline(__always) private static func weight(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if ASCII.isDigit(byte) { return 0 }
        if ASCII.isAlpha(byte) { return Int(byte) }
        if byte == UInt8(ascii: "~") { return -1 }
        return Int(byte) + 256
    }

    static func compare(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> VersionOrdering {
        var i = lhs.startIndex
        var j = rhs.startIndex
        let iEnd = lhs.endIndex
        let jEnd = rhs.endIndex
        while i < iEnd || j < jEnd {
            // Non-digit prefix.
            while (i < iEnd && !ASCII.isDigit(lhs[i])) || (j < jEnd && !ASCII.isDigit(rhs[j])) {
                let a = weight(i < iEnd ? lhs[i] : nil)
                let b = weight(j < jEnd ? rhs[j] : nil)
                if a != b { return a < b ? .less : .greater }
                i += 1
                j += 1
            }
            // Digit run, compared numerically.
            while i < iEnd && lhs[i] == UInt8(ascii: "0") { i += 1 }
            while j < jEnd && rhs[j] == UInt8(ascii: "0") { j += 1 }
            var firstDifference = 0
            while i < iEnd && j < jEnd && ASCII.isDigit(lhs[i]) && ASCII.isDigit(rhs[j]) {
                if firstDifference == 0 { firstDifference = Int(lhs[i]) - Int(rhs[j]) }
                i += 1
                j += 1
            }
            if i < iEnd && ASCII.isDigit(lhs[i]) { return .greater }
            if j < jEnd && ASCII.isDigit(rhs[j]) { return .less }
            if firstDifference != 0 { return VersionOrdering(sign: firstDifference) }
        }
        return .equal
    }
}
