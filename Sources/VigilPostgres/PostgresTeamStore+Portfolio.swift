import Foundation
import PostgresNIO
public import VigilCore

/// Products and releases. Uniqueness is decided by the database (`ON CONFLICT DO NOTHING`), so two instances adding
/// the same product at once give one product and one refusal, never two rows or a crash.
extension PostgresTeamStore {
    public func add(_ product: Product) async throws { try await add(product, audit: nil) }

    public func add(_ product: Product, audit: AuditEntry?) async throws {
        if let problem = Product.problem(name: product.name) { throw PortfolioError(problem) }
        try await transaction { connection in
            let inserted = try await fetch(
                """
                INSERT INTO product (name, description, created_at)
                VALUES (\(product.name), \(product.description), \(product.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, connection)
            guard !inserted.isEmpty else { throw PortfolioError("the product '\(product.name)' exists already") }
            if let audit { try await append(audit, connection) }
        }
    }

    public func products() async throws -> [Product] {
        try await fetch("SELECT name, description, created_at FROM product ORDER BY name").map(Self.product)
    }

    public func product(named name: String) async throws -> Product? {
        try await fetch("SELECT name, description, created_at FROM product WHERE name = \(name)").first.map(
            Self.product)
    }

    public func add(_ release: Release) async throws { try await add(release, audit: nil) }

    public func add(_ release: Release, audit: AuditEntry?) async throws {
        if let problem = Release.problem(version: release.version, endOfSupport: release.endOfSupport) {
            throw PortfolioError(problem)
        }
        try await transaction { connection in
            guard
                let productID = try await fetch(
                    "SELECT id FROM product WHERE name = \(release.product)", connection
                ).first?.decode(Int64.self)
            else { throw PortfolioError("no product '\(release.product)': add it first (vigil product add)") }
            let inserted = try await fetch(
                """
                INSERT INTO product_release (product_id, version, sbom, sbom_format, sbom_sha256, support,
                    end_of_support, fielded_devices, created_at)
                VALUES (\(productID), \(release.version), \(Data(release.sbom)), \(release.sbomFormat),
                    \(release.sbomSHA256), \(release.support.rawValue), \(release.endOfSupport),
                    \(release.fieldedDevices), \(release.createdAt))
                ON CONFLICT (product_id, version) DO NOTHING RETURNING id
                """, connection)
            guard !inserted.isEmpty else {
                throw PortfolioError("\(release.product) \(release.version) exists already")
            }
            if let audit { try await append(audit, connection) }
        }
    }

    public func releases(of product: String) async throws -> [Release] {
        try await fetch(Self.releaseSelect(whereProduct: product, version: nil)).map(Self.release)
    }

    public func release(of product: String, version: String) async throws -> Release? {
        try await fetch(Self.releaseSelect(whereProduct: product, version: version)).first.map(Self.release)
    }

    public func updateRelease(
        of product: String, version: String, support: SupportStatus?, endOfSupport: String?, fieldedDevices: Int?
    ) async throws {
        if let date = endOfSupport, !Release.isDate(date) {
            throw PortfolioError("the end of support '\(date)' is not a date (YYYY-MM-DD)")
        }
        if let fieldedDevices, fieldedDevices < 0 { throw PortfolioError("fielded devices cannot be negative") }
        let changed = try await fetch(
            """
            UPDATE product_release SET support = coalesce(\(support?.rawValue), support),
                end_of_support = coalesce(\(endOfSupport), end_of_support),
                fielded_devices = coalesce(\(fieldedDevices), fielded_devices)
            WHERE product_id = (SELECT id FROM product WHERE name = \(product)) AND version = \(version)
            RETURNING 1
            """)
        guard changed.count == 1 else { throw PortfolioError("no release \(product) \(version)") }
    }

    static func releaseSelect(whereProduct product: String, version: String?) -> PostgresQuery {
        let columns = """
            SELECT p.name, r.version, r.sbom, r.sbom_format, r.sbom_sha256, r.support, r.end_of_support,
            r.fielded_devices, r.created_at FROM product_release r JOIN product p ON p.id = r.product_id
            """
        if let version {
            return "\(unescaped: columns) WHERE p.name = \(product) AND r.version = \(version)"
        }
        return "\(unescaped: columns) WHERE p.name = \(product) ORDER BY r.id"
    }

    static func product(_ row: PostgresRow) throws -> Product {
        let (name, description, createdAt) = try row.decode((String, String?, String).self)
        return Product(name: name, description: description, createdAt: createdAt)
    }

    static func release(_ row: PostgresRow) throws -> Release {
        let (product, version, sbom, format, sha256, supportText, endOfSupport, devices, createdAt) =
            try row.decode((String, String, Data, String, String, String, String?, Int?, String).self)
        guard let support = SupportStatus(rawValue: supportText) else {
            throw PostgresStoreError("the release \(product) \(version) has support status '\(supportText)'")
        }
        let release = Release(
            product: product, version: version, sbom: [UInt8](sbom), sbomFormat: format, support: support,
            endOfSupport: endOfSupport, fieldedDevices: devices, createdAt: createdAt)
        guard release.sbomSHA256 == sha256 else {
            throw PostgresStoreError("the SBOM of \(product) \(version) does not match its SHA-256: it was changed")
        }
        return release
    }
}
