import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@testable import VigilInventory

/// A real Debian 12 root filesystem, made by `debootstrap --variant=minbase bookworm` (`Scripts/fetch-test-corpus`).
@Suite(.enabled(if: TestCorpus.has("debootstrap/bookworm-minbase"), TestCorpus.missingMessage))
struct DebootstrapTests {
    static func root() throws -> URL { try #require(TestCorpus.debootstrapRoot, "the debootstrap root is missing") }

    @Test("every package dpkg-query lists, with the same version, and nothing else")
    func agreesWithDpkgQuery() throws {
        let root = try Self.root()
        try #require(DpkgQuery.isAvailable, "dpkg-query is missing")
        let expected = try DpkgQuery.installed(admindir: root.path + "/var/lib/dpkg")
        let (document, warnings) = try Inventory.builtIn.run(try DirectoryRoot(root.path), name: "bookworm")
        let packages = document.components.filter { $0.id.hasPrefix("deb:") }
        #expect(expected.count > 80)
        #expect(Set(packages.map { "\($0.name) \($0.version ?? "")" }) == expected)
        #expect(warnings.isEmpty, "\(warnings)")
        // The distribution, and nothing beside the packages: every signature found in a packaged file joined its
        // package (debootstrap installs nothing outside dpkg).
        #expect(document.components.count == packages.count + 1)
        #expect(document.components.first?.id == "os:debian")
    }

    @Test("signatures confirm the packages that carry them, and CPEs come from source packages")
    func signaturesJoinTheirPackages() throws {
        let (document, _) = try Inventory.builtIn.run(try DirectoryRoot(Self.root().path), name: "bookworm")
        func component(_ name: String) throws -> SBOMComponent {
            try #require(document.components.first { $0.name == name }, "\(name)")
        }
        for (package, rule) in [
            ("libc6", "glibc.release"), ("bash", "bash.version"), ("zlib1g", "zlib.copyright"),
            ("libbz2-1.0", "bzip2.version"), ("liblzma5", "liblzma.version"), ("libpcre2-8-0", "pcre2.version"),
            ("libtinfo6", "ncurses.version"), ("util-linux", "util-linux.version"),
        ] {
            #expect(try component(package).evidence.contains { $0.rule == rule }, "\(package): \(rule)")
        }
        #expect(try component("libc6").cpes == ["cpe:2.3:a:gnu:glibc:2.36:*:*:*:*:*:*:*"])
        #expect(try component("zlib1g").cpes == ["cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"])
        #expect(try component("libgcrypt20").cpes == ["cpe:2.3:a:gnupg:libgcrypt:1.10.1:*:*:*:*:*:*:*"])
        // Dependencies come from Depends / Pre-Depends.
        let bash = try component("bash")
        let libtinfo = try component("libtinfo6")
        #expect(document.relationships.contains(SBOMRelationship(bash.id, .dependsOn, libtinfo.id)))
    }
}
