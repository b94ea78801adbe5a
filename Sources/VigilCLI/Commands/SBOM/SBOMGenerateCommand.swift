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
            "Inventory a root filesystem (a directory or a .tar, .tar.gz, .tar.xz, .tar.zst of one) or a single binary "
            + "into an SBOM.",
        discussion: """
            Sources: /etc/os-release (the distribution), the dpkg database (/var/lib/dpkg/status and status.d/, \
            with file lists), opkg status (OpenWrt, Yocto ipk), the apk database (/lib/apk/db/installed), the RPM \
            SQLite database (/var/lib/rpm/rpmdb.sqlite), Yocto and Buildroot manifests (--manifest, and an \
            installed license.manifest), the kernel (/boot images' 'Linux version' banner, /boot/config-* or the \
            embedded IKCONFIG, /lib/modules/RELEASE), and binary version signatures: every ELF file, static \
            library and boot image is read once and searched for the version strings of 41 components (busybox, \
            openssl, zlib, curl, glibc, u-boot…). A signature in a file a package installed adds evidence to that \
            package; elsewhere it is a component of its own, with the file, offset and matched text as evidence.

            PATH may also be a single file that is not a tar archive (a firmware binary, a statically linked \
            program, a kernel image): it is scanned for signatures and a kernel banner whatever its type.

            Archives are read in memory and never extracted; symbolic links are followed inside the root only, \
            archive members named with '..' or an absolute path are refused with a warning, device files, sockets \
            and FIFOs are never read, and decompression is bounded.

            Exit status: 0 on success, 2 when PATH or a manifest cannot be read or is not in a known format, or the \
            output cannot be written.
            """)

    @Argument(help: "A root filesystem directory, a tar archive of one (optionally gzip, xz or zstd), or a binary.")
    var path: String
    @Option(name: .shortAndLong, help: "Where to write ('-' for standard output).") var output: String = "-"
    @Option(name: .shortAndLong, help: "Output format: \(SBOMConvertCommand.formats).")
    var format: String = "cyclonedx-json"
    @Option(
        name: .customLong("manifest"),
        help: "A Yocto image or license manifest, or Buildroot 'make show-info' JSON, for the image (repeatable).")
    var manifests: [String] = []
    @Flag(help: "Skip the binary signature scan (package databases and manifests only).")
    var noBinaryScan = false
    @Option(help: "The largest archive, after decompression, in MiB.") var maxArchiveMiB: Int = 8_192
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if SBOMEncoderRegistry.builtIn.encoder(for: SBOMFormatID(rawValue: format)) == nil {
            throw ValidationError("unknown format '\(format)'; choose one of: \(SBOMConvertCommand.formats)")
        }
    }

    func run() throws {
        let root: any RootFilesystem
        var manifests: [BuildManifestSource.Manifest] = []
        do {
            root = try Self.open(path, limit: maxArchiveMiB << 20)
            for manifest in self.manifests {
                manifests.append(.init(name: manifest, bytes: try Files.read(manifest, limit: 256 << 20)))
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        let name = URL(filePath: path).lastPathComponent
        let inventory =
            root is SingleFileRoot
            ? Inventory.singleFile
            : Inventory.rootFilesystem(manifests: manifests, binarySignatures: !noBinaryScan)
        let (document, warnings): (SBOMDocument, [String])
        do {
            (document, warnings) = try inventory.run(root, name: name, timestamp: Timestamp.string())
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

    /// A directory as it is; a file decompressed (gzip, xz, zstd — bounded) and read as a tar archive; any other
    /// file as a single binary (as given, not decompressed).
    static func open(_ path: String, limit: Int) throws -> any RootFilesystem {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryError(.notFound, "no such file or directory", path: path)
        }
        if isDirectory.boolValue { return try DirectoryRoot(path) }
        let original = try Files.read(path, limit: limit)
        let single = SingleFileRoot(name: URL(filePath: path).lastPathComponent, bytes: original)
        var bytes = original
        do {
            if let compression = Decompression.format(of: bytes.prefix(8)) {
                bytes = try Decompression.decompress(bytes, format: compression, limit: limit, source: path)
            } else if Zstandard.isCompressed(bytes.prefix(4)) {
                bytes = try Zstandard.decompress(bytes, limit: limit, source: path)
            }
        } catch let error as FeedImportError where error.code == .tooLarge {
            throw error  // a bomb is refused, not scanned as one binary
        } catch let error as SBOMDecodingError where error.code == .tooLarge {
            throw error
        } catch {
            // Compressed-looking bytes that do not decompress (a gzip member followed by flash padding): a binary.
            return single
        }
        guard TarReader.isTar(bytes.prefix(512)) else { return single }
        return try ArchiveRoot(tar: bytes, name: path)
    }
}
