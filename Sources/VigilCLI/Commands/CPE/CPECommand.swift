import ArgumentParser

/// `vigil cpe`: convert between CPE bindings and match CPE names.
struct CPECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpe", abstract: "Convert CPE names between bindings and match them (NISTIR 7695, 7696).",
        subcommands: [CPEConvertCommand.self, CPEMatchCommand.self])
}

/// A CPE binding to print.
enum CPEBinding: String, ExpressibleByArgument, CaseIterable {
    /// `cpe:2.3:a:vendor:product:…` (formatted string).
    case fs
    /// `cpe:/a:vendor:product:…` (CPE 2.2 URI).
    case uri
    /// `wfn:[part="a",…]` (well-formed name).
    case wfn
}
