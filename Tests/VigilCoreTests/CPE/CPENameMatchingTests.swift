import Testing
import VigilCore

/// NISTIR 7696 (CPE Name Matching 2.3): Table 6-2, Table 6-3, Table 6-4 and the worked examples.
@Suite struct CPENameMatchingTests {
    static let foo = CPEAttributeValue.value("foo")
    static let bar = CPEAttributeValue.value("bar")
    static let wild = CPEAttributeValue.value("*b??")

    // Table 6-2, rows 1–17 (row 14 twice: both outcomes).
    @Test(arguments: [
        (CPEAttributeValue.any, CPEAttributeValue.any, CPEAttributeRelation.equal),
        (.any, .notApplicable, .superset),
        (.any, foo, .superset),
        (.any, wild, .undefined),
        (.notApplicable, .any, .subset),
        (.notApplicable, .notApplicable, .equal),
        (.notApplicable, foo, .disjoint),
        (.notApplicable, wild, .undefined),
        (foo, foo, .equal),
        (.value("Foo"), .value("fOO"), .equal),
        (foo, bar, .disjoint),
        (foo, wild, .undefined),
        (foo, .notApplicable, .disjoint),
        (foo, .any, .subset),
        (.value(#"9\.*"#), .value(#"9\.3"#), .superset),
        (.value(#"9\.*"#), .value(#"8\.3"#), .disjoint),
        (wild, .any, .subset),
        (wild, .notApplicable, .disjoint),
        (wild, wild, .undefined),
    ])
    func comparesAttributesPerTable6_2(
        source: CPEAttributeValue, target: CPEAttributeValue,
        expected: CPEAttributeRelation
    ) {
        #expect(CPEAttributeRelation(source: source, target: target) == expected)
    }

    // Wildcard semantics: '*' any run, each '?' zero or one character, quoted characters count as one.
    @Test(arguments: [
        ("*soft", "microsoft", CPEAttributeRelation.superset), ("?icrosoft", "microsoft", .superset),
        ("?crosoft", "microsoft", .disjoint), (#"??icrosoft"#, ##"\!\#icrosoft"##, .superset),
        ("microso??", ##"microso\!\#"##, .superset), ("microso??", ##"microso\!\#ft"##, .disjoint),
        ("?", "a", .superset), ("???", "ab", .superset), ("?", "ab", .disjoint), ("mac*", "mac", .superset),
        ("mac*", "not", .disjoint), (#"1\.0\.?"#, #"1\.0\.12"#, .disjoint), (#"1\.0\.?"#, #"1\.0\.1"#, .superset),
        (#"1\.0\.?"#, #"1\.0\."#, .superset), ("?foo", #"\?foo"#, .superset), ("?foo", "12foo", .disjoint),
        ("??foo", "12foo", .superset), ("??foo", "123foo", .disjoint), ("*bar", #"blah\?bar"#, .superset),
        ("foo??", "foo12", .superset), ("foo?", "foo12", .disjoint), ("*baz*", "abazb", .superset),
        ("??????s", "sles", .superset), ("?????s", "windows", .disjoint), ("3", #"33\.0"#, .disjoint),
    ])
    func matchesWildcardsAsTheSpecificationDefines(source: String, target: String, expected: CPEAttributeRelation) {
        #expect(CPEAttributeRelation(source: .value(source), target: .value(target)) == expected)
    }

    // Table 6-3, with Table 6-4's name relation.
    @Test func comparesTheTable6_3Example() throws {
        let source = try CPEName(
            wfn: #"wfn:[part="a",vendor="adobe",product=ANY,version="9\.*",update=ANY,edition="palmos"]"#)
        let target = try CPEName(
            wfn: #"wfn:[part="a",vendor=ANY,product="reader",version="9\.3\.2",update=NA,edition=NA]"#)
        let comparison = source.compare(to: target)
        #expect(comparison.relations[.part] == .equal)
        #expect(comparison.relations[.vendor] == .subset)
        #expect(comparison.relations[.product] == .superset)
        #expect(comparison.relations[.version] == .superset)
        #expect(comparison.relations[.update] == .superset)
        #expect(comparison.relations[.edition] == .disjoint)
        #expect(comparison.relations[.language] == .equal)
        #expect(comparison.isDisjoint && !comparison.isEqual && !comparison.isSubset && !comparison.isSuperset)
        #expect(comparison.relation == .disjoint)
    }

    @Test func matchesTheBoundFormsOfTheTable6_3Example() throws {
        let source = try CPEName(parsing: "cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*")
        let target = try CPEName(parsing: "cpe:/a::Reader:9.3.2:-:-")
        #expect(source.compare(to: target).isDisjoint)
    }

    // §1: "the first WFN represents a superset of the second".
    @Test func findsTheIntroductionsSuperset() throws {
        let source = try CPEName(
            wfn:
                #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update=ANY,edition=ANY,language=ANY]"#
        )
        let target = try CPEName(
            wfn:
                #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update=NA,edition=NA,language="en\-us"]"#
        )
        let comparison = source.compare(to: target)
        #expect(comparison.isSuperset && !comparison.isSubset && !comparison.isEqual && !comparison.isDisjoint)
        #expect(source.matches(target))
        #expect(!target.matches(source))
    }

    // Appendix B: CPE 2.2 name matching emulated with CPE_SUPERSET.
    @Test func emulatesCPE2_2NameMatching() throws {
        let x = try CPEName(wfn: #"wfn:[part="o",vendor="microsoft",product="windows_2000"]"#)
        let k1 = try CPEName(
            wfn: #"wfn:[part="o",vendor="microsoft",product="windows_2000",update="sp3",edition="pro"]"#)
        let k2 = try CPEName(wfn: #"wfn:[part="a",vendor="microsoft",product="ie",version="5\.5"]"#)
        #expect([k1, k2].contains { x.compare(to: $0).isSuperset })
        #expect(x.compare(to: k2).isDisjoint)
    }

    @Test(arguments: [
        // (source, target, disjoint, equal, subset, superset)
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",language="sp2"]"#,
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer"]"#, false, false, true, false
        ),
        (
            #"wfn:[part="o",vendor="microsoft",product="windows_?",sw_edition="home*",target_sw=NA,target_hw="x64",other=NA,language="en\-us"]"#,
            #"wfn:[part="o",vendor="microsoft",product="windows_7",version="6\.1",update="sp1",sw_edition="home_basic",target_sw=NA,target_hw="x32",other=ANY,language="en\-us"]"#,
            true, false, false, false
        ),
        (
            #"wfn:[part="o",vendor="microsoft",product="windows_?",sw_edition="home*",target_sw=NA,target_hw="x64",other=NA,language="en\-us"]"#,
            #"wfn:[part="o",vendor="microsoft",product="windows_7",version="6\.1",update="sp1",sw_edition="home_basic",target_sw=NA,target_hw="x64",other=NA,language="en\-us"]"#,
            false, false, false, true
        ),
        (#"wfn:[part="o",vendor="microsoft"]"#, #"wfn:[part="o",vendor="microsoft*"]"#, false, false, false, false),
        (#"wfn:[part="o"]"#, #"wfn:[part="o"]"#, false, true, true, true),
        (#"wfn:[part="a"]"#, #"wfn:[part="o"]"#, true, false, false, false),
    ])
    func evaluatesTheNameComparisonFunctions(
        source: String, target: String, disjoint: Bool, equal: Bool, subset: Bool, superset: Bool
    ) throws {
        let comparison = try CPEName(wfn: source).compare(to: CPEName(wfn: target))
        #expect(comparison.isDisjoint == disjoint)
        #expect(comparison.isEqual == equal)
        #expect(comparison.isSubset == subset)
        #expect(comparison.isSuperset == superset)
    }

    @Test func reportsUndefinedWhenSubsetAndSupersetMix() throws {
        let source = try CPEName(wfn: #"wfn:[part="a",vendor="x"]"#)
        let target = try CPEName(wfn: #"wfn:[part="a",product="y"]"#)
        #expect(source.compare(to: target).relation == .undefined)
    }

    @Test func matchesAnNVDStylePatternAgainstADeviceComponent() throws {
        let pattern = try CPEName(parsing: "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*")
        let device = try CPEName(parsing: "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")
        let other = try CPEName(parsing: "cpe:2.3:a:toybox:toybox:0.8.9:*:*:*:*:*:*:*")
        #expect(pattern.matches(device))
        #expect(!pattern.matches(other))
    }
}
