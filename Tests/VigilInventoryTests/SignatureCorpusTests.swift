import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@testable import VigilInventory

/// Every built-in signature on real binaries: Debian 12's own packages (`Scripts/fetch-test-corpus`), each expected to
/// give its component at the upstream part of the package's version.
@Suite("Binary signatures on Debian's binaries")
struct SignatureCorpusTests {
    /// Package → the components its binaries must show (at the package's upstream version).
    static let expected: [(package: String, components: [String])] = [
        ("busybox-static", ["busybox"]), ("bash", ["bash"]), ("bluez", ["bluez"]), ("libbz2-1.0", ["bzip2"]),
        ("libdbus-1-3", ["dbus"]), ("libdcmtk17", ["dcmtk"]), ("dnsmasq-base", ["dnsmasq"]),
        ("dropbear-bin", ["dropbear"]), ("hostapd", ["hostapd"]), ("wpasupplicant", ["wpa_supplicant"]),
        ("libarchive13", ["libarchive"]), ("avahi-daemon", ["avahi"]), ("libc6", ["glibc"]), ("libcurl4", ["curl"]),
        ("libexpat1", ["expat"]), ("libgnutls30", ["gnutls"]), ("libjpeg62-turbo", ["libjpeg-turbo"]),
        ("liblzma5", ["xz"]), ("xz-utils", ["xz"]), ("libmbedcrypto7", ["mbedtls"]), ("mosquitto", ["mosquitto"]),
        ("util-linux", ["util-linux"]), ("libtinfo6", ["ncurses"]), ("libpcre2-8-0", ["pcre2"]),
        ("libpcre3", ["pcre"]), ("libpng16-16", ["libpng"]), ("libsqlite3-0", ["sqlite"]),
        ("libssl3", ["openssl"]), ("libsystemd-shared", ["systemd"]), ("libtiff6", ["libtiff"]),
        ("libwolfssl35", ["wolfssl"]), ("libxml2", ["libxml2"]), ("lighttpd", ["lighttpd"]), ("musl", ["musl"]),
        ("nginx", ["nginx"]), ("openssh-client", ["openssh"]), ("openssh-server", ["openssh"]), ("sudo", ["sudo"]),
        ("u-boot-qemu", ["u-boot"]), ("zlib1g", ["zlib"]), ("libfreetype6", ["freetype"]),
    ]

    static let source = BinarySignatureSource()

    @Test(
        "each package's binaries give its component at its upstream version, and nothing else",
        .enabled(if: TestCorpus.has("debs/.complete"), TestCorpus.missingMessage),
        arguments: expected.map(\.package))
    func package(_ name: String) throws {
        let (directory, version) = try #require(TestCorpus.debianPackage(name), "debs/\(name) is missing")
        let components = Self.expected.first { $0.package == name }!.components
        let upstream = try #require(
            SBOMEnricher.upstreamVersion(
                version, purl: PackageURL(type: "deb", namespace: "debian", name: name, version: version)))
        let result = try Self.source.scan(DirectoryRoot(directory.path))
        for component in components {
            let found = result.matches.filter { $0.match.component == component }
            #expect(!found.isEmpty, "\(name): no \(component) signature in \(result.filesScanned) binaries")
            for (path, match) in found {
                let agrees =
                    upstream == match.version || upstream.hasPrefix(match.version + ".")
                    || upstream.hasPrefix(match.version + "+")
                #expect(agrees, "\(name): \(path): \(match.text) gives \(match.version), the package is \(version)")
            }
        }
        let others = result.matches.filter { !components.contains($0.match.component) }
        #expect(others.isEmpty, "\(name): unexpected \(others.map { "\($0.path): \($0.match.text)" })")
    }
}

/// Libraries bundled in manylinux wheels (`Scripts/fetch-test-corpus` pins each wheel by SHA-256). The expected
/// versions were verified independently of Vigil: by each library's own version call in a throwaway virtual
/// environment (`cryptography…backend.openssl_version_text()`, `PIL.features.version()`, `lxml.etree.LIBXML_VERSION`,
/// `ctypes` calls into the bundled `.so` files) and by the bundled files' sonames.
@Suite("Binary signatures on manylinux wheels")
struct WheelSignatureTests {
    static let expected: [(wheel: String, components: [String: String])] = [
        ("cryptography-3.3.2", ["openssl": "1.1.1i"]),
        ("cryptography-36.0.2", ["openssl": "1.1.1n"]),
        ("cryptography-41.0.7", ["openssl": "3.1.4"]),
        // Both Pillow wheels link bzip2 1.0.8 statically into their FreeType (no NEEDED libbz2; its BZ2_ symbols,
        // error messages and version string are in libfreetype-*.so).
        (
            "Pillow-9.0.1",
            [
                "libjpeg-turbo": "2.1.2", "zlib": "1.2.11", "libpng": "1.6.37", "libtiff": "4.3.0", "xz": "5.2.5",
                "bzip2": "1.0.8", "freetype": "2.11.1",
            ]
        ),
        // Pillow 10.0.1 uses the system's zlib: the bare `1.2.8` its modules hold is a header constant.
        (
            "Pillow-10.0.1",
            [
                "libjpeg-turbo": "3.0.0", "libpng": "1.6.40", "libtiff": "4.5.1", "xz": "5.4.4", "bzip2": "1.0.8",
                "freetype": "2.13.2",
            ]
        ),
        ("lxml-4.9.2", ["libxml2": "2.9.14", "zlib": "1.2.13"]),
        ("psycopg2_binary-2.9.5", ["openssl": "1.1.1r", "pcre": "8.32"]),
    ]

    @Test(
        "every bundled library is found at its version, and nothing else",
        .enabled(if: TestCorpus.has("wheels/.complete"), TestCorpus.missingMessage),
        arguments: expected.map(\.wheel))
    func wheel(_ name: String) throws {
        let directory = try #require(TestCorpus.url("wheels/\(name)"), "wheels/\(name) is missing")
        let expected = Self.expected.first { $0.wheel == name }!.components
        let result = try BinarySignatureSource().scan(DirectoryRoot(directory.path))
        var found: [String: Set<String>] = [:]
        for (_, match) in result.matches { found[match.component, default: []].insert(match.version) }
        for (component, version) in expected {
            #expect(found[component] == [version], "\(name): \(component) \(found[component] ?? [])")
        }
        let unexpected = found.filter { expected[$0.key] == nil }
        #expect(unexpected.isEmpty, "\(name): unexpected \(unexpected)")
    }
}
