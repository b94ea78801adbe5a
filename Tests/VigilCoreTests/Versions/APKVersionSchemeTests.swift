import Testing
import VigilCore
import VigilTesting

@Suite struct APKVersionSchemeTests {
    let scheme = APKVersionScheme()

    @Test(arguments: [
        ("1.2", "1.2.1"), ("1.2_rc1", "1.2"), ("1.2", "1.2_p1"), ("1.2", "1.2a"), ("1.0", "1.0-r1"),
        ("1.0-r1", "1.0-r2"), ("1.0-r9", "1.0-r10"), ("1.0_alpha", "1.0_beta"), ("1.0_beta", "1.0_pre"),
        ("1.0_pre", "1.0_rc"), ("1.0_cvs", "1.0_svn"), ("1.0_svn", "1.0_git"), ("1.0_git", "1.0_hg"),
        ("1.0_hg", "1.0_p"), ("1.0_alpha_pre2", "1.0_alpha"), ("1.0_rc1", "1.0_rc2"), ("1.0.2k-r0", "1.0.2l-r0"),
        ("1.0.2k", "1.0.3"), ("1.01", "1.1"), ("8.2.0", "8.2.001"), ("8.2.0015", "8.2.002"), ("2.4~abc", "2.4~abd"),
        ("2.4~abc", "2.4~abc-r1"), ("0.9", "0.10"), ("2.34", "23.1"), ("1.2.3_rc1-r5", "1.2.3-r0"),
    ])
    func ordersAscending(lower: String, higher: String) throws {
        try expectAscending(scheme, lower, higher)
    }

    @Test(arguments: [("1.0", "1.0"), ("1-r1", "1-r01"), ("006", "6"), ("1.0_rc01", "1.0_rc1")])
    func treatsEquivalentSpellingsAsEqual(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
    }

    @Test(arguments: [
        "", "a1", "0.1_", "0.1-r", "0.1a1", "0.1bc", "1.0_foo", "1.0-r1_p1", "1.0~", "1.0~xyz", "1..0", "1.0-1",
        "1.0 ", "1.0A", "1.0-r1-r2",
    ])
    func rejectsVersionsApkRejects(input: String) {
        expectParseError(scheme, input)
    }

    @Test func keepsTheTokens() throws {
        #expect(
            try scheme.parse("1.0.2k_rc1~ab12-r3").tokens == [
                .initialNumber("1"), .number("0"), .number("2"), .letter(UInt8(ascii: "k")), .suffix(4),
                .suffixNumber("1"), .commitHash("ab12"), .revision("3"),
            ])
    }

    @Test func obeysOrderingLaws() throws {
        try checkOrderingLaws(
            scheme,
            sortedClasses: [
                ["1.0_alpha"], ["1.0_rc1"], ["1.0"], ["1.0-r0", "1.0-r00"], ["1.0-r1"], ["1.0_p1"], ["1.0a"],
                ["1.0.01"], ["1.0.1"],
                ["1.1"],
            ])
    }
}
