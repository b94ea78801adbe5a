public import VigilCore

/// Reads one VEX format: a plug-in, picked by content. A new format is a new conformer in ``VEXReaders/builtIn``.
public protocol VEXReader: Sendable {
    /// `openvex`, `cyclonedx`.
    var formatID: String { get }
    /// Whether the document's first bytes (as text) look like this format.
    func recognises(_ prefix: String) -> Bool
    /// The statements, with products resolved through the document itself and the given BOMs.
    func read(_ bytes: [UInt8], boms: [SBOMDocument]) throws -> VEXDocument
}

/// The VEX readers, tried in order on a document's first bytes.
public struct VEXReaders: Sendable {
    public var readers: [any VEXReader]

    public static let builtIn = VEXReaders(readers: [OpenVEXReader(), CSAFVEXReader(), CycloneDXVEXReader()])

    public init(readers: [any VEXReader]) { self.readers = readers }

    /// The largest VEX document read: 256 MiB.
    public static let maximumSize = 256 << 20

    public func read(_ bytes: [UInt8], boms: [SBOMDocument] = []) throws -> VEXDocument {
        guard bytes.count <= Self.maximumSize else {
            throw VEXError("the document is \(bytes.count) bytes; the limit is \(Self.maximumSize)")
        }
        let prefix = String(decoding: bytes.prefix(4_096), as: UTF8.self)
        guard let reader = readers.first(where: { $0.recognises(prefix) }) else {
            throw VEXError(
                "not a VEX document Vigil reads (OpenVEX 0.2.0, CSAF 2.0, CycloneDX 1.4–1.6 VEX): "
                    + "its first bytes name neither format")
        }
        return try reader.read(bytes, boms: boms)
    }
}
