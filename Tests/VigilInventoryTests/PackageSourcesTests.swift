import Foundation
import Testing
import VigilCore
import VigilInventory
import VigilTesting

/// opkg (OpenWrt, Yocto ipk), apk and kernel module trees, from root filesystem archives in their real layouts.
@Suite struct PackageSourcesTests {
    static func inventory(_ entries: [TarBuilder.Entry]) throws -> (SBOMDocument, [String]) {
        try Inventory.builtIn.run(try ArchiveRoot(tar: TarBuilder.archive(entries), name: "rootfs.tar"), name: "rootfs")
    }

    @Test func openWrtPackagesFromTheOpkgStatusFile() throws {
        let (document, warnings) = try Self.inventory([
            TarBuilder.file(
                "./usr/lib/os-release",
                "NAME=\"OpenWrt\"\nVERSION=\"23.05.3\"\nID=\"openwrt\"\nVERSION_ID=\"23.05.3\"\n"),
            .symbolicLink("./etc/os-release", target: "../usr/lib/os-release"),
            TarBuilder.file(
                "./usr/lib/opkg/status",
                """
                Package: dropbear
                Version: 2022.82-6
                Depends: libc
                Status: install user installed
                Architecture: mipsel_24kc
                Installed-Time: 1710000000

                Package: libc
                Version: 1.2.4-4
                Status: install hold installed
                Architecture: mipsel_24kc

                Package: luci-old
                Version: 1.0
                Status: deinstall user not-installed
                Architecture: all

                """),
            .symbolicLink("./var/lib/opkg/status", target: "/usr/lib/opkg/status"),
        ])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(document.components.map(\.name) == ["openwrt", "dropbear", "libc"], "the linked status is read once")
        let dropbear = try #require(document.components.first { $0.name == "dropbear" })
        #expect(dropbear.purl == "pkg:generic/openwrt/dropbear@2022.82-6?arch=mipsel_24kc&distro=openwrt-23.05.3")
        #expect(
            document.relationships.map { "\($0.from) -> \($0.to)" } == [
                "opkg:dropbear:mipsel_24kc -> opkg:libc:mipsel_24kc"
            ])
    }

    @Test func alpinePackagesFromTheApkDatabaseWithProvides() throws {
        let (document, _) = try Self.inventory([
            TarBuilder.file("./etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"),
            TarBuilder.file(
                "./lib/apk/db/installed",
                """
                C:Q1jUoSGhTcgxbbjfL/e1HbsrwvV6k=
                P:musl
                V:1.2.4_git20230717-r4
                A:x86_64
                S:407795
                T:the musl c library (libc) implementation
                U:https://musl.libc.org/
                L:MIT
                o:musl
                m:Timo Teräs <timo.teras@iki.fi>
                p:so:libc.musl-x86_64.so.1=1
                F:lib

                P:busybox-binsh
                V:1.36.1-r15
                A:x86_64
                T:busybox ash /bin/sh
                L:GPL-2.0-only
                o:busybox
                D:busybox=1.36.1-r15 !dash
                p:/bin/sh cmd:sh=1.36.1-r15

                P:busybox
                V:1.36.1-r15
                A:x86_64
                o:busybox
                D:so:libc.musl-x86_64.so.1

                """),
        ])
        #expect(document.components.map(\.name) == ["alpine", "busybox", "busybox-binsh", "musl"])
        let binsh = try #require(document.components.first { $0.name == "busybox-binsh" })
        #expect(
            binsh.purl == "pkg:apk/alpine/busybox-binsh@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&upstream=busybox")
        #expect(binsh.declaredLicense == "GPL-2.0-only")
        let musl = try #require(document.components.first { $0.name == "musl" })
        #expect(musl.supplier?.name == "Timo Teräs" && musl.supplier?.email == "timo.teras@iki.fi")
        #expect(
            Set(document.relationships.map { "\($0.from) -> \($0.to)" }) == [
                "apk:busybox-binsh:x86_64 -> apk:busybox:x86_64", "apk:busybox:x86_64 -> apk:musl:x86_64",
            ])
    }

    @Test func kernelReleasesFromTheModuleTrees() throws {
        let (document, _) = try Self.inventory([
            TarBuilder.file(
                "./lib/modules/6.1.0-18-amd64/modules.dep", "kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko\n"),
            TarBuilder.file("./lib/modules/6.6.21-yocto-standard/kernel/drivers/net/e1000.ko", "\u{7F}ELF"),
            TarBuilder.file("./lib/modules/not-a-kernel/README", "x"),
        ])
        let kernels = document.components.filter { $0.id.hasPrefix("kernel:") }
        #expect(kernels.map(\.version) == ["6.1.0", "6.6.21"])
        #expect(kernels.first?.purl == "pkg:generic/linux@6.1.0?kernel_release=6.1.0-18-amd64")
        #expect(kernels.allSatisfy { $0.kind == .operatingSystem })
    }
}
