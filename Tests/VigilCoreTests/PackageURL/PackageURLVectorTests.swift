import Testing
import VigilCore
import VigilTesting

/// The purl specification's own test suite, as shipped in `shared/data/vectors/purl`.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
struct PackageURLVectorTests {
    @Test func findsTheVectorFiles() {
        let files = Set(PackageURLVectors.all().map(\.file))
        #expect(
            files.isSuperset(of: [
                "specification-test.json", "deb-test.json", "rpm-test.json", "apk-test.json",
                "generic-test.json", "github-test.json", "yocto-test.json",
            ]))
    }

    @Test(arguments: PackageURLVectors.all())
    func passesTheSpecificationVector(_ vector: PackageURLVector) throws {
        let mode: PackageURL.ParsingMode = vector.group == "recommended" ? .lenient : .strict
        switch vector.kind {
        case .parse(let input, let expected):
            if vector.expectsFailure {
                #expect(throws: PackageURLError.self) { try PackageURL(parsing: input, mode: mode) }
            } else {
                let purl = try PackageURL(parsing: input, mode: mode)
                #expect(components(of: purl) == expected)
            }
        case .build(let input, let expected):
            if vector.expectsFailure {
                #expect(throws: PackageURLError.self) { try build(input) }
            } else {
                #expect(try build(input).canonicalString == expected)
            }
        case .validate(let input, let expected):
            if vector.expectsFailure {
                #expect(throws: PackageURLError.self) { try PackageURL(parsing: input, mode: mode) }
            } else {
                #expect(try PackageURL(parsing: input, mode: mode).canonicalString == expected)
            }
        }
    }

    private func build(_ input: PackageURLVector.Components) throws -> PackageURL {
        try PackageURL(
            type: input.type ?? "", namespace: input.namespace, name: input.name ?? "", version: input.version,
            qualifiers: input.qualifiers, subpath: input.subpath)
    }

    private func components(of purl: PackageURL) -> PackageURLVector.Components {
        PackageURLVector.Components(
            type: purl.type, namespace: purl.namespace, name: purl.name, version: purl.version,
            qualifiers: purl.qualifiers, subpath: purl.subpath)
    }
}
