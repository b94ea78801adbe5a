import Foundation
import GRDB
import Testing
import VigilCore
import VigilFeeds
import VigilSBOM
import VigilTesting

@testable import VigilInventory

/// Signatures placed against package databases, the kernel image, build manifests and RPM headers.
@Suite struct InventorySourcesTests {
    static func run(_ entries: [TarBuilder.Entry], inventory: Inventory = .builtIn) throws -> (SBOMDocument, [String]) {
        try inventory.run(try ArchiveRoot(tar: TarBuilder.archive(entries), name: "rootfs.tar"), name: "rootfs")
    }

    static let debianRelease = TarBuilder.file("./etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")

    static func dpkgStatus(_ packages: [(name: String, version: String, source: String?)]) -> TarBuilder.Entry {
        TarBuilder.file(
            "./var/lib/dpkg/status",
            packages.map { package in
                "Package: \(package.name)\nStatus: install ok installed\nArchitecture: amd64\n"
                    + (package.source.map { "Source: \($0)\n" } ?? "") + "Version: \(package.version)\n\n"
            }.joined())
    }

    static func elf(_ strings: [String]) -> [UInt8] { SignatureTests.binary(strings) }

    @Test("a signature in a file the package installed is evidence for the package, not a second component")
    func signatureInAPackagedFileMergesIntoThePackage() throws {
        let (document, warnings) = try Self.run([
            Self.debianRelease,
            Self.dpkgStatus([("libssl3", "3.0.11-1~deb12u2", "openssl"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib")]),
            TarBuilder.file("./var/lib/dpkg/info/libssl3:amd64.list", "/.\n/usr\n/usr/lib\n/usr/lib/libcrypto.so.3\n"),
            TarBuilder.file("./var/lib/dpkg/info/zlib1g:amd64.list", "/lib/libz.so.1.2.13\n"),
            // A merged /usr: the package list says /lib, the file is under /usr/lib.
            .symbolicLink("./lib", target: "usr/lib"),
            .file(
                "./usr/lib/libcrypto.so.3", Self.elf(["OpenSSL 3.0.11 19 Sep 2023", "OPENSSLDIR: \"/usr/lib/ssl\""])),
            .file("./usr/lib/libz.so.1.2.13", Self.elf([" inflate 1.2.13 Copyright 1995-2022 Mark Adler "])),
        ])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(document.components.map(\.id) == ["os:debian", "deb:libssl3:amd64", "deb:zlib1g:amd64"])
        let libssl = try #require(document.components.first { $0.name == "libssl3" })
        let signature = try #require(libssl.evidence.first { $0.method == "binary-signature" })
        #expect(signature.location == "/usr/lib/libcrypto.so.3")
        #expect(signature.rule == "openssl.version")
        #expect(signature.detail == "OpenSSL 3.0.11 19 Sep 2023")
        #expect(signature.offset != nil)
        #expect(libssl.cpes == ["cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"])
        #expect(libssl.properties[property: "vigil:upstream-version"] == "3.0.11")
        let zlib = try #require(document.components.first { $0.name == "zlib1g" })
        #expect(zlib.evidence.contains { $0.location == "/usr/lib/libz.so.1.2.13" })
        #expect(zlib.cpes == ["cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"], "the .dfsg repack marker is not upstream's")
    }

    @Test("a library linked statically into another package's program is its own component, contained by it")
    func staticallyLinkedLibraryInAnotherPackage() throws {
        let (document, _) = try Self.run([
            Self.debianRelease,
            Self.dpkgStatus([("vendor-tool", "2.0-1", nil)]),
            TarBuilder.file("./var/lib/dpkg/info/vendor-tool.list", "/usr/bin/vendor-tool\n"),
            .file(
                "./usr/bin/vendor-tool",
                Self.elf([" deflate 1.2.11 Copyright 1995-2017 Jean-loup Gailly and Mark Adler ", "usage: vendor-tool"])
            ),
            // Unpackaged: a vendor binary dropped into /opt.
            .file("./opt/app/server", Self.elf(["SSH-2.0-dropbear_2019.78", "lighttpd/1.4.53"])),
        ])
        let zlib = try #require(document.components.first { $0.name == "zlib" })
        #expect(zlib.version == "1.2.11")
        #expect(zlib.purl == "pkg:generic/zlib@1.2.11")
        #expect(zlib.cpes == ["cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*"])
        #expect(zlib.evidence.map(\.location) == ["/usr/bin/vendor-tool"])
        #expect(document.relationships.contains(SBOMRelationship("deb:vendor-tool:amd64", .contains, zlib.id)))
        let names = Set(document.components.map(\.name))
        #expect(names.isSuperset(of: ["dropbear", "lighttpd"]))
        let dropbear = try #require(document.components.first { $0.name == "dropbear" })
        #expect(dropbear.cpes == ["cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2019.78:*:*:*:*:*:*:*"])
        #expect(!document.relationships.contains { $0.to == dropbear.id }, "nothing installed /opt/app/server")
    }

    @Test("apk and opkg file lists place signatures in their packages too")
    func apkAndOpkgFileLists() throws {
        let busybox = Self.elf(["BusyBox v1.36.1 (2024-04-10 09:00:00 UTC)"])
        let (alpine, _) = try Self.run([
            TarBuilder.file("./etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"),
            TarBuilder.file(
                "./lib/apk/db/installed",
                "P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nF:lib\nR:ld-musl-x86_64.so.1\n\n"
                    + "P:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\nF:bin\nR:busybox\nF:etc\nR:securetty\n\n"),
            .file("./bin/busybox", busybox),
        ])
        #expect(alpine.components.map(\.id) == ["os:alpine", "apk:busybox:x86_64", "apk:musl:x86_64"])
        #expect(alpine.components[1].evidence.contains { $0.rule == "busybox.banner" })
        let (openwrt, _) = try Self.run([
            TarBuilder.file("./etc/os-release", "ID=\"openwrt\"\nVERSION_ID=\"23.05.3\"\n"),
            TarBuilder.file(
                "./usr/lib/opkg/status",
                "Package: busybox\nVersion: 1.36.1-1\nStatus: install user installed\nArchitecture: mipsel_24kc\n\n"),
            TarBuilder.file("./usr/lib/opkg/info/busybox.list", "/bin/busybox\n"),
            .file("./bin/busybox", busybox),
            .file("./usr/sbin/dropbear", Self.elf(["SSH-2.0-dropbear_2022.82"])),
        ])
        #expect(openwrt.components.map(\.id) == ["os:openwrt", "opkg:busybox:mipsel_24kc", "binary:dropbear@2022.82"])
        #expect(openwrt.components[1].evidence.contains { $0.rule == "busybox.banner" })
    }

    @Test("hostile file lists and manifests inside the image: a link cycle, an unreadable manifest, are not fatal")
    func hostileFileListsAndInstalledManifests() throws {
        let (document, warnings) = try Self.run([
            Self.debianRelease,
            Self.dpkgStatus([("evil", "1.0-1", nil)]),
            TarBuilder.file("./var/lib/dpkg/info/evil.list", "/opt/loop/file\n/usr/bin/evil\n"),
            .symbolicLink("./opt/loop", target: "loop"),
            TarBuilder.file("./usr/share/common-licenses/license.manifest", "this is not a manifest\n"),
        ])
        #expect(document.components.map(\.id) == ["os:debian", "deb:evil:amd64"])
        #expect(warnings.contains { $0.contains("license.manifest") && $0.contains("not a Yocto") })
    }

    @Test("a binary whose version only starts like the package's is another version")
    func aShorterVersionIsNotThePackagesVersion() throws {
        let (document, _) = try Self.run([
            Self.debianRelease,
            Self.dpkgStatus([("hostapd", "2:2.10.1-1", "wpa")]),
            .file("./opt/hostapd_cli", Self.elf(["hostapd_cli v2.10"])),
        ])
        #expect(document.components.contains { $0.id == "binary:hostapd@2.10" })
    }

    @Test func aFileCraftedWithThousandsOfVersionsIsCutOff() {
        let strings = (0..<20_000).map { "CLIENT libcurl 0.0.\($0)" }
        let matches = SignatureSet.builtIn.matcher().scan(Self.elf(strings))
        #expect(matches.count == SignatureMatcher.maximumCandidates)
    }

    @Test func aPackagesViewInPlaceOfTheTableIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-rpmdb-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "rpmdb.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE VIEW Packages AS WITH RECURSIVE c(hnum, blob) AS
                      (SELECT 1, x'0000000000000000' UNION ALL SELECT hnum + 1, blob FROM c) SELECT * FROM c
                    """)
        }
        try queue.close()
        let bytes = try [UInt8](Data(contentsOf: URL(filePath: path)))
        #expect {
            try Self.run([.file("./var/lib/rpm/rpmdb.sqlite", bytes)])
        } throws: { error in
            (error as? InventoryError)?.message.contains("no Packages table") == true
        }
    }

    @Test func aPackagedFileWhoseBinaryDisagreesWithThePackageVersionIsWarnedAbout() throws {
        let (document, warnings) = try Self.run([
            Self.debianRelease,
            Self.dpkgStatus([("busybox", "1:1.35.0-4", nil)]),
            TarBuilder.file("./var/lib/dpkg/info/busybox.list", "/bin/busybox\n"),
            .file("./bin/busybox", Self.elf(["BusyBox v1.36.1 (2024-01-01 00:00:00 UTC)"])),
        ])
        #expect(document.components.filter { $0.name == "busybox" }.count == 1)
        #expect(warnings.contains { $0.contains("busybox 1.36.1 in the binary") && $0.contains("1:1.35.0-4") })
    }

    @Test("without file lists (distroless status.d), a signature joins the package of the same product and version")
    func withoutFileListsTheSameProductAndVersionMerges() throws {
        let (document, _) = try Self.run([
            Self.debianRelease,
            TarBuilder.file(
                "./var/lib/dpkg/status.d/libssl3",
                "Package: libssl3\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n"),
            .file("./usr/lib/libcrypto.so.3", Self.elf(["OpenSSL 3.0.11 19 Sep 2023", "OPENSSLDIR: \"/x\""])),
            .file("./app/bundled.so", Self.elf(["OpenSSL 1.1.1w  11 Sep 2023", "OPENSSLDIR: \"/x\""])),
        ])
        #expect(document.components.filter { $0.name == "libssl3" }.count == 1)
        let bundled = try #require(document.components.first { $0.id == "binary:openssl@1.1.1w" })
        #expect(bundled.evidence.map(\.location) == ["/app/bundled.so"])
        #expect(!document.components.contains { $0.id == "binary:openssl@3.0.11" })
    }

    @Test func textFilesAreNotScannedButBootImagesAre() throws {
        let (document, _) = try Self.run([
            TarBuilder.file("./usr/share/doc/openssl/changelog", "OpenSSL 1.0.2 22 Jan 2015\nOPENSSLDIR: x\n"),
            .file(
                "./boot/u-boot.bin", [0xEA, 0, 0, 0] + Array("\0U-Boot 2023.04 (Apr 01 2023 - 00:00:00 +0000)\0".utf8)),
        ])
        #expect(document.components.map(\.name) == ["u-boot"])
        #expect(document.components.first?.cpes == ["cpe:2.3:a:denx:u-boot:2023.04:*:*:*:*:*:*:*"])
    }

    @Test func uClibcIsKnownByItsFileNames() throws {
        let (document, _) = try Self.run([
            .file("./lib/ld-uClibc-0.9.33.2.so", Self.elf(["uClibc loader"])),
            .file("./lib/libuClibc-0.9.33.2.so", Self.elf(["uClibc"])),
            .symbolicLink("./lib/libc.so.0", target: "libuClibc-0.9.33.2.so"),
            // Not an ELF file: not a library, whatever its name.
            TarBuilder.file("./usr/share/doc/libuClibc-0.9.30.so", "notes"),
        ])
        let uclibc = try #require(document.components.first)
        #expect(document.components.count == 1)
        #expect(uclibc.id == "binary:uclibc@0.9.33.2")
        #expect(uclibc.cpes == ["cpe:2.3:a:uclibc:uclibc:0.9.33.2:*:*:*:*:*:*:*"])
        #expect(uclibc.evidence.map(\.method) == ["file-name", "file-name"])
        #expect(uclibc.evidence.allSatisfy { $0.offset == nil })
    }

    @Test func aFileOverTheSizeLimitIsSkippedWithAWarning() throws {
        let inventory = Inventory(sources: [BinarySignatureSource(maximumFileSize: 64)])
        let (document, warnings) = try Self.run(
            [.file("./bin/big", Self.elf([String(repeating: "x", count: 100), "BusyBox v1.36.1 ()"]))],
            inventory: inventory)
        #expect(document.components.isEmpty)
        #expect(warnings.contains { $0.contains("/bin/big") && $0.contains("limit") })
    }

    @Test func aSingleFileIsScannedWhateverItsType() throws {
        let root = SingleFileRoot(name: "/tmp/firmware.bin", bytes: Array("junk\0BusyBox v1.31.1 (2020)\0".utf8))
        let (document, _) = try Inventory.singleFile.run(root, name: "firmware.bin")
        #expect(document.components.map(\.name) == ["busybox"])
        #expect(document.components.first?.evidence.first?.location == "/firmware.bin")
    }

    @Test func buildInformationOfYoctoAndOpenWrtImages() throws {
        let (yocto, _) = try Self.run([
            TarBuilder.file(
                "./etc/os-release",
                "ID=poky\nNAME=\"Poky (Yocto Project Reference Distro)\"\nVERSION_ID=4.0.17\nBUILD_ID=\"20240301\"\n"),
            TarBuilder.file(
                "./etc/buildinfo",
                """
                -----------------------
                Build Configuration:  |
                -----------------------
                DISTRO = poky
                DISTRO_VERSION = 4.0.17
                MACHINE = qemux86-64
                -----------------------
                Layer Revisions:      |
                -----------------------
                meta              = HEAD:6c5e0a1f3b2c4d5e6f708192a3b4c5d6e7f80912
                meta-poky         = HEAD:6c5e0a1f3b2c4d5e6f708192a3b4c5d6e7f80912 -- modified

                """),
        ])
        let poky = try #require(yocto.components.first)
        #expect(poky.id == "os:poky")
        #expect(poky.properties[property: "vigil:build.BUILD_ID"] == "20240301")
        #expect(poky.properties[property: "vigil:build.MACHINE"] == "qemux86-64")
        #expect(
            poky.properties[property: "vigil:build.layer.meta"] == "HEAD:6c5e0a1f3b2c4d5e6f708192a3b4c5d6e7f80912")
        let (openwrt, _) = try Self.run([
            TarBuilder.file(
                "./etc/openwrt_release",
                "DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='23.05.3'\nDISTRIB_REVISION='r23809-234f1a2efa'\n"
                    + "DISTRIB_TARGET='ramips/mt7621'\nDISTRIB_DESCRIPTION='OpenWrt 23.05.3 r23809-234f1a2efa'\n"),
            TarBuilder.file(
                "./usr/lib/opkg/status",
                "Package: dnsmasq\nVersion: 2.90-2\nStatus: install user installed\nArchitecture: mipsel_24kc\n\n"),
        ])
        #expect(openwrt.components.map(\.id) == ["os:openwrt", "opkg:dnsmasq:mipsel_24kc"])
        #expect(openwrt.components[0].properties[property: "vigil:build.DISTRIB_TARGET"] == "ramips/mt7621")
        #expect(openwrt.components[1].purl?.contains("distro=openwrt-23.05.3") == true)
    }

    // MARK: Kernel

    static let banner =
        "Linux version 6.1.0-18-arm64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld "
        + "(GNU Binutils for Debian) 2.40) #1 SMP Debian 6.1.76-1 (2024-02-01)"

    @Test("a compressed kernel image: the banner and IKCONFIG inside its gzip payload, merged with its module tree")
    func compressedKernelImageWithEmbeddedConfig() throws {
        let config = "CONFIG_IKCONFIG=y\nCONFIG_NET=y\nCONFIG_USB=m\n# CONFIG_BT is not set\nCONFIG_LOCALVERSION=\"\"\n"
        let vmlinux =
            [UInt8](repeating: 0x90, count: 1000) + Array(Self.banner.utf8) + [0, 1, 2]
            + Array("IKCFG_ST".utf8) + GzipWriter.compress(Array(config.utf8)) + Array("IKCFG_ED".utf8)
        let zImage = [UInt8](repeating: 0x01, count: 512) + GzipWriter.compress(vmlinux) + [0xDE, 0xAD, 0xBE, 0xEF]
        let (document, warnings) = try Self.run([
            .file("./boot/zImage", zImage),
            TarBuilder.file("./lib/modules/6.1.0-18-arm64/modules.dep", ""),
        ])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(document.components.count == 1)
        let kernel = try #require(document.components.first)
        #expect(kernel.id == "kernel:6.1.0-18-arm64")
        #expect(kernel.version == "6.1.76", "Debian's banner names the upstream version last")
        #expect(kernel.cpes == ["cpe:2.3:o:linux:linux_kernel:6.1.76:*:*:*:*:*:*:*"])
        #expect(kernel.properties[property: "vigil:kernel.config"] == "/boot/zImage#IKCONFIG")
        #expect(kernel.properties[property: "vigil:kernel.config.options"] == "4")
        #expect(kernel.evidence.map(\.method) == ["kernel-image", "kernel-modules"])
        #expect(KernelConfig(Array(config.utf8)).isEnabled("CONFIG_USB"))
        #expect(!KernelConfig(Array(config.utf8)).isEnabled("CONFIG_BT"))
    }

    @Test func otherBannersGiveTheReleasesOwnVersion() {
        let ubuntu =
            "Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, "
            + "GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"
        let yocto = "Linux version 6.6.21-yocto-standard (oe-user@oe-host) (x86_64-poky-linux-gcc (GCC) 13.2.0) #1 SMP"
        #expect(KernelImageSource.banner(in: Array(ubuntu.utf8))?.version == "5.15.0")
        #expect(KernelImageSource.banner(in: Array(yocto.utf8))?.version == "6.6.21")
        #expect(KernelImageSource.banner(in: Array(yocto.utf8))?.release == "6.6.21-yocto-standard")
    }

    @Test func aKernelImageThatIsNotOneGivesNothingAndACorruptPayloadIsNotACrash() throws {
        let corrupt = [UInt8](repeating: 0, count: 64) + [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]
        let (document, _) = try Self.run([
            .file("./boot/vmlinuz-broken", corrupt),
            // A banner cut short, as a compressed stream's literals leave it: no build number, not a banner.
            .file("./boot/vmlinuz-cut", Array("\0Linux version 6.1.0-56-cloud-amd64 (debian-kernel@\u{4}".utf8)),
        ])
        #expect(document.components.isEmpty)
    }

    @Test func aKernelPayloadThatExpandsPastTheLimitIsStoppedWithAWarning() throws {
        let bomb = GzipWriter.compress([UInt8](repeating: 0, count: 4 << 20))
        let image = [UInt8](repeating: 0x01, count: 512) + bomb
        let source = KernelImageSource(maximumDecompressedSize: 1 << 20)
        let root = try ArchiveRoot(tar: TarBuilder.archive([.file("./boot/zImage", image)]), name: "bomb.tar")
        let findings = try source.inventory(root, context: InventoryContext())
        #expect(findings.components.isEmpty)
        #expect(
            findings.warnings.contains { $0.contains("/boot/zImage") && $0.contains("1048576") }, "\(findings.warnings)"
        )
    }

    @Test(
        "Debian's cloud kernel: version from the bzImage boot header, configuration from /boot, one component",
        .enabled(if: TestCorpus.has("kernel/.complete"), TestCorpus.missingMessage))
    func debianKernelPackage() throws {
        let root = try #require(TestCorpus.url("kernel/root"))
        let control = try String(contentsOf: root.appending(path: "DEBIAN/control"), encoding: .utf8)
        let version = try #require(
            control.split(separator: "\n").first { $0.hasPrefix("Version: ") }?.dropFirst("Version: ".count))
        let release = try #require(
            control.split(separator: "\n").first { $0.hasPrefix("Package: ") }?
                .dropFirst("Package: linux-image-".count))
        let (document, _) = try Inventory.builtIn.run(try DirectoryRoot(root.path), name: "kernel")
        let kernel = try #require(document.components.first { $0.id == "kernel:\(release)" })
        #expect(document.components.filter { $0.name == "linux" }.count == 1)
        #expect(kernel.version == String(version.prefix { $0 != "-" }), "Debian \(version) names the upstream version")
        #expect(kernel.properties[property: "vigil:kernel.config"] == "/boot/config-\(release)")
        #expect(Int(kernel.properties[property: "vigil:kernel.config.options"] ?? "") ?? 0 > 1_000)
    }

    // MARK: Build manifests

    @Test func yoctoImageAndLicenseManifests() throws {
        let image = BuildManifestSource.Manifest(
            name: "core-image-minimal-qemux86-64.rootfs.manifest",
            bytes: Array("base-files qemux86_64 3.0.14-r0\nbusybox core2_64 1.36.1-r0\nlibz1 core2_64 1.3.1-r0\n".utf8))
        let license = BuildManifestSource.Manifest(
            name: "license.manifest",
            bytes: Array(
                """
                PACKAGE NAME: busybox
                PACKAGE VERSION: 1.36.1
                RECIPE NAME: busybox
                LICENSE: GPL-2.0-only & bzip2-1.0.4

                PACKAGE NAME: libz1
                PACKAGE VERSION: 1.3.1
                RECIPE NAME: zlib
                LICENSE: Zlib

                """.utf8))
        let source = BuildManifestSource(manifests: [image])
        let fromImage = try source.inventory(SingleFileRoot(name: "x", bytes: []), context: InventoryContext())
        #expect(
            fromImage.components.map(\.purl) == [
                "pkg:yocto/base-files@3.0.14-r0?arch=qemux86_64", "pkg:yocto/busybox@1.36.1-r0?arch=core2_64",
                "pkg:yocto/libz1@1.3.1-r0?arch=core2_64",
            ])
        let (document, _) = try Inventory.rootFilesystem(manifests: [license]).run(
            SingleFileRoot(name: "x", bytes: []), name: "image")
        let zlib = try #require(document.components.first { $0.name == "libz1" })
        #expect(zlib.declaredLicense == "Zlib")
        #expect(zlib.properties[property: "vigil:yocto.recipe"] == "zlib")
        #expect(zlib.cpes == ["cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"], "the recipe names the product")
    }

    @Test func buildrootShowInfo() throws {
        let json = """
            {
              "busybox": {"type": "target", "name": "busybox", "virtual": false, "version": "1.36.1",
                "licenses": "GPL-2.0, bzip2-1.0.4", "dependencies": ["host-skeleton", "skeleton", "toolchain"],
                "reverse_dependencies": [], "cpe-id": "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
                "ignore_cves": ["CVE-2022-28391"]},
              "host-skeleton": {"type": "host", "name": "host-skeleton", "virtual": false, "version": ""},
              "skeleton": {"type": "target", "name": "skeleton", "virtual": true, "version": ""},
              "toolchain": {"type": "target", "name": "toolchain", "virtual": true, "version": ""},
              "dropbear": {"type": "target", "name": "dropbear", "virtual": false, "version": "2022.83",
                "licenses": "MIT", "dependencies": ["busybox", "zlib"],
                "cpe-id": "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.83:*:*:*:*:*:*:*"},
              "zlib": {"type": "target", "name": "zlib", "virtual": true, "version": ""}
            }
            """
        let findings = try BuildManifestSource(manifests: [.init(name: "show-info.json", bytes: Array(json.utf8))])
            .inventory(SingleFileRoot(name: "x", bytes: []), context: InventoryContext())
        #expect(findings.components.map(\.id) == ["buildroot:busybox", "buildroot:dropbear"])
        let busybox = findings.components[0]
        #expect(busybox.purl == "pkg:generic/buildroot/busybox@1.36.1")
        #expect(busybox.cpes == ["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"])
        #expect(busybox.properties[property: "vigil:buildroot.ignore-cves"] == "CVE-2022-28391")
        #expect(findings.relationships == [SBOMRelationship("buildroot:dropbear", .dependsOn, "buildroot:busybox")])
    }

    @Test("a manifest in no known format, or broken JSON, is an error naming the file", arguments: ["x\n", "{\"a\": "])
    func unknownManifest(_ text: String) {
        let source = BuildManifestSource(manifests: [.init(name: "odd.txt", bytes: Array(text.utf8))])
        #expect {
            try source.inventory(SingleFileRoot(name: "x", bytes: []), context: InventoryContext())
        } throws: { error in
            (error as? InventoryError)?.path == "odd.txt"
        }
    }

    // MARK: RPM

    @Test(
        "the RPM SQLite database rpm itself wrote: names, epochs, releases, vendor, files and requires",
        .enabled(if: TestCorpus.has("rpm/rpmdb.sqlite"), TestCorpus.missingMessage))
    func rpmDatabaseWrittenByRPM() throws {
        let database = try #require(TestCorpus.url("rpm/rpmdb.sqlite"))
        let bytes = try [UInt8](Data(contentsOf: database))
        let (document, warnings) = try Self.run([
            TarBuilder.file("./etc/os-release", "ID=\"rocky\"\nVERSION_ID=\"9.3\"\n"),
            .file("./var/lib/rpm/rpmdb.sqlite", bytes),
            TarBuilder.file("./usr/lib/vigil/hello.txt", "hello\n"),
        ])
        #expect(warnings.isEmpty, "\(warnings)")
        let hello = try #require(document.components.first { $0.name == "vigil-hello" })
        #expect(hello.version == "1:1.2.3-4.el9")
        #expect(hello.purl == "pkg:rpm/rocky/vigil-hello@1.2.3-4.el9?arch=noarch&distro=rocky-9.3&epoch=1")
        #expect(hello.supplier?.name == "Vigil tests")
        #expect(hello.declaredLicense == "MIT")
        #expect(hello.properties[property: "vigil:rpm.source"] == "vigil-hello")
        #expect(hello.properties[property: "vigil:upstream-version"] == "1.2.3")
        let base = try #require(document.components.first { $0.name == "vigil-base" })
        #expect(document.relationships.contains(SBOMRelationship(hello.id, .dependsOn, base.id)))
    }

    @Test func rpmHeadersThatLieAboutTheirSizeAreRefused() {
        func header(indexCount: UInt32, dataLength: UInt32, extra: [UInt8] = []) -> [UInt8] {
            func be(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
            return be(indexCount) + be(dataLength) + extra
        }
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader([0, 0, 0]) }
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(header(indexCount: 0xFFFF_FFFF, dataLength: 0)) }
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(header(indexCount: 1, dataLength: 1 << 30)) }
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(header(indexCount: 2, dataLength: 8)) }
        // An entry pointing past the data.
        let entry: [UInt8] = [0, 0, 0x03, 0xE8, 0, 0, 0, 6, 0, 0, 0x10, 0, 0, 0, 0, 1]
        #expect(throws: RPMHeader.Malformed.self) {
            try RPMHeader(header(indexCount: 1, dataLength: 4, extra: entry + [0x41, 0, 0, 0]))
        }
        // A well-formed one: NAME = "A".
        let good: [UInt8] = [0, 0, 0x03, 0xE8, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1]
        #expect((try? RPMHeader(header(indexCount: 1, dataLength: 2, extra: good + [0x41, 0])))?.string(.name) == "A")
        // A string without its terminating NUL reads as nothing rather than past the end.
        #expect((try? RPMHeader(header(indexCount: 1, dataLength: 1, extra: good + [0x41])))?.string(.name) == nil)
    }

    @Test func aFileThatIsNotAnRPMDatabaseIsAnError() {
        #expect(throws: InventoryError.self) {
            try Self.run([TarBuilder.file("./var/lib/rpm/rpmdb.sqlite", "not a database")])
        }
    }

    @Test func berkeleyDBDatabasesAreReportedAsUnread() throws {
        let (_, warnings) = try Self.run([TarBuilder.file("./var/lib/rpm/Packages", "bdb")])
        #expect(warnings.contains { $0.contains("Berkeley DB") })
    }
}
