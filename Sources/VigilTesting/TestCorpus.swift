public import Foundation
public import Testing

/// Locates the real inputs `Scripts/fetch-test-corpus` downloads (a debootstrap root filesystem, Debian packages with
/// version signatures, manylinux wheels, an RPM database): `$VIGIL_TEST_CORPUS`, else `~/.cache/vigil/test-corpus`.
///
/// Tests that need a part skip with ``missingMessage`` when it is absent, unless `VIGIL_REQUIRE_TEST_CORPUS=1`
/// (which `.ci/run` sets after running the script) makes a missing part an error.
public enum TestCorpus {
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["VIGIL_TEST_CORPUS"], !override.isEmpty {
            return URL(filePath: override)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/vigil/test-corpus")
    }()

    /// Whether a missing part is an error.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_TEST_CORPUS"] == "1" }

    public static let missingMessage: Comment =
        "the test corpus is absent: run Scripts/fetch-test-corpus (or set VIGIL_TEST_CORPUS)"

    /// A part of the corpus (`debootstrap/bookworm-minbase`, `debs/zlib1g`), or nil when it is missing.
    public static func url(_ relativePath: String) -> URL? {
        let url = root.appending(path: relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Whether a part is there, or else (when the corpus is required) a recorded failure.
    public static func has(_ relativePath: String) -> Bool {
        url(relativePath) != nil || isRequired
    }

    /// The debootstrap root filesystem.
    public static var debootstrapRoot: URL? { url("debootstrap/bookworm-minbase") }

    /// One unpacked Debian package's directory and its control file's `Version`.
    public static func debianPackage(_ name: String) -> (directory: URL, version: String)? {
        guard let directory = url("debs/\(name)"),
            let control = try? String(contentsOf: directory.appending(path: "DEBIAN/control"), encoding: .utf8),
            let line = control.split(separator: "\n").first(where: { $0.hasPrefix("Version: ") })
        else { return nil }
        return (directory, String(line.dropFirst("Version: ".count)))
    }
}
