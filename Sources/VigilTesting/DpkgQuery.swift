import Foundation

/// Debian's own view of a dpkg database, to check Vigil's against: `dpkg-query -W`.
public enum DpkgQuery {
    public static let executable = "/usr/bin/dpkg-query"

    /// Whether `dpkg-query` is installed here.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// `NAME VERSION` of every installed package of the database in `admindir` (the machine's own when nil).
    public static func installed(admindir: String? = nil) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments =
            (admindir.map { ["--admindir=\($0)"] } ?? []) + [
                "-W", "-f", "${db:Status-Status} ${Package} ${Version}\\n",
            ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Set(output.split(separator: "\n").filter { $0.hasPrefix("installed ") }.map { String($0.dropFirst(10)) })
    }
}
