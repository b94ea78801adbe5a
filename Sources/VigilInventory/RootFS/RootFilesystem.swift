/// A device's root filesystem, read without ever leaving it: an extracted directory or an archive held in memory.
///
/// Conformers provide the raw nodes (``node(at:)``: what a path is, without following it); path resolution is shared
/// (``resolve(_:)``): symbolic links — absolute or relative — are followed inside the root, `..` stops at the root,
/// and link cycles end after ``maximumLinkHops`` hops. Device files, sockets and FIFOs are never read.
public protocol RootFilesystem: Sendable {
    /// The directory or archive, for messages.
    var name: String { get }
    /// The node at a canonical absolute path (`/usr/lib/os-release`), not following a final symbolic link.
    func node(at path: String) throws(InventoryError) -> RootNode?
    /// The entries of a directory at a canonical path, by name, in name order.
    func children(ofDirectory path: String) throws(InventoryError) -> [String]
    /// The contents of the regular file at a canonical path, at most `limit` bytes.
    func contents(ofFile path: String, limit: Int) throws(InventoryError) -> [UInt8]
    /// The first `count` bytes (or fewer) of the regular file at a canonical path: enough to tell its type.
    func prefix(ofFile path: String, count: Int) throws(InventoryError) -> [UInt8]
    /// What was refused while opening the root (archive members named `../x` or `/x`).
    var warnings: [String] { get }
    /// The permission bits and owner of the node at a canonical path, not following a final symbolic link; nil when
    /// the root does not keep them (a single binary) or the path is absent.
    func metadata(at path: String) -> FileMetadata?
}

extension RootFilesystem {
    public func metadata(at path: String) -> FileMetadata? { nil }
}

/// A node's permissions and owner, as `ls -l` shows them.
public struct FileMetadata: Sendable, Hashable, Codable {
    /// The permission bits with set-user-ID (0o4000), set-group-ID (0o2000) and sticky (0o1000).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int

    public init(mode: UInt32, uid: Int, gid: Int) {
        self.mode = mode & 0o7777
        self.uid = uid
        self.gid = gid
    }

    public var isSetUID: Bool { mode & 0o4000 != 0 }
    public var isSetGID: Bool { mode & 0o2000 != 0 }
    public var isSticky: Bool { mode & 0o1000 != 0 }
    public var isWorldWritable: Bool { mode & 0o002 != 0 }

    /// `-rwsr-xr-x` style, without the type letter: `rwsr-xr-x`.
    public var permissions: String {
        let bits: [(UInt32, Character)] = [
            (0o400, "r"), (0o200, "w"), (0o100, "x"), (0o040, "r"), (0o020, "w"), (0o010, "x"), (0o004, "r"),
            (0o002, "w"), (0o001, "x"),
        ]
        var text = bits.map { mode & $0.0 != 0 ? $0.1 : "-" }
        if isSetUID { text[2] = text[2] == "x" ? "s" : "S" }
        if isSetGID { text[5] = text[5] == "x" ? "s" : "S" }
        if isSticky { text[8] = text[8] == "x" ? "t" : "T" }
        return String(text)
    }
}

/// What a path is.
public enum RootNode: Sendable, Equatable {
    case file(size: Int)
    case directory
    case symbolicLink(target: String)
    /// A device, socket or FIFO: never read.
    case special
}

/// Why the root or a file in it cannot be read.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound, unreadable, linkCycle, tooLarge, malformedArchive, unsupported
    }

    public var code: Code
    public var message: String
    public var path: String?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { (path.map { "\($0): " } ?? "") + message }
}

/// How many symbolic links one resolution may follow (Linux allows 40).
public let maximumLinkHops = 40

extension RootFilesystem {
    /// The canonical path `path` leads to inside the root, every symbolic link followed and `..` kept inside the
    /// root; nil when a component does not exist.
    ///
    /// - Throws: ``InventoryError/Code/linkCycle`` after ``maximumLinkHops`` links.
    public func resolve(_ path: String) throws(InventoryError) -> String? {
        var pending = Self.components(path).reversed() as [String]
        var resolved: [String] = []
        var hops = 0
        while let component = pending.popLast() {
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                _ = resolved.popLast()  // `..` at the root stays at the root
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            guard let node = try node(at: candidate) else { return nil }
            if case .symbolicLink(let target) = node {
                hops += 1
                guard hops <= maximumLinkHops else {
                    throw InventoryError(.linkCycle, "more than \(maximumLinkHops) symbolic links", path: path)
                }
                if target.hasPrefix("/") { resolved = [] }  // absolute links are relative to the device's root
                pending += Self.components(target).reversed()
                continue
            }
            resolved.append(component)
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// The node a path leads to, links followed; nil when absent.
    public func resolvedNode(_ path: String) throws(InventoryError) -> (path: String, node: RootNode)? {
        guard let canonical = try resolve(path), let node = try node(at: canonical) else { return nil }
        return (canonical, node)
    }

    /// A regular file's contents, links followed; nil when the path does not exist or is not a regular file.
    public func read(_ path: String, limit: Int = 64 << 20) throws(InventoryError) -> [UInt8]? {
        guard let (canonical, node) = try resolvedNode(path), case .file = node else { return nil }
        return try contents(ofFile: canonical, limit: limit)
    }

    /// The names in a directory, links followed; empty when it does not exist.
    public func list(_ path: String) throws(InventoryError) -> [String] {
        guard let (canonical, node) = try resolvedNode(path), node == .directory else { return [] }
        return try children(ofDirectory: canonical)
    }

    public func prefix(ofFile path: String, count: Int) throws(InventoryError) -> [UInt8] {
        Array(try contents(ofFile: path, limit: .max).prefix(count))
    }

    /// Every regular file in the root, in path order, with its size: directories are walked without following
    /// symbolic links (what a link points to inside the root is walked where it is), and the kernel's virtual
    /// file systems (`/proc`, `/sys`, `/dev`) are skipped.
    public func regularFiles() throws(InventoryError) -> [(path: String, size: Int)] {
        var files: [(path: String, size: Int)] = []
        var pending = ["/"]
        while let directory = pending.popLast() {
            let names: [String]
            do { names = try children(ofDirectory: directory) } catch { continue }  // unreadable: nothing to scan
            for name in names.reversed() {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                switch try node(at: path) {
                case .file(let size): files.append((path, size))
                case .directory: if !["/proc", "/sys", "/dev"].contains(path) { pending.append(path) }
                default: break
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Every directory in the root, `/` included, in path order, walked as ``regularFiles()`` walks them (links not
    /// followed; `/proc`, `/sys`, `/dev` not entered).
    public func directories() -> [String] {
        var found: [String] = []
        var pending = ["/"]
        while let directory = pending.popLast() {
            found.append(directory)
            guard let names = try? children(ofDirectory: directory) else { continue }
            for name in names {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                if case .directory? = try? node(at: path), !["/proc", "/sys", "/dev"].contains(path) {
                    pending.append(path)
                }
            }
        }
        return found.sorted()
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}

/// Makes listed paths canonical, resolving each directory once: package file lists name tens of thousands of files
/// in a few thousand directories.
struct PathCanonicaliser {
    let root: any RootFilesystem
    private var directories: [Substring: String?] = [:]

    init(root: any RootFilesystem) { self.root = root }

    /// The canonical path of the file (its directory resolved, the name kept); nil when the directory is absent or
    /// cannot be resolved (a link cycle: a listed path must not stop the inventory).
    mutating func canonical(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let directory = path[..<slash]
        let name = path[path.index(after: slash)...]
        guard !name.isEmpty else { return nil }
        let resolved: String?
        if let cached = directories[directory] {
            resolved = cached
        } else {
            resolved = try? root.resolve(directory.isEmpty ? "/" : String(directory))
            directories[directory] = resolved
        }
        guard let resolved else { return nil }
        return resolved == "/" ? "/" + name : resolved + "/" + name
    }
}
