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
        var offset = 0
        var pendingPath: String?
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
            switch header[header.startIndex + 156] {
            case UInt8(ascii: "x"): pendingPath = paxPath(contents) ?? pendingPath
            case UInt8(ascii: "L"): pendingPath = string(contents)
            case UInt8(ascii: "0"), 0:
                guard members.count < maximumMembers else {
                    throw Failure(code: .tooLarge, message: "the archive holds more than \(maximumMembers) files")
                }
                members.append(Member(path: pendingPath ?? name(header), contents: contents))
                pendingPath = nil
            default: pendingPath = nil  // links, directories, devices: not documents
            }
            offset = start + (size + blockSize - 1) / blockSize * blockSize
        }
        return members
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

    /// The `path` record of a pax extended header (`<length> path=<value>\n`).
    private static func paxPath(_ contents: ArraySlice<UInt8>) -> String? {
        for record in String(decoding: contents, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let keyValue = record[record.index(after: space)...]
            if keyValue.hasPrefix("path=") { return String(keyValue.dropFirst(5)) }
        }
        return nil
    }
}
