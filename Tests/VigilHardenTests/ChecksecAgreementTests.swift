import Foundation
import Testing
import VigilHarden
import VigilInventory
import VigilTesting

/// The ELF checks agree with Debian's `checksec` file by file and field by field: over the debootstrap root (at least
/// 99% of its files), over Debian packages' ELF files for several architectures and kernel modules, and over a test
/// program built for x86_64, armhf and mips with and without hardening flags (every file). `Scripts/fetch-test-corpus`
/// runs checksec and keeps its JSON in `hardening/`.
@Suite struct ChecksecAgreementTests {
    /// checksec's verdict on one file, as its JSON gives it (every value a string).
    struct Verdict: Equatable, CustomStringConvertible {
        var relro, canary, nx, pie, rpath, runpath, symbols, fortifySource, fortified, fortifiable: String

        init(checksec entry: [String: Any]) {
            func field(_ name: String) -> String { entry[name] as? String ?? "?" }
            relro = field("relro")
            canary = field("canary")
            nx = field("nx")
            pie = field("pie")
            rpath = field("rpath")
            runpath = field("runpath")
            symbols = field("symbols")
            fortifySource = field("fortify_source")
            fortified = field("fortified")
            fortifiable = field("fortify-able")
        }

        init(_ hardening: BinaryHardening) {
            func yes(_ value: Bool) -> String { value ? "yes" : "no" }
            relro = hardening.relro.rawValue
            canary = yes(hardening.canary)
            nx = yes(hardening.nx)
            pie = hardening.pie.rawValue
            rpath = yes(hardening.rpath != nil)
            runpath = yes(hardening.runpath != nil)
            symbols = yes(hardening.symbols)
            fortifySource = yes(hardening.fortifySource)
            fortified = String(hardening.fortified)
            fortifiable = String(hardening.fortifiable)
        }

        var description: String {
            "relro \(relro), canary \(canary), nx \(nx), pie \(pie), rpath \(rpath), runpath \(runpath), symbols "
                + "\(symbols), fortify \(fortifySource) \(fortified)/\(fortifiable)"
        }
    }

    /// checksec's JSON (`--dir` or `--listfile`), by absolute path. checksec 2.6 writes `--listfile` output with
    /// objects not separated by commas, so each `"PATH": { … }` entry is read on its own.
    static func verdicts(_ name: String) throws -> [String: Verdict]? {
        guard let url = TestCorpus.url("hardening/\(name)") else { return nil }
        let text = try String(contentsOf: url, encoding: .utf8)
        let entry = try Regex(#""([^"]+)"\s*:\s*(\{[^{}]*\})"#)
        var verdicts: [String: Verdict] = [:]
        for match in text.matches(of: entry) {
            guard let path = match.output[1].substring.map(String.init), path != "dir",
                let body = match.output[2].substring,
                let fields = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { continue }
            verdicts[path] = Verdict(checksec: fields)
        }
        return verdicts
    }

    /// Compares every file checksec judged with Vigil's verdict on the same bytes; returns the disagreements.
    static func compare(_ verdicts: [String: Verdict]) throws -> (agreed: Int, disagreements: [String]) {
        var agreed = 0
        var disagreements: [String] = []
        for (path, expected) in verdicts.sorted(by: { $0.key < $1.key }) {
            let bytes = try [UInt8](Data(contentsOf: URL(filePath: path)))
            let actual: Verdict
            do {
                actual = Verdict(BinaryHardening(try ELFFile(bytes: bytes)))
            } catch {
                disagreements.append("\(path): does not read (\(error)); checksec: \(expected)")
                continue
            }
            if actual == expected {
                agreed += 1
            } else {
                disagreements.append("\(path):\n  vigil    \(actual)\n  checksec \(expected)")
            }
        }
        return (agreed, disagreements)
    }

    @Test(
        "the debootstrap root: at least 99% of its ELF files agree with checksec, and the walk finds the same files",
        .enabled(if: TestCorpus.has("hardening/checksec-debootstrap.json"), TestCorpus.missingMessage))
    func debootstrapRoot() throws {
        let verdicts = try #require(try Self.verdicts("checksec-debootstrap.json"))
        let root = try #require(TestCorpus.debootstrapRoot)
        #expect(verdicts.count > 500, "checksec judged \(verdicts.count) files")
        let (agreed, disagreements) = try Self.compare(verdicts)
        let share = Double(agreed) / Double(max(verdicts.count, 1))
        #expect(
            share >= 0.99, "\(agreed) of \(verdicts.count) agree:\n\(disagreements.prefix(20).joined(separator: "\n"))")
        // The audit's own walk through the root finds the files checksec found, with the same verdicts.
        let audited = try BinaryAudit.binaries(in: try DirectoryRoot(root.path))
        // checksec names files under the directory as it was given, or its real path when that was a link.
        let prefixes = [root.path, root.resolvingSymlinksInPath().path]
        guard let prefix = prefixes.first(where: { prefix in verdicts.keys.allSatisfy { $0.hasPrefix(prefix + "/") } })
        else {
            Issue.record("checksec's paths are not under \(prefixes)")
            return
        }
        let expected = Set(verdicts.keys.map { String($0.dropFirst(prefix.count)) })
        #expect(Set(audited.binaries.map(\.path)) == expected)
        #expect(audited.problems.isEmpty, "\(audited.problems.prefix(5))")
        let mismatched = audited.binaries.filter { verdicts[prefix + $0.path] != Verdict($0.hardening) }
        #expect(mismatched.count <= verdicts.count / 100, "\(mismatched.prefix(5).map(\.path))")
        print("checksec agreement, debootstrap root: \(agreed) of \(verdicts.count) ELF files")
    }

    @Test(
        "a program built for x86_64, armhf and mips with and without hardening: every build agrees with checksec",
        .enabled(if: TestCorpus.has("hardening/checksec-bin.json"), TestCorpus.missingMessage))
    func crossCompiled() throws {
        let verdicts = try #require(try Self.verdicts("checksec-bin.json"))
        let (agreed, disagreements) = try Self.compare(verdicts)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
        let names = Set(verdicts.keys.map { URL(filePath: $0).lastPathComponent })
        for arch in ["x86_64", "arm", "mips"] {
            #expect(names.contains("hardened-\(arch)") && names.contains("unhardened-\(arch)"), "\(arch) builds")
        }
        // What the flags were meant to give, so that agreeing on nothing would fail too.
        func verdict(_ name: String) -> Verdict? { verdicts.first { $0.key.hasSuffix("/" + name) }?.value }
        let hardened = try #require(verdict("hardened-arm"))
        #expect(hardened.relro == "full" && hardened.canary == "yes" && hardened.nx == "yes" && hardened.pie == "yes")
        #expect(hardened.fortifySource == "yes")
        let unhardened = try #require(verdict("unhardened-arm"))
        #expect(
            unhardened.relro == "no" && unhardened.canary == "no" && unhardened.nx == "no" && unhardened.pie == "no")
        #expect(unhardened.runpath == "yes" && unhardened.fortifySource == "no")
        #expect(verdict("hardened-mips")?.nx == "no", "MIPS stacks are executable without -z noexecstack")
        #expect(verdict("rpath-x86_64")?.rpath == "yes" && verdict("library-x86_64.so")?.pie == "dso")
        #expect(verdict("sstripped-x86_64")?.canary == "no", "no section headers: no symbols to see")
        print("checksec agreement, test builds: \(agreed) of \(verdicts.count)")
    }

    @Test(
        "Debian packages' ELF files for several architectures and kernel modules agree with checksec",
        .enabled(if: TestCorpus.has("hardening/checksec-debs.json"), TestCorpus.missingMessage))
    func packagesAndModules() throws {
        for name in ["checksec-debs.json", "checksec-modules.json"] {
            let verdicts = try #require(try Self.verdicts(name))
            #expect(verdicts.count >= 100, "\(name): \(verdicts.count) files")
            let (agreed, disagreements) = try Self.compare(verdicts)
            #expect(
                Double(agreed) >= 0.99 * Double(verdicts.count),
                "\(name): \(agreed) of \(verdicts.count):\n\(disagreements.prefix(10).joined(separator: "\n"))")
            print("checksec agreement, \(name): \(agreed) of \(verdicts.count)")
        }
    }
}
