import VigilCore

/// A root filesystem in a tar archive, held in memory and never extracted: members are indexed by their canonical
/// path. Members named with `..` or an absolute path are refused (listed in ``warnings``); hard links become the file
/// they name; special files are kept as such and never read.
public struct ArchiveRoot: RootFilesystem {
    public let name: String
    public private(set) var warnings: [String] = []
    private var nodes: [String: Stored] = ["/": .directory]
    private var directories: [String: Set<String>] = [:]
    private var metadata: [String: FileMetadata] = [:]

    private enum Stored: Sendable {
        case file(ArraySlice<UInt8>)
        case directory
        case symbolicLink(String)
        case special
    }

    /// The most entries an archive may hold.
    public static let maximumEntries = 2_000_000

    /// Indexes a tar archive's entries.
    ///
    /// - Throws: ``InventoryError/Code/malformedArchive`` when the bytes are not a readable tar archive.
    public init(tar bytes: [UInt8], name: String) throws(InventoryError) {
        self.name = name
        guard TarReader.isTar(bytes.prefix(512)) else {
            throw InventoryError(.malformedArchive, "not a tar archive", path: name)
        }
        let entries: [TarReader.Entry]
        do {
            entries = try TarReader.entries(of: bytes, maximumEntries: Self.maximumEntries)
        } catch {
            throw InventoryError(error.code == .tooLarge ? .tooLarge : .malformedArchive, error.message, path: name)
        }
        for entry in entries {
            guard let path = canonical(entry.path) else { continue }
            if let mode = entry.mode {
                metadata[path] = FileMetadata(mode: mode, uid: entry.uid ?? 0, gid: entry.gid ?? 0)
            }
            switch entry.kind {
            case .file(let contents): add(path, .file(contents))
            case .directory: add(path, .directory)
            case .symbolicLink(let target): add(path, .symbolicLink(target))
            case .special: add(path, .special)
            case .hardLink(let target):
                guard let source = canonical(target), case .file(let contents)? = nodes[source] else {
                    warnings.append("\(entry.path): hard link to '\(target)', which is not an earlier file; skipped")
                    continue
                }
                add(path, .file(contents))
            }
        }
    }

    /// `./usr/bin/x` → `/usr/bin/x`; nil (with a warning) for names that climb out (`..`) or are absolute.
    private mutating func canonical(_ member: String) -> String? {
        if member.hasPrefix("/") {
            warnings.append("\(member): absolute member name refused")
            return nil
        }
        let parts = member.split(separator: "/").filter { $0 != "." }
        if parts.contains("..") {
            warnings.append("\(member): member name with '..' refused")
            return nil
        }
        return parts.isEmpty ? "/" : "/" + parts.joined(separator: "/")
    }

    private mutating func add(_ path: String, _ node: Stored) {
        guard path != "/" else { return }
        nodes[path] = node
        var child = path
        while child != "/" {
            let slash = child.lastIndex(of: "/")!
            let parent = slash == child.startIndex ? "/" : String(child[..<slash])
            directories[parent, default: []].insert(String(child[child.index(after: slash)...]))
            if nodes[parent] == nil { nodes[parent] = .directory }  // implied by a member below it
            child = parent
        }
    }

    public func metadata(at path: String) -> FileMetadata? { metadata[path] }

    public func node(at path: String) throws(InventoryError) -> RootNode? {
        switch nodes[path] {
        case .file(let contents): .file(size: contents.count)
        case .directory: .directory
        case .symbolicLink(let target): .symbolicLink(target: target)
        case .special: .special
        case nil: nil
        }
    }

    public func children(ofDirectory path: String) throws(InventoryError) -> [String] {
        (directories[path] ?? []).sorted()
    }

    public func prefix(ofFile path: String, count: Int) throws(InventoryError) -> [UInt8] {
        guard case .file(let contents)? = nodes[path] else {
            throw InventoryError(.notFound, "not a regular file", path: path)
        }
        return Array(contents.prefix(count))
    }

    public func contents(ofFile path: String, limit: Int) throws(InventoryError) -> [UInt8] {
        guard case .file(let contents)? = nodes[path] else {
            throw InventoryError(.notFound, "not a regular file", path: path)
        }
        guard contents.count <= limit else {
            throw InventoryError(.tooLarge, "the file is \(contents.count) bytes; the limit is \(limit)", path: path)
        }
        return Array(contents)
    }
}
