import VigilCore
import VigilStore

/// Each release's tracked findings, decoded once per evaluation: a listing checks the release's evaluation
/// generation (one indexed row) and decodes its findings again only when it has changed — also when another server
/// process sharing the database evaluated it. At most `capacity` releases are kept; the least recently used go first.
actor FindingsCache {
    struct Entry {
        var generation: Int
        var findings: [TrackedFinding]
        /// The findings in each order asked for so far.
        var sorted: [FindingOrder: [TrackedFinding]] = [:]
        /// Encoded answers by their canonical query, at most `pagesPerRelease`.
        var pages: [String: [UInt8]] = [:]
        var used: UInt64
    }

    static let pagesPerRelease = 32

    let capacity: Int
    var entries: [String: Entry] = [:]
    var clock: UInt64 = 0

    init(capacity: Int = 256) { self.capacity = capacity }

    /// The release's findings at its latest evaluation in `order` (nil: never evaluated).
    func findings(
        product: String, release: String, order: FindingOrder, store: some TeamStore
    ) async throws -> [TrackedFinding]? {
        let key = product + "\u{0}" + release
        let generation = try await store.evaluationGeneration(product: product, release: release)
        guard generation > 0 else { return nil }
        clock += 1
        if var entry = entries[key], entry.generation == generation {
            entry.used = clock
            let sorted = entry.sorted[order] ?? order.sorted(entry.findings)
            entry.sorted[order] = sorted
            entries[key] = entry
            return sorted
        }
        guard let findings = try await store.trackedFindings(product: product, release: release) else { return nil }
        let sorted = order.sorted(findings)
        // Another listing may have loaded a newer one meanwhile: keep the newer.
        if let entry = entries[key], entry.generation > generation { return sorted }
        entries[key] = Entry(generation: generation, findings: findings, sorted: [order: sorted], used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
        return sorted
    }

    /// The encoded answer to `query` for the release at `generation`, if one was kept.
    func page(product: String, release: String, generation: Int, query: String) -> [UInt8]? {
        guard let entry = entries[product + "\u{0}" + release], entry.generation == generation else { return nil }
        return entry.pages[query]
    }

    /// Keeps an encoded answer made from the release's findings at `generation` (dropped if it is no longer current).
    func keep(_ bytes: [UInt8], product: String, release: String, generation: Int, query: String) {
        let key = product + "\u{0}" + release
        guard var entry = entries[key], entry.generation == generation else { return }
        if entry.pages.count >= Self.pagesPerRelease { entry.pages.removeAll() }
        entry.pages[query] = bytes
        entries[key] = entry
    }

    /// The release's evaluation generation now (0: never evaluated).
    func generation(product: String, release: String, store: some TeamStore) async throws -> Int {
        try await store.evaluationGeneration(product: product, release: release)
    }
}
