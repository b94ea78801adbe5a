import Foundation
import Testing
import VigilCore

@Suite struct VersionRangeTests {
    let deb = DebianVersionScheme()
    let generic = UpstreamVersionScheme()

    // MARK: - NVD

    @Test(arguments: [
        ("1.0.1", true), ("1.0.1a", true), ("1.0.1g", true), ("1.0.1h", false), ("1.0.0", false), ("1.0.2", false),
    ])
    func evaluatesAnNVDStartIncludingEndExcludingRange(version: String, inside: Bool) throws {
        let range = try VersionRange(scheme: generic, startIncluding: "1.0.1", endExcluding: "1.0.1h")
        #expect(try range.contains(version, using: generic) == inside)
        #expect(range.versString == "vers:generic/>=1.0.1|<1.0.1h")
    }

    @Test func evaluatesExcludingStartsAndIncludingEnds() throws {
        let range = try VersionRange(scheme: generic, startExcluding: "2.0", endIncluding: "2.4.6p5")
        #expect(try !range.contains("2.0", using: generic))
        #expect(try range.contains("2.0.1", using: generic))
        #expect(try range.contains("2.4.6p5", using: generic))
        #expect(try !range.contains("2.4.6p6", using: generic))
        #expect(range.versString == "vers:generic/>2.0|<=2.4.6p5")
    }

    @Test func treatsAnNVDEntryWithoutBoundsAsEveryVersion() throws {
        let range = try VersionRange(scheme: generic)
        #expect(range.isUniversal)
        #expect(try range.contains("anything1", using: generic))
        #expect(range.versString == "vers:generic/*")
    }

    @Test func rejectsContradictoryNVDBounds() {
        #expect(throws: VersionRangeError.self) {
            try VersionRange(scheme: generic, startIncluding: "1", startExcluding: "2")
        }
        #expect(throws: VersionRangeError.self) {
            try VersionRange(scheme: generic, endIncluding: "1", endExcluding: "2")
        }
    }

    @Test func holdsExactlyOneVersionForAConcreteCPEVersion() throws {
        let range = try VersionRange(scheme: generic, exactly: "2.6.32.27")
        #expect(try range.contains("2.6.32.27", using: generic))
        #expect(try !range.contains("2.6.32.28", using: generic))
        #expect(range.versString == "vers:generic/2.6.32.27")
    }

    // MARK: - OSV

    @Test func evaluatesOSVEventsAsATimeline() throws {
        let range = try VersionRange(
            scheme: deb, osvEvents: [.introduced("0"), .fixed("1.2-1"), .introduced("2.0-1"), .fixed("2.3-1")])
        #expect(range.versString == "vers:deb/<1.2-1|>=2.0-1|<2.3-1")
        for (version, inside) in [
            ("0.9", true), ("1.2-1", false), ("1.5", false), ("2.0-1", true), ("2.2-9", true),
            ("2.3-1", false), ("1:0.1", false),
        ] {
            #expect(try range.contains(version, using: deb) == inside, "\(version)")
        }
    }

    @Test func sortsOSVEventsGivenOutOfOrder() throws {
        let range = try VersionRange(
            scheme: deb,
            osvEvents: [
                .fixed("2.3-1"), .introduced("2.0-1"), .fixed("1.2-1"),
                .introduced("0"),
            ])
        #expect(range.versString == "vers:deb/<1.2-1|>=2.0-1|<2.3-1")
    }

    @Test func closesAfterLastAffected() throws {
        let range = try VersionRange(scheme: SemVerScheme(), osvEvents: [.introduced("1.0.0"), .lastAffected("1.4.2")])
        #expect(try range.contains("1.4.2", using: SemVerScheme()))
        #expect(try !range.contains("1.4.3", using: SemVerScheme()))
        #expect(range.versString == "vers:semver/>=1.0.0|<=1.4.2")
    }

    @Test func staysOpenWithoutAFix() throws {
        let range = try VersionRange(scheme: deb, osvEvents: [.introduced("1.0")])
        #expect(try range.contains("99", using: deb))
        #expect(range.versString == "vers:deb/>=1.0")
    }

    @Test func capsTheRangeBelowALimit() throws {
        let range = try VersionRange(scheme: SemVerScheme(), osvEvents: [.introduced("0"), .limit("2.0.0")])
        #expect(try range.contains("1.9.9", using: SemVerScheme()))
        #expect(try !range.contains("2.0.0", using: SemVerScheme()))
    }

    @Test func dropsAnIntervalThatIsFixedWhereItIsIntroduced() throws {
        let range = try VersionRange(scheme: deb, osvEvents: [.introduced("1.0"), .fixed("1.0")])
        #expect(range.isEmpty)
        #expect(range.versString == "vers:none/*")
        #expect(try !range.contains("1.0", using: deb))
    }

    @Test func evaluatesABackportedRPMFix() throws {
        let rpm = RPMVersionScheme()
        let range = try VersionRange(scheme: rpm, osvEvents: [.introduced("0"), .fixed("1:3.0.7-16.el9_2")])
        #expect(try range.contains("1:3.0.7-6.el9", using: rpm))
        #expect(try !range.contains("1:3.0.7-18.el9_2", using: rpm))
        #expect(try !range.contains("1:3.1.0-1.el9", using: rpm))
    }

    // MARK: - VERS

    @Test(arguments: [
        ("vers:deb/>=1.0|<2.0", "vers:deb/>=1.0|<2.0"),
        ("vers:deb/<2.0|>=1.0", "vers:deb/>=1.0|<2.0"),
        ("VERS:DEB/ >= 1.0 | < 2.0 ", "vers:deb/>=1.0|<2.0"),
        ("vers:alpine/>=1.2.3-r0|<1.2.4-r0", "vers:alpine/>=1.2.3-r0|<1.2.4-r0"),
        ("vers:npm/1.2.3|>=2.0.0|<5.0.0", "vers:npm/1.2.3|>=2.0.0|<5.0.0"),
        ("vers:deb/*", "vers:deb/*"),
        ("vers:all/*", "vers:all/*"),
        ("vers:none/*", "vers:none/*"),
        ("vers:generic/>=2.2.0|!=2.2.1|<2.3.0", "vers:generic/>=2.2.0|!=2.2.1|<2.3.0"),
        ("vers:generic/!=3.0|>=2.2.0|<2.3.0|!=2.2.1", "vers:generic/>=2.2.0|!=2.2.1|<2.3.0"),
        ("vers:rpm/1.0%7C2", "vers:rpm/1.0%7C2"), ("vers:rpm/1.0%7c2", "vers:rpm/1.0%7C2"),
        ("vers:deb/|>=1.0||<2.0|", "vers:deb/>=1.0|<2.0"),
    ])
    func canonicalisesVERSStrings(input: String, canonical: String) throws {
        let range = try VersionRange(vers: input)
        #expect(range.versString == canonical)
        #expect(try VersionRange(vers: range.versString) == range)
    }

    @Test(arguments: [
        ("1.0", true), ("1.5", true), ("2.0", false), ("0.9", false), ("1.0~rc1", false), ("1:0.1", false),
    ])
    func testsContainmentInADebianVERSRange(version: String, inside: Bool) throws {
        let range = try VersionRange(vers: "vers:deb/>=1.0|<2.0")
        #expect(try range.contains(version) == inside)
    }

    @Test func followsTheVERSContainmentRulesForEqualityAndExclusion() throws {
        let range = try VersionRange(vers: "vers:generic/1.0|>=2.0|<3.0|!=2.5|>=4.0")
        let expectations = [
            ("1.0", true), ("1.5", false), ("2.0", true), ("2.5", false), ("2.9", true), ("3.0", false),
            ("4.0", true), ("9", true),
        ]
        for (version, inside) in expectations {
            #expect(try range.contains(version) == inside, "\(version)")
        }
    }

    @Test func readsOnlyExclusionsAsEveryVersionButThose() throws {
        let range = try VersionRange(vers: "vers:deb/!=1.0")
        #expect(try range.contains("0.9"))
        #expect(try !range.contains("1.0"))
        #expect(try !range.contains("0:1.0-0"))
    }

    @Test func mergesOverlappingIntervals() throws {
        let range = try VersionRange(
            scheme: deb,
            intervals: [
                VersionInterval(lower: .including("1.0"), upper: .excluding("2.0")),
                VersionInterval(lower: .including("1.5"), upper: .including("3.0")),
                VersionInterval(lower: .excluding("3.0"), upper: .excluding("4.0")),
                .exactly("5.0"),
            ])
        #expect(range.versString == "vers:deb/>=1.0|<4.0|5.0")
    }

    @Test(arguments: [
        ("deb/>=1.0", VersionRangeError.Code.malformed), ("vers:deb", .malformed), ("vers:deb/", .malformed),
        ("vers:deb/>=", .malformed), ("vers:deb/*|>=1.0", .malformed), ("vers:deb/%zz", .malformed),
        ("vers:pep440/>=1.0", .unknownScheme), ("vers:deb/>=1.0-", .invalidVersion),
        ("vers:deb/>=1.0|>=1.0", .invalidConstraints), ("vers:deb/>=1.0|<=1.0-0", .invalidConstraints),
        ("vers:deb/>=1.0|>=2.0", .invalidConstraints), ("vers:deb/<1.0|<2.0", .invalidConstraints),
        ("vers:deb/1.0|<2.0", .invalidConstraints), ("vers:deb/>=1.0|1.5|<2.0", .invalidConstraints),
        ("vers:deb/>=1.0|1.5", .invalidConstraints), ("vers:deb/>=1.0|!=1.0", .invalidConstraints),
        ("vers:foo/*", .unknownScheme), ("vers:deb/%+1", .malformed),
    ])
    func rejectsInvalidVERSStrings(input: String, code: VersionRangeError.Code) {
        #expect {
            try VersionRange(vers: input)
        } throws: { error in
            (error as? VersionRangeError)?.code == code
        }
    }

    @Test func reportsWhichVersionIsInvalid() {
        #expect {
            try VersionRange(vers: "vers:semver/>=1.x")
        } throws: { error in
            guard let error = error as? VersionRangeError else { return false }
            return error.code == .invalidVersion && (error.cause as? VersionParseError)?.code == .malformed
                && error.description.contains("1.x")
        }
    }

    @Test func codesAsItsVERSString() throws {
        let range = try VersionRange(vers: "vers:rpm/>=0:1.0-1|<0:1.2-1")
        let data = try JSONEncoder().encode([range])
        #expect(String(decoding: data, as: UTF8.self) == #"["vers:rpm\/>=0:1.0-1|<0:1.2-1"]"#)
        #expect(try JSONDecoder().decode([VersionRange].self, from: data) == [range])
    }

    @Test func validatesWhatItDecodes() {
        let data = Data(#"["vers:deb/>=!!"]"#.utf8)
        #expect(throws: VersionRangeError.self) { try JSONDecoder().decode([VersionRange].self, from: data) }
    }

    @Test func rejectsTestingWithAnotherScheme() throws {
        let range = try VersionRange(vers: "vers:deb/<1.0")
        #expect {
            try range.contains("1.0~rc1", using: RPMVersionScheme())
        } throws: { error in
            (error as? VersionRangeError)?.code == .schemeMismatch
        }
    }

    @Test func rejectsAnInvalidVersionEvenForTheUniversalRange() throws {
        let range = VersionRange.all("deb")
        #expect(try range.contains("1.0", using: deb))
        #expect(throws: VersionRangeError.self) { try range.contains("!!!", using: deb) }
    }

    @Test func compilesOnceAndTestsManyVersions() throws {
        let range = try VersionRange(
            scheme: deb,
            osvEvents: [
                .introduced("1.0"), .fixed("1.5"), .introduced("2.0"), .lastAffected("2.4"),
                .introduced("3.0"),
            ])
        let compiled = try range.compiled(using: deb)
        let expected = [
            ("0.9", false), ("1.0", true), ("1.4", true), ("1.5", false), ("1.9", false), ("2.0", true),
            ("2.4", true), ("2.5", false), ("3.0", true), ("99", true),
        ]
        for (version, inside) in expected {
            #expect(compiled.contains(try deb.parse(version)) == inside, "\(version)")
        }
    }

    @Test func foldsExclusionsIntoTheIntervals() throws {
        let range = try VersionRange(
            scheme: deb,
            intervals: [VersionInterval(lower: .including("1.0"), upper: .including("2.0")), .exactly("3.0")],
            excluding: ["1.0", "1.5", "2.0", "3.0", "9.0", "1.5"])
        #expect(range.versString == "vers:deb/>1.0|!=1.5|<2.0")
        #expect(range.excluded == ["1.5"])
    }

    @Test func handlesTheLargestAllowedRangeQuickly() throws {
        let constraints = (1...VersionRange.maximumConstraints).map { "!=\($0)" }.joined(separator: "|")
        let range = try VersionRange(vers: "vers:generic/" + constraints)
        #expect(range.excluded.count == VersionRange.maximumConstraints)
        #expect(try !range.contains("500"))
        #expect(throws: VersionRangeError.self) { try VersionRange(vers: "vers:generic/" + constraints + "|!=0") }
    }

    @Test func ordersOSVEventsAtTheSameVersionIntroducedFirst() throws {
        let forward = try VersionRange(scheme: deb, osvEvents: [.introduced("1.0"), .fixed("1.0")])
        let backward = try VersionRange(scheme: deb, osvEvents: [.fixed("1.0"), .introduced("1.0")])
        #expect(forward.isEmpty && backward.isEmpty)
        let single = try VersionRange(scheme: deb, osvEvents: [.lastAffected("1.0"), .introduced("1.0")])
        #expect(single.versString == "vers:deb/1.0")
    }

    @Test func decodesOSVEventsAsOSVWritesThem() throws {
        let json = #"[{"introduced":"0"},{"fixed":"1.2.3"},{"last_affected":"1.4"},{"limit":"2.0"}]"#
        let events = try JSONDecoder().decode([OSVRangeEvent].self, from: Data(json.utf8))
        #expect(events == [.introduced("0"), .fixed("1.2.3"), .lastAffected("1.4"), .limit("2.0")])
        let encoded = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([OSVRangeEvent].self, from: encoded) == events)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([OSVRangeEvent].self, from: Data(#"[{"introduced":"0","fixed":"1"}]"#.utf8))
        }
    }
}
