import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An extracted root filesystem directory. Nodes are read with `lstat`, so no symbolic link is ever followed by the
/// operating system: every path handed to it is canonical (each component resolved inside the root first), and files
/// are opened with `O_NOFOLLOW`.
public struct DirectoryRoot: RootFilesystem {
    public let name: String
    public let warnings: [String] = []
    private let base: String

    /// - Throws: ``InventoryError/Code/notFound`` when `directory` is not a directory.
    public init(_ directory: String) throws(InventoryError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InventoryError(.notFound, "not a directory", path: directory)
        }
        name = directory
        base = URL(filePath: directory).standardizedFileURL.path
    }

    private func host(_ path: String) -> String { path == "/" ? base : base + path }

    public func node(at path: String) throws(InventoryError) -> RootNode? {
        var info = stat()
        guard lstat(host(path), &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(host(path), &buffer, buffer.count - 1)
            guard count >= 0 else { throw InventoryError(.unreadable, "cannot read the link", path: path) }
            return .symbolicLink(
                target: String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        default: return .special
        }
    }

    public func metadata(at path: String) -> FileMetadata? {
        var info = stat()
        guard lstat(host(path), &info) == 0 else { return nil }
        return FileMetadata(mode: UInt32(info.st_mode), uid: Int(info.st_uid), gid: Int(info.st_gid))
    }

    public func children(ofDirectory path: String) throws(InventoryError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: host(path)) else {
            throw InventoryError(.unreadable, "cannot list the directory", path: path)
        }
        return names.sorted()
    }

    public func prefix(ofFile path: String, count: Int) throws(InventoryError) -> [UInt8] {
        let descriptor = open(host(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw InventoryError(.unreadable, "cannot open the file", path: path) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard read >= 0 else { throw InventoryError(.unreadable, "cannot read the file", path: path) }
        bytes.removeLast(count - read)
        return bytes
    }

    public func contents(ofFile path: String, limit: Int) throws(InventoryError) -> [UInt8] {
        let descriptor = open(host(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw InventoryError(.unreadable, "cannot open the file", path: path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw InventoryError(.unreadable, "not a regular file", path: path)
        }
        guard Int(info.st_size) <= limit else {
            throw InventoryError(.tooLarge, "the file is \(info.st_size) bytes; the limit is \(limit)", path: path)
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            offset += count
        }
        bytes.removeLast(bytes.count - offset)
        return bytes
    }
}
