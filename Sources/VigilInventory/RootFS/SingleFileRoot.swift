/// One file given on its own (a firmware binary, a kernel image, a statically linked program), seen as a root that
/// holds only `/NAME`.
public struct SingleFileRoot: RootFilesystem {
    public let name: String
    public let warnings: [String] = []
    /// The file's path inside the root: `/NAME`.
    public let path: String
    private let bytes: [UInt8]

    /// - Parameters:
    ///   - name: The file's name (its last path component; slashes are replaced).
    public init(name: String, bytes: [UInt8]) {
        let base = name.split(separator: "/").last.map(String.init) ?? "file"
        self.name = name
        path = "/" + (base.isEmpty || base == "." || base == ".." ? "file" : base)
        self.bytes = bytes
    }

    public func node(at path: String) throws(InventoryError) -> RootNode? {
        if path == "/" { return .directory }
        return path == self.path ? .file(size: bytes.count) : nil
    }

    public func children(ofDirectory path: String) throws(InventoryError) -> [String] {
        path == "/" ? [String(self.path.dropFirst())] : []
    }

    public func prefix(ofFile path: String, count: Int) throws(InventoryError) -> [UInt8] {
        guard path == self.path else { throw InventoryError(.notFound, "no such file", path: path) }
        return Array(bytes.prefix(count))
    }

    public func contents(ofFile path: String, limit: Int) throws(InventoryError) -> [UInt8] {
        guard path == self.path else { throw InventoryError(.notFound, "no such file", path: path) }
        guard bytes.count <= limit else {
            throw InventoryError(.tooLarge, "the file is \(bytes.count) bytes; the limit is \(limit)", path: path)
        }
        return bytes
    }
}
