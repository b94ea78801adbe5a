import Foundation
public import VigilCore

/// One line of a version vector file: `A < B`, `A = B` or `A > B`.
public struct VersionVector: Sendable, CustomStringConvertible {
    public var lhs: String
    public var rhs: String
    public var expected: VersionOrdering
    /// Where the line came from, for failure messages: `debian-versions.txt:12`.
    public var location: String

    public var description: String { "\(location): \(lhs) \(expected.symbol) \(rhs)" }
}

/// Reads the version comparison vectors in `shared/data/vectors`.
public enum VersionVectors {
    /// Parses vector lines; blank lines and `//` or `#` comments are skipped.
    ///
    /// - Throws: `VectorFormatError` for a line that is not `A op B`.
    public static func parse(_ text: String, name: String) throws -> [VersionVector] {
        var vectors: [VersionVector] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("//") || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 3, let ordering = ordering(parts[1]) else {
                throw VectorFormatError(location: "\(name):\(index + 1)", line: line)
            }
            vectors.append(
                VersionVector(
                    lhs: String(parts[0]), rhs: String(parts[2]), expected: ordering,
                    location: "\(name):\(index + 1)"))
        }
        return vectors
    }

    /// Loads a vector file from `shared/data/vectors`, or returns `nil` when the shared data is absent.
    public static func load(_ fileName: String) throws -> [VersionVector]? {
        guard let url = SharedData.url("vectors/\(fileName)") else { return nil }
        return try parse(String(contentsOf: url, encoding: .utf8), name: fileName)
    }

    private static func ordering(_ symbol: Substring) -> VersionOrdering? {
        switch symbol {
        case "<": .less
        case "=", "==": .equal
        case ">": .greater
        default: nil
        }
    }
}

/// A vector file line that is not `A op B`.
public struct VectorFormatError: Error, CustomStringConvertible {
    public var location: String
    public var line: String
    public var description: String { "\(location): not a version vector: \(line)" }
}
