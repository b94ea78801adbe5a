import PropertyBased
import Testing
import VigilCore
import VigilTesting

@Suite struct UpstreamVersionSchemeTests {
    let scheme = UpstreamVersionScheme()

    @Test(arguments: [
        // OpenSSL letter releases.
        ("1.0.1", "1.0.1a"), ("1.0.1a", "1.0.1j"), ("1.0.1j", "1.0.1za"), ("1.0.1j", "1.0.2"), ("0.9.8zh", "1.0.0"),
        ("1.0.1j", "1.0.1.1"), ("2.0.0-rc1", "2.0-rc2"), ("1.0.0-rc1", "1.0"), ("15.2(4)M", "15.2(4)M1"),
        ("15.2(4)M", "15.2(5)"),
        // NTP patch levels.
        ("4.2.6", "4.2.6p5"), ("4.2.6p5", "4.2.6p10"), ("4.2.6p10", "4.2.7"), ("4.2.8p15", "4.2.8p17"),
        // Pre-releases.
        ("2.4.0-beta1", "2.4.0"), ("2.4.0-alpha2", "2.4.0-beta1"), ("2.4.0-beta1", "2.4.0-rc1"), ("2.4.0rc1", "2.4.0"),
        ("1.0a1", "1.0b1"), ("1.0b2", "1.0"), ("1.0.dev1", "1.0a1"), ("2.4-beta", "2.4.0"), ("2.4.0", "2.4.0.1"),
        ("7.0.0-milestone1", "7.0.0"), ("1.0-SNAPSHOT", "1.0"),
        // Plain numbers of any length and count.
        ("8.33", "8.34"), ("8.9", "8.33"), ("2.6.32.27", "2.6.32.28"), ("2.6.32", "2.6.32.27"),
        ("20230101", "20240101"), ("1.0", "1.0.0.1"), ("99999999999999999999", "100000000000000000000"),
    ])
    func ordersAscending(lower: String, higher: String) throws {
        try expectAscending(scheme, lower, higher)
    }

    @Test(arguments: [
        ("1.0", "1.0.0"), ("1.0-1", "1.0.1"), ("1_2_3", "1.2.3"), ("1.0.1J", "1.0.1j"), ("1.01", "1.1"),
        ("1.0-final", "1.0"), ("1.0.GA", "1.0"), ("2.4.0-beta1", "2.4.0beta1"), ("1.0a1", "1.0alpha1"),
        ("1.0-rc1", "1.0.0-rc1"), ("2.0-rc2", "2.0.0.0rc2"), ("15.2(4)M", "15.2.4.M"),
    ])
    func treatsEquivalentSpellingsAsEqual(lhs: String, rhs: String) throws {
        #expect(try scheme.compare(lhs, rhs) == .equal)
    }

    @Test(arguments: [
        ("", VersionParseError.Code.empty), ("-", .malformed), ("*", .invalidCharacter),
        ("1.0 beta", .invalidCharacter),
        ("1/2", .invalidCharacter), ("1;2.0", .invalidCharacter), (String(repeating: "9", count: 257), .tooLong),
    ])
    func rejectsInvalidVersionsWithATypedError(input: String, code: VersionParseError.Code) {
        expectParseError(scheme, input, code)
    }

    @Test func obeysOrderingLaws() throws {
        try checkOrderingLaws(
            scheme,
            sortedClasses: [
                ["1.0-dev"], ["1.0-alpha"], ["1.0a1", "1.0alpha1"], ["1.0-beta1", "1.0b1"], ["1.0rc1", "1.0-RC1"],
                ["1.0", "1.0.0", "1.0-final"], ["1.0a", "1.0.0a"], ["1.0.0.1"], ["1.0.1"], ["1.0.1a"],
                ["1.0.1p1"], ["1.0.1.1"], ["1.0.2"],
            ])
    }

    @Test func obeysAntisymmetryAndTransitivityOnGeneratedVersions() async throws {
        let pieces = ["0", "1", "2", "10", "a", "b", "j", "p", "rc", "beta", "alpha", "dev", "final"]
        let separators = [".", "-", "", "_"]
        let combinations = pieces.count * separators.count * pieces.count * separators.count * pieces.count
        let version = Gen.int(in: 0..<combinations).map { (code: Int) -> String in
            var rest = code
            func take(_ options: [String]) -> String {
                defer { rest /= options.count }
                return options[rest % options.count]
            }
            return "1." + take(pieces) + take(separators) + take(pieces) + take(separators) + take(pieces)
        }
        await propertyCheck(count: 3000, input: version, version, version) { a, b, c in
            guard let a = try? scheme.parse(a), let b = try? scheme.parse(b), let c = try? scheme.parse(c) else {
                return
            }
            checkOrderingLaws(a, b, c)
        }
    }
}
