import Foundation

/// Builds ustar archives in memory for tests: regular files, directories, symbolic and hard links, special files, and
/// member names a hostile archive would use (`../x`, `/x`).
public enum TarBuilder {
    public enum Entry: Sendable {
        case file(String, [UInt8])
        case directory(String)
        case symbolicLink(String, target: String)
        case hardLink(String, target: String)
        /// A character device (type `3`).
        case device(String)
        /// A regular file or directory with these permission bits (set-user-ID and sticky included).
        indirect case withMode(UInt32, Entry)
    }

    public static func file(_ name: String, _ text: String) -> Entry { .file(name, Array(text.utf8)) }

    /// The archive, two zero blocks at the end.
    public static func archive(_ entries: [Entry]) -> [UInt8] {
        var archive: [UInt8] = []
        for var entry in entries {
            var mode: UInt32 = 0o644
            if case .withMode(let given, let inner) = entry {
                mode = given
                entry = inner
            }
            let (name, type, contents, link): (String, UInt8, [UInt8], String) =
                switch entry {
                case .file(let name, let contents): (name, UInt8(ascii: "0"), contents, "")
                case .directory(let name): (name, UInt8(ascii: "5"), [], "")
                case .symbolicLink(let name, let target): (name, UInt8(ascii: "2"), [], target)
                case .hardLink(let name, let target): (name, UInt8(ascii: "1"), [], target)
                case .device(let name): (name, UInt8(ascii: "3"), [], "")
                case .withMode: ("", UInt8(ascii: "0"), [], "")  // not nested twice
                }
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
            }
            put(name, at: 0)
            put(String(format: "%07o", mode), at: 100)
            put("0000000", at: 108)
            put("0000000", at: 116)
            put(String(format: "%011o", contents.count), at: 124)
            put("00000000000", at: 136)
            header[156] = type
            put(link, at: 157)
            put("ustar", at: 257)
            put("00", at: 263)
            put("        ", at: 148)
            put(String(format: "%06o", header.reduce(0) { $0 + Int($1) }), at: 148)
            archive += header + contents + [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }
}
