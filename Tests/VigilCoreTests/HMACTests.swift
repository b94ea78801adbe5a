import Testing
import VigilCore

/// HMAC-SHA256 against RFC 4231's test vectors, and the constant-time comparison.
@Suite struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    @Test(
        "RFC 4231 test cases 1, 2, 3, 6 and 7",
        arguments: [
            (
                String(repeating: "0b", count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                "4a656665", Array("what do ya want for nothing?".utf8),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                String(repeating: "aa", count: 20), [UInt8](repeating: 0xDD, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                String(repeating: "aa", count: 131),
                Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                String(repeating: "aa", count: 131),
                Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. The key "
                        + "needs to be hashed before being used by the HMAC algorithm.").utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ] as [(String, [UInt8], String)])
    func vectors(_ key: String, _ message: [UInt8], _ expected: String) {
        #expect(HMACSHA256.hex(for: message, key: Self.bytes(key)) == expected)
    }

    @Test func constantTimeComparison() {
        #expect(HMACSHA256.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!HMACSHA256.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!HMACSHA256.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(HMACSHA256.constantTimeEquals([UInt8](), [UInt8]()))
    }
}
