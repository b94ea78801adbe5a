import Foundation
public import VigilCore

/// Reads a Yocto SPDX 2.2 archive (`IMAGE.spdx.tar.zst`, written by `create-spdx` with `SPDX_ARCHIVE_SBOM`): a tar,
/// usually Zstandard-compressed, of per-recipe, per-package and per-runtime documents that point at each other through
/// `externalDocumentRefs`, merged into one device SBOM.
///
/// The merge starts at the image document (the one no other document references) and keeps what the image holds:
/// every element reachable from it by outgoing relationships (packages it `CONTAINS`, their files, the recipes they
/// are `GENERATED_FROM`), plus the relationships of documents that `AMEND` those (runtime dependencies).
/// `DocumentRef-X:SPDXRef-Y` references are resolved; ids that clash between documents get the document name prefixed.
public struct YoctoSPDXArchiveDecoder: SBOMDecoder {
    public let formatID: SBOMFormatID = "yocto-spdx-archive"

    public init() {}

    public func canDecode(prefix: ArraySlice<UInt8>) -> Bool {
        Zstandard.isCompressed(prefix) || TarReader.isTar(prefix)
    }

    public func decode(
        _ bytes: [UInt8], source: String?, limits: SBOMDecodingLimits
    ) throws(SBOMDecodingError)
        -> SBOMDocument
    {
        try limits.checkSize(bytes.count, source: source)
        let archive =
            Zstandard.isCompressed(bytes[...])
            ? try Zstandard.decompress(bytes, limit: limits.maximumBytes, source: source) : bytes
        guard TarReader.isTar(archive[...]) else {
            throw SBOMDecodingError(.malformedDocument, "the archive is not a tar file", source: source)
        }
        let members: [TarReader.Member]
        do {
            members = try TarReader.members(of: archive, maximumMembers: 100_000)
        } catch {
            throw SBOMDecodingError(
                error.code == .tooLarge ? .tooLarge : .malformedDocument, error.message, source: source)
        }
        var documents: [SPDX2.Document] = []
        for member in members
        where member.path.hasSuffix(".spdx.json") {
            let name = "\(source ?? "archive")!\(member.path)"
            try JSONGuard.checkDepth(Array(member.contents), maximumDepth: limits.maximumDepth, source: name)
            documents.append(
                try JSONGuard.decode(
                    SPDX2.Document.self, from: Array(member.contents), format: "SPDX JSON", source: name))
        }
        guard !documents.isEmpty else {
            throw SBOMDecodingError(.malformedDocument, "the archive holds no .spdx.json documents", source: source)
        }
        let merged = try SPDX2ArchiveMerger(documents, source: source).merge()
        let document = SPDX2Reader.read(merged)
        try limits.checkComponents(document.components.count, source: source)
        return document
    }
}
