import Foundation
import Testing
import VigilCore

@testable import VigilKernel

/// A small kernel tree on disk, shaped like the real one (root `Kbuild` with the architecture's lists, composite
/// objects, directories named from above), and the verdicts its Makefiles give.
@Suite struct KbuildTreeTests {
    static let config = KernelConfig(options: [
        "CONFIG_X86": "y", "CONFIG_64BIT": "y", "CONFIG_NET": "y", "CONFIG_INET": "y", "CONFIG_FOU": "m",
        "CONFIG_PCI": "y", "CONFIG_KVM": "m", "CONFIG_KVM_INTEL": "m",
    ])

    static let files: [String: String] = [
        "Makefile": "libs-y := lib/\ninclude $(srctree)/arch/$(SRCARCH)/Makefile\n",
        "Kbuild": """
        obj-y += init/ arch/$(SRCARCH)/ $(ARCH_CORE) kernel/ $(ARCH_LIB) drivers/ $(ARCH_DRIVERS)
        obj-$(CONFIG_NET) += net/
        obj-$(CONFIG_SAMPLES) += samples/
        """,
        "arch/x86/Makefile": "libs-y += arch/x86/lib/\ndrivers-$(CONFIG_PCI) += arch/x86/pci/\n"
            + "drivers-$(CONFIG_PM) += arch/x86/power/\n",
        "arch/x86/Kbuild": "obj-y += kernel/\nobj-$(CONFIG_KVM) += kvm/\n",
        "arch/x86/kvm/Makefile": """
        kvm-y += x86.o mmu/mmu.o
        kvm-intel-y += vmx/vmx.o
        kvm-amd-y += svm/svm.o
        obj-$(CONFIG_KVM) += kvm.o
        obj-$(CONFIG_KVM_INTEL) += kvm-intel.o
        obj-$(CONFIG_KVM_AMD) += kvm-amd.o
        """,
        "arch/x86/kernel/Makefile": "obj-y += setup.o\n",
        "arch/x86/lib/Makefile": "lib-y += memcpy_$(BITS).o\n",
        "arch/x86/pci/Makefile": "obj-y += common.o\n",
        "arch/x86/power/Makefile": "obj-y += cpu.o\n",
        "arch/arm64/Makefile": "libs-y += arch/arm64/lib/\n",
        "lib/Makefile": "lib-y += string.o\nobj-$(CONFIG_CRC) += crc.o\n",
        "net/Makefile": "obj-$(CONFIG_INET) += ipv4/\nobj-$(CONFIG_BT) += bluetooth/\n",
        "net/ipv4/Makefile": """
        obj-y := tcp.o
        fou-y := fou_core.o fou_nl.o
        obj-$(CONFIG_FOU) += fou.o
        gre-objs := gre_demux.o
        obj-$(CONFIG_GRE) += gre.o
        ifeq ($(call cc-option-yn,-mfoo),y)
        obj-y += maybe.o
        endif
        """,
        "net/bluetooth/Makefile": "obj-$(CONFIG_BT) += bluetooth.o\nbluetooth-y := l2cap_core.o\n",
        "drivers/Makefile": "obj-y += base/\nobj-$(CONFIG_USB) += usb/\n",
        "drivers/base/Makefile": "obj-y += core.o\n",
        "drivers/usb/Makefile": "obj-y += core/\n",
        "drivers/usb/core/Makefile": "obj-y += hub.o\n",
        "kernel/Makefile": "obj-y += fork.o\n",
        "init/Makefile": "obj-y += main.o\n",
    ]

    /// Writes the tree (plus `extra` files) under a new temporary directory.
    static func makeTree(extra: [String: String] = [:]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appending(path: "vigil-kbuild-\(UUID())").path
        for (path, text) in files.merging(extra, uniquingKeysWith: { $1 }) {
            let url = URL(filePath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func verdicts(_ tree: KbuildTree, _ paths: [String]) -> [String: KernelBuildVerdict.Status] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, tree.verdict(for: $0).status) })
    }

    @Test("objects, composites, directories named from above, the root's and the architecture's lists")
    func verdicts() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tree = try KbuildTree.load(sourceTree: root, config: Self.config)
        #expect(tree.sources == nil, "a tree of Makefiles only")
        let found = Self.verdicts(
            tree,
            [
                "net/ipv4/tcp.c", "net/ipv4/fou_core.c", "net/ipv4/gre_demux.c", "net/bluetooth/l2cap_core.c",
                "net/bluetooth/hci_core.h", "net/ipv4/maybe.c", "net/ipv4/unlisted.c", "lib/string.c", "lib/crc.c",
                "arch/x86/lib/memcpy_64.c", "arch/x86/pci/common.c", "arch/x86/power/cpu.c", "arch/x86/kvm/x86.c",
                "arch/x86/kvm/mmu/mmu.c", "arch/x86/kvm/vmx/vmx.c", "arch/x86/kvm/svm/svm.c",
                "arch/arm64/kernel/setup.c", "drivers/usb/core/hub.c", "drivers/base/core.c",
                "tools/perf/builtin-top.c", "include/linux/skbuff.h", "init/main.c",
            ])
        #expect(
            found == [
                "net/ipv4/tcp.c": .built, "net/ipv4/fou_core.c": .built, "net/ipv4/gre_demux.c": .notBuilt,
                "net/bluetooth/l2cap_core.c": .notBuilt, "net/bluetooth/hci_core.h": .notBuilt,
                "net/ipv4/maybe.c": .unknown, "net/ipv4/unlisted.c": .unknown, "lib/string.c": .built,
                "lib/crc.c": .notBuilt, "arch/x86/lib/memcpy_64.c": .built, "arch/x86/pci/common.c": .built,
                "arch/x86/power/cpu.c": .notBuilt, "arch/x86/kvm/x86.c": .built, "arch/x86/kvm/mmu/mmu.c": .built,
                "arch/x86/kvm/vmx/vmx.c": .built, "arch/x86/kvm/svm/svm.c": .notBuilt,
                "arch/arm64/kernel/setup.c": .notBuilt, "drivers/usb/core/hub.c": .notBuilt,
                "drivers/base/core.c": .built, "tools/perf/builtin-top.c": .notBuilt,
                "include/linux/skbuff.h": .unknown, "init/main.c": .built,
            ])
        let fou = tree.verdict(for: "net/ipv4/fou_core.c")
        #expect(fou.reason.contains("fou.o") && fou.reason.contains("CONFIG_FOU=m"), "\(fou.reason)")
        let bluetooth = tree.verdict(for: "net/bluetooth/l2cap_core.c")
        #expect(bluetooth.symbols == ["CONFIG_BT"])
        #expect(bluetooth.reason == "net/Makefile: bluetooth/ in obj- (CONFIG_BT is not set)")
        #expect(tree.verdict(for: "arch/x86/kvm/svm/svm.c").symbols == ["CONFIG_KVM_AMD"])
    }

    @Test("a tree with its sources: a file this kernel does not have is not built")
    func fullTree() throws {
        let root = try Self.makeTree(extra: ["init/main.c": "int main;\n", "net/ipv4/tcp.c": "\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tree = try KbuildTree.load(sourceTree: root, config: Self.config)
        #expect(tree.sources == ["init/main.c", "net/ipv4/tcp.c"])
        #expect(tree.verdict(for: "net/ipv4/tcp.c").status == .built)
        let missing = tree.verdict(for: "fs/io_uring.c")
        #expect(missing.status == .notBuilt && missing.reason.contains("has no fs/io_uring.c"))
    }

    @Test("clear errors: not a directory, not a kernel tree, a config without an architecture, a huge Makefile")
    func errors() throws {
        #expect(throws: KernelBuildError.self) {
            try KbuildTree.load(sourceTree: "/nonexistent/\(UUID())", config: Self.config)
        }
        let empty = FileManager.default.temporaryDirectory.appending(path: "vigil-kbuild-\(UUID())").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        do {
            _ = try KbuildTree.load(sourceTree: empty, config: Self.config)
            Issue.record("an empty directory is not a kernel tree")
        } catch { #expect(error.code == .notAKernelTree) }
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            _ = try KbuildTree.load(sourceTree: root, config: KernelConfig(options: ["CONFIG_NET": "y"]))
            Issue.record("a config without an architecture")
        } catch { #expect(error.code == .notAKernelConfig) }
        try Data(count: 5 << 20).write(to: URL(filePath: root + "/net/Makefile"))
        do {
            _ = try KbuildTree.load(sourceTree: root, config: Self.config)
            Issue.record("a 5 MiB Makefile")
        } catch { #expect(error.code == .tooLarge) }
    }

    @Test(
        "a walk that could not see everything proves no absence; links count as present; a linked root Makefile is refused"
    )
    func incompleteWalks() throws {
        let root = try Self.makeTree(extra: ["init/main.c": "", "net/ipv4/tcp.c": "", "a/b/c/d/e.c": ""])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var walker = BuildTreeWalker(root: root)
        walker.maximumDepth = 2
        #expect(try walker.walk { $0.hasSuffix(".c") }.complete == false)
        try FileManager.default.createSymbolicLink(
            atPath: root + "/net/ipv4/linked.c", withDestinationPath: "/etc/hostname")
        let tree = try KbuildTree.load(sourceTree: root, config: Self.config)
        #expect(tree.sources?.contains("net/ipv4/linked.c") == true)
        #expect(tree.verdict(for: "net/ipv4/linked.c").status != .notBuilt)
        try FileManager.default.removeItem(atPath: root + "/Makefile")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/Makefile", withDestinationPath: root + "/init/Makefile")
        #expect(throws: KernelBuildError.self) { try KbuildTree.load(sourceTree: root, config: Self.config) }
    }

    @Test("symbolic links are never followed: a Makefile or directory linked from outside the tree is not read")
    func links() throws {
        let root = try Self.makeTree()
        let outside = try Self.makeTree(extra: ["evil/Makefile": "obj-y += evil.o\n"])
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/evil", withDestinationPath: outside + "/evil")
        try FileManager.default.removeItem(atPath: root + "/kernel/Makefile")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/kernel/Makefile", withDestinationPath: outside + "/kernel/Makefile")
        let tree = try KbuildTree.load(sourceTree: root, config: Self.config)
        #expect(tree.makefiles["evil"] == nil)
        #expect(tree.makefiles["kernel"] == nil)
        #expect(tree.verdict(for: "kernel/fork.c").status == .unknown)
    }
}
