import PropertyBased
import Testing
import VigilCore

/// Every parser is total: arbitrary input yields a value or a typed error, never a trap or a hang.
@Suite struct RobustnessTests {
    /// The characters the grammars care about, plus control, non-ASCII and separator characters.
    static let alphabet = Array("0123456789abcrvpAZ.-_+~:^*?%/@#&=|!<>\\\"' \t\n\u{0}é💥[]{}")

    @Test func versionSchemesNeverTrap() async {
        let hostile = Gen.element(of: Self.alphabet).map { $0 ?? "0" }.string(of: 0...40)
        await propertyCheck(count: 3000, input: hostile, hostile) { a, b in
            for scheme in VersionSchemeRegistry.builtIn.schemes {
                _ = try? scheme.compare(a, b)
            }
        }
    }

    @Test func purlParsingNeverTraps() async {
        let hostile = Gen.element(of: Self.alphabet).map { $0 ?? "0" }.string(of: 0...40)
        await propertyCheck(count: 3000, input: hostile) { tail in
            _ = try? PackageURL(parsing: "pkg:" + tail)
            _ = try? PackageURL(parsing: "pkg:generic/" + tail, mode: .lenient)
            _ = try? PackageURL(parsing: tail, mode: .lenient)
        }
    }

    @Test func cpeParsingAndMatchingNeverTrap() async {
        let hostile = Gen.element(of: Self.alphabet).map { $0 ?? "0" }.string(of: 0...40)
        await propertyCheck(count: 3000, input: hostile, hostile) { a, b in
            let source = try? CPEName(parsing: "cpe:2.3:a:" + a + ":" + b + ":*:*:*:*:*:*:*:*")
            let target = try? CPEName(parsing: "cpe:/a:" + b + ":" + a)
            _ = try? CPEName(parsing: "wfn:[vendor=\"" + a + "\"]")
            _ = try? CPEAttributeValue(wfnValue: a)
            if let source, let target { _ = source.compare(to: target) }
            if let value = try? CPEAttributeValue(wfnValue: a), let other = try? CPEAttributeValue(wfnValue: b) {
                _ = CPEAttributeRelation(source: value, target: other)
            }
        }
    }

    @Test func versRangesNeverTrap() async {
        let hostile = Gen.element(of: Self.alphabet).map { $0 ?? "0" }.string(of: 0...40)
        await propertyCheck(count: 3000, input: hostile, hostile) { a, b in
            for scheme in ["deb", "rpm", "apk", "semver", "kernel", "generic"] {
                if let range = try? VersionRange(vers: "vers:\(scheme)/" + a) { _ = try? range.contains(b) }
            }
        }
    }

    @Test func osvEventsNeverTrap() async {
        let hostile = Gen.element(of: Self.alphabet).map { $0 ?? "0" }.string(of: 0...40)
        await propertyCheck(count: 2000, input: hostile, hostile, hostile) { a, b, c in
            let events: [OSVRangeEvent] = [.introduced(a), .fixed(b), .lastAffected(c), .limit(a), .introduced("0")]
            _ = try? VersionRange(scheme: UpstreamVersionScheme(), osvEvents: events)
            _ = try? VersionRange(scheme: DebianVersionScheme(), osvEvents: events.reversed())
        }
    }

    @Test func longInputIsRejectedQuickly() {
        let long = String(repeating: "1.", count: 100_000)
        for scheme in VersionSchemeRegistry.builtIn.schemes {
            #expect(throws: VersionParseError.self) { try scheme.validate(long) }
        }
        #expect(throws: PackageURLError.self) { try PackageURL(parsing: "pkg:generic/" + long) }
        #expect(throws: CPEError.self) { try CPEName(parsing: "cpe:2.3:a:" + long) }
        #expect(throws: VersionRangeError.self) { try VersionRange(vers: "vers:deb/" + long) }
    }
}
