/// Byte-level ASCII classification shared by the version parsers, which work on UTF-8 bytes for speed.
enum ASCII {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 { isAlpha(byte) ? byte | 0x20 : byte }

    /// The value of a hexadecimal digit, or `nil` for any other byte (no signs, no spaces).
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Names a byte for an error message: `'x'`, `a space` or `byte 0x1B`.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x20 { return "a space" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Compares two runs of decimal digits by value, ignoring leading zeros, without overflow for any length.
    static func compareDigitRuns(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> VersionOrdering {
        let left = lhs.drop { $0 == 0x30 }
        let right = rhs.drop { $0 == 0x30 }
        if left.count != right.count { return left.count < right.count ? .less : .greater }
        for (a, b) in zip(left, right) where a != b {
            return a < b ? .less : .greater
        }
        return .equal
    }

    /// Compares two byte runs lexicographically (ASCII order), shorter first when one is a prefix of the other.
    static func compareBytes(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> VersionOrdering {
        for (a, b) in zip(lhs, rhs) where a != b {
            return a < b ? .less : .greater
        }
        return VersionOrdering(lhs.count, rhs.count)
    }
}
