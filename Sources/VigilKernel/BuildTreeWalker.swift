import Foundation

/// Lists the regular files under a directory by relative path, never following symbolic links (a link out of the
/// tree is not read), with limits on depth and entries so a hostile or looping tree cannot exhaust memory.
struct BuildTreeWalker {
    let root: String
    var maximumEntries = 4_000_000
    var maximumDepth = 64

    /// What a walk found: regular files and links whose names passed, and whether it saw the whole tree.
    struct Walk {
        var files: [String] = []
        var links: [String] = []
        /// False when a directory could not be listed or was deeper than ``maximumDepth``: absence proves nothing.
        var complete = true
    }

    /// Relative paths of regular files whose name passes `include`, in no particular order.
    func files(where include: (String) -> Bool) throws(KernelBuildError) -> [String] {
        try walk(include).files
    }

    /// The regular files and links whose name passes `include`, and whether every directory was read.
    func walk(_ include: (String) -> Bool) throws(KernelBuildError) -> Walk {
        var result = Walk()
        var pending: [(String, Int)] = [("", 0)]
        var seen = 0
        while let (relative, depth) = pending.popLast() {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: absolute)
            } catch {
                if relative.isEmpty {
                    throw KernelBuildError(.unreadable, path: root, "cannot list the directory")
                }
                result.complete = false  // an unreadable subdirectory: its files stay unknown
                continue
            }
            seen += entries.count
            guard seen <= maximumEntries else {
                throw KernelBuildError(
                    .tooLarge, path: root, "more than \(maximumEntries) entries: not a kernel tree or build directory")
            }
            for name in entries {
                let path = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat(root + "/" + path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    if depth < maximumDepth { pending.append((path, depth + 1)) } else { result.complete = false }
                case S_IFREG where include(name):
                    result.files.append(path)
                case S_IFLNK where include(name):
                    result.links.append(path)  // named, never followed or read
                default:
                    break  // devices, sockets, FIFOs
                }
            }
        }
        return result
    }
}
