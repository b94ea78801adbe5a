/// Everything a team shares and changes: products and releases, triage decisions, the monitor's evaluations and
/// alerts, accounts, sessions and the audit log. VigilStore's SQLite database conforms (one file, one machine);
/// VigilPostgres's store conforms so several `vigil serve` instances share one PostgreSQL database.
///
/// Every change that carries an ``AuditEntry`` writes it in the same transaction as the change.
public protocol TeamStore: PortfolioStore, TriageStore, MonitorStore, AccountStore {
    /// Adds a product and, in the same transaction, its audit entry.
    func add(_ product: Product, audit: AuditEntry?) async throws
    /// Adds a release and, in the same transaction, its audit entry.
    func add(_ release: Release, audit: AuditEntry?) async throws
    /// Records a decision and, in the same transaction, its audit entry; one already on record is a ``TriageError``.
    func record(_ decision: TriageDecision, audit: AuditEntry) async throws
    /// How many times the release has been evaluated (0: never): it changes whenever its tracked findings do, so a
    /// cache of them checks it (one indexed row) before each use.
    func evaluationGeneration(product: String, release: String) async throws -> Int
}

/// What the server and the monitor work with: the vulnerability records to match against and the team's state.
public typealias ServerStore = VulnerabilityStore & TeamStore

/// The vulnerability records from one store and the team's state from another: the SQLite file each instance keeps
/// its feeds in, with the products, decisions, evaluations and accounts in a PostgreSQL database they all share.
public struct CombinedStore<Records: VulnerabilityStore, Team: TeamStore>: VulnerabilityStore, TeamStore {
    public let records: Records
    public let team: Team

    public init(records: Records, team: Team) {
        self.records = records
        self.team = team
    }

    // MARK: The vulnerability records

    public var snapshot: SnapshotManifest? { records.snapshot }

    public func importTransaction<Result: Sendable>(
        _ body: @Sendable (any VulnerabilityImportSession) throws -> Result
    ) async throws -> Result { try await records.importTransaction(body) }

    public func records(id: String) async throws -> [VulnerabilityRecord] { try await records.records(id: id) }
    public func sourceSummaries() async throws -> [SourceSummary] { try await records.sourceSummaries() }
    public func syncStates() async throws -> [FeedSyncState] { try await records.syncStates() }

    public func records(cpeVendor vendor: String, product: String) async throws -> [VulnerabilityRecord] {
        try await records.records(cpeVendor: vendor, product: product)
    }

    public func records(
        cpeVendor vendor: String, product: String, version: String
    ) async throws
        -> [VulnerabilityRecord]
    { try await records.records(cpeVendor: vendor, product: product, version: version) }

    public func records(
        affecting package: String, ecosystem: String?, sources: Set<FeedSource>?
    ) async throws -> [VulnerabilityRecord] {
        try await records.records(affecting: package, ecosystem: ecosystem, sources: sources)
    }

    public func facts(ids: [String]) async throws -> [VulnerabilityRecord] { try await records.facts(ids: ids) }

    // MARK: The portfolio

    public func add(_ product: Product) async throws { try await team.add(product) }
    public func add(_ product: Product, audit: AuditEntry?) async throws { try await team.add(product, audit: audit) }
    public func products() async throws -> [Product] { try await team.products() }
    public func product(named name: String) async throws -> Product? { try await team.product(named: name) }
    public func add(_ release: Release) async throws { try await team.add(release) }
    public func add(_ release: Release, audit: AuditEntry?) async throws { try await team.add(release, audit: audit) }
    public func releases(of product: String) async throws -> [Release] { try await team.releases(of: product) }

    public func release(of product: String, version: String) async throws -> Release? {
        try await team.release(of: product, version: version)
    }

    public func updateRelease(
        of product: String, version: String, support: SupportStatus?, endOfSupport: String?, fieldedDevices: Int?
    ) async throws {
        try await team.updateRelease(
            of: product, version: version, support: support, endOfSupport: endOfSupport,
            fieldedDevices: fieldedDevices)
    }

    // MARK: Triage

    @discardableResult
    public func record(_ decisions: [TriageDecision]) async throws -> Int { try await team.record(decisions) }

    public func record(_ decision: TriageDecision, audit: AuditEntry) async throws {
        try await team.record(decision, audit: audit)
    }

    public func triageHistory(vulnerability: String?) async throws -> [TriageDecision] {
        try await team.triageHistory(vulnerability: vulnerability)
    }

    // MARK: Monitoring

    public func evaluationGeneration(product: String, release: String) async throws -> Int {
        try await team.evaluationGeneration(product: product, release: release)
    }

    public func trackedFindings(product: String, release: String) async throws -> [TrackedFinding]? {
        try await team.trackedFindings(product: product, release: release)
    }

    @discardableResult
    public func recordEvaluation(
        product: String, release: String, findings: [TrackedFinding], alerts: [Alert], channels: [String], at: String
    ) async throws -> Int {
        try await team.recordEvaluation(
            product: product, release: release, findings: findings, alerts: alerts, channels: channels, at: at)
    }

    public func dueDeliveries(now: String, channels: [String], limit: Int) async throws -> [(AlertDelivery, Alert)] {
        try await team.dueDeliveries(now: now, channels: channels, limit: limit)
    }

    public func recordAttempt(
        alert: String, channel: String, delivered: Bool, error: String?, nextAttemptAt: String?, at: String
    ) async throws {
        try await team.recordAttempt(
            alert: alert, channel: channel, delivered: delivered, error: error, nextAttemptAt: nextAttemptAt, at: at)
    }

    @discardableResult
    public func recordAlerts(_ alerts: [Alert], channels: [String], at: String) async throws -> Int {
        try await team.recordAlerts(alerts, channels: channels, at: at)
    }

    public func alerts(limit: Int, status: AlertDelivery.Status?) async throws -> [(Alert, [AlertDelivery])] {
        try await team.alerts(limit: limit, status: status)
    }

    public func alerts(since: String) async throws -> [Alert] { try await team.alerts(since: since) }

    public func evaluationHistory(product: String) async throws -> [EvaluationRecord] {
        try await team.evaluationHistory(product: product)
    }

    // MARK: Accounts

    public func add(_ user: User, audit: AuditEntry) async throws { try await team.add(user, audit: audit) }
    public func user(named name: String) async throws -> User? { try await team.user(named: name) }
    public func users() async throws -> [User] { try await team.users() }
    public func add(_ token: APIToken, audit: AuditEntry) async throws { try await team.add(token, audit: audit) }
    public func token(id: String) async throws -> APIToken? { try await team.token(id: id) }
    public func tokens(user: String?) async throws -> [APIToken] { try await team.tokens(user: user) }

    public func revokeToken(id: String, at: String, audit: AuditEntry) async throws {
        try await team.revokeToken(id: id, at: at, audit: audit)
    }

    public func touchToken(id: String, at: String) async throws { try await team.touchToken(id: id, at: at) }
    public func audit(_ entry: AuditEntry) async throws { try await team.audit(entry) }
    public func auditLog(limit: Int) async throws -> [AuditEntry] { try await team.auditLog(limit: limit) }

    public func add(_ session: BrowserSession, audit: AuditEntry) async throws {
        try await team.add(session, audit: audit)
    }

    public func session(idHash: String, now: String) async throws -> BrowserSession? {
        try await team.session(idHash: idHash, now: now)
    }

    public func endSession(idHash: String, audit: AuditEntry) async throws {
        try await team.endSession(idHash: idHash, audit: audit)
    }

    public func recordLoginFailure(keys: [String], at: String, forgetBefore: String) async throws {
        try await team.recordLoginFailure(keys: keys, at: at, forgetBefore: forgetBefore)
    }

    public func loginFailures(key: String, since: String) async throws -> [String] {
        try await team.loginFailures(key: key, since: since)
    }

    public func clearLoginFailures(key: String) async throws { try await team.clearLoginFailures(key: key) }
}
