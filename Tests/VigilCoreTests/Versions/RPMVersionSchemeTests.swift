import Testing
import VigilCore
import VigilTesting

@Suite struct RPMVersionSchemeTests {
    let scheme = RPMVersionScheme()

    @Test(arguments: [
        // Segments: numbers numerically, letters by bytes, a number newer than letters, leftovers newer.
        ("1.0", "2.0"), ("2.0", "2.0.1"), ("2.0.1", "2.0.1a"), ("5.5p1", "5.5p2"), ("5.5p2", "5.5p10"),
        ("10xyz", "10.1xyz"), ("xyz.4", "8"), ("1.0a", "1.0.1"), ("B", "a"), ("20101121", "20101122"),
        // Tilde sorts before everything, caret after the end but before anything else.
        ("1.0~rc1", "1.0"), ("1.0~rc1", "1.0~rc2"), ("1.0~rc1~git123", "1.0~rc1"), ("1.0", "1.0^git1"),
        ("1.0^git1", "1.0.1"), ("1.0^20160101", "1.0^20160102"), ("1.0~rc1^git1", "1.0~rc1.1"),
        // Epoch first, then version, then release; a missing release sorts first.
        ("2.0-1", "1:1.0-1"), ("1.0-1.el8", "1.0-2.el8"), ("1.0", "1.0-1"), ("1.0-", "1.0-0"),
        ("4.19.0-1.el7", "4.19.0-1.el7_5"), ("3:1.2.3-4.el8", "3:1.2.3-5.el8"),
    ])
    func ordersAscending(lower: String, higher: String) throws {
        try expectAscending(scheme, lower, higher)
    }

    @Test(arguments: [
        ("1.0", "1.0"), ("2.0", "2_0"), ("a+", "a_"), ("10.0001", "10.1"), ("1.", "1"), ("0:1.0-1", "1.0-1"),
        ("01:2", "1:2"), (":1.0", "1.0"), ("1.1.α", "1.1.β"),
    ])
    func treatsEquivalentSpellingsAsEqual(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
    }

    @Test func splitsEpochVersionAndReleaseAsRPMDoes() throws {
        let version = try scheme.parse("2:1.2.3-3-el7_5")
        #expect(version.epoch == 2)
        #expect(version.version == "1.2.3-3")
        #expect(version.release == "el7_5")
        #expect(try scheme.parse("a:1").version == "a:1")
        #expect(try scheme.parse("a:1").epoch == 0)
        #expect(try scheme.parse("1.0").release == nil)
    }

    @Test(arguments: [
        ("", VersionParseError.Code.empty), ("1:", .malformed), ("-1", .malformed), ("1 0", .invalidCharacter),
        ("1.0\t", .invalidCharacter), ("99999999999:1", .malformed),
    ])
    func rejectsInvalidVersionsWithATypedError(input: String, code: VersionParseError.Code) {
        expectParseError(scheme, input, code)
    }

    @Test func obeysOrderingLaws() throws {
        try checkOrderingLaws(
            scheme,
            sortedClasses: [
                ["1.0~rc1"], ["1.0", "1_0", "0:1.0"], ["1.0-1"], ["1.0-2"], ["1.0^git1"], ["1.0a"], ["1.0.1"],
                ["1:0.1"],
            ])
    }
}
