import ArgumentParser
import VigilCore
import VigilSBOM

/// `vigil sbom`: read, write, convert and check SBOM documents.
struct SBOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom", abstract: "Convert SBOMs between CycloneDX and SPDX, and check their minimum elements.",
        subcommands: [SBOMConvertCommand.self, SBOMCheckCommand.self])
}

/// Reads and decodes an SBOM file for a command, turning failures into a message and exit status 2.
enum SBOMInput {
    static func load(_ path: String, limits: SBOMDecodingLimits = SBOMDecodingLimits()) throws -> SBOMDocument {
        do {
            let bytes = try Files.read(path, limit: limits.maximumBytes)
            return try SBOMDecoderRegistry.builtIn.decode(
                bytes, source: path == "-" ? "standard input" : path,
                limits: limits)
        } catch let error as Files.Failure {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        } catch let error as SBOMDecodingError {
            Console.error(error.description)
            throw ExitStatus.invalidInput
        }
    }
}
