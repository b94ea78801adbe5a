import ArgumentParser
import VigilCore
import VigilMatch

/// `--context FILE`: the device context findings are re-scored and prioritised in.
struct ContextOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A device context profile (vigil.context/1 YAML; 'vigil context init' writes one): CVSS environmental "
                + "re-scoring and priorities.", valueName: "FILE"))
    var context: String?

    var arguments: [String] { context.map { ["--context", $0] } ?? [] }

    /// The profile, or nil without --context; an unreadable or invalid file exits 2 with the key and the reason.
    func profile() throws -> DeviceContextProfile? {
        guard let context else { return nil }
        do {
            let text = String(decoding: try Files.read(context, limit: 1 << 20), as: UTF8.self)
            return try DeviceContextFile.read(text, source: context)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }
}
