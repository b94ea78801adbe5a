import ArgumentParser
import Foundation

/// The output formats commands offer with `--format`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Human-readable text.
    case text
    /// JSON with sorted keys: a stable, documented shape for scripts.
    case json
}

enum JSONOutput {
    /// Encodes a value as pretty-printed JSON with sorted keys, the shape every `--format json` uses.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
