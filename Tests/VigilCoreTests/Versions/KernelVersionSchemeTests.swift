import Testing
import VigilCore
import VigilTesting

@Suite struct KernelVersionSchemeTests {
    let scheme = KernelVersionScheme()

    @Test(arguments: [
        ("5.4", "5.4.1"), ("5.4.1", "5.4.2"), ("5.4.27", "5.4.269"), ("5.9.300", "5.10.1"), ("6.0.120", "6.1"),
        ("6.8-rc1", "6.8-rc2"), ("6.8-rc2", "6.8-rc10"), ("6.8-rc7", "6.8"), ("6.0.99", "6.1-rc1"),
        ("2.6.32", "2.6.32.27"), ("2.6.32.27", "2.6.33"), ("2.6.39.4", "3.0"), ("4.19.325", "4.20"),
        ("5.15.100", "6.1.1"), ("3.2", "6.10.100"), ("6.8-rc", "6.8-rc1"), ("6.8-RC3", "6.8"),
    ])
    func ordersAscending(lower: String, higher: String) throws {
        try expectAscending(scheme, lower, higher)
    }

    @Test(arguments: [
        ("5.10", "5.10.0"), ("6.1-rc3", "6.1.0-rc3"), ("v6.2-rc5", "6.2.0-rc5"), ("5.15.72-yocto-standard", "5.15.72"),
        ("6.1.0-13-amd64", "6.1"), ("6.0.0-rc4+", "6.0-rc4"), ("7.1.0-rc4-00686-g97625979a5d4", "7.1-rc4"),
        ("4.18.0-513.el8.x86_64", "4.18"), ("5.12.0-rc8-syzkaller", "5.12-rc8"), ("6.6.0-rcustom", "6.6"),
    ])
    func ignoresTheLocalVersion(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
    }

    @Test func exposesNumbersReleaseCandidateAndLocalVersion() throws {
        let version = try scheme.parse("6.1.0-rc3-yocto-standard")
        #expect(version.numbers == [6, 1, 0])
        #expect(version.releaseCandidate == 3)
        #expect(version.localVersion == "-yocto-standard")
        #expect(try scheme.parse("6.6.0-rcustom").releaseCandidate == nil)
    }

    @Test(arguments: ["", "linux-5.10", "5..1", "5.", ".5", "5.10 extra", "5.10\u{0}", "99999999999.1"])
    func rejectsInvalidVersionsWithATypedError(input: String) {
        expectParseError(scheme, input)
    }

    @Test func obeysOrderingLaws() throws {
        try checkOrderingLaws(
            scheme,
            sortedClasses: [["5.9.300"], ["5.10-rc1"], ["5.10-rc7"], ["5.10", "5.10.0", "5.10.0-amd64"], ["5.10.1"]])
    }
}
