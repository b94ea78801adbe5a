import Foundation
import Testing
import VigilCore
import VigilInventory
import VigilTesting

@Suite struct DpkgSourceTests {
    /// A root filesystem in a temporary directory with the given files.
    static func root(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "vigil-dpkg-\(UUID())")
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let status = """
        Package: libssl3
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Multi-Arch: same
        Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
        Source: openssl
        Version: 3.0.11-1~deb12u2
        Depends: libc6 (>= 2.34)
        Description: Secure Sockets Layer toolkit - shared libraries
         This package is part of the OpenSSL project's implementation of the SSL
         and TLS cryptographic protocols.
        Homepage: https://www.openssl.org/

        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc (2.36-9+deb12u3)
        Version: 2.36-9+deb12u4
        Description: GNU C Library: Shared libraries

        Package: removed-package
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0-1

        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10+deb12u5
        Depends: libcurl4 (= 7.88.1-10+deb12u5) | libcurl3-gnutls, libssl3:any (>= 3.0.0), zlib1g

        Package: broken
        Status: install ok installed

        """

    @Test func readsInstalledPackagesWithPurlsSourcesAndDependencies() throws {
        let root = try Self.root([
            "var/lib/dpkg/status": Self.status,
            "var/lib/dpkg/status.d/base-files": "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n",
            "var/lib/dpkg/status.d/base-files.md5sums": "d41d8cd98f00b204e9800998ecf8427e  etc/issue\n",
            "etc/os-release":
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (document, warnings) = try Inventory.builtIn.run(try DirectoryRoot(root.path), name: "rootfs")
        #expect(warnings == ["dpkg: /var/lib/dpkg/status: broken has no Version"])
        #expect(document.components.map(\.name) == ["debian", "base-files", "curl", "libc6", "libssl3"])
        let os = document.components[0]
        #expect(os.kind == .operatingSystem && os.version == "12" && os.description == "Debian GNU/Linux 12 (bookworm)")
        let ssl = try #require(document.components.first { $0.name == "libssl3" })
        #expect(ssl.purl == "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl")
        #expect(ssl.supplier?.name == "Debian OpenSSL Team")
        #expect(ssl.supplier?.email == "pkg-openssl-devel@alioth-lists.debian.net")
        #expect(ssl.description == "Secure Sockets Layer toolkit - shared libraries")
        #expect(ssl.evidence.first?.location == "/var/lib/dpkg/status")
        let libc = try #require(document.components.first { $0.name == "libc6" })
        #expect(libc.purl?.contains("upstream=glibc%402.36-9%2Bdeb12u3") == true)
        #expect(
            document.components.first { $0.name == "base-files" }?.evidence.first?.location
                == "/var/lib/dpkg/status.d/base-files")
        let edges = Set(document.relationships.map { "\($0.from) -> \($0.to)" })
        #expect(edges == ["deb:libssl3:amd64 -> deb:libc6:amd64", "deb:curl:amd64 -> deb:libssl3:amd64"])
    }

    /// This machine's own dpkg database against `dpkg-query`: every installed package, with its version.
    @Test(
        .enabled(
            if: DpkgQuery.isAvailable && FileManager.default.fileExists(atPath: "/var/lib/dpkg/status"),
            "no dpkg database on this machine"))
    func agreesWithDpkgQueryOnThisMachine() throws {
        let expected = try DpkgQuery.installed()
        let findings = try DpkgSource().inventory(try DirectoryRoot("/"), context: InventoryContext())
        let found = Set(findings.components.map { "\($0.name) \($0.version ?? "")" })
        #expect(expected.count > 50)
        #expect(found == expected)
    }
}
