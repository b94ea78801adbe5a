import Foundation

/// Reading inputs and writing outputs for commands: size limits before reading, atomic writes, `-` for the
/// standard streams.
enum Files {
    /// A file that cannot be read or written; the message names the path and says what to do.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a whole file, or standard input for `-`, refusing files larger than `limit`.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= limit else { throw Failure(description: "standard input exceeds \(limit) bytes") }
            return [UInt8](data)
        }
        let url = URL(filePath: path)
        let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isDirectoryKey])
        guard let values else { throw Failure(description: "\(path): no such file, or it cannot be read") }
        if values.isDirectory == true { throw Failure(description: "\(path) is a directory; give a file") }
        if let size = values.fileSize, size > limit {
            throw Failure(description: "\(path) is \(size) bytes; the limit is \(limit)")
        }
        guard let data = try? Data(contentsOf: url) else {
            throw Failure(description: "\(path): the file cannot be read (check its permissions)")
        }
        return [UInt8](data)
    }

    /// Writes a whole file atomically (a temporary file in the same directory, then a rename), or standard output
    /// for `-`. A failed write leaves any existing file untouched.
    static func write(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(filePath: path), options: [.atomic])
        } catch {
            throw Failure(description: "\(path): cannot write the file (check the directory exists and is writable)")
        }
    }
}
