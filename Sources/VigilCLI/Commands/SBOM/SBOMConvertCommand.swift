import ArgumentParser
import VigilCore
import VigilSBOM

/// `vigil sbom convert`: reads an SBOM in any supported format and writes it in another.
struct SBOMConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert an SBOM to another format.",
        discussion: """
            The input format is detected from the content. Every component, identifier, hash, licence and \
            relationship is kept; fields the target format has no place for are carried in namespaced properties \
            (CycloneDX) or annotations (SPDX), so converting back restores them. The output is written atomically.

            Exit status: 0 on success, 2 when the input cannot be read or decoded or the output cannot be written.
            """)

    @Argument(help: "The SBOM to read ('-' for standard input).") var input: String
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(name: .shortAndLong, help: "Output format: \(Self.formats).") var format: String

    static var formats: String {
        SBOMEncoderRegistry.builtIn.encoders.map(\.formatID.rawValue).sorted().joined(separator: ", ")
    }

    func validate() throws {
        if SBOMEncoderRegistry.builtIn.encoder(for: SBOMFormatID(rawValue: format)) == nil {
            throw ValidationError("unknown format '\(format)'; choose one of: \(Self.formats)")
        }
    }

    func run() throws {
        let document = try SBOMInput.load(input)
        guard let encoder = SBOMEncoderRegistry.builtIn.encoder(for: SBOMFormatID(rawValue: format)) else {
            throw ExitStatus.usage
        }
        do {
            try Files.write(try encoder.encode(document), to: output)
        } catch let error as Files.Failure {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
    }
}
