/// A product a manufacturer ships: a line of devices whose firmware releases are monitored.
public struct Product: Sendable, Hashable, Codable {
    /// `infusion-pump`: letters, digits, `.`, `_`, `-`, up to 128 bytes; unique.
    public var name: String
    public var description: String?
    /// ISO 8601, UTC.
    public var createdAt: String

    public init(name: String, description: String? = nil, createdAt: String) {
        self.name = name
        self.description = description
        self.createdAt = createdAt
    }

    /// Why the name cannot be a product's, or nil.
    public static func problem(name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 128 else { return "a product name is 1 to 128 bytes" }
        guard
            name.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
            })
        else { return "a product name is letters, digits, '.', '_' and '-' ('\(name)')" }
        return nil
    }
}

/// How a release is supported: whether the monitor still evaluates it and raises alerts for it.
public enum SupportStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fixes are made for it: monitored.
    case supported
    /// Only security fixes: monitored.
    case securityOnly = "security-only"
    /// Out of support: kept on record, no longer monitored.
    case unsupported

    /// Whether the monitor evaluates releases with this status.
    public var isMonitored: Bool { self != .unsupported }
}

/// One firmware release of a product, with the SBOM of record.
public struct Release: Sendable, Hashable, Codable {
    public var product: String
    /// The firmware version: `2.4.1`.
    public var version: String
    /// The SBOM as given (bytes kept whole, the evidence), its format and SHA-256.
    public var sbom: [UInt8]
    public var sbomFormat: String
    public var sbomSHA256: String
    public var support: SupportStatus
    /// `YYYY-MM-DD`; after it the release is treated as unsupported.
    public var endOfSupport: String?
    /// How many devices run it in the field, when known.
    public var fieldedDevices: Int?
    public var createdAt: String

    public init(
        product: String, version: String, sbom: [UInt8], sbomFormat: String, support: SupportStatus = .supported,
        endOfSupport: String? = nil, fieldedDevices: Int? = nil, createdAt: String
    ) {
        self.product = product
        self.version = version
        self.sbom = sbom
        self.sbomFormat = sbomFormat
        sbomSHA256 = SHA256.hash(sbom).hexString
        self.support = support
        self.endOfSupport = endOfSupport
        self.fieldedDevices = fieldedDevices
        self.createdAt = createdAt
    }

    /// Whether the monitor evaluates it on `date` (`YYYY-MM-DD`): supported, and not past its end of support.
    public func isMonitored(on date: String) -> Bool {
        support.isMonitored && (endOfSupport.map { date <= $0 } ?? true)
    }
}

/// Why a portfolio change cannot be made.
public struct PortfolioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where products and releases are kept (VigilStore's SQLite database conforms).
public protocol PortfolioStore: Sendable {
    /// Adds a product; one with the same name is a ``PortfolioError``.
    func add(_ product: Product) async throws
    func products() async throws -> [Product]
    func product(named name: String) async throws -> Product?
    /// Adds a release of an existing product; the same product and version twice is a ``PortfolioError``.
    func add(_ release: Release) async throws
    /// A product's releases, oldest first (as added).
    func releases(of product: String) async throws -> [Release]
    func release(of product: String, version: String) async throws -> Release?
    /// Changes a release's support status, end of support and fielded devices (nil leaves each as it is).
    func updateRelease(
        of product: String, version: String, support: SupportStatus?, endOfSupport: String?, fieldedDevices: Int?
    ) async throws
}

extension Release {
    /// What is wrong with a release's version or end of support, or nil: a version is 1 to 256 bytes without
    /// control characters (it goes into e-mail subjects and file names), an end of support is a date.
    public static func problem(version: String, endOfSupport: String?) -> String? {
        guard !version.isEmpty, version.utf8.count <= 256,
            !version.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return "a release version is 1 to 256 bytes without control characters" }
        if let date = endOfSupport, !isDate(date) { return "the end of support '\(date)' is not a date (YYYY-MM-DD)" }
        return nil
    }

    /// Whether `text` is a date, `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
