import Foundation

/// One test case of the purl specification's test suite (`shared/data/vectors/purl/*.json`, schema 0.2).
public struct PackageURLVector: Sendable, CustomStringConvertible {
    /// The decoded components of a purl, as the test files write them.
    public struct Components: Sendable, Equatable {
        public var type: String?
        public var namespace: String?
        public var name: String?
        public var version: String?
        public var qualifiers: [String: String]
        public var subpath: String?

        public init(
            type: String?, namespace: String?, name: String?, version: String?, qualifiers: [String: String],
            subpath: String?
        ) {
            self.type = type
            self.namespace = namespace
            self.name = name
            self.version = version
            self.qualifiers = qualifiers
            self.subpath = subpath
        }
    }

    /// What the test case exercises.
    public enum Kind: Sendable {
        /// Parse `input` into `expectedComponents`.
        case parse(input: String, expected: Components?)
        /// Build a canonical string from `input` components.
        case build(input: Components, expected: String?)
        /// Canonicalise `input` into the `expected` string.
        case validate(input: String, expected: String?)
    }

    public var file: String
    public var summary: String
    /// `required` (strict conformance) or `recommended` (lenient, corrective behaviour).
    public var group: String
    public var kind: Kind
    public var expectsFailure: Bool

    public var description: String { "\(file): \(group) \(summary)" }
}

/// Loads the purl specification test vectors.
public enum PackageURLVectors {
    /// Every vector of every file in `shared/data/vectors/purl`, or an empty list when the shared data is absent.
    public static func all() -> [PackageURLVector] {
        guard let directory = SharedData.url("vectors/purl"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.sorted().flatMap { file -> [PackageURLVector] in
            guard let data = try? Data(contentsOf: directory.appending(path: file)),
                let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let tests = root["tests"] as? [[String: Any]]
            else { return [] }
            return tests.compactMap { vector(from: $0, file: file) }
        }
    }

    private static func vector(from object: [String: Any], file: String) -> PackageURLVector? {
        let failure = object["expected_failure"] as? Bool ?? false
        let kind: PackageURLVector.Kind
        switch object["test_type"] as? String {
        case "parse":
            guard let input = object["input"] as? String else { return nil }
            kind = .parse(input: input, expected: components(object["expected_output"]))
        case "build":
            guard let input = components(object["input"]) else { return nil }
            kind = .build(input: input, expected: object["expected_output"] as? String)
        case "validate", "roundtrip":
            guard let input = object["input"] as? String else { return nil }
            kind = .validate(input: input, expected: object["expected_output"] as? String)
        default:
            return nil
        }
        return PackageURLVector(
            file: file, summary: object["description"] as? String ?? "", group: object["test_group"] as? String ?? "",
            kind: kind, expectsFailure: failure)
    }

    private static func components(_ value: Any?) -> PackageURLVector.Components? {
        guard let object = value as? [String: Any] else { return nil }
        return PackageURLVector.Components(
            type: object["type"] as? String, namespace: object["namespace"] as? String,
            name: object["name"] as? String, version: object["version"] as? String,
            qualifiers: object["qualifiers"] as? [String: String] ?? [:], subpath: object["subpath"] as? String)
    }
}
