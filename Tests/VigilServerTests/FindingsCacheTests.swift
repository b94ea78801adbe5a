import Foundation
import Testing
import VigilCore
import VigilStore

@testable import VigilServer

/// The findings cache answers from memory while a release's evaluation is unchanged, and reads again as soon as it
/// changes — in the same transaction that changed it, whichever process wrote it.
@Suite struct FindingsCacheTests {
    static func finding(_ id: String, open: Bool) -> TrackedFinding {
        TrackedFinding(
            finding: "VF-\(id)", vulnerability: id, component: "openssl", componentVersion: "1.0.1f", open: open,
            severity: "high", kev: false)
    }

    @Test("a new evaluation, even at the same instant, is seen at once; nothing is cached for unevaluated releases")
    func invalidation() async throws {
        let (store, path) = try await ServerAPITestsFixture.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cache = FindingsCache(capacity: 1)
        #expect(try await cache.findings(product: "pump", release: "1.0", order: .priority, store: store) == nil)
        let at = "2026-11-28T00:00:00.000Z"
        try await store.recordEvaluation(
            product: "pump", release: "1.0", findings: [Self.finding("CVE-1", open: true)], alerts: [], channels: [],
            at: at)
        #expect(
            try await cache.findings(product: "pump", release: "1.0", order: .priority, store: store)?.map(\.open) == [
                true
            ])
        // The same time stamp, another result: the generation tells them apart.
        try await store.recordEvaluation(
            product: "pump", release: "1.0",
            findings: [Self.finding("CVE-1", open: false), Self.finding("CVE-2", open: true)], alerts: [],
            channels: [], at: at)
        #expect(try await cache.findings(product: "pump", release: "1.0", order: .priority, store: store)?.count == 2)
        #expect(try await store.evaluationGeneration(product: "pump", release: "1.0") == 2)
        // Encoded answers are kept for their generation only.
        await cache.keep([1, 2, 3], product: "pump", release: "1.0", generation: 2, query: "sort=priority")
        await cache.keep([9], product: "pump", release: "1.0", generation: 1, query: "stale")
        #expect(await cache.page(product: "pump", release: "1.0", generation: 2, query: "sort=priority") == [1, 2, 3])
        #expect(await cache.page(product: "pump", release: "1.0", generation: 2, query: "stale") == nil)
        try await store.recordEvaluation(
            product: "pump", release: "1.0", findings: [Self.finding("CVE-1", open: false)], alerts: [],
            channels: [], at: at)
        #expect(try await cache.findings(product: "pump", release: "1.0", order: .priority, store: store)?.count == 1)
        #expect(await cache.page(product: "pump", release: "1.0", generation: 3, query: "sort=priority") == nil)
        #expect(await cache.page(product: "pump", release: "1.0", generation: 2, query: "sort=priority") == nil)
        // A second release evicts the first (capacity 1), which still reads correctly.
        try await store.recordEvaluation(
            product: "pump", release: "2.0", findings: [Self.finding("CVE-3", open: true)], alerts: [], channels: [],
            at: at)
        #expect(try await cache.findings(product: "pump", release: "2.0", order: .priority, store: store)?.count == 1)
        #expect(await cache.entries.count == 1)
        #expect(try await cache.findings(product: "pump", release: "1.0", order: .priority, store: store)?.count == 1)
    }
}
