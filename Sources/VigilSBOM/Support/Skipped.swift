/// A value read only to learn that it is there: decoding accepts any JSON or XML content and keeps none of it, so
/// a decoder can report a section the model does not carry without holding it in memory. Never encoded.
struct Skipped: Codable, Sendable {
    /// One more counted entry, for readers that count by hand (SPDX tag-value).
    init() {}

    init(from decoder: any Decoder) throws {}

    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(
            self, .init(codingPath: encoder.codingPath, debugDescription: "a skipped section is never written"))
    }
}
