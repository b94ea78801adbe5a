import Testing
import VigilHarden
import VigilTesting

/// The ELF reader and the hardening rules on files built for one property at a time, in both classes and byte
/// orders; and hostile input — truncated, malformed, counts and offsets that point outside the file — read as
/// errors, never crashes.
@Suite struct ELFFileTests {
    static let layouts: [(is64: Bool, little: Bool)] = [(true, true), (true, false), (false, true), (false, false)]

    @Test("a hardened PIE: full RELRO, canary, NX, PIE, FORTIFY counted with duplicates", arguments: 0..<4)
    func hardened(_ layout: Int) throws {
        var builder = ELFBuilder()
        (builder.is64, builder.little) = Self.layouts[layout]
        builder.segments = [(ELFFile.ProgramHeader.gnuStack, 6), (ELFFile.ProgramHeader.gnuRelro, 4)]
        builder.dynamicStrings = [(ELFFile.DynamicEntry.needed, "libc.so.6")]
        builder.dynamicValues = [(ELFFile.DynamicEntry.bindNow, 0), (ELFFile.DynamicEntry.debug, 0)]
        builder.dynamicSymbols = [
            "__stack_chk_fail", "__memcpy_chk", "__printf_chk@GLIBC_2.3.4", "strcpy", "memcpy@GLIBC_2.2.5",
            "memcpy@@GLIBC_2.14", "exit",
        ]
        let elf = try ELFFile(bytes: builder.build())
        #expect(elf.fileClass == (builder.is64 ? .elf64 : .elf32))
        #expect(elf.endianness == (builder.little ? .little : .big) && elf.machine == 62)
        #expect(elf.dynamic(ELFFile.DynamicEntry.needed).first.flatMap { elf.dynamicString($0.value) } == "libc.so.6")
        let hardening = BinaryHardening(elf)
        #expect(hardening.relro == .full && hardening.canary && hardening.nx && hardening.pie == .yes)
        #expect(hardening.rpath == nil && hardening.runpath == nil && !hardening.symbols)
        #expect(hardening.fortifySource && hardening.fortified == 2, "memcpy_chk, printf_chk")
        #expect(hardening.fortifiable == 5, "and strcpy, memcpy twice (two versions)")
    }

    @Test("an unhardened executable: no RELRO, no canary, executable stack, no PIE, RPATH and RUNPATH kept")
    func unhardened() throws {
        var builder = ELFBuilder()
        builder.type = 2
        builder.segments = [(ELFFile.ProgramHeader.gnuStack, 7)]
        builder.dynamicStrings = [
            (ELFFile.DynamicEntry.rpath, "/opt/lib:."), (ELFFile.DynamicEntry.runpath, "$ORIGIN"),
        ]
        builder.dynamicSymbols = ["strcpy", "printf"]
        builder.symbols = ["main", "helper"]
        let hardening = BinaryHardening(try ELFFile(bytes: builder.build()))
        #expect(hardening.relro == .none && !hardening.canary && !hardening.nx && hardening.pie == .no)
        #expect(hardening.rpath == "/opt/lib:." && hardening.runpath == "$ORIGIN" && hardening.symbols)
        #expect(!hardening.fortifySource && hardening.fortified == 0 && hardening.fortifiable == 2)
    }

    @Test("checksec's edge cases: partial RELRO, DF_BIND_NOW, a DSO, a module, no GNU_STACK, no section headers")
    func edgeCases() throws {
        var partial = ELFBuilder()
        partial.segments = [(ELFFile.ProgramHeader.gnuStack, 6), (ELFFile.ProgramHeader.gnuRelro, 4)]
        partial.dynamicValues = [(ELFFile.DynamicEntry.flags1, 1)]  // DF_1_NOW alone is not BIND_NOW
        let partialHardening = BinaryHardening(try ELFFile(bytes: partial.build()))
        #expect(partialHardening.relro == .partial && partialHardening.pie == .dso)

        var flags = partial
        flags.dynamicValues = [(ELFFile.DynamicEntry.flags, ELFFile.DynamicEntry.flagBindNow)]
        #expect(BinaryHardening(try ELFFile(bytes: flags.build())).relro == .full)

        var module = ELFBuilder()
        module.type = 1
        module.segments = []
        module.symbols = ["init_module", "__stack_chk_fail"]
        let moduleHardening = BinaryHardening(try ELFFile(bytes: module.build()))
        #expect(moduleHardening.pie == .rel && !moduleHardening.nx && moduleHardening.relro == .none)
        #expect(moduleHardening.canary && moduleHardening.symbols)

        var sstripped = ELFBuilder()
        sstripped.sectionHeaders = false
        sstripped.dynamicStrings = [(ELFFile.DynamicEntry.runpath, "/lib")]
        sstripped.dynamicSymbols = ["__stack_chk_fail", "__memcpy_chk"]
        let elf = try ELFFile(bytes: sstripped.build())
        #expect(elf.sections.isEmpty)
        let bare = BinaryHardening(elf)
        #expect(!bare.canary && !bare.fortifySource && bare.fortifiable == 0, "no sections: no symbols to read")
        #expect(bare.runpath == "/lib", "the dynamic segment is still read")
    }

    @Test("hostile input: every truncation and every corrupted header byte is an error or a reading, never a crash")
    func hostile() throws {
        var builder = ELFBuilder()
        builder.segments = [(ELFFile.ProgramHeader.gnuStack, 6), (ELFFile.ProgramHeader.gnuRelro, 4)]
        builder.dynamicStrings = [(ELFFile.DynamicEntry.rpath, "/opt")]
        builder.dynamicSymbols = ["__memcpy_chk"]
        builder.symbols = ["main"]
        let good = builder.build()
        #expect(throws: ELFError.self) { try ELFFile(bytes: []) }
        #expect(throws: ELFError.self) { try ELFFile(bytes: Array("#!/bin/sh\n".utf8)) }
        for length in stride(from: 0, to: good.count, by: 3) {
            if let elf = try? ELFFile(bytes: Array(good.prefix(length))) { _ = BinaryHardening(elf) }
        }
        // Every byte of the header, program and section headers set to 0xff, then to 0x7f.
        var generator = SeededGenerator(seed: 7)
        for index in 0..<good.count {
            for value: UInt8 in [0xff, 0x7f, UInt8.random(in: 0...255, using: &generator)] {
                var bytes = good
                bytes[index] = value
                if let elf = try? ELFFile(bytes: bytes) { _ = BinaryHardening(elf) }
            }
        }
        var wrongClass = good
        wrongClass[4] = 3
        #expect(throws: ELFError.self) { try ELFFile(bytes: wrongClass) }
    }
}
