/// Percent-encoding as the purl specification defines it (RFC 3986 §2.1 mechanism, purl's own allowed set).
enum PercentEncoding {
    /// Encodes every byte except letters, digits, `.-_~` and `:` (which a purl never encodes).
    ///
    /// - Complexity: O(*n*).
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if ASCII.isAlphanumeric(byte) || unreserved.contains(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XX` escapes.
    ///
    /// - Throws: `.invalidPercentEncoding` for a `%` not followed by two hexadecimal digits, or bytes that are not UTF-8.
    static func decode(_ text: Substring, input: String) throws(PackageURLError) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue)
            else {
                throw PackageURLError(
                    .invalidPercentEncoding, "'%' must be followed by two hexadecimal digits", input: input)
            }
            output.append(high << 4 | low)
        }
        guard let decoded = String(validating: output, as: UTF8.self) else {
            throw PackageURLError(.invalidPercentEncoding, "percent-decoded bytes are not valid UTF-8", input: input)
        }
        return decoded
    }

    private static let unreserved: Set<UInt8> = [
        UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"),
    ]
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
