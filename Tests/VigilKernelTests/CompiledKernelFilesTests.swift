import Foundation
import Testing
import VigilCore

@testable import VigilKernel

/// Compiled-file lists, build directories (`.NAME.o.cmd` files, in-tree and `O=`), and how a profile combines them
/// with the Makefiles.
@Suite struct CompiledKernelFilesTests {
    @Test("a list: sources count as objects, other paths as headers; comments, blanks and ./ ignored")
    func list() {
        let files = CompiledKernelFiles(
            list:
                "# compiled\nnet/ipv4/tcp.c\n\n./net/ipv4/fou_core.c\r\ninclude/net/fou.h\narch/x86/entry/entry_64.S\n",
            origin: "list")
        #expect(files.objects == ["net/ipv4/tcp.o", "net/ipv4/fou_core.o", "arch/x86/entry/entry_64.o"])
        #expect(files.dependencies == ["include/net/fou.h"])
        #expect(files.verdict(for: "net/ipv4/tcp.c").status == .built)
        #expect(files.verdict(for: "net/ipv4/udp.c").status == .notBuilt)
        #expect(files.verdict(for: "include/net/fou.h").status == .built)
        #expect(files.verdict(for: "include/net/gre.h").status == .notBuilt)
        let sourcesOnly = CompiledKernelFiles(list: "net/ipv4/tcp.c\n", origin: "list")
        #expect(sourcesOnly.verdict(for: "include/net/gre.h").status == .unknown, "no headers listed: unknown")
    }

    static func write(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appending(path: "vigil-kbuild-out-\(UUID())").path
        for (path, text) in files {
            let url = URL(filePath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test("a build directory: .cmd sources and dependencies, in-tree and O= (absolute paths made relative)")
    func buildDirectory() throws {
        let root = try Self.write([
            ".config": "CONFIG_X86=y\n",
            "net/ipv4/.tcp.o.cmd": """
            savedcmd_net/ipv4/tcp.o := gcc -c -o net/ipv4/tcp.o /src/linux/net/ipv4/tcp.c
            source_net/ipv4/tcp.o := /src/linux/net/ipv4/tcp.c
            deps_net/ipv4/tcp.o := \\
              /src/linux/include/linux/compiler-version.h \\
                $(wildcard include/config/CC_VERSION_TEXT) \\
              /src/linux/include/net/tcp.h \\
              include/generated/autoconf.h \\
              /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h \\

            net/ipv4/tcp.o: $(deps_net/ipv4/tcp.o)
            $(deps_net/ipv4/tcp.o):
            """,
            "net/ipv4/tcp.o": "",
            "net/ipv4/.fou.o.cmd": "savedcmd_net/ipv4/fou.o := ld -r -o net/ipv4/fou.o net/ipv4/fou_core.o\n",
            "net/ipv4/fou.o": "",
            "drivers/base/core.o": "",
            "drivers/base/.core.o.cmd": "source_drivers/base/core.c := drivers/base/core.c\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try CompiledKernelFiles.load(buildDirectory: root)
        #expect(files.objects == ["net/ipv4/tcp.o", "net/ipv4/fou.o", "drivers/base/core.o"])
        #expect(
            files.dependencies == [
                "include/linux/compiler-version.h", "include/net/tcp.h", "include/generated/autoconf.h",
            ])
        #expect(files.verdict(for: "include/net/tcp.h").status == .built)
        #expect(files.verdict(for: "include/net/udp.h").status == .notBuilt)
        #expect(files.verdict(for: "net/ipv4/udp.c").status == .notBuilt)
        #expect(files.origin.contains("3 .cmd files"))
    }

    @Test("not a build directory, a huge .cmd file, a linked .cmd: clear errors or ignored, never followed")
    func hostile() throws {
        let empty = try Self.write(["README": "x"])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        do {
            _ = try CompiledKernelFiles.load(buildDirectory: empty)
            Issue.record("no objects")
        } catch { #expect(error.code == .notAKernelTree) }
        let outside = try Self.write(["x/.secret.o.cmd": "source_x/secret.o := x/secret.c\n"])
        let root = try Self.write(["a/b.o": "", "include/generated/autoconf.h": ""])
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/x", withDestinationPath: outside + "/x")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/a/.c.o.cmd", withDestinationPath: outside + "/x/.secret.o.cmd")
        #expect(try CompiledKernelFiles.load(buildDirectory: root).objects == ["a/b.o"])
        try Data(count: 17 << 20).write(to: URL(filePath: root + "/a/.big.o.cmd"))
        do {
            _ = try CompiledKernelFiles.load(buildDirectory: root)
            Issue.record("a 17 MiB .cmd file")
        } catch { #expect(error.code == .tooLarge) }
    }

    @Test(
        "an O= directory inside the tree names sources ../net/…; a subdirectory or a list not of tree paths is refused")
    func buildTopAndRelativePaths() throws {
        let root = try Self.write([
            ".config": "",
            "net/packet/.af_packet.o.cmd": """
            source_net/packet/af_packet.o := ../net/packet/af_packet.c
            deps_net/packet/af_packet.o := \\
              ../include/linux/skbuff.h \\
              include/generated/autoconf.h \\
              ../../elsewhere/x.h \\

            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try CompiledKernelFiles.load(buildDirectory: root)
        #expect(files.dependencies == ["include/linux/skbuff.h", "include/generated/autoconf.h"])
        #expect(files.verdict(for: "include/linux/skbuff.h").status == .built)
        do {
            _ = try CompiledKernelFiles.load(buildDirectory: root + "/net")
            Issue.record("a subdirectory of the build")
        } catch { #expect(error.code == .notAKernelTree && error.message.contains("top of the kernel build")) }
        do {
            _ = try CompiledKernelFiles.load(list: "linux-6.1/net/ipv4/tcp.c\nlinux-6.1/mm/memory.c\n", origin: "l")
            Issue.record("paths not relative to the tree")
        } catch { #expect(error.message.contains("linux-6.1/")) }
        #expect(throws: KernelBuildError.self) { try CompiledKernelFiles.load(list: "# nothing\n", origin: "l") }
        #expect(try CompiledKernelFiles.load(list: "net/ipv4/tcp.c\nmy-module/x.c\n", origin: "l").objects.count == 2)
    }

    @Test("a profile: other architectures first, then the compiled files, then the Makefiles, else unknown")
    func profile() throws {
        let root = try KbuildTreeTests.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tree = try KbuildTree.load(sourceTree: root, config: KbuildTreeTests.config)
        let compiled = CompiledKernelFiles(list: "net/ipv4/tcp.c\n", origin: "list")
        let both = KernelBuildProfile(config: KbuildTreeTests.config, compiled: compiled, tree: tree, provenance: "p")
        #expect(both.verdict(for: "arch/arm64/kernel/setup.c").status == .notBuilt)
        #expect(both.verdict(for: "./net/ipv4/tcp.c").status == .built)
        #expect(both.verdict(for: "net/ipv4/fou_core.c").status == .notBuilt, "the list is exact for sources")
        #expect(both.verdict(for: "net/bluetooth/hci_core.h").status == .notBuilt, "the Makefiles for headers")
        #expect(both.verdict(for: "include/linux/skbuff.h").status == .unknown)
        let tools = KernelBuildProfile(
            compiled: CompiledKernelFiles(list: "tools/objtool/check.c\n", origin: "l"), provenance: "p")
        #expect(tools.verdict(for: "tools/objtool/check.c").status == .notBuilt, "never part of the image")
        let configOnly = KernelBuildProfile(config: KbuildTreeTests.config, provenance: "config")
        #expect(configOnly.verdict(for: "arch/arm64/kernel/setup.c").status == .notBuilt)
        #expect(configOnly.verdict(for: "net/ipv4/tcp.c").status == .unknown)
        #expect(configOnly.verdict(for: "net/ipv4/tcp.c").reason.contains("--kernel-source"))
    }
}
