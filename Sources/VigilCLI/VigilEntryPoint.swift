import ArgumentParser

/// The process entry point: the only thing the `vigil` executable calls.
///
/// Process-wide set-up (logging bootstrap, signal handling) happens here, once, at the edge.
public enum VigilEntryPoint {
    /// Parses the command line, runs the command and exits with its status.
    public static func run() async {
        await VigilCommand.main()
    }
}
