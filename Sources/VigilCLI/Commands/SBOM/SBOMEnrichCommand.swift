import ArgumentParser
import Foundation
import VigilCore
import VigilSBOM

/// `vigil sbom enrich`: fills missing CPEs and purls of well-known components.
struct SBOMEnrichCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Fill missing CPEs and purls of well-known embedded components, reporting each change.",
        discussion: """
            Uses Vigil's curated table of embedded-Linux components (Debian, Yocto and Buildroot package names → \
            NVD vendor:product), plus any lists given with --cpe-list in the Debian security tracker's format \
            (data/CPE/list: 'package;cpe:/a:vendor:product'). A component with a version gains each listed CPE it \
            lacks (Yocto's cpe:2.3:*:*:name CPEs match nothing in NVD), unless its own CPEs name something \
            unrelated; a component without a purl gains one. Changes are listed on standard error; the SBOM goes to \
            --output, in the input's format unless --format says otherwise (a Yocto archive becomes cyclonedx-json).

            Exit status: 0 on success, 2 when an input cannot be read or decoded or the output cannot be written.
            """)

    @Argument(help: "The SBOM to enrich ('-' for standard input).") var input: String
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(name: .shortAndLong, help: "Output format; the input's format by default.") var format: String?
    @Option(name: .customLong("cpe-list"), help: "A CPE list in the Debian tracker's format; repeatable.")
    var cpeLists: [String] = []
    @Option(help: "The purl type for components without one: generic or yocto.") var purlType: String = "generic"
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        let (document, inputFormat) = try SBOMInput.loadWithFormat(input)
        var dictionary = CPEDictionary.builtIn
        for path in cpeLists {
            do {
                let text = String(decoding: try Files.read(path, limit: 64 << 20), as: UTF8.self)
                let report = dictionary.addDebianList(text, origin: URL(filePath: path).lastPathComponent)
                if !report.skippedLines.isEmpty && !quiet {
                    Console.error(
                        "\(path): skipped lines \(report.skippedLines.map(String.init).joined(separator: ", ")) "
                            + "(not a CPE)")
                }
            } catch {
                Console.error("\(error)")
                throw ExitStatus.invalidInput
            }
        }
        let result = SBOMEnricher(dictionary: dictionary, purlType: purlType).enrich(document)
        let target = SBOMFormatID(rawValue: format ?? inputFormat.rawValue)
        guard
            let encoder = SBOMEncoderRegistry.builtIn.encoder(for: target)
                ?? (format == nil ? CycloneDXJSONEncoder() : nil)
        else {
            throw ValidationError("unknown format '\(target)'; choose one of: \(SBOMConvertCommand.formats)")
        }
        try SBOMInput.write(result.document, with: encoder, to: output)
        guard !quiet else { return }
        SBOMInput.warnAboutOmissions(document, source: input == "-" ? "standard input" : input)
        for change in result.changes { FileHandle.standardError.write(Data("\(change)\n".utf8)) }
        let cpes = result.changes.filter { $0.field == "cpe" }.count
        let purls = result.changes.count - cpes
        let components = Set(result.changes.map { $0.componentID }).count
        FileHandle.standardError.write(
            Data("enriched \(components) components: \(cpes) CPEs, \(purls) purls added\n".utf8))
    }
}
