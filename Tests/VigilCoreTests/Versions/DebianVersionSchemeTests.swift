import PropertyBased
import Testing
import VigilCore
import VigilTesting

@Suite struct DebianVersionSchemeTests {
    let scheme = DebianVersionScheme()

    @Test(arguments: [
        ("1.0~rc1", "1.0"), ("1.0", "1.0a"), ("1.0a", "1.0+b1"), ("1.0", "1.0-1"), ("1.0-1", "1.0-1.1"),
        ("1.2.3-1~deb7u1", "1.2.3-1"), ("9.0", "10.0"), ("2.0", "1:0.1"), ("1.0~~", "1.0~~a"), ("1.0~~a", "1.0~"),
        ("1.0~", "1.0"), ("2.30", "2.30+1"), ("0.9.8c-4etch3", "0.9.8c-4etch3+m68k1"),
    ])
    func ordersAscending(lower: String, higher: String) throws {
        try expectAscending(scheme, lower, higher)
    }

    @Test(arguments: [("1.0", "0:1.0"), ("1.0", "1.0-0"), ("1.0", "1.00"), ("1.0-0", "0:1.0-00"), ("01:1", "1:1")])
    func treatsEquivalentSpellingsAsEqual(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
        #expect(try scheme.parse(lhs) == scheme.parse(rhs))
    }

    @Test func exposesEpochUpstreamAndRevision() throws {
        let version = try scheme.parse("2:1.2-3-4ubuntu1")
        #expect(version.epoch == 2)
        #expect(version.upstream == "1.2-3")
        #expect(version.revision == "4ubuntu1")
        #expect(version.description == "2:1.2-3-4ubuntu1")
        #expect(try scheme.parse("1.0").revision == nil)
    }

    @Test func acceptsAColonInTheUpstreamVersionOnlyAfterAnEpoch() throws {
        #expect(try scheme.parse("1:2:3").upstream == "2:3")
        #expect(throws: VersionParseError.self) { try scheme.parse("a:1") }
    }

    @Test(arguments: [
        ("", VersionParseError.Code.empty), (":1.0", .malformed), ("1:", .malformed), ("1.0-", .malformed),
        ("-1", .malformed), ("1:-1", .malformed), ("x:1.0", .malformed), ("99999999999:1", .malformed),
        ("1.0 1", .invalidCharacter), ("1.0_1", .invalidCharacter), ("1.0-1:2", .malformed),
        ("1:1.0-1:2", .invalidCharacter),
        ("1.0-a-b/c", .invalidCharacter), ("1.0\u{0}", .invalidCharacter), ("1é", .invalidCharacter),
        (String(repeating: "1", count: 300), .tooLong),
    ])
    func rejectsInvalidVersionsWithATypedError(input: String, code: VersionParseError.Code) {
        expectParseError(scheme, input, code)
    }

    @Test func obeysOrderingLaws() throws {
        try checkOrderingLaws(
            scheme,
            sortedClasses: [
                ["0~"], ["0", "0:0-0"], ["1.0~beta"], ["1.0", "1.0-0", "0:1.00"], ["1.0-1"], ["1.0a"], ["1.0+dfsg"],
                ["1.1"], ["1:0.1"],
            ])
    }
}

@Suite(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
struct DebianVersionVectorTests {
    let scheme = DebianVersionScheme()

    @Test(arguments: ["debian-versions.txt", "debian-versions-generated.txt"])
    func agreesWithEveryLineOfTheVectorFile(_ file: String) throws {
        let vectors = try #require(try VersionVectors.load(file))
        #expect(!vectors.isEmpty)
        for vector in vectors {
            let actual = try scheme.compare(vector.lhs, vector.rhs)
            #expect(actual == vector.expected, "\(vector)")
        }
    }

    @Test func obeysAntisymmetryAndTransitivityOverTheVectorVersions() async throws {
        let versions = try Self.versions()
        let index = Gen.int(in: 0..<versions.count)
        await propertyCheck(count: 2000, input: index, index, index) { a, b, c in
            checkOrderingLaws(versions[a], versions[b], versions[c])
        }
    }

    @Test func sortsTheVectorVersionsConsistently() throws {
        let versions = try Self.versions()
        let sorted = versions.sorted()
        for (lower, higher) in zip(sorted, sorted.dropFirst()) {
            #expect(!(higher < lower), "\(lower) and \(higher) are out of order after sorting")
        }
    }

    static func versions() throws -> [DebianVersion] {
        let scheme = DebianVersionScheme()
        let vectors =
            try (VersionVectors.load("debian-versions.txt") ?? [])
            + (VersionVectors.load("debian-versions-generated.txt") ?? [])
        let raw = Set(vectors.flatMap { [$0.lhs, $0.rhs] })
        return try raw.sorted().map { try scheme.parse($0) }
    }
}
