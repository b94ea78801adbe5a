import Foundation
import Testing
import VigilHarden
import VigilInventory

/// The audit over a crafted root filesystem with each weakness planted — every one found, once, with its evidence —
/// and over a clean one, with none.
@Suite struct HardeningAuditTests {
    /// Writes files into a new temporary directory.
    static func root(_ files: [String: [UInt8]]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-harden-\(UUID())")
        for (path, bytes) in files {
            let url = directory.appending(path: String(path.dropFirst()))
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return directory
    }

    static func hardenedBinary() -> [UInt8] {
        var builder = ELFBuilder()
        builder.segments = [(ELFFile.ProgramHeader.gnuStack, 6), (ELFFile.ProgramHeader.gnuRelro, 4)]
        builder.dynamicValues = [(ELFFile.DynamicEntry.bindNow, 0), (ELFFile.DynamicEntry.debug, 0)]
        builder.dynamicSymbols = ["__stack_chk_fail", "__memcpy_chk", "memcpy"]
        return builder.build()
    }

    static let weakPasswd = """
        root:x:0:0:root:/root:/bin/sh
        toor:x:0:0:second root:/root:/bin/sh
        guest::1001:1001:guest:/home/guest:/bin/sh
        legacy:$1$vigil123$t8cG6cXsgjxAuJwnjqWRh/:1002:1002::/home/legacy:/bin/sh
        daemon:x:2:2:daemon:/:/usr/sbin/nologin
        """
    static let weakShadow = """
        root:$6$vigilsalt$1.9SRXp3qeoCiWO4s4brGvmWaI00fRT83H89HsmB1C19WzHmEzxokQJbLAsGer.JKoCfZ.YcwbPfJoGrCNyJ/0:19000:0:99999:7:::
        svc:ab6TRGT20sY26:19000:0:99999:7:::
        cam:$y$j9T$qZqNdlaRdRKOgNLObZ4Pq/$YbFkLQqXkSZROegxApaoSaiMZK2sRcp5VUwBVHd5No2:19000:0:99999:7:::
        operator:$6$vigilsalt$yOVLeil6B.axIIlcNUEmgVnYdZtg/xqiDdmVCFZqYLW8PJIIIz0Pe.bpLYyr1lGQV4MUe1NtYExiyfl/tEQXy.:19000::::::
        nobody::19000::::::
        daemon:*:19000:0:99999:7:::
        """

    @Test("each planted weakness is found once, with its check, line and masked evidence")
    func weakImage() throws {
        var unhardened = ELFBuilder()
        unhardened.type = 2
        unhardened.segments = [(ELFFile.ProgramHeader.gnuStack, 7)]
        unhardened.dynamicStrings = [(ELFFile.DynamicEntry.runpath, "/usr/lib:lib::$ORIGIN/../lib:/tmp/plugins")]
        unhardened.dynamicSymbols = ["strcpy", "sprintf"]
        unhardened.symbols = ["main"]
        let directory = try Self.root([
            "/etc/passwd": Array(Self.weakPasswd.utf8), "/etc/shadow": Array(Self.weakShadow.utf8),
            "/usr/bin/legacyd": unhardened.build(), "/usr/bin/hardened": Self.hardenedBinary(),
            "/usr/share/doc/readme": Array("not a binary".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "weak", generatedAt: "2026-11-28T00:00:00.000Z")
        func found(_ check: String) -> [HardeningFinding] { report.findings.filter { $0.check == check } }

        #expect(report.summary.binaries == 2 && report.summary.files == 5)
        #expect(Set(found("HC-ACCT-UID0").map(\.evidence.line)) == [2])
        #expect(
            Set(found("HC-ACCT-EMPTY").map { "\($0.evidence.path):\($0.evidence.line ?? 0)" }) == [
                "/etc/passwd:3", "/etc/shadow:5",
            ])
        #expect(found("HC-ACCT-PASSWD-HASH").map(\.evidence.line) == [4])
        #expect(Set(found("HC-ACCT-WEAK-HASH").map(\.evidence.detail.first)) == ["l", "s"], "legacy (MD5), svc (DES)")
        let defaults = found("HC-ACCT-DEFAULT").map(\.evidence.detail).sorted()
        #expect(defaults.count == 4, "\(defaults)")
        for expected in ["cam's password is 'vizxv'", "legacy's password is 'admin'", "root's password is 'xc3511'"] {
            #expect(defaults.contains { $0.hasPrefix(expected) }, "\(expected) in \(defaults)")
        }
        #expect(defaults.contains { $0.hasPrefix("svc's password is 'root'") })
        #expect(!defaults.contains { $0.hasPrefix("operator") }, "a unique password is not a default")
        // The HTML page: every value escaped, the findings and the binaries listed.
        let html = String(decoding: try HardeningOutput.render(report, as: .html), as: UTF8.self)
        #expect(html.contains("HC-ACCT-DEFAULT") && html.contains("/usr/bin/legacyd") && !html.contains("<script"))
        #expect(html.contains("&lt;md5 hash&gt;") && !html.contains("<md5 hash>"), "values are escaped")
        // No report carries a hash.
        let json = String(decoding: try HardeningOutput.render(report, as: .json), as: UTF8.self)
        #expect(
            !json.contains("t8cG6cXsgjxAuJwnjqWRh") && !json.contains("ab6TRGT20sY26") && json.contains("<md5 hash>"))

        #expect(found("HC-ELF-NX").map(\.evidence.path) == ["/usr/bin/legacyd"])
        #expect(found("HC-ELF-RELRO").map(\.evidence.path) == ["/usr/bin/legacyd"])
        #expect(found("HC-ELF-CANARY").map(\.evidence.path) == ["/usr/bin/legacyd"])
        #expect(found("HC-ELF-PIE").map(\.evidence.path) == ["/usr/bin/legacyd"])
        #expect(found("HC-ELF-FORTIFY").map(\.evidence.path) == ["/usr/bin/legacyd"])
        #expect(found("HC-ELF-SYMBOLS").map(\.evidence.path) == ["/usr/bin/legacyd"])
        let rpath = try #require(found("HC-ELF-RPATH").first)
        #expect(
            rpath.evidence.detail.hasSuffix("lib, (empty: the working directory), /tmp/plugins (world-writable)"),
            "\(rpath.evidence.detail)")
        #expect(!rpath.evidence.detail.contains("$ORIGIN/../lib,"), "$ORIGIN is not relative to the working directory")

        // Most severe first; ids stable across runs and distinct.
        #expect(report.findings.first?.severity == .critical)
        #expect(Set(report.findings.map(\.id)).count == report.findings.count)
        let again = try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "weak", generatedAt: "2026-11-29T00:00:00.000Z")
        #expect(again.findings.map(\.id) == report.findings.map(\.id))
        #expect(report.findings.allSatisfy { $0.cwe.hasPrefix("CWE-") && !$0.remediation.isEmpty })
        #expect(report.worst == .critical)
    }

    @Test("a clean image has no findings")
    func cleanImage() throws {
        let directory = try Self.root([
            "/etc/passwd": Array("root:x:0:0:root:/root:/bin/sh\ndaemon:x:2:2::/:/usr/sbin/nologin\n".utf8),
            "/etc/shadow": Array(
                "root:!:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nop:$6$vigilsalt$yOVLeil6B.axIIlcNUEmgVnYdZtg/xqiDdmVCFZqYLW8PJIIIz0Pe.bpLYyr1lGQV4MUe1NtYExiyfl/tEQXy.:19000::::::\n"
                    .utf8),
            "/usr/bin/hardened": Self.hardenedBinary(),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try HardeningAudit.builtIn.run(
            try DirectoryRoot(directory.path), target: "clean", generatedAt: "2026-11-28T00:00:00.000Z")
        #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.check) \($0.evidence.detail)" })")
        #expect(report.summary.binaries == 1 && report.worst == nil)
        #expect(
            String(decoding: try HardeningOutput.render(report, as: .table), as: UTF8.self).contains("no weaknesses"))
    }

    @Test("password hashes: schemes told apart, crypt(3) verification in each scheme, junk never matches")
    func passwordHashes() {
        #expect(PasswordHash("").scheme == .empty && PasswordHash("!").scheme == .locked)
        #expect(PasswordHash("!$6$x$y").scheme == .locked && PasswordHash("*").scheme == .locked)
        #expect(PasswordHash("ab6TRGT20sY26").scheme == .des && PasswordHash("ab6TRGT20sY26").isWeak)
        #expect(PasswordHash("$1$vigil123$t8cG6cXsgjxAuJwnjqWRh/").matches("admin"))
        #expect(!PasswordHash("$1$vigil123$t8cG6cXsgjxAuJwnjqWRh/").matches("admin2"))
        #expect(PasswordHash("ab6TRGT20sY26").matches("root"))
        #expect(
            PasswordHash("$y$j9T$qZqNdlaRdRKOgNLObZ4Pq/$YbFkLQqXkSZROegxApaoSaiMZK2sRcp5VUwBVHd5No2").matches("vizxv"))
        #expect(PasswordHash("$6$short").scheme == .sha512 && !PasswordHash("$6$short").matches(""))
        #expect(PasswordHash("garbage-that-is-no-hash").scheme == .unknown)
        #expect(!PasswordHash("garbage-that-is-no-hash").matches("garbage-that-is-no-hash"))
    }
}
