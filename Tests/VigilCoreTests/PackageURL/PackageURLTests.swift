import Foundation
import Testing
import VigilCore

@Suite struct PackageURLTests {
    @Test func parsesEveryComponent() throws {
        let purl = try PackageURL(parsing: "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=bookworm#usr/lib")
        #expect(purl.type == "deb")
        #expect(purl.namespace == "debian")
        #expect(purl.name == "attr")
        #expect(purl.version == "1:2.4.47-2+b1")
        #expect(purl.qualifiers == ["arch": "amd64", "distro": "bookworm"])
        #expect(purl.subpath == "usr/lib")
    }

    @Test(arguments: [
        ("pkg:DEB/Debian/Curl@7.50.3-1", "pkg:deb/debian/curl@7.50.3-1"),
        ("pkg://generic/openssl@3.0.13", "pkg:generic/openssl@3.0.13"),
        ("pkg:generic/openssl@3.0.13?b=2&a=1&c=", "pkg:generic/openssl@3.0.13?a=1&b=2"),
        ("pkg:github/package-url/purl-spec#/a/./b/../c/", "pkg:github/package-url/purl-spec#a/b/c"),
        ("pkg:pypi/Django_Package@1.11.1", "pkg:pypi/django-package@1.11.1"),
        ("pkg:rpm/Fedora/Curl@7.50.3-1.fc25", "pkg:rpm/fedora/Curl@7.50.3-1.fc25"),
        ("pkg:generic//openssl//@1.0", "pkg:generic/openssl@1.0"),
        ("pkg:generic/name%20with%20space@1.0", "pkg:generic/name%20with%20space@1.0"),
    ])
    func canonicalises(input: String, canonical: String) throws {
        #expect(try PackageURL(parsing: input).canonicalString == canonical)
    }

    @Test(arguments: [
        "pkg:deb/debian/curl@7.50.3-1?arch=i386",
        "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
        "pkg:yocto/core/glibc@2.35?layer_version=kirkstone&repository_url=https:%2F%2Fgit.openembedded.org%2Fcore",
        "pkg:npm/%40angular/core@16.0.0",
        "pkg:generic/caf%C3%A9@1.0",
    ])
    func roundTripsCanonicalStrings(canonical: String) throws {
        let purl = try PackageURL(parsing: canonical)
        #expect(purl.canonicalString == canonical)
        #expect(try PackageURL(parsing: purl.canonicalString) == purl)
    }

    @Test func decodesUnicodeAndEncodesItBack() throws {
        let purl = try PackageURL(type: "generic", name: "café", version: "1.0 beta")
        #expect(purl.canonicalString == "pkg:generic/caf%C3%A9@1.0%20beta")
        #expect(try PackageURL(parsing: purl.canonicalString).name == "café")
    }

    @Test(arguments: [
        ("", PackageURLError.Code.missingScheme),
        ("deb/debian/curl", .missingScheme),
        ("pkg:", .invalidType),
        ("pkg:deb", .invalidType),
        ("pkg:1deb/debian/curl", .invalidType),
        ("pkg:de_b/debian/curl", .invalidType),
        ("pkg:de$b/debian/curl", .invalidCharacter),
        ("pkg:deb/curl@1.0", .invalidNamespace),
        ("pkg:generic/@1.0", .invalidName),
        ("pkg:generic/a?key", .invalidQualifier),
        ("pkg:generic/a?Key=1", .invalidQualifier),
        ("pkg:generic/a?1key=1", .invalidQualifier),
        ("pkg:generic/a?k=1&k=2", .invalidQualifier),
        ("pkg:generic/a%2", .invalidPercentEncoding),
        ("pkg:generic/a%zz", .invalidPercentEncoding),
        ("pkg:generic/a%FF", .invalidPercentEncoding),
        ("pkg:generic/ns%2Fx/a", .invalidNamespace),
        ("pkg:generic/a#b%2Fc", .invalidSubpath),
        ("pkg:generic/a b", .invalidCharacter),
        ("pkg:generic/a\u{0}b", .invalidCharacter),
        ("pkg:generic/a\nb", .invalidCharacter),
        ("pkg:generic/a%00b", .invalidCharacter),
        ("pkg:generic/a@1%0A2", .invalidCharacter),
        ("pkg:generic/a?k=%1B%5B31m", .invalidCharacter),
    ])
    func rejectsInvalidInputWithATypedError(input: String, code: PackageURLError.Code) {
        #expect {
            try PackageURL(parsing: input)
        } throws: { error in
            (error as? PackageURLError)?.code == code
        }
    }

    @Test func rejectsHugeInputBeforeParsing() {
        let huge = "pkg:generic/" + String(repeating: "a", count: PackageURL.maximumLength)
        #expect {
            try PackageURL(parsing: huge)
        } throws: { error in
            guard let error = error as? PackageURLError else { return false }
            return error.code == .tooLong && (error.input?.count ?? 0) < 200
        }
    }

    @Test func lenientModeAcceptsWhatGeneratorsWriteInTheWild() throws {
        let input = "pkg:deb/debian/libc6@2.36-9+deb12u4?Arch=amd64"
        #expect(throws: PackageURLError.self) { try PackageURL(parsing: input) }
        let purl = try PackageURL(parsing: input, mode: .lenient)
        #expect(purl.version == "2.36-9+deb12u4")
        #expect(purl.qualifiers == ["arch": "amd64"])
        #expect(purl.canonicalString == "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64")
    }

    @Test func lenientModeStillRejectsControlCharacters() {
        #expect(throws: PackageURLError.self) { try PackageURL(parsing: "pkg:generic/a\u{1B}[31m", mode: .lenient) }
        #expect(throws: PackageURLError.self) { try PackageURL(parsing: "pkg:generic/a%1B", mode: .lenient) }
        #expect(throws: PackageURLError.self) { try PackageURL(type: "generic", name: "a\u{0}b") }
    }

    @Test func equalityIsEqualityOfCanonicalForms() throws {
        let a = try PackageURL(parsing: "pkg:deb/Debian/CURL@1.0?b=2&a=1")
        let b = try PackageURL(
            type: "DEB", namespace: "debian", name: "curl", version: "1.0", qualifiers: ["a": "1", "b": "2"])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func dropsVersionQualifiersAndSubpathForALookupKey() throws {
        let purl = try PackageURL(parsing: "pkg:deb/debian/curl@7.88.1-10?arch=amd64#docs")
        #expect(purl.versionless.canonicalString == "pkg:deb/debian/curl")
    }

    @Test func codesAsTheCanonicalString() throws {
        let purl = try PackageURL(parsing: "pkg:apk/alpine/curl@7.83.0-r0?arch=x86")
        let data = try JSONEncoder().encode([purl])
        #expect(String(decoding: data, as: UTF8.self) == #"["pkg:apk\/alpine\/curl@7.83.0-r0?arch=x86"]"#)
        #expect(try JSONDecoder().decode([PackageURL].self, from: data) == [purl])
    }

    @Test func decodingReportsAnInvalidPurl() {
        let data = Data(#"["not a purl"]"#.utf8)
        #expect(throws: PackageURLError.self) { try JSONDecoder().decode([PackageURL].self, from: data) }
    }

    @Test func describesErrorsWithoutEchoingControlCharacters() {
        let error = PackageURLError(.invalidName, "bad", input: "a\u{1B}b")
        #expect(!error.description.contains("\u{1B}"))
    }
}
