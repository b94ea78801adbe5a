import Foundation

/// Lists the regular files under a directory by relative path, never following symbolic links (a link out of the
/// tree is not read), with limits on depth and entries so a hostile or looping tree cannot exhaust memory.
struct BuildTreeWalker {
    let root: String
    var maximumEntries = 4_000_000
    var maximumDepth = 64

    /// Relative paths of regular files whose name is one of `names`.
    func files(named names: Set<String>) throws(KernelBuildError) -> [String] {
        try files { names.contains($0) }
    }

    /// Relative paths of regular files whose name passes `include`, in no particular order.
    func files(where include: (String) -> Bool) throws(KernelBuildError) -> [String] {
        var found: [String] = []
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
                continue  // an unreadable subdirectory: its files stay unknown
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
                case S_IFDIR where depth < maximumDepth:
                    pending.append((path, depth + 1))
                case S_IFREG where include(name):
                    found.append(path)
                default:
                    break  // links, devices, sockets: never followed or read
                }
            }
        }
        return found
    }
}
