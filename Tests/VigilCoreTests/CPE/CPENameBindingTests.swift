import Foundation
import Testing
import VigilCore

/// The worked examples of NISTIR 7695 (CPE Naming 2.3), §6.1 and §6.2, verbatim.
@Suite struct CPENameBindingTests {
    // §6.1.2.4: binding a WFN to a URI.
    @Test(arguments: [
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY]"#,
            "cpe:/a:microsoft:internet_explorer:8.0.6001:beta"
        ),
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?"]"#,
            "cpe:/a:microsoft:internet_explorer:8.%02:sp%01"
        ),
        (
            #"wfn:[part="a",vendor="hp",product="insight_diagnostics",version="7\.4\.0\.1570",update=NA,sw_edition="online",target_sw="win2003",target_hw="x64"]"#,
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~"
        ),
        (
            #"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",target_sw="linux"]"#,
            "cpe:/a:hp:openview_network_manager:7.51::~~~linux~~"
        ),
        (
            #"wfn:[part="a",vendor="foo\\bar",product="big\$money_manager_2010",sw_edition="special",target_sw="ipod_touch",target_hw="80gb"]"#,
            "cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~"
        ),
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY,language="sp2"]"#,
            "cpe:/a:microsoft:internet_explorer:8.0.6001:beta::sp2"
        ),
        (#"wfn:[part="a"]"#, "cpe:/a"),
        (
            #"wfn:[part="a",vendor="opensuse",product="lib\:zypp",version="14\.16\.0",update="beta",other=NA]"#,
            "cpe:/a:opensuse:lib%3azypp:14.16.0:beta:~~~~~-"
        ),
    ])
    func bindsAWFNToAURI(wfn: String, uri: String) throws {
        #expect(try CPEName(wfn: wfn).uri == uri)
    }

    // §6.1.3.3: unbinding a URI to a WFN.
    @Test(arguments: [
        (
            "cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.\*",update="sp\?",edition=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:microsoft:internet_explorer:8.%02:sp%01",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?",edition=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
            #"wfn:[part="a",vendor="hp",product="insight_diagnostics",version="7\.4\.0\.1570",update=ANY,edition=ANY,sw_edition="online",target_sw="win2003",target_hw="x64",other=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~",
            #"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",update=NA,edition=ANY,sw_edition=ANY,target_sw="linux",target_HW=ANY,other=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:foo~bar:big%7emoney_2010",
            #"wfn:[part="a",vendor="foo\~bar",product="big\~money_2010",version=ANY,update=ANY,edition=ANY,language=ANY]"#
        ),
        (
            "cpe:/a:microsoft:internet_explorer%01%01%01%01:?:beta",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer????",version="?",update="beta"]"#
        ),
        ("cpe:/a:%60:%7b%7c%7d%7ea", #"wfn:[part="a",vendor="\`",product="\{\|\}\~a"]"#),
        (
            "cpe:/a:~-~portal~sw~x86~a~b~c:x:y::~-~portal~sw~x86~a~b~c",
            #"wfn:[part="a",vendor="\~\-\~portal\~sw\~x86\~a\~b\~c",product="x",version="y",edition=NA,sw_edition="portal",target_sw="sw",target_hw="x86",other="a\~b\~c"]"#
        ),
        ("CPE:/A:Microsoft:IE", #"wfn:[part="a",vendor="microsoft",product="ie"]"#),
    ])
    func unbindsAURIToAWFN(uri: String, wfn: String) throws {
        #expect(try CPEName(uri: uri) == CPEName(wfn: wfn))
    }

    // §6.1.3.3 examples 6 and 8, and further malformed URIs.
    @Test(arguments: [
        ("cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~", CPEError.Code.invalidPercentEncoding),
        ("cpe:/a:foo:bar:12.%02.1234", .invalidValue),
        ("cpe:/a:microsoft:internet_explorer:8.%02:s%01p", .invalidValue),
        ("cpe:/a:micro%02soft", .invalidValue),
        ("cpe:/a:%99", .invalidPercentEncoding),
        ("cpe:/a:%2", .invalidPercentEncoding),
        ("cpe:/a:foo:bar:1.0:%+1", .invalidPercentEncoding),
        ("cpe:/a:b*c", .invalidValue),
        ("cpe:/z:%01%01microsoft", .invalidPart),
        ("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003", .malformedName),
        ("cpe:/a:b:c:d:e:f:g:h", .malformedName),
        ("cpe:/a:b c", .invalidValue),
    ])
    func rejectsMalformedURIs(uri: String, code: CPEError.Code) {
        #expect {
            try CPEName(uri: uri)
        } throws: { error in
            (error as? CPEError)?.code == code
        }
    }

    // §6.2.2.3: binding a WFN to a formatted string.
    @Test(arguments: [
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY]"#,
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"
        ),
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?",edition=ANY]"#,
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*"
        ),
        (
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.\*",update="sp?"]"#,
            #"cpe:2.3:a:microsoft:internet_explorer:8.\*:sp?:*:*:*:*:*:*"#
        ),
        (
            #"wfn:[part="a",vendor="hp",product="insight",version="7\.4\.0\.1570",update=NA,sw_edition="online",target_sw="win2003",target_hw="x64"]"#,
            "cpe:2.3:a:hp:insight:7.4.0.1570:-:*:*:online:win2003:x64:*"
        ),
        (
            #"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",target_sw="linux"]"#,
            "cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*"
        ),
        (
            #"wfn:[part="a",vendor="foo\\bar",product="big\$money_2010",sw_edition="special",target_sw="ipod_touch",target_hw="80gb"]"#,
            #"cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*"#
        ),
        (#"wfn:[part="a"]"#, "cpe:2.3:a:*:*:*:*:*:*:*:*:*:*"),
    ])
    func bindsAWFNToAFormattedString(wfn: String, formatted: String) throws {
        #expect(try CPEName(wfn: wfn).formattedString == formatted)
    }

    // §6.2.3.3: unbinding a formatted string to a WFN.
    @Test(arguments: [
        (
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY,language=ANY,sw_edition=ANY,target_sw=ANY,target_hw=ANY,other=ANY]"#
        ),
        (
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
            #"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?",edition=ANY,language=ANY,sw_edition=ANY,target_sw=ANY,target_hw=ANY,other=ANY]"#
        ),
        (
            "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*",
            #"wfn:[part="a",vendor="hp",product="insight_diagnostics",version="7\.4\.0\.1570",update=NA,edition=ANY,language=ANY,sw_edition="online",target_sw="win2003",target_hw="x64",other=ANY]"#
        ),
        (
            #"cpe:2.3:a:foo\\bar:big\$money:2010:*:*:*:special:ipod_touch:80gb:*"#,
            #"wfn:[part="a",vendor="foo\\bar",product="big\$money",version="2010",update=ANY,edition=ANY,language=ANY,sw_edition="special",target_sw="ipod_touch",target_hw="80gb",other=ANY]"#
        ),
        (
            #"cpe:2.3:a:micr\?osoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"#,
            #"wfn:[part="a",vendor="micr\?osoft",product="internet_explorer",version="8\.0\.6001",update="beta"]"#
        ),
        (
            #"cpe:2.3:a:2glux*:??com_sexypolling??:0.9.1:-:-:*:-:joomla\!:*:*"#,
            #"wfn:[part="a",vendor="2glux*",product="??com_sexypolling??",version="0\.9\.1",update=NA,edition=NA,sw_edition=NA,target_sw="joomla\!"]"#
        ),
        (
            #"cpe:2.3:a:foo:bar\:mumble:1.0:*:*:*:*:*:*:*"#,
            #"wfn:[part="a",vendor="foo",product="bar\:mumble",version="1\.0"]"#
        ),
    ])
    func unbindsAFormattedStringToAWFN(formatted: String, wfn: String) throws {
        #expect(try CPEName(formattedString: formatted) == CPEName(wfn: wfn))
    }

    // §6.2.3.3 example 3 (as printed, 10 attributes; and with 11) and further malformed strings.
    @Test(arguments: [
        ("cpe:2.3:a:hp:insight_diagnostics:7.4.*.1570:*:*:*:*:*:*", CPEError.Code.malformedName),
        ("cpe:2.3:a:hp:insight_diagnostics:7.4.*.1570:*:*:*:*:*:*:*", .invalidValue),
        (#"cpe:2.4:a:2glux:com_sexypolling:0.9.1:-:-:*:-:joomla\!:*:*"#, .malformedName),
        (#"cpe:2.3:a:2g?lux:com_sexypolling:0.9.1:-:-:*:-:joomla\!:*:*"#, .invalidValue),
        (#"cpe:2.3:z:2glux*:??com_sexypolling??:0.9.1:-:-:*:-:joomla\!:*:*"#, .invalidPart),
        ("cpe:2.3::vendor:product:1:*:*:*:*:*:*:*", .malformedName),
        ("cpe:2.3:a:vendor:**:1:*:*:*:*:*:*:*", .invalidValue),
        ("cpe:2.3:a:vendor:*?:1:*:*:*:*:*:*:*", .invalidValue),
        ("cpe:2.3:a:vendor:pro duct:1:*:*:*:*:*:*:*", .invalidValue),
        ("cpe:2.3:a:vendor:product:1:*:*:*:*:*:*:x\\", .invalidValue),
    ])
    func rejectsMalformedFormattedStrings(formatted: String, code: CPEError.Code) {
        #expect {
            try CPEName(formattedString: formatted)
        } throws: { error in
            (error as? CPEError)?.code == code
        }
    }

    // §7: conversions between the bindings, derived from the examples above.
    @Test(arguments: [
        (
            "cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f",
            #"cpe:2.3:a:microsoft:internet_explorer:8.\*:sp\?:*:*:*:*:*:*"#
        ),
        (
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~",
            "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*"
        ),
        (
            "cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~",
            #"cpe:2.3:a:foo\\bar:big\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*"#
        ),
        ("cpe:/a:foo~bar:big%7emoney_2010", #"cpe:2.3:a:foo\~bar:big\~money_2010:*:*:*:*:*:*:*:*"#),
        ("cpe:/a:opensuse:lib%3azypp:14.16.0:beta:~~~~~-", #"cpe:2.3:a:opensuse:lib\:zypp:14.16.0:beta:*:*:*:*:*:-"#),
    ])
    func convertsAURIToAFormattedString(uri: String, formatted: String) throws {
        #expect(try CPEName(uri: uri).formattedString == formatted)
    }

    @Test(arguments: [
        ("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*", "cpe:/a:microsoft:internet_explorer:8.%02:sp%01"),
        (
            #"cpe:2.3:a:microsoft:internet_explorer:8.\*:sp?:*:*:*:*:*:*"#,
            "cpe:/a:microsoft:internet_explorer:8.%2a:sp%01"
        ),
        (
            "cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*",
            "cpe:/a:hp:openview_network_manager:7.51::~~~linux~~"
        ),
        (
            #"cpe:2.3:a:foo\\bar:big\$money:2010:*:*:*:special:ipod_touch:80gb:*"#,
            "cpe:/a:foo%5cbar:big%24money:2010::~~special~ipod_touch~80gb~"
        ),
    ])
    func convertsAFormattedStringToAURI(formatted: String, uri: String) throws {
        #expect(try CPEName(formattedString: formatted).uri == uri)
        #expect(
            try CPEName(uri: uri).formattedString == CPEName(formattedString: formatted).formattedString.lowercased())
    }

    @Test func quotesLiteralsAndRemovesTheQuotingForDisplay() throws {
        let name = try CPEName(
            part: .literal("a"), vendor: .literal("openssl"), product: .literal("openssl"),
            version: .literal("1.0.1j"))
        #expect(name.version == .value(#"1\.0\.1j"#))
        #expect(name.version.plainText == "1.0.1j")
        #expect(name.formattedString == "cpe:2.3:a:openssl:openssl:1.0.1j:*:*:*:*:*:*:*")
        #expect(try CPEName(parsing: name.uri) == name)
        #expect(try CPEName(parsing: name.wfnString) == name)
        #expect(name.description == name.formattedString)
    }

    @Test func keepsCaseInFormattedStringsButNotInURIs() throws {
        let formatted = try CPEName(formattedString: "cpe:2.3:A:Vendor:Product:1:*:*:*:*:*:*:*")
        #expect(formatted.formattedString == "cpe:2.3:a:Vendor:Product:1:*:*:*:*:*:*:*")
        #expect(try CPEName(uri: "cpe:/a:Vendor:Product:1").vendor.wfnString == "vendor")
    }

    @Test func comparesAndHashesNamesCaseInsensitively() throws {
        let upper = try CPEName(parsing: "cpe:2.3:a:OpenSSL:OpenSSL:1.0.1J:*:*:*:*:*:*:*")
        let lower = try CPEName(parsing: "cpe:/a:openssl:openssl:1.0.1j")
        #expect(upper == lower)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.compare(to: lower).relation == .equal)
    }

    @Test func replacesAnAttributeOnlyWithAValidValue() throws {
        let name = try CPEName(parsing: "cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*")
        #expect(
            try name.setting(.version, to: .literal("2.0")).formattedString == "cpe:2.3:a:foo:bar:2.0:*:*:*:*:*:*:*")
        #expect(throws: CPEError.self) { try name.setting(.version, to: .value("a*b:c")) }
        #expect(throws: CPEError.self) { try name.setting(.part, to: .value("zzz")) }
    }

    @Test func codesAsTheFormattedString() throws {
        let name = try CPEName(parsing: "cpe:/a:busybox:busybox:1.36.1")
        let data = try JSONEncoder().encode([name])
        #expect(String(decoding: data, as: UTF8.self) == #"["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"]"#)
        #expect(try JSONDecoder().decode([CPEName].self, from: data) == [name])
        #expect(throws: CPEError.self) { try JSONDecoder().decode([CPEName].self, from: Data(#"["cpe:nope"]"#.utf8)) }
    }

    @Test func rejectsInvalidValuesWhenBuilt() throws {
        #expect(throws: CPEError.self) { try CPEName(part: .value("x")) }
        #expect(throws: CPEError.self) { try CPEName(vendor: .value("a*b")) }
        #expect(throws: CPEError.self) { try CPEName(vendor: .value(#"\-"#)) }
        #expect(throws: CPEError.self) { try CPEAttributeValue(wfnValue: "a\\") }
        #expect(throws: CPEError.self) { try CPEAttributeValue(wfnValue: "é") }
        #expect(try CPEAttributeValue(wfnValue: "*") == .any)
    }

    @Test func rejectsHugeAndUnknownInput() {
        #expect(throws: CPEError.self) { try CPEName(parsing: "cpe:2.3:" + String(repeating: "a", count: 5000)) }
        #expect(throws: CPEError.self) { try CPEName(parsing: "cpe:2.2:a:b:c") }
        #expect(throws: CPEError.self) { try CPEName(parsing: "") }
        #expect(throws: CPEError.self) { try CPEName(wfn: #"wfn:[vendor="a",vendor="b"]"#) }
        #expect(throws: CPEError.self) { try CPEName(wfn: #"wfn:[colour="red"]"#) }
        #expect(throws: CPEError.self) { try CPEName(wfn: #"wfn:[vendor="unterminated]"#) }
    }
}
