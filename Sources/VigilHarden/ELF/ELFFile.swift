/// An ELF file's structure, read from its bytes: 32- or 64-bit, little- or big-endian, any machine (ARM, AArch64,
/// MIPS, PowerPC, x86, RISC-V…). Only what hardening checks read is kept: the header, the program headers, the
/// section headers with their names, the dynamic entries and the symbol names.
///
/// Every offset and count is checked against the file before it is used: a truncated, malformed or hostile file is
/// an ``ELFError`` (or, for a part that does not read, that part left out), never a crash or an unbounded allocation.
public struct ELFFile: Sendable {
    public enum FileClass: String, Sendable, Codable { case elf32, elf64 }
    public enum Endianness: String, Sendable, Codable { case little, big }

    /// `e_type` values.
    public enum FileType: UInt16, Sendable {
        case none = 0, relocatable = 1, executable = 2, shared = 3, core = 4
    }

    public struct ProgramHeader: Sendable, Hashable {
        public var type: UInt32
        public var flags: UInt32
        public var offset: UInt64
        public var virtualAddress: UInt64
        public var fileSize: UInt64
        public var memorySize: UInt64

        public static let load: UInt32 = 1
        public static let dynamic: UInt32 = 2
        public static let interpreter: UInt32 = 3
        public static let gnuStack: UInt32 = 0x6474_e551
        public static let gnuRelro: UInt32 = 0x6474_e552
        /// `p_flags` bits.
        public static let execute: UInt32 = 1
        public static let write: UInt32 = 2
        public static let read: UInt32 = 4
    }

    public struct Section: Sendable, Hashable {
        public var name: String
        public var type: UInt32
        public var offset: UInt64
        public var size: UInt64
        public var link: UInt32
        public var entrySize: UInt64

        public static let symbolTable: UInt32 = 2
        public static let stringTable: UInt32 = 3
        public static let dynamic: UInt32 = 6
        public static let noBits: UInt32 = 8
        public static let dynamicSymbols: UInt32 = 11
    }

    public struct DynamicEntry: Sendable, Hashable {
        public var tag: Int64
        public var value: UInt64

        public static let null: Int64 = 0
        public static let needed: Int64 = 1
        public static let stringTable: Int64 = 5
        public static let soname: Int64 = 14
        public static let rpath: Int64 = 15
        public static let debug: Int64 = 21
        public static let bindNow: Int64 = 24
        public static let flags: Int64 = 30
        public static let runpath: Int64 = 29
        public static let flags1: Int64 = 0x6fff_fffb
        /// `DT_FLAGS` bit.
        public static let flagBindNow: UInt64 = 0x8
    }

    public let fileClass: FileClass
    public let endianness: Endianness
    /// `e_type`, raw (``FileType`` names the standard ones).
    public let type: UInt16
    /// `e_machine` (3 x86, 8 MIPS, 20 PowerPC, 40 ARM, 62 x86-64, 183 AArch64, 243 RISC-V…).
    public let machine: UInt16
    public let programHeaders: [ProgramHeader]
    /// Empty when the file has no section headers (they were stripped with `sstrip`, or are not there).
    public let sections: [Section]
    /// The dynamic entries up to `DT_NULL`: from `PT_DYNAMIC` when there are program headers, else the dynamic
    /// section.
    public let dynamic: [DynamicEntry]
    /// What could not be read and was left out (a symbol table past the end of the file).
    public private(set) var problems: [String] = []

    private let bytes: [UInt8]

    /// The longest name read (a symbol or section name, a dynamic string); longer ones are cut here.
    public static let maximumNameLength = 1_024
    /// The most bytes of symbol names read from one file's tables: a bound on memory whatever the file claims.
    public static let maximumSymbolBytes = 32 << 20

    /// Whether `prefix` starts like an ELF file (`\x7fELF`).
    public static func isELF(_ prefix: [UInt8]) -> Bool {
        prefix.count >= 4 && prefix[0] == 0x7f && prefix[1] == 0x45 && prefix[2] == 0x4c && prefix[3] == 0x46
    }

    public init(bytes: [UInt8]) throws(ELFError) {
        guard Self.isELF(bytes) else { throw ELFError(.notELF, "not an ELF file (no \\x7fELF magic)") }
        guard bytes.count >= 52 else {
            throw ELFError(.truncated, "the ELF header is truncated (\(bytes.count) bytes)")
        }
        switch bytes[4] {
        case 1: fileClass = .elf32
        case 2: fileClass = .elf64
        default: throw ELFError(.malformed, "EI_CLASS is \(bytes[4]), not 1 (32-bit) or 2 (64-bit)")
        }
        switch bytes[5] {
        case 1: endianness = .little
        case 2: endianness = .big
        default: throw ELFError(.malformed, "EI_DATA is \(bytes[5]), not 1 (little-endian) or 2 (big-endian)")
        }
        self.bytes = bytes
        let reader = ELFReader(bytes: bytes, is64: fileClass == .elf64, little: endianness == .little)
        let is64 = fileClass == .elf64
        guard bytes.count >= (is64 ? 64 : 52) else { throw ELFError(.truncated, "the ELF header is truncated") }
        type = try reader.u16(16)
        machine = try reader.u16(18)
        let programOffset = try reader.word(is64 ? 32 : 28)
        let sectionOffset = try reader.word(is64 ? 40 : 32)
        let programEntrySize = Int(try reader.u16(is64 ? 54 : 42))
        let programCount = Int(try reader.u16(is64 ? 56 : 44))
        let sectionEntrySize = Int(try reader.u16(is64 ? 58 : 46))
        var sectionCount = Int(try reader.u16(is64 ? 60 : 48))
        var namesIndex = Int(try reader.u16(is64 ? 62 : 50))

        var programs: [ProgramHeader] = []
        if programOffset != 0, programCount > 0 {
            guard programEntrySize >= (is64 ? 56 : 32) else {
                throw ELFError(.malformed, "e_phentsize \(programEntrySize) is too small")
            }
            for index in 0..<programCount {
                let base = try reader.offset(programOffset, plus: index * programEntrySize, size: programEntrySize)
                programs.append(
                    is64
                        ? ProgramHeader(
                            type: try reader.u32(base), flags: try reader.u32(base + 4),
                            offset: try reader.u64(base + 8), virtualAddress: try reader.u64(base + 16),
                            fileSize: try reader.u64(base + 32), memorySize: try reader.u64(base + 40))
                        : ProgramHeader(
                            type: try reader.u32(base), flags: try reader.u32(base + 24),
                            offset: UInt64(try reader.u32(base + 4)), virtualAddress: UInt64(try reader.u32(base + 8)),
                            fileSize: UInt64(try reader.u32(base + 16)), memorySize: UInt64(try reader.u32(base + 20))))
            }
        }
        programHeaders = programs

        var sections: [Section] = []
        var problems: [String] = []
        if sectionOffset != 0, sectionEntrySize >= (is64 ? 64 : 40) {
            // More than 65,279 sections: the count and the names' index are in section 0.
            if sectionCount == 0 || namesIndex == 0xffff {
                let base = try reader.offset(sectionOffset, plus: 0, size: sectionEntrySize)
                if sectionCount == 0 { sectionCount = Int(min(try reader.word(base + (is64 ? 32 : 20)), 1 << 20)) }
                if namesIndex == 0xffff { namesIndex = Int(try reader.u32(base + (is64 ? 40 : 24))) }
            }
            guard sectionCount <= 1 << 20 else { throw ELFError(.malformed, "\(sectionCount) sections") }
            var raw: [(nameOffset: UInt32, section: Section)] = []
            for index in 0..<sectionCount {
                guard
                    let base = try? reader.offset(sectionOffset, plus: index * sectionEntrySize, size: sectionEntrySize)
                else {
                    problems.append("the section headers are truncated at \(index) of \(sectionCount)")
                    break
                }
                raw.append(
                    (
                        try reader.u32(base),
                        Section(
                            name: "", type: try reader.u32(base + 4), offset: try reader.word(base + (is64 ? 24 : 16)),
                            size: try reader.word(base + (is64 ? 32 : 20)),
                            link: try reader.u32(base + (is64 ? 40 : 24)),
                            entrySize: try reader.word(base + (is64 ? 56 : 36)))
                    ))
            }
            let names = raw.indices.contains(namesIndex) ? raw[namesIndex].section : nil
            for (nameOffset, section) in raw {
                var named = section
                if let names, names.type != Section.noBits {
                    named.name = reader.string(in: names.offset, size: names.size, at: UInt64(nameOffset)) ?? ""
                }
                sections.append(named)
            }
        }
        self.sections = sections
        dynamic = Self.dynamicEntries(reader: reader, programs: programs, sections: sections)
        self.problems = problems
    }

    public var fileType: FileType? { FileType(rawValue: type) }

    /// The dynamic entries with `tag`.
    public func dynamic(_ tag: Int64) -> [DynamicEntry] { dynamic.filter { $0.tag == tag } }

    /// The string a dynamic entry's value names in the dynamic string table (`DT_RPATH`, `DT_NEEDED`…): the table
    /// found through `DT_STRTAB`'s address in a `PT_LOAD` segment, else the dynamic section's linked section.
    public func dynamicString(_ offset: UInt64) -> String? {
        let reader = ELFReader(bytes: bytes, is64: fileClass == .elf64, little: endianness == .little)
        if let address = dynamic(DynamicEntry.stringTable).first?.value,
            let segment = programHeaders.first(where: {
                $0.type == ProgramHeader.load && address >= $0.virtualAddress
                    && address - $0.virtualAddress < $0.fileSize
            })
        {
            let (start, overflow) = segment.offset.addingReportingOverflow(address - segment.virtualAddress)
            let size = segment.fileSize - (address - segment.virtualAddress)
            if !overflow, let text = reader.string(in: start, size: size, at: offset) { return text }
        }
        if let section = sections.first(where: { $0.type == Section.dynamic }),
            sections.indices.contains(Int(section.link))
        {
            let strings = sections[Int(section.link)]
            return reader.string(in: strings.offset, size: strings.size, at: offset)
        }
        return nil
    }

    /// The names of the symbols in the sections of `type` (``Section/symbolTable`` or ``Section/dynamicSymbols``),
    /// every entry (the null entry 0 as an empty name), in order. A table past the end of the file gives none.
    public func symbolNames(inSectionsOf type: UInt32) -> [String] {
        let reader = ELFReader(bytes: bytes, is64: fileClass == .elf64, little: endianness == .little)
        let entrySize: UInt64 = fileClass == .elf64 ? 24 : 16
        var names: [String] = []
        var budget = Self.maximumSymbolBytes
        for section in sections where section.type == type && section.size > 0 {
            guard sections.indices.contains(Int(section.link)), section.offset <= UInt64(bytes.count),
                section.size <= UInt64(bytes.count) - section.offset
            else { continue }
            let strings = sections[Int(section.link)]
            let count = section.size / entrySize
            for index in 0..<count {
                let base = section.offset + index * entrySize
                guard let nameOffset = try? reader.u32(Int(base)) else { break }
                let name = reader.string(in: strings.offset, size: strings.size, at: UInt64(nameOffset)) ?? ""
                budget -= name.utf8.count + 1
                guard budget >= 0 else { return names }
                names.append(name)
            }
        }
        return names
    }

    private static func dynamicEntries(
        reader: ELFReader, programs: [ProgramHeader], sections: [Section]
    ) -> [DynamicEntry] {
        let span: (offset: UInt64, size: UInt64)? =
            if !programs.isEmpty {
                programs.first(where: { $0.type == ProgramHeader.dynamic }).map { ($0.offset, $0.fileSize) }
            } else {
                sections.first(where: { $0.type == Section.dynamic && $0.type != Section.noBits }).map {
                    ($0.offset, $0.size)
                }
            }
        guard let span, span.offset <= UInt64(reader.bytes.count) else { return [] }
        let entrySize: UInt64 = reader.is64 ? 16 : 8
        let end = min(UInt64(reader.bytes.count), span.offset + min(span.size, UInt64(reader.bytes.count)))
        var entries: [DynamicEntry] = []
        var position = span.offset
        while position + entrySize <= end, entries.count < 1 << 16 {
            guard let tag = try? reader.signedWord(Int(clamping: position)),
                let value = try? reader.word(Int(clamping: position + entrySize / 2))
            else { break }
            if tag == DynamicEntry.null { break }
            entries.append(DynamicEntry(tag: tag, value: value))
            position += entrySize
        }
        return entries
    }
}

/// Why a file cannot be read as ELF.
public struct ELFError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case notELF, truncated, malformed }
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Bounds-checked reads of ELF fields in the file's byte order.
struct ELFReader {
    let bytes: [UInt8]
    let is64: Bool
    let little: Bool

    func u16(_ offset: Int) throws(ELFError) -> UInt16 { UInt16(try unsigned(offset, 2)) }
    func u32(_ offset: Int) throws(ELFError) -> UInt32 { UInt32(try unsigned(offset, 4)) }
    func u64(_ offset: Int) throws(ELFError) -> UInt64 { try unsigned(offset, 8) }
    /// An address or offset: 8 bytes in ELF64, 4 in ELF32.
    func word(_ offset: Int) throws(ELFError) -> UInt64 { try unsigned(offset, is64 ? 8 : 4) }

    func signedWord(_ offset: Int) throws(ELFError) -> Int64 {
        is64 ? Int64(bitPattern: try u64(offset)) : Int64(Int32(bitPattern: try u32(offset)))
    }

    private func unsigned(_ offset: Int, _ size: Int) throws(ELFError) -> UInt64 {
        guard offset >= 0, offset <= bytes.count - size else {
            throw ELFError(.truncated, "a field at offset \(offset) is past the end of the file (\(bytes.count) bytes)")
        }
        var value: UInt64 = 0
        for index in 0..<size {
            let byte = UInt64(bytes[offset + (little ? size - 1 - index : index)])
            value = value << 8 | byte
        }
        return value
    }

    /// The file offset of entry `plus` bytes after `base`, with `size` bytes inside the file.
    func offset(_ base: UInt64, plus: Int, size: Int) throws(ELFError) -> Int {
        guard base <= UInt64(bytes.count), UInt64(plus) + UInt64(size) <= UInt64(bytes.count) - base else {
            throw ELFError(.truncated, "a header table at offset \(base) runs past the end of the file")
        }
        return Int(base) + plus
    }

    /// The NUL-terminated string at `offset` in the table at `start` of `size` bytes (clamped to the file).
    func string(in start: UInt64, size: UInt64, at offset: UInt64) -> String? {
        guard start <= UInt64(bytes.count), offset < size else { return nil }
        let (sum, overflow) = start.addingReportingOverflow(size)
        let end = overflow ? UInt64(bytes.count) : min(UInt64(bytes.count), sum)
        guard offset < end - start else { return nil }
        var index = Int(start + offset)
        // Names are short; a table without NULs must not make every name a copy of the whole table.
        let limit = min(Int(end), index + ELFFile.maximumNameLength)
        let first = index
        while index < limit, bytes[index] != 0 { index += 1 }
        return String(decoding: bytes[first..<index], as: UTF8.self)
    }
}
