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
            (CycloneDX) or annotations (SPDX), so converting back restores them. Sections outside the SBOM model \
            (CycloneDX vulnerabilities, services, compositions; SPDX snippets; SPDX 3 security and build elements) \
            are not converted, and each is named in a warning on standard error. The output is written atomically.

            Exit status: 0 on success, 2 when the input cannot be read or decoded or the output cannot be written \
            (including a value the target format cannot carry).
            """)

    @Argument(help: "The SBOM to read ('-' for standard input).") var input: String
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(name: .shortAndLong, help: "Output format: \(Self.formats).") var format: String
    @Flag(help: "Print nothing but errors.") var quiet = false

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
        try SBOMInput.write(document, with: encoder, to: output)
        if !quiet { SBOMInput.warnAboutOmissions(document, source: input == "-" ? "standard input" : input) }
    }
}
