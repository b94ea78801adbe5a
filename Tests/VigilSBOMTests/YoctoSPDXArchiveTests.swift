import CZstd
import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@Suite struct YoctoSPDXArchiveTests {
    let decoder = YoctoSPDXArchiveDecoder()

    static func archive() throws -> [UInt8]? {
        guard let url = SharedData.url("sbom/yocto-vulnscout/example.rootfs.spdx2.tar.zst") else { return nil }
        return [UInt8](try Data(contentsOf: url))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func mergesTheArchiveIntoOneDeviceSBOM() throws {
        let bytes = try #require(try Self.archive())
        #expect(decoder.canDecode(prefix: bytes.prefix(64)))
        let document = try SBOMDecoderRegistry.builtIn.decode(bytes, source: "example.rootfs.spdx2.tar.zst")
        let image = try #require(document.metadata.subject.flatMap(document.component(withID:)))
        #expect(image.name == "core-image-minimal")
        let packages = document.components.filter { $0.kind != .file }
        #expect(packages.count == 64)
        #expect(document.components.filter { $0.kind == .file }.count == 151)
        let busybox = try #require(document.component(withID: "SPDXRef-Package-busybox"))
        #expect(busybox.version == "1.36.1")
        #expect(document.relationships.contains(SBOMRelationship(image.id, .contains, busybox.id)))
        let recipe = try #require(document.relationships.first { $0.from == busybox.id && $0.type == .generatedFrom })
        #expect(document.component(withID: recipe.to)?.cpes == ["cpe:2.3:*:*:busybox:1.36.1:*:*:*:*:*:*:*"])
        #expect(
            packages.contains {
                $0.name == "openssl" && $0.cpes.contains("cpe:2.3:*:openssl:openssl:3.2.3:*:*:*:*:*:*:*")
            })
        #expect(!packages.contains { $0.name.hasSuffix("-native") }, "build-only recipes are not on the device")
        let ids = Set(document.components.map(\.id))
        #expect(
            document.relationships.allSatisfy {
                ($0.from == SBOMDocument.documentID || ids.contains($0.from)) && ids.contains($0.to)
            })
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func convertsTheMergedSBOMToEveryFormatAndBack() throws {
        let original = try SBOMDecoderRegistry.builtIn.decode(try #require(try Self.archive()))
        for encoder in SBOMEncoderRegistry.builtIn.encoders {
            let back = try SBOMDecoderRegistry.builtIn.decode(try encoder.encode(original))
            expectSameContent(original, back, "archive → \(encoder.formatID)")
        }
    }

    @Test func refusesADecompressionBomb() throws {
        let zeros = [UInt8](repeating: 0, count: 32 << 20)
        let bomb = compress(zeros)
        #expect(bomb.count < 10_000)
        #expect {
            try decoder.decode(bomb, source: "bomb.tar.zst", limits: .init(maximumBytes: 1 << 20))
        } throws: { error in
            (error as? SBOMDecodingError)?.code == .tooLarge
        }
    }

    @Test func reportsCorruptAndTruncatedArchives() throws {
        let tar = Self.tar([
            (
                "a.spdx.json",
                Array(
                    #"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"SPDXID":"SPDXRef-a","name":"a"}]}"#
                        .utf8)
            )
        ])
        let compressed = compress(tar)
        #expect(try decoder.decode(compressed, source: nil, limits: .init()).components.map(\.name) == ["a"])
        #expect(try decoder.decode(tar, source: nil, limits: .init()).components.map(\.name) == ["a"])
        for broken in [
            Array(compressed.prefix(compressed.count / 2)), Zstandard.magicForTests + [1, 2, 3, 4, 5],
            compress(Array("not a tar".utf8)),
        ] {
            #expect(throws: SBOMDecodingError.self) { try decoder.decode(broken, source: nil, limits: .init()) }
        }
        var lying = tar
        let sizeField = Array(String(format: "%011o", 99_999_999).utf8)
        lying.replaceSubrange(124..<135, with: sizeField)
        #expect {
            try decoder.decode(lying, source: "lying.tar", limits: .init())
        } throws: { error in
            guard let error = error as? SBOMDecodingError else { return false }
            return error.code == .malformedDocument && error.message.contains("past the end")
        }
    }

    @Test func readsNothingOutsideTheArchiveWhateverTheMemberNames() throws {
        let document = Array(
            #"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"SPDXID":"SPDXRef-x","name":"x"}]}"#
                .utf8)
        let tar = Self.tar([("../../../../etc/evil.spdx.json", document), ("/abs/path.txt", Array("ignored".utf8))])
        let result = try decoder.decode(tar, source: nil, limits: .init())
        #expect(result.components.map(\.name) == ["x"])
    }

    @Test func namesTheMemberOfABadDocument() throws {
        let tar = Self.tar([("recipe-x.spdx.json", Array(#"{"spdxVersion":"SPDX-2.3","SPDXID":1}"#.utf8))])
        #expect {
            try decoder.decode(tar, source: "image.spdx.tar", limits: .init())
        } throws: { error in
            (error as? SBOMDecodingError)?.source == "image.spdx.tar!recipe-x.spdx.json"
        }
    }

    private func compress(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let size = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
        }
        return Array(output.prefix(size))
    }

    /// A minimal ustar archive of regular files.
    static func tar(_ files: [(String, [UInt8])]) -> [UInt8] {
        var archive: [UInt8] = []
        for (name, contents) in files {
            var header = [UInt8](repeating: 0, count: 512)
            header.replaceSubrange(0..<min(100, name.utf8.count), with: Array(name.utf8.prefix(100)))
            header.replaceSubrange(100..<107, with: Array("0000644".utf8))
            header.replaceSubrange(124..<135, with: Array(String(format: "%011o", contents.count).utf8))
            header[156] = UInt8(ascii: "0")
            header.replaceSubrange(257..<262, with: Array("ustar".utf8))
            header.replaceSubrange(148..<156, with: Array("        ".utf8))
            let checksum = header.reduce(0) { $0 + Int($1) }
            header.replaceSubrange(148..<155, with: Array(String(format: "%06o\0", checksum).utf8))
            archive += header + contents + [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }
}

/// The Zstandard frame magic, for building corrupt frames.
private enum Zstandard {
    static let magicForTests: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
}
