import PropertyBased
import Testing
import VigilCore
import VigilTesting

@Suite struct SemVerSchemeTests {
    let scheme = SemVerScheme()

    // SemVer 2.0.0 §11's own example chain.
    @Test func ordersTheSpecificationsPrecedenceExample() throws {
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
        ]
        try checkOrderingLaws(scheme, sortedClasses: chain.map { [$0] })
    }

    @Test func exposesCorePreReleaseAndBuild() throws {
        let version = try scheme.parse("v1.2.3-rc.1+build.5")
        #expect(version.core == ["1", "2", "3"])
        #expect(version.preRelease == [.alphanumeric("rc"), .numeric("1")])
        #expect(version.build == ["build", "5"])
    }

    @Test(arguments: [
        ("1.2", "1.2.0"), ("1", "1.0.0"), ("1.2.3+a", "1.2.3+b"), ("01.2.3", "1.2.3"), ("V1.0.0", "1.0.0"),
        ("1.1.3.4", "1.1.3.5"),
        ("1.1.3.4-rc.1", "1.1.3-rc.1"),
    ])
    func acceptsTheDocumentedLeniencies(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
    }

    @Test(arguments: ["", "v", "1..2", "1.2.3-", "1.2.3-a..b", "1.2.3+", "1.2.x", "1.2.3-é", "-1.0", "1.0 ", "a.b.c"])
    func rejectsInvalidVersionsWithATypedError(input: String) {
        expectParseError(scheme, input)
    }
}

@Suite(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
struct SemVerVectorTests {
    let scheme = SemVerScheme()

    @Test func agreesWithEveryLineOfTheVectorFile() throws {
        let vectors = try #require(try VersionVectors.load("semver-versions.txt"))
        #expect(!vectors.isEmpty)
        for vector in vectors {
            #expect(try scheme.compare(vector.lhs, vector.rhs) == vector.expected, "\(vector)")
        }
    }

    @Test func obeysAntisymmetryAndTransitivityOverTheVectorVersions() async throws {
        let vectors = try VersionVectors.load("semver-versions.txt") ?? []
        let versions = try Set(vectors.flatMap { [$0.lhs, $0.rhs] }).sorted().map { try scheme.parse($0) }
        let index = Gen.int(in: 0..<versions.count)
        await propertyCheck(count: 2000, input: index, index, index) { a, b, c in
            checkOrderingLaws(versions[a], versions[b], versions[c])
        }
    }
}
