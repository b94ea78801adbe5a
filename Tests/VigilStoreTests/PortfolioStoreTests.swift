import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// Products and releases in the database: added once, listed, updated, refused with the reason, kept out of
/// snapshots, and an SBOM changed behind Vigil's back detected.
@Suite struct PortfolioStoreTests {
    static func temporary() -> String {
        FileManager.default.temporaryDirectory.appending(path: "vigil-portfolio-\(UUID()).db").path
    }

    static let sbom = Array(#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#.utf8)

    @Test("products and releases: add, list, look up, update; duplicates, unknown products and bad values refused")
    func lifecycle() async throws {
        let store = try SQLiteVulnerabilityStore()
        try await store.add(Product(name: "pump", description: "IP-200", createdAt: "2026-11-28T00:00:00.000Z"))
        try await store.add(Product(name: "monitor", createdAt: "2026-11-28T00:00:01.000Z"))
        #expect(try await store.products().map(\.name) == ["monitor", "pump"])
        await #expect(throws: PortfolioError.self) {
            try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:02.000Z"))
        }
        await #expect(throws: PortfolioError.self) {
            try await store.add(Product(name: "a b", createdAt: "2026-11-28T00:00:02.000Z"))
        }
        let release = Release(
            product: "pump", version: "2.4.1", sbom: Self.sbom, sbomFormat: "cyclonedx-json",
            endOfSupport: "2030-12-31", fieldedDevices: 1_200, createdAt: "2026-11-28T00:00:03.000Z")
        try await store.add(release)
        try await store.add(
            Release(
                product: "pump", version: "2.5.0", sbom: Self.sbom, sbomFormat: "cyclonedx-json",
                createdAt: "2026-11-28T00:00:04.000Z"))
        #expect(try await store.release(of: "pump", version: "2.4.1") == release)
        #expect(try await store.releases(of: "pump").map(\.version) == ["2.4.1", "2.5.0"])
        #expect(try await store.releases(of: "monitor").isEmpty)
        await #expect(throws: PortfolioError.self) { try await store.add(release) }
        var orphan = release
        orphan.product = "ventilator"
        await #expect(throws: PortfolioError.self) { try await store.add(orphan) }
        var injected = release
        injected.version = "2.4.1\r\nBcc: x@example.com"
        await #expect(throws: PortfolioError.self) { try await store.add(injected) }
        var badDate = release
        badDate.version = "9"
        badDate.endOfSupport = "31.12.2030"
        await #expect(throws: PortfolioError.self) { try await store.add(badDate) }

        try await store.updateRelease(
            of: "pump", version: "2.4.1", support: .securityOnly, endOfSupport: nil, fieldedDevices: 900)
        let updated = try #require(try await store.release(of: "pump", version: "2.4.1"))
        #expect(
            updated.support == .securityOnly && updated.fieldedDevices == 900 && updated.endOfSupport == "2030-12-31")
        await #expect(throws: PortfolioError.self) {
            try await store.updateRelease(
                of: "pump", version: "7", support: .unsupported, endOfSupport: nil, fieldedDevices: nil)
        }
        #expect(updated.isMonitored(on: "2030-12-31") && !updated.isMonitored(on: "2031-01-01"))
        var retired = updated
        retired.support = .unsupported
        #expect(!retired.isMonitored(on: "2026-11-28"))
    }

    @Test("snapshots leave the portfolio out; an SBOM changed in the database is an error when read")
    func snapshotsAndTampering() async throws {
        let path = Self.temporary()
        let snapshotPath = path + ".snapshot"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: snapshotPath)
        }
        let store = try SQLiteVulnerabilityStore(path: path)
        _ = try await store.importRecords([
            VulnerabilityRecord(source: .nvd, vulnerability: Vulnerability(id: "CVE-2099-0001"))
        ])
        try await store.add(Product(name: "pump", createdAt: "2026-11-28T00:00:00.000Z"))
        try await store.add(
            Release(
                product: "pump", version: "1", sbom: Self.sbom, sbomFormat: "cyclonedx-json",
                createdAt: "2026-11-28T00:00:01.000Z"))
        _ = try await store.createSnapshot(at: snapshotPath, createdAt: "2026-11-28T00:00:02.000Z", generator: "test")
        let snapshot = try SQLiteVulnerabilityStore(snapshotAt: snapshotPath)
        #expect(try await snapshot.products().isEmpty)
        #expect(try await snapshot.releases(of: "pump").isEmpty)
        await #expect(throws: SQLiteVulnerabilityStore.SnapshotError.self) {
            try await snapshot.add(Product(name: "x", createdAt: "2026-11-28T00:00:03.000Z"))
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "UPDATE release SET sbom = x'7b7d'") }
        try queue.close()
        await #expect(throws: DatabaseError.self) { try await store.release(of: "pump", version: "1") }
    }
}
