import ArgumentParser
import VigilCore
import VigilSBOM

/// `vigil sbom`: read, write, convert and check SBOM documents.
struct SBOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Convert SBOMs between CycloneDX and SPDX, check their minimum elements, fill missing CPEs.",
        subcommands: [SBOMConvertCommand.self, SBOMCheckCommand.self, SBOMEnrichCommand.self, SBOMGenerateCommand.self])
}

/// Reads and decodes an SBOM file for a command, turning failures into a message and exit status 2.
enum SBOMInput {
    /// Warns, on standard error, about each section of the input that a written SBOM will not contain.
    static func warnAboutOmissions(_ document: SBOMDocument, source: String) {
        for omission in document.omissions {
            Console.warning(
                "\(source): \(omission) not carried into the output (Vigil's SBOM model has no place for it)")
        }
    }

    /// Encodes and writes a document atomically, turning a failure into a message and exit status 2.
    static func write(_ document: SBOMDocument, with encoder: any SBOMEncoder, to output: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try encoder.encode(document)
        } catch {
            Console.error("cannot write \(encoder.formatID): \(error)")
            throw ExitStatus.invalidInput
        }
        do {
            try Files.write(bytes, to: output)
        } catch let error as Files.Failure {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
    }

    static func load(_ path: String, limits: SBOMDecodingLimits = SBOMDecodingLimits()) throws -> SBOMDocument {
        try loadWithFormat(path, limits: limits).document
    }

    /// Reads and decodes an SBOM, also returning the format it was detected as.
    static func loadWithFormat(
        _ path: String, limits: SBOMDecodingLimits = SBOMDecodingLimits()
    ) throws -> (document: SBOMDocument, format: SBOMFormatID) {
        do {
            let bytes = try Files.read(path, limit: limits.maximumBytes)
            let source = path == "-" ? "standard input" : path
            let registry = SBOMDecoderRegistry.builtIn
            let format = registry.decoder(for: bytes.prefix(65_536))?.formatID ?? "unknown"
            return (try registry.decode(bytes, source: source, limits: limits), format)
        } catch let error as Files.Failure {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        } catch let error as SBOMDecodingError {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
    }
}
