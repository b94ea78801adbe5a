import Testing
import VigilCore

@Suite struct VersionSchemeRegistryTests {
    let registry = VersionSchemeRegistry.builtIn

    @Test func listsEverySchemeTheIssueNames() {
        #expect(registry.identifiers == ["apk", "deb", "generic", "kernel", "rpm", "semver"])
    }

    @Test(arguments: [
        ("deb", "deb"), ("DEB", "deb"), ("opkg", "deb"), ("alpine", "apk"), ("npm", "semver"),
        ("linux", "kernel"), ("upstream", "generic"),
    ])
    func findsSchemesByIdentifierOrAlias(name: String, id: VersionSchemeID) throws {
        #expect(try registry.scheme(named: name).id == id)
    }

    @Test func namesTheKnownSchemesWhenOneIsUnknown() {
        #expect {
            try registry.scheme(named: "pep440")
        } throws: { error in
            guard let error = error as? VersionParseError else { return false }
            return error.code == .unknownScheme && error.message.contains("deb, generic")
        }
    }

    @Test(arguments: [
        ("Debian:12", "deb"), ("Alpine:v3.18", "apk"), ("AlmaLinux:9", "rpm"), ("Linux", "kernel"),
        ("crates.io", "semver"),
    ])
    func findsTheSchemeOfAnOSVEcosystem(ecosystem: Ecosystem, id: VersionSchemeID) {
        #expect(registry.scheme(for: ecosystem)?.id == id)
    }

    @Test(arguments: [
        ("deb", "deb"), ("RPM", "rpm"), ("apk", "apk"), ("cargo", "semver"), ("yocto", "generic"),
        ("generic", "generic"),
    ])
    func findsTheSchemeOfAPurlType(type: String, id: VersionSchemeID) {
        #expect(registry.scheme(forPURLType: type)?.id == id)
    }

    @Test func findsNoSchemeForAnUnknownPurlType() {
        #expect(registry.scheme(forPURLType: "maven") == nil)
    }

    @Test func splitsAnEcosystemIntoBaseAndRelease() {
        #expect(Ecosystem("Debian:12").base == .debian)
        #expect(Ecosystem("Debian:12").release == "12")
        #expect(Ecosystem("Linux").release == nil)
    }

    /// The conformance suite every built-in scheme passes: total on garbage, typed errors, deterministic.
    @Test(arguments: VersionSchemeRegistry.builtIn.schemes.map { $0.id })
    func everySchemeIsTotalOnHostileInput(id: VersionSchemeID) throws {
        let scheme = try registry.scheme(named: id.rawValue)
        let hostile = [
            "", " ", "\u{0}", String(repeating: "9", count: 10_000), "💥", "1.0\n2.0", "%00", "../../etc",
            String(repeating: ".", count: 200), String(repeating: "-r", count: 100),
        ]
        for input in hostile {
            do {
                try scheme.validate(input)
            } catch {
                #expect(!error.message.isEmpty)
                #expect(error.input.count <= 81)
            }
        }
        #expect(try scheme.compare("1.2", "1.10") == .less)
        #expect(try scheme.compare("1.10", "1.10") == .equal)
    }
}
