import Foundation
import Testing
import VigilCore
import VigilInventory
import VigilTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile root filesystems: links that point out of the root, link cycles, special files, and archive members that
/// try to escape. The walk must stay inside the root, in a directory and in an archive alike.
@Suite struct RootFilesystemTests {
    /// A directory root with a file outside it that links try to reach.
    static func makeDirectoryRoot() throws -> (root: URL, outside: URL) {
        let base = FileManager.default.temporaryDirectory.appending(path: "vigil-root-\(UUID())")
        let root = base.appending(path: "rootfs")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appending(path: "usr/lib"), withIntermediateDirectories: true)
        try "ID=debian\nVERSION_ID=\"12\"\n".write(
            to: root.appending(path: "usr/lib/os-release"), atomically: true, encoding: .utf8)
        try "root:x:0:0::/root:/bin/sh\n".write(
            to: root.appending(path: "etc/passwd"), atomically: true, encoding: .utf8)
        try "secret of the host\n".write(to: base.appending(path: "host-secret"), atomically: true, encoding: .utf8)
        // The usual relative link, an absolute link (relative to the device's root), and two that try to climb out.
        try fm.createSymbolicLink(
            atPath: root.appending(path: "etc/os-release").path, withDestinationPath: "../usr/lib/os-release")
        try fm.createSymbolicLink(atPath: root.appending(path: "etc/absolute").path, withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(
            atPath: root.appending(path: "etc/escape").path, withDestinationPath: "../../host-secret")
        try fm.createSymbolicLink(
            atPath: root.appending(path: "etc/escape-absolute").path,
            withDestinationPath: base.appending(path: "host-secret").path)
        try fm.createSymbolicLink(atPath: root.appending(path: "lib").path, withDestinationPath: "usr/lib")
        try fm.createSymbolicLink(atPath: root.appending(path: "loop-a").path, withDestinationPath: "loop-b")
        try fm.createSymbolicLink(atPath: root.appending(path: "loop-b").path, withDestinationPath: "/loop-a")
        #expect(mkfifo(root.appending(path: "etc/fifo").path, 0o600) == 0)
        return (root, base.appending(path: "host-secret"))
    }

    @Test func aDirectoryRootNeverLeavesTheRoot() throws {
        let (root, outside) = try Self.makeDirectoryRoot()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        #expect(FileManager.default.fileExists(atPath: outside.path))
        let fs = try DirectoryRoot(root.path)
        #expect(
            try fs.read("/etc/os-release").map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("ID=debian") == true)
        #expect(
            try fs.read("/etc/absolute").map { String(decoding: $0, as: UTF8.self) } == "root:x:0:0::/root:/bin/sh\n")
        #expect(try fs.resolve("/etc/escape") == nil, "../../host-secret stops at the root: /host-secret is absent")
        #expect(try fs.read("/etc/escape") == nil)
        #expect(try fs.read("/etc/escape-absolute") == nil, "an absolute host path is read inside the root")
        #expect(try fs.resolve("/../../etc/passwd") == "/etc/passwd")
        #expect(try fs.list("/lib") == ["os-release"], "a linked directory is listed through the link")
        #expect(try fs.resolvedNode("/etc/fifo")?.node == .special)
        #expect(try fs.read("/etc/fifo") == nil, "a FIFO is never opened")
        #expect(throws: InventoryError.self) { try fs.resolve("/loop-a") }
        #expect(throws: InventoryError.self) { try fs.read("/etc/passwd", limit: 4) }
    }

    @Test func anArchiveRootRefusesEscapingMembersAndResolvesLinksInside() throws {
        let bytes = TarBuilder.archive([
            .directory("./"),
            .directory("./etc/"),
            TarBuilder.file("./usr/lib/os-release", "ID=alpine\n"),
            .symbolicLink("./etc/os-release", target: "../usr/lib/os-release"),
            TarBuilder.file("./etc/passwd", "root:x:0:0\n"),
            .symbolicLink("./etc/absolute", target: "/etc/passwd"),
            .symbolicLink("./etc/escape", target: "../../../../etc/passwd"),
            TarBuilder.file("./bin/busybox", "BusyBox v1.36.1"),
            .hardLink("./bin/sh", target: "./bin/busybox"),
            TarBuilder.file("../evil", "written outside"),
            TarBuilder.file("/etc/shadow", "absolute"),
            .device("./dev/null"),
            .symbolicLink("./loop", target: "loop"),
        ])
        let fs = try ArchiveRoot(tar: bytes, name: "rootfs.tar")
        #expect(fs.warnings.count == 2)
        #expect(fs.warnings.contains { $0.contains("../evil") } && fs.warnings.contains { $0.contains("/etc/shadow") })
        #expect(try fs.read("/etc/os-release") == Array("ID=alpine\n".utf8))
        #expect(try fs.read("/etc/absolute") == Array("root:x:0:0\n".utf8))
        #expect(try fs.read("/etc/escape") == Array("root:x:0:0\n".utf8), "climbing stops at the root")
        #expect(try fs.read("/bin/sh") == Array("BusyBox v1.36.1".utf8), "a hard link is its target's file")
        #expect(try fs.read("/evil") == nil && fs.read("/etc/shadow") == nil)
        #expect(try fs.resolvedNode("/dev/null")?.node == .special)
        #expect(try fs.read("/dev/null") == nil)
        #expect(try fs.list("/") == ["bin", "dev", "etc", "loop", "usr"])
        #expect(throws: InventoryError.self) { try fs.resolve("/loop") }
    }

    @Test func truncatedOrNonTarInputIsAClearError() {
        let bytes = TarBuilder.archive([TarBuilder.file("./etc/passwd", String(repeating: "x", count: 2_000))])
        #expect(throws: InventoryError.self) { try ArchiveRoot(tar: Array(bytes.prefix(700)), name: "cut.tar") }
        #expect(throws: InventoryError.self) { try ArchiveRoot(tar: Array("not a tar".utf8), name: "x") }
        #expect(throws: InventoryError.self) { try DirectoryRoot("/nonexistent-\(UUID())") }
    }
}
