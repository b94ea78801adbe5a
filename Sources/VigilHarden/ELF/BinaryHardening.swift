/// How one ELF file was hardened when it was built, decided as Debian's `checksec` (2.6) decides from `readelf`, so
/// that the two agree file by file (`ChecksecAgreementTests`): RELRO, stack canary, NX, PIE, RPATH, RUNPATH,
/// symbols, FORTIFY_SOURCE.
///
/// The rules, and where checksec's are surprising:
/// - **RELRO**: full with a `PT_GNU_RELRO` segment and `DT_BIND_NOW` (or `DF_BIND_NOW` in `DT_FLAGS`; `DF_1_NOW`
///   alone does not count), partial with the segment only, none without it.
/// - **Canary**: a symbol in `.symtab` or `.dynsym` whose name contains `__stack_chk_fail`, `__stack_chk_guard` or
///   `__intel_security_cookie`. Symbols are read through the section headers only: a file without them reads as
///   having none.
/// - **NX**: a `PT_GNU_STACK` segment that is not readable, writable and executable at once; none is NX disabled.
///   (MIPS toolchains mark the stack executable unless linked with `-z noexecstack`.)
/// - **PIE**: `ET_EXEC` no; `ET_DYN` with `DT_DEBUG` yes (a position-independent executable), without it a shared
///   object (`dso`); `ET_REL` a relocatable object (`rel`, kernel modules).
/// - **RPATH**, **RUNPATH**: the dynamic entry with a non-empty value.
/// - **Symbols**: a section named `.symtab` (the file is not stripped).
/// - **FORTIFY**: over `.dynsym` only, names with leading `_` and `@version` removed, duplicates counted: fortified
///   = names of glibc's `*_chk` functions, fortifiable = those plus the unchecked functions they replace; FORTIFY is
///   on when any name ends in `_chk`. Static binaries have no `.dynsym`: no, 0, 0.
public struct BinaryHardening: Sendable, Hashable, Codable {
    public enum RELRO: String, Sendable, Codable { case full, partial, none = "no" }
    public enum PIE: String, Sendable, Codable {
        case yes, no, dso, rel
        case notELF = "not_elf"
    }

    public var relro: RELRO
    public var canary: Bool
    public var nx: Bool
    public var pie: PIE
    /// `DT_RPATH`'s value, when the file has one (searched before `LD_LIBRARY_PATH`; ``BinaryChecks`` reports the
    /// relative and empty entries in it and in RUNPATH).
    public var rpath: String?
    public var runpath: String?
    /// Not stripped: a `.symtab` section.
    public var symbols: Bool
    public var fortifySource: Bool
    public var fortified: Int
    public var fortifiable: Int

    public init(_ elf: ELFFile) {
        let hasRelro = elf.programHeaders.contains { $0.type == ELFFile.ProgramHeader.gnuRelro }
        let bindNow =
            !elf.dynamic(ELFFile.DynamicEntry.bindNow).isEmpty
            || elf.dynamic(ELFFile.DynamicEntry.flags).contains { $0.value & ELFFile.DynamicEntry.flagBindNow != 0 }
        relro = hasRelro ? (bindNow ? .full : .partial) : .none

        let allSymbols =
            elf.symbolNames(inSectionsOf: ELFFile.Section.symbolTable)
            + elf.symbolNames(inSectionsOf: ELFFile.Section.dynamicSymbols)
        canary = allSymbols.contains { name in Self.canaryMarkers.contains { name.contains($0) } }

        nx =
            elf.programHeaders.first { $0.type == ELFFile.ProgramHeader.gnuStack }.map {
                $0.flags & 7 != 7
            } ?? false

        pie =
            switch elf.fileType {
            case .executable: .no
            case .shared: elf.dynamic(ELFFile.DynamicEntry.debug).isEmpty ? .dso : .yes
            case .relocatable: .rel
            default: .notELF
            }

        func firstString(_ tag: Int64) -> String? {
            guard let entry = elf.dynamic(tag).first, let text = elf.dynamicString(entry.value), !text.isEmpty
            else { return nil }
            return text
        }
        rpath = firstString(ELFFile.DynamicEntry.rpath)
        runpath = firstString(ELFFile.DynamicEntry.runpath)

        symbols = elf.sections.contains {
            ($0.type == ELFFile.Section.symbolTable || $0.type == ELFFile.Section.dynamicSymbols)
                && $0.name.contains(".symtab")
        }

        let dynamicNames = elf.symbolNames(inSectionsOf: ELFFile.Section.dynamicSymbols).compactMap { name -> String? in
            let unversioned = name.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let bare = unversioned.drop { $0 == "_" }
            return bare.isEmpty ? nil : String(bare)
        }
        fortified = dynamicNames.count { Self.checkedFunctions.contains($0) }
        fortifiable = fortified + dynamicNames.count { Self.fortifiableFunctions.contains($0) }
        fortifySource = dynamicNames.contains { $0.hasSuffix("_chk") }
    }

    static let canaryMarkers = ["__stack_chk_fail", "__stack_chk_guard", "__intel_security_cookie"]

    /// glibc's fortifiable functions (glibc 2.36, the `__*_chk` symbols it exports), which `checksec` reads from the
    /// host's libc: the same list whatever libc the firmware has.
    public static let fortifiableFunctions: Set<String> = [
        "asprintf", "confstr", "dprintf", "explicit_bzero", "fdelt", "fgets", "fgets_unlocked", "fgetws",
        "fgetws_unlocked", "fprintf", "fread", "fread_unlocked", "fwprintf", "getcwd", "getdomainname", "getgroups",
        "gethostname", "getlogin_r", "getwd", "gets", "longjmp", "mbsnrtowcs", "mbsrtowcs", "mbstowcs", "memcpy",
        "memmove", "mempcpy", "memset", "obstack_printf", "obstack_vprintf", "poll", "ppoll", "pread", "pread64",
        "printf", "ptsname_r", "read", "readlink", "readlinkat", "realpath", "recv", "recvfrom", "snprintf", "sprintf",
        "stpcpy", "stpncpy", "strcat", "strcpy", "strncat", "strncpy", "swprintf", "syslog", "ttyname_r", "vasprintf",
        "vdprintf", "vfprintf", "vfwprintf", "vprintf", "vsnprintf", "vsprintf", "vswprintf", "vsyslog", "vwprintf",
        "wcpcpy", "wcpncpy", "wcrtomb", "wcscat", "wcscpy", "wcsncat", "wcsncpy", "wcsnrtombs", "wcsrtombs", "wcstombs",
        "wctomb", "wmemcpy", "wmemmove", "wmempcpy", "wmemset", "wprintf",
    ]

    /// Their checked versions (`memcpy_chk` for `__memcpy_chk`).
    public static let checkedFunctions: Set<String> = Set(fortifiableFunctions.map { $0 + "_chk" })
}
