import Foundation
import VigilCore
import VigilFeeds
import VigilSBOM

/// The Linux kernel from its image and configuration: the banner `Linux version 6.1.0-18-amd64 (…) #1 SMP … Debian
/// 6.1.76-1 (2024-02-01)` in `/boot/vmlinuz-*`, `vmlinux-*`, `zImage*`, `Image*` or `uImage*` — an x86 bzImage's
/// boot header `kernel_version` string, else a complete banner in the plain bytes (an uncompressed `vmlinux` or arm64
/// `Image`), else one in the first gzip, xz or zstd stream of the image, decompressed within
/// ``maximumDecompressedSize`` — and its configuration from `/boot/config-RELEASE` or the image's embedded
/// `IKCONFIG` (`IKCFG_ST` + gzip).
///
/// The component's id is `kernel:RELEASE`, the same as ``KernelModulesSource``'s, so a kernel found both ways is one
/// component. The version is the upstream one: Debian's banner names it (`Debian 6.1.76-1` → `6.1.76`, where the
/// release `6.1.0-18-amd64` does not); otherwise the release's leading numbers. The configuration is
/// recorded as properties (`vigil:kernel.config`: where it came from; its SHA-256; the number of options set) for
/// impact analysis to read.
public struct KernelImageSource: InventorySource {
    public let id = "kernel-image"
    /// Also treat every file as a possible image (a single file given on the command line).
    public var scanEveryFile: Bool
    public var maximumDecompressedSize: Int

    public init(scanEveryFile: Bool = false, maximumDecompressedSize: Int = 512 << 20) {
        self.scanEveryFile = scanEveryFile
        self.maximumDecompressedSize = maximumDecompressedSize
    }

    static let imagePrefixes = ["vmlinuz", "vmlinux", "zimage", "image", "uimage", "bzimage", "kernel"]

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var findings = InventoryFindings()
        var images: [String] = []
        if scanEveryFile {
            images = try root.regularFiles().map(\.path)
        } else {
            for name in try root.list("/boot") {
                let lower = name.lowercased()
                if Self.imagePrefixes.contains(where: { lower.hasPrefix($0) }) { images.append("/boot/" + name) }
            }
        }
        var configs: [String: String] = [:]  // release → path
        for name in try root.list("/boot") where name.hasPrefix("config-") {
            configs[String(name.dropFirst("config-".count))] = "/boot/" + name
        }
        for path in images {
            guard let (canonical, node) = try root.resolvedNode(path), case .file(let size) = node, size > 0 else {
                continue
            }
            let bytes: [UInt8]
            do { bytes = try root.contents(ofFile: canonical, limit: maximumDecompressedSize) } catch {
                findings.warnings.append(error.description)
                continue
            }
            var image = Image(bytes: bytes)
            if image.banner == nil || image.config == nil {
                do { try image.inflate(limit: maximumDecompressedSize) } catch {
                    findings.warnings.append("\(canonical): \(error)")
                }
            }
            guard let banner = image.banner else { continue }
            var component = SBOMComponent(
                id: "kernel:\(banner.release)", kind: .operatingSystem, name: "linux", version: banner.version,
                purl: (try? PackageURL(
                    type: "generic", name: "linux", version: banner.version,
                    qualifiers: ["kernel_release": banner.release]))?.canonicalString,
                evidence: [
                    SBOMEvidence(
                        method: id, location: canonical, confidence: 0.95, detail: banner.text,
                        offset: banner.offset, rule: "linux.banner")
                ])
            component.properties.append(SBOMProperty("vigil:kernel.release", banner.release))
            if let path = configs[banner.release], let text = try root.read(path) {
                component.properties += Self.configProperties(text, location: path)
            } else if let embedded = image.config {
                component.properties += Self.configProperties(embedded, location: canonical + "#IKCONFIG")
            }
            findings.components.append(component)
        }
        return findings
    }

    static func configProperties(_ text: [UInt8], location: String) -> [SBOMProperty] {
        let config = KernelConfig(text)
        return [
            SBOMProperty("vigil:kernel.config", location),
            SBOMProperty("vigil:kernel.config.sha256", SHA256.hash(text).hexString),
            SBOMProperty("vigil:kernel.config.options", String(config.options.count)),
        ]
    }

    /// A kernel's banner.
    public struct Banner: Sendable, Hashable {
        /// `Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 …) #1 SMP … Debian 6.1.76-1 …`
        public var text: String
        public var offset: Int
        /// `6.1.0-18-amd64`: what `uname -r` prints and `/lib/modules/` is named.
        public var release: String
        /// The upstream version: `6.1.76`.
        public var version: String
    }

    /// An image's bytes, and what was found in them.
    struct Image {
        var bytes: [UInt8]
        var banner: Banner?
        var config: [UInt8]?

        init(bytes: [UInt8]) {
            self.bytes = bytes
            banner = KernelImageSource.x86BootHeaderBanner(in: bytes) ?? KernelImageSource.banner(in: bytes)
            config = KernelImageSource.embeddedConfig(in: bytes)
        }

        /// Looks inside the first compressed stream that holds a banner (zImage, vmlinuz of most architectures).
        /// Magic bytes that start no valid stream are passed over; a stream that expands past `limit` stops the
        /// search with an error (a decompression bomb, or a limit too small for this kernel).
        mutating func inflate(limit: Int) throws {
            for (offset, format) in KernelImageSource.compressedStreams(in: bytes) {
                let payload: [UInt8]
                do {
                    payload = try KernelImageSource.decompress(bytes[offset...], format: format, limit: limit)
                } catch let error as FeedImportError where error.code == .tooLarge {
                    throw InventoryError(.tooLarge, "the kernel payload at byte \(offset) \(error.message)")
                } catch let error as SBOMDecodingError where error.code == .tooLarge {
                    throw InventoryError(.tooLarge, "the kernel payload at byte \(offset): \(error.message)")
                } catch {
                    continue
                }
                if banner == nil, var found = KernelImageSource.banner(in: payload) {
                    found.offset = offset  // where the compressed kernel starts in the file
                    banner = found
                }
                if config == nil { config = KernelImageSource.embeddedConfig(in: payload) }
                if banner != nil { return }
            }
        }
    }

    /// The first complete `Linux version X (…) … #N …` banner in the bytes. A banner cut short (its literal text
    /// inside a compressed stream, as LZ4 leaves it) has no `#` build number and is not taken.
    public static func banner(in bytes: [UInt8]) -> Banner? {
        let needle = Array("Linux version ".utf8)
        var searchFrom = 0
        while let start = bytes.firstRange(of: needle, from: searchFrom) {
            searchFrom = start + 1
            var end = start
            while end < bytes.count, end - start < 512, bytes[end] >= 0x20, bytes[end] < 0x7F { end += 1 }
            searchFrom = max(searchFrom, end)
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            guard text.contains(" #") else { continue }
            if let banner = banner(text, offset: start, release: text.dropFirst(needle.count)) { return banner }
        }
        return nil
    }

    /// The x86 boot protocol's `kernel_version` string (a bzImage's setup header, uncompressed): `6.1.0-18-amd64
    /// (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)`, pointed to by the
    /// 16-bit field at 0x20E (plus 0x200) when the header magic `HdrS` is at 0x202.
    static func x86BootHeaderBanner(in bytes: [UInt8]) -> Banner? {
        guard bytes.count > 0x210, bytes[0x202..<0x206].elementsEqual("HdrS".utf8) else { return nil }
        let start = 0x200 + (Int(bytes[0x20E]) | Int(bytes[0x20F]) << 8)
        guard start > 0x200, start < bytes.count else { return nil }
        var end = start
        while end < bytes.count, end - start < 512, bytes[end] >= 0x20, bytes[end] < 0x7F { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return banner(text, offset: start, release: Substring(text))
    }

    private static func banner(_ text: String, offset: Int, release rest: Substring) -> Banner? {
        let release = String(rest.prefix { $0 != " " })
        guard let upstream = KernelModulesSource.upstreamVersion(release) else { return nil }
        return Banner(text: text, offset: offset, release: release, version: distributionVersion(text) ?? upstream)
    }

    /// The upstream version Debian puts at the end of its banners (`… #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1
    /// (2024-02-01)`, where the release is `6.1.0-18-amd64`); nil for other banners, whose release names it.
    static func distributionVersion(_ banner: String) -> String? {
        let words = banner.split(separator: " ")
        guard let index = words.lastIndex(of: "Debian"), index + 1 < words.count else { return nil }
        let candidate = words[index + 1].prefix { $0.isNumber || $0 == "." }
        return candidate.split(separator: ".").count >= 3 ? String(candidate) : nil
    }

    /// The embedded configuration: gzip data between `IKCFG_ST` and `IKCFG_ED`.
    static func embeddedConfig(in bytes: [UInt8]) -> [UInt8]? {
        guard let start = bytes.firstRange(of: Array("IKCFG_ST".utf8), from: 0) else { return nil }
        let data = bytes[(start + 8)...]
        return try? Decompression.decompressFirstStream(
            Array(data.prefix(16 << 20)), format: .gzip, limit: 16 << 20, source: nil)
    }

    enum StreamFormat { case gzip, xz, zstd }

    /// Offsets where a gzip, xz or zstd stream may start: the first few of each format, in file order.
    static func compressedStreams(in bytes: [UInt8], perFormat: Int = 8) -> [(Int, StreamFormat)] {
        var found: [(Int, StreamFormat)] = []
        let magics: [([UInt8], StreamFormat)] = [
            ([0x1F, 0x8B, 0x08], .gzip), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], .xz),
            ([0x28, 0xB5, 0x2F, 0xFD], .zstd),
        ]
        for (magic, format) in magics {
            var from = 0
            var count = 0
            while count < perFormat, let offset = bytes.firstRange(of: magic, from: from) {
                found.append((offset, format))
                count += 1
                from = offset + 1
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func decompress(_ bytes: ArraySlice<UInt8>, format: StreamFormat, limit: Int) throws -> [UInt8] {
        switch format {
        case .gzip: try Decompression.decompressFirstStream(Array(bytes), format: .gzip, limit: limit, source: nil)
        case .xz: try Decompression.decompressFirstStream(Array(bytes), format: .xz, limit: limit, source: nil)
        case .zstd: try Zstandard.decompress(Array(bytes), limit: limit, source: nil, firstFrameOnly: true)
        }
    }
}

extension [UInt8] {
    /// The first index of `needle` at or after `from`.
    func firstRange(of needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, count >= needle.count, from <= count - needle.count else { return nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            let first = needle[0]
            var index = from
            let last = buffer.count - needle.count
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
