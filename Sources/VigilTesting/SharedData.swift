public import Foundation
public import Testing

/// Locates `../shared/data`, the real vulnerability data and test vectors that live beside the project.
///
/// Tests that need it check ``SharedData/root`` first and skip with ``SharedData/missingMessage`` when it is absent,
/// so a fresh clone without the data still passes:
///
/// ```swift
/// @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
/// func agreesWithEveryVector() throws { … }
/// ```
public enum SharedData {
    /// The `shared/data` directory: `$VIGIL_SHARED_DATA` if set, else the first `shared/data` found walking up from
    /// this source file's directory (the project sits beside `shared/`).
    public static let root: URL? = locate()

    /// Whether the shared data directory exists.
    public static var isAvailable: Bool { root != nil }

    /// Whether a missing `shared/data` is an error: `VIGIL_REQUIRE_SHARED_DATA=1`, which `.ci/run` sets so that CI
    /// cannot pass by skipping every test that reads real data.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_SHARED_DATA"] == "1" }

    /// The message a skipped test gives.
    public static let missingMessage: Comment =
        "../shared/data is absent (set VIGIL_SHARED_DATA to its path to run this test)"

    /// The URL of a file under `shared/data`, or `nil` when the data or the file is missing.
    public static func url(_ relativePath: String) -> URL? {
        guard let root else { return nil }
        let url = root.appending(path: relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    private static func locate() -> URL? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["VIGIL_SHARED_DATA"], !override.isEmpty {
            return fileManager.fileExists(atPath: override) ? URL(filePath: override) : nil
        }
        var directory = URL(filePath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = directory.appending(path: "shared/data")
            if fileManager.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
