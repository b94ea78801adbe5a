public import ArgumentParser

/// The exit statuses `vigil` documents; errors become statuses only here, at the edge.
public enum ExitStatus {
    /// The command did what was asked.
    public static let success = ExitCode(0)
    /// A check the command makes failed (for example a release gate); reserved for later commands.
    public static let checkFailed = ExitCode(1)
    /// The input could not be used: an invalid version, purl, CPE or range.
    public static let invalidInput = ExitCode(2)
    /// The vulnerability database is missing or older than allowed; reserved for `vigil scan`.
    public static let databaseStale = ExitCode(3)
    /// A download failed after its retries (`vigil db update`); the other feeds were still synced.
    public static let downloadFailed = ExitCode(4)
    /// The command line itself is wrong: unknown option, missing argument (argument-parser's validation failure).
    public static let usage = ExitCode.validationFailure
}
