import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@testable import VigilInventory

/// The signature engine: the multi-pattern search, the rules of a signature, and the built-in table's own examples.
@Suite struct SignatureTests {
    /// A binary-looking buffer: the strings NUL-separated, between bytes that are not text.
    static func binary(_ strings: [String], padding: Int = 64) -> [UInt8] {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        for string in strings {
            bytes += [UInt8](repeating: 0xFF, count: padding) + [0] + Array(string.utf8) + [0]
        }
        return bytes
    }

    @Test("the automaton finds every occurrence of every pattern, as a naive search does", arguments: 0..<40)
    func automatonAgreesWithNaiveSearch(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let alphabet: [UInt8] = Array("abcab\0".utf8)
        let patterns = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
            (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        }
        let text = (0..<300).map { _ in alphabet.randomElement(using: &generator)! }
        let automaton = ByteAutomaton(patterns: patterns)
        var found: [[Int]] = []
        text.withUnsafeBufferPointer { buffer in automaton.search(buffer) { found.append([$0, $1]) } }
        var expected: [[Int]] = []
        for start in text.indices {
            for (index, pattern) in patterns.enumerated()
            where start + pattern.count <= text.count && Array(text[start..<(start + pattern.count)]) == pattern {
                expected.append([index, start])
            }
        }
        #expect(Set(found) == Set(expected))
        #expect(found.count == expected.count)
    }

    @Test("every built-in signature reads its documented example", arguments: BinarySignature.builtIn.map(\.id))
    func builtInExample(_ id: String) throws {
        let signature = try #require(BinarySignature.builtIn.first { $0.id == id })
        let set = try SignatureSet([signature])
        let matches =
            signature.target == .fileName
            ? set.matcher().scan(fileName: signature.example)
            : set.matcher().scan(Self.binary([signature.example] + signature.requires))
        #expect(matches.map(\.version) == [signature.exampleVersion], "\(signature.id)")
        #expect(matches.first?.signature == signature.id)
    }

    @Test func theBuiltInTableCompilesAndCoversTheListedComponents() {
        let components = Set(SignatureSet.builtIn.signatures.map(\.component))
        for component in [
            "busybox", "openssl", "zlib", "curl", "sqlite", "expat", "libxml2", "libpng", "libjpeg-turbo", "libtiff",
            "glibc", "musl", "dropbear", "openssh", "lighttpd", "nginx", "dnsmasq", "u-boot", "mbedtls", "wolfssl",
            "gnutls", "pcre", "pcre2", "bzip2", "xz", "libarchive", "sudo", "bash", "wpa_supplicant", "hostapd",
            "bluez", "dbus", "systemd", "avahi", "mosquitto", "dcmtk", "ncurses", "util-linux", "freetype", "uclibc",
        ] {
            #expect(components.contains(component), "\(component)")
        }
        // Every component is known to the CPE dictionary, so a match becomes matchable.
        for component in components {
            #expect(!BinarySignatureSource().dictionary.products(for: component).isEmpty, "\(component)")
        }
    }

    @Test func matchesGiveOffsetTextAndConfidence() throws {
        let bytes = Self.binary(["unrelated", "OpenSSL 1.1.1w  11 Sep 2023", "OPENSSLDIR: \"/usr/lib/ssl\""])
        let match = try #require(SignatureSet.builtIn.matcher().scan(bytes).first)
        #expect(match.component == "openssl")
        #expect(match.version == "1.1.1w")
        #expect(match.text == "OpenSSL 1.1.1w  11 Sep 2023")
        let offset = try #require(match.offset)
        #expect(Array(bytes[offset..<(offset + 7)]) == Array("OpenSSL".utf8))
        #expect(match.confidence == 0.95)
    }

    @Test("a header copy of OpenSSL's version text, without libcrypto's own strings, is not OpenSSL")
    func requiredStringsRuleOutHeaderCopies() {
        let hostapd = Self.binary(["hostapd v%s", "OpenSSL 3.0.16 11 Feb 2025", "2.10"])
        let matches = SignatureSet.builtIn.matcher().scan(hostapd)
        #expect(matches.map(\.component) == ["hostapd"])
    }

    @Test func theBareVersionNearestTheRequiredStringWins() throws {
        let signature = try #require(BinarySignature.builtIn.first { $0.id == "sqlite.version" })
        let set = try SignatureSet([signature])
        // Python's own version far away, SQLite's next to SQLite's message.
        var bytes = Self.binary(["3.11.2"])
        bytes += [UInt8](repeating: 0xFF, count: 100_000)
        bytes += Self.binary(["3.40.1", "unable to close due to unfinalized statements or unfinished backups"])
        #expect(set.matcher().scan(bytes).map(\.version) == ["3.40.1"])
        // Without the message, no bare version counts.
        #expect(set.matcher().scan(Self.binary(["3.40.1"])).isEmpty)
    }

    @Test func aBareVersionTooFarFromItsRequiredStringDoesNotCount() throws {
        let signature = try #require(BinarySignature.builtIn.first { $0.id == "liblzma.version" })
        let set = try SignatureSet([signature])
        #expect(set.matcher().scan(Self.binary(["5.4.1", "7zXZ"], padding: 300)).map(\.version) == ["5.4.1"])
        #expect(set.matcher().scan(Self.binary(["5.4.1", "7zXZ"], padding: 5_000)).isEmpty)
    }

    @Test func anAnchorThatMustStartItsStringIgnoresVersionsInsideOtherText() throws {
        let signature = try #require(BinarySignature.builtIn.first { $0.id == "pcre2.version" })
        let set = try SignatureSet([signature])
        let inside = Self.binary(["release 10.42 2022-12-11", "internal error: code overflow"] + signature.requires)
        #expect(set.matcher().scan(inside).isEmpty)
    }

    @Test func theLongerSpellingOfTheSameReleaseWins() {
        let ssh = Self.binary(["OpenSSH_9.2", "OpenSSH_9.2p1 Debian-2+deb12u3", "OpenSSH_2.*,OpenSSH_3.0*"])
        #expect(SignatureSet.builtIn.matcher().scan(ssh).map(\.version) == ["9.2p1"])
    }

    @Test func majorMinorPatchCapturesMakeAVersion() throws {
        let signature = try #require(BinarySignature.builtIn.first { $0.id == "libxml2.version" })
        let bytes = Self.binary(["::21003", "xmlGetGlobalState: out of memory"])
        #expect(try SignatureSet([signature]).matcher().scan(bytes).map(\.version) == ["2.10.3"])
    }

    @Test func aHugeRunOfTextAroundAnAnchorIsReadOnlyWithinTheContextLimit() {
        let text =
            String(repeating: "x", count: 10_000) + "BusyBox v1.36.1 (2024-01-01)"
            + String(repeating: "y", count: 10_000)
        let matches = SignatureSet.builtIn.matcher().scan(Self.binary([text]))
        #expect(matches.map(\.version) == ["1.36.1"])
        #expect(matches.first.map { $0.text.utf8.count <= 2 * SignatureSet.maximumContext } == true)
    }

    @Test func invalidSignaturesAreRefusedWithTheirID() {
        func signature(
            id: String = "x", anchors: [String] = ["a"], pattern: String = "(?<version>1)"
        ) -> BinarySignature {
            BinarySignature(
                id: id, component: "x", anchors: anchors, pattern: pattern, confidence: 1, example: "",
                exampleVersion: "", note: "")
        }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(), signature()]) }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(anchors: [])]) }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(anchors: [""])]) }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(anchors: ["\u{1}"])]) }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(pattern: "(")]) }
        #expect(throws: SignatureError.self) { try SignatureSet([signature(pattern: "no capture")]) }
        var named = signature()
        named.target = .fileName
        #expect(throws: SignatureError.self) { try SignatureSet([named]) }
        do {
            _ = try SignatureSet([signature(id: "broken", pattern: "(")])
        } catch {
            #expect(error.description.hasPrefix("signature broken: "))
        }
    }

    @Test func fileNameSignaturesUseTheirVersionTable() throws {
        let matcher = SignatureSet.builtIn.matcher()
        #expect(matcher.scan(fileName: "libfreetype-2f4dfa15.so.6.20.1").map(\.version) == ["2.13.2"])
        #expect(matcher.scan(fileName: "libfreetype.so.6.99.0").isEmpty, "a libtool version not in the table")
        #expect(matcher.scan(fileName: "libfreetype.so.6").isEmpty)
        #expect(matcher.scan(fileName: "ld-uClibc-0.9.33.2.so").map(\.component) == ["uclibc"])
        #expect(matcher.scan(fileName: "libuClibc-1.0.45.so").map(\.component) == ["uclibc-ng"])
        #expect(matcher.scan(fileName: "ld-uClibc.so.0").isEmpty)
    }

    @Test func emptyAndTinyInputsFindNothing() {
        let matcher = SignatureSet.builtIn.matcher()
        #expect(matcher.scan([]).isEmpty)
        #expect(matcher.scan([0]).isEmpty)
        #expect(matcher.scan(Array("BusyBox v".utf8)).isEmpty)
    }
}
