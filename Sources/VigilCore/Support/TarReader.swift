/// Reads the regular files of a tar archive (POSIX ustar, pax `x` headers, GNU `L` long names) from memory.
///
/// Nothing is written to disk, so hostile member names (`../../etc/passwd`, absolute paths) cannot escape anywhere;
/// links, devices and directories are skipped. Sizes are checked against the archive's length before use. Used for
/// Yocto SPDX archives and for feed snapshots (the kernel CNA's `vulns.git` tarball).
public enum TarReader {
    /// One regular file in the archive.
    public struct Member: Sendable {
        public var path: String
        public var contents: ArraySlice<UInt8>
    }

    /// Why an archive cannot be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Code: Sendable { case malformed, tooLarge }
        public var code: Code
        public var message: String
        public var description: String { message }
    }

    static let blockSize = 512

    /// Whether the bytes start with a ustar header.
    public static func isTar(_ prefix: ArraySlice<UInt8>) -> Bool {
        prefix.count >= 263 && prefix.dropFirst(257).prefix(5).elementsEqual("ustar".utf8)
    }

    /// The regular files, in archive order.
    ///
    /// - Throws: ``Failure`` (`malformed`) for a corrupt header or a member running past the end, (`tooLarge`) past
    ///   `maximumMembers`.
    public static func members(of bytes: [UInt8], maximumMembers: Int) throws(Failure) -> [Member] {
        var members: [Member] = []
        for entry in try entries(of: bytes, maximumEntries: maximumMembers) {
            if case .file(let contents) = entry.kind { members.append(Member(path: entry.path, contents: contents)) }
        }
        return members
    }

    /// One archive entry of any kind, as a root filesystem needs them.
    public struct Entry: Sendable {
        public enum Kind: Sendable {
            case file(ArraySlice<UInt8>)
            case directory
            case symbolicLink(target: String)
            /// A hard link to an earlier member's path.
            case hardLink(target: String)
            /// A device, FIFO or other special file.
            case special
        }

        /// The member name as written (not normalised: `./usr/bin/x`, and possibly hostile: `../x`, `/etc/x`).
        public var path: String
        public var kind: Kind
        /// The permission bits, with set-user-ID (0o4000), set-group-ID (0o2000) and sticky (0o1000); nil when the
        /// header's field does not read.
        public var mode: UInt32? = nil
        public var uid: Int? = nil
        public var gid: Int? = nil
    }

    /// Every entry, in archive order, with pax (`path`, `linkpath`) and GNU long names (`L`, `K`) applied.
    ///
    /// - Throws: ``Failure`` (`malformed`) for a corrupt header or a member running past the end, (`tooLarge`) past
    ///   `maximumEntries`.
    public static func entries(of bytes: [UInt8], maximumEntries: Int) throws(Failure) -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        var pendingPath: String?
        var pendingLink: String?
        var pendingUID: Int?
        var pendingGID: Int?
        while offset + blockSize <= bytes.count {
            let header = bytes[offset..<(offset + blockSize)]
            if header.allSatisfy({ $0 == 0 }) { break }  // end of archive
            guard let size = octal(header.dropFirst(124).prefix(12)) else {
                throw Failure(code: .malformed, message: "tar header at byte \(offset) has a bad size field")
            }
            let start = offset + blockSize
            guard size <= bytes.count - start else {
                throw Failure(
                    code: .malformed, message: "tar member at byte \(offset) runs past the end of the archive")
            }
            let contents = bytes[start..<(start + size)]
            let type = header[header.startIndex + 156]
            switch type {
            case UInt8(ascii: "x"):
                pendingPath = paxValue("path", contents) ?? pendingPath
                pendingLink = paxValue("linkpath", contents) ?? pendingLink
                pendingUID = paxValue("uid", contents).flatMap { Int($0) } ?? pendingUID
                pendingGID = paxValue("gid", contents).flatMap { Int($0) } ?? pendingGID
            case UInt8(ascii: "L"): pendingPath = string(contents)
            case UInt8(ascii: "K"): pendingLink = string(contents)
            case UInt8(ascii: "g"): break  // pax global header
            default:
                guard entries.count < maximumEntries else {
                    throw Failure(code: .tooLarge, message: "the archive holds more than \(maximumEntries) entries")
                }
                let path = pendingPath ?? name(header)
                let link = pendingLink ?? string(header.dropFirst(157).prefix(100))
                let kind: Entry.Kind =
                    switch type {
                    case UInt8(ascii: "0"), UInt8(ascii: "7"), 0: .file(contents)
                    case UInt8(ascii: "5"): .directory
                    case UInt8(ascii: "2"): .symbolicLink(target: link)
                    case UInt8(ascii: "1"): .hardLink(target: link)
                    default: .special
                    }
                entries.append(
                    Entry(
                        path: path, kind: kind,
                        mode: octal(header.dropFirst(100).prefix(8)).map { UInt32($0 & 0o7777) },
                        uid: pendingUID ?? octal(header.dropFirst(108).prefix(8)),
                        gid: pendingGID ?? octal(header.dropFirst(116).prefix(8))))
                pendingUID = nil
                pendingGID = nil
                pendingPath = nil
                pendingLink = nil
            }
            offset = start + (size + blockSize - 1) / blockSize * blockSize
        }
        return entries
    }

    private static func name(_ header: ArraySlice<UInt8>) -> String {
        let name = string(header.prefix(100))
        let prefix = string(header.dropFirst(345).prefix(155))
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal number field, NUL- or space-terminated; `nil` when it holds anything else or exceeds 2^40.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var sawDigit = false
        for byte in field {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if sawDigit { break } else { continue }
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
            sawDigit = true
            if value > 1 << 40 { return nil }
        }
        return value
    }

    /// A record of a pax extended header (`<length> path=<value>\n`).
    private static func paxValue(_ key: String, _ contents: ArraySlice<UInt8>) -> String? {
        for record in String(decoding: contents, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let keyValue = record[record.index(after: space)...]
            if keyValue.hasPrefix(key + "=") { return String(keyValue.dropFirst(key.count + 1)) }
        }
        return nil
    }
}
