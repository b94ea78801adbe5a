import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilInventory
import VigilSBOM

/// `vigil sbom generate PATH`: the SBOM of a root filesystem directory or archive.
struct SBOMGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Inventory a root filesystem (a directory or a .tar, .tar.gz, .tar.xz, .tar.zst of one) into an SBOM.",
        discussion: """
            Sources: /etc/os-release (the distribution), the dpkg database (/var/lib/dpkg/status and status.d/), \
            opkg status (OpenWrt, Yocto ipk), the apk database (/lib/apk/db/installed) and the kernel module trees \
            (/lib/modules/RELEASE). Archives are read in memory and never extracted; symbolic links are followed inside the \
            root only, archive members named with '..' or an absolute path are refused with a warning, device \
            files, sockets and FIFOs are never read, and decompression is bounded.

            Exit status: 0 on success, 2 when PATH cannot be read or is not a directory or tar archive, or the \
            output cannot be written.
            """)

    @Argument(help: "A root filesystem directory, or a tar archive of one (optionally gzip, xz or zstd).")
    var path: String
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(name: .shortAndLong, help: "Output format: \(SBOMConvertCommand.formats).")
    var format: String = "cyclonedx-json"
    @Option(help: "The largest archive, after decompression, in MiB.") var maxArchiveMiB: Int = 8_192
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if SBOMEncoderRegistry.builtIn.encoder(for: SBOMFormatID(rawValue: format)) == nil {
            throw ValidationError("unknown format '\(format)'; choose one of: \(SBOMConvertCommand.formats)")
        }
    }

    func run() throws {
        let root: any RootFilesystem
        do {
            root = try Self.open(path, limit: maxArchiveMiB << 20)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        let name = URL(filePath: path).lastPathComponent
        let (document, warnings): (SBOMDocument, [String])
        do {
            (document, warnings) = try Inventory.builtIn.run(root, name: name, timestamp: Timestamp.string())
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        if !quiet { for warning in warnings { Console.warning("\(path): \(warning)") } }
        guard let encoder = SBOMEncoderRegistry.builtIn.encoder(for: SBOMFormatID(rawValue: format)) else {
            throw ExitStatus.usage
        }
        try SBOMInput.write(document, with: encoder, to: output)
    }

    /// A directory as it is; a file decompressed (gzip, xz, zstd — bounded) and read as a tar archive.
    static func open(_ path: String, limit: Int) throws -> any RootFilesystem {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryError(.notFound, "no such file or directory", path: path)
        }
        if isDirectory.boolValue { return try DirectoryRoot(path) }
        var bytes = try Files.read(path, limit: limit)
        if let compression = Decompression.format(of: bytes.prefix(8)) {
            bytes = try Decompression.decompress(bytes, format: compression, limit: limit, source: path)
        } else if Zstandard.isCompressed(bytes.prefix(4)) {
            bytes = try Zstandard.decompress(bytes, limit: limit, source: path)
        }
        guard TarReader.isTar(bytes.prefix(512)) else {
            throw InventoryError(
                .unsupported,
                "not a directory or a tar archive; single binaries are inventoried by binary signatures, not yet "
                    + "available", path: path)
        }
        return try ArchiveRoot(tar: bytes, name: path)
    }
}
