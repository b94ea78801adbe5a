import VigilHarden

/// Writes small ELF files for the tests: a header, program headers, a dynamic segment with its string table, and
/// symbol tables with their names, in either class and byte order. Real enough for the reader (what `readelf`
/// reads of them is what the tests assert), small enough to plant one property at a time.
struct ELFBuilder {
    var is64 = true
    var little = true
    var type: UInt16 = 3
    var machine: UInt16 = 62
    /// (p_type, p_flags); GNU_STACK RW by default.
    var segments: [(UInt32, UInt32)] = [(ELFFile.ProgramHeader.gnuStack, 6)]
    /// Dynamic entries: a tag with a string (RPATH, NEEDED) or a number.
    var dynamicStrings: [(Int64, String)] = []
    var dynamicValues: [(Int64, UInt64)] = []
    var dynamicSymbols: [String] = []
    var symbols: [String]? = nil
    /// Hostile: the symbol string table is this many 'A's with no NUL, and every symbol's name starts at its offset 1.
    var unterminatedNames: Int? = nil
    var sectionHeaders = true

    private var bytes: [UInt8] = []

    func build() -> [UInt8] {
        var builder = self
        return builder.write()
    }

    private mutating func append(_ value: UInt64, _ size: Int) {
        for index in 0..<size {
            let shift = UInt64(little ? index : size - 1 - index) * 8
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    private mutating func word(_ value: UInt64) { append(value, is64 ? 8 : 4) }

    private mutating func align() { while bytes.count % 8 != 0 { bytes.append(0) } }

    private static func table(_ names: [String]) -> ([UInt8], [UInt32]) {
        var table: [UInt8] = [0]
        var offsets: [UInt32] = []
        for name in names {
            offsets.append(UInt32(table.count))
            table += Array(name.utf8) + [0]
        }
        return (table, offsets)
    }

    private mutating func write() -> [UInt8] {
        let headerSize = is64 ? 64 : 52
        let programEntry = is64 ? 56 : 32
        let sectionEntry = is64 ? 64 : 40
        let (dynstr, stringOffsets) = Self.table(dynamicStrings.map(\.1) + dynamicSymbols)
        var (strtab, symbolOffsets) = Self.table(symbols ?? [])
        if let count = unterminatedNames {
            strtab = [0] + [UInt8](repeating: 0x41, count: count)
            symbolOffsets = symbolOffsets.map { _ in 1 }
        }
        let sectionNames = ["", ".dynstr", ".dynsym", ".dynamic", ".strtab", ".symtab", ".shstrtab"]
        let (shstrtab, nameOffsets) = Self.table(Array(sectionNames.dropFirst()))
        let hasDynamic = !dynamicStrings.isEmpty || !dynamicValues.isEmpty || !dynamicSymbols.isEmpty
        let extra: [(UInt32, UInt32)] =
            hasDynamic ? [(ELFFile.ProgramHeader.dynamic, UInt32(6)), (ELFFile.ProgramHeader.load, UInt32(5))] : []
        let programs: [(UInt32, UInt32)] = segments + extra

        // Layout: header, program headers, .dynstr, .dynsym, .dynamic, .strtab, .symtab, .shstrtab, section headers.
        bytes = []
        let programOffset = headerSize
        var offset = programOffset + programs.count * programEntry
        offset = (offset + 7) / 8 * 8
        let dynstrOffset = offset
        offset = (offset + dynstr.count + 7) / 8 * 8
        let symbolEntry = is64 ? 24 : 16
        let dynsymOffset = offset
        offset += (dynamicSymbols.count + 1) * symbolEntry
        let dynamicOffset = offset
        let dynamicEntry = is64 ? 16 : 8
        let dynamicCount = dynamicStrings.count + dynamicValues.count + 2  // + DT_STRTAB + DT_NULL
        offset += dynamicCount * dynamicEntry
        let strtabOffset = offset
        offset = (offset + strtab.count + 7) / 8 * 8
        let symtabOffset = offset
        offset += ((symbols?.count ?? 0) + 1) * symbolEntry
        let shstrtabOffset = offset
        offset = (offset + shstrtab.count + 7) / 8 * 8
        let sectionOffset = offset

        // The header.
        bytes += [0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, little ? 1 : 2, 1, 0]
        bytes += [UInt8](repeating: 0, count: 8)
        append(UInt64(type), 2)
        append(UInt64(machine), 2)
        append(1, 4)
        word(0)
        word(UInt64(programOffset))
        word(sectionHeaders ? UInt64(sectionOffset) : 0)
        append(0, 4)
        append(UInt64(headerSize), 2)
        append(UInt64(programEntry), 2)
        append(UInt64(programs.count), 2)
        append(UInt64(sectionEntry), 2)
        append(sectionHeaders ? UInt64(sectionNames.count) : 0, 2)
        append(sectionHeaders ? UInt64(sectionNames.count - 1) : 0, 2)

        // Program headers: the whole file is one PT_LOAD at address 0, so addresses are offsets.
        for (type, flags) in programs {
            let (segmentOffset, size): (Int, Int) =
                switch type {
                case ELFFile.ProgramHeader.dynamic: (dynamicOffset, dynamicCount * dynamicEntry)
                case ELFFile.ProgramHeader.load: (0, sectionOffset)
                default: (0, 0)
                }
            append(UInt64(type), 4)
            if is64 {
                append(UInt64(flags), 4)
                word(UInt64(segmentOffset))
                word(UInt64(segmentOffset))
                word(UInt64(segmentOffset))
                word(UInt64(size))
                word(UInt64(size))
                word(8)
            } else {
                word(UInt64(segmentOffset))
                word(UInt64(segmentOffset))
                word(UInt64(segmentOffset))
                word(UInt64(size))
                word(UInt64(size))
                append(UInt64(flags), 4)
                word(8)
            }
        }
        align()
        bytes += dynstr
        align()
        // Symbols: entry 0, then one per name.
        func symbol(_ name: UInt32) {
            append(UInt64(name), 4)
            if is64 {
                bytes += [0x12, 0]
                append(0, 2)
                word(0)
                word(0)
            } else {
                word(0)
                word(0)
                bytes += [0x12, 0]
                append(0, 2)
            }
        }
        symbol(0)
        for index in dynamicSymbols.indices { symbol(stringOffsets[dynamicStrings.count + index]) }
        for (index, entry) in dynamicStrings.enumerated() {
            word(UInt64(bitPattern: entry.0))
            word(UInt64(stringOffsets[index]))
        }
        for (tag, value) in dynamicValues {
            word(UInt64(bitPattern: tag))
            word(value)
        }
        word(UInt64(ELFFile.DynamicEntry.stringTable))
        word(UInt64(dynstrOffset))
        word(0)
        word(0)
        bytes += strtab
        align()
        symbol(0)
        for index in (symbols ?? []).indices { symbol(symbolOffsets[index]) }
        bytes += shstrtab
        align()
        guard sectionHeaders else { return bytes }

        // Section headers: null, .dynstr, .dynsym, .dynamic, .strtab, .symtab, .shstrtab.
        let sections: [(UInt32, Int, Int, UInt32, Int)] = [
            (0, 0, 0, 0, 0),
            (ELFFile.Section.stringTable, dynstrOffset, dynstr.count, 0, 0),
            (ELFFile.Section.dynamicSymbols, dynsymOffset, (dynamicSymbols.count + 1) * symbolEntry, 1, symbolEntry),
            (ELFFile.Section.dynamic, dynamicOffset, dynamicCount * dynamicEntry, 1, dynamicEntry),
            (ELFFile.Section.stringTable, strtabOffset, strtab.count, 0, 0),
            (
                symbols == nil ? 1 : ELFFile.Section.symbolTable, symtabOffset,
                ((symbols?.count ?? 0) + 1) * symbolEntry, 4, symbolEntry
            ),
            (ELFFile.Section.stringTable, shstrtabOffset, shstrtab.count, 0, 0),
        ]
        for (index, (type, sectionOffset, size, link, entrySize)) in sections.enumerated() {
            append(index == 0 ? 0 : UInt64(nameOffsets[index - 1]), 4)
            append(UInt64(type), 4)
            word(0)
            word(UInt64(sectionOffset))
            word(UInt64(sectionOffset))
            word(UInt64(size))
            append(UInt64(link), 4)
            append(0, 4)
            word(8)
            word(UInt64(entrySize))
        }
        return bytes
    }
}
