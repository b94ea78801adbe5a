import Foundation
import Hummingbird
import Logging
import VigilCore
import VigilFeeds
import VigilMatch
import VigilMonitor
import VigilSBOM
import VigilStore
import VigilVEX

/// What the API and the web UI both do, in one place: each change checked, written with its audit entry, and its
/// refusals as ``APIError``s.
struct ServerActions<Store: ServerStore>: Sendable {
    var store: Store
    var configuration: MonitorConfiguration
    var logger: Logger
    var tool: String
    var now: @Sendable () -> Date
    /// Each release's findings, decoded once per evaluation.
    var findings = FindingsCache()

    /// Decodes a release's findings into the cache now (after it was evaluated), so that the first listing of it
    /// does not wait for that.
    func warm(_ release: Release) async {
        _ = try? await findings.findings(
            product: release.product, release: release.version, order: .priority, store: store)
    }

    func monitor(alerting: Bool) -> Monitor<Store> {
        Monitor(
            configuration: configuration, store: store,
            channels: alerting ? Monitor<Store>.channels(for: configuration, logger: logger) : [],
            logger: logger, now: now)
    }

    func addProduct(name: String, description: String?, by identity: Identity) async throws -> Product {
        let product = Product(
            name: name, description: description.flatMap { $0.isEmpty ? nil : $0 }, createdAt: Timestamp.string(now()))
        do {
            try await store.add(
                product,
                audit: AuditEntry(
                    at: product.createdAt, actor: identity.user, action: "product.add", target: product.name,
                    after: try VigilServerRoutes.encoded(product)))
        } catch let error as PortfolioError {
            throw APIError(.conflict, "conflict", error.message)
        }
        return product
    }

    /// Stores a release with its SBOM and evaluates it at once (its baseline); a failed evaluation is logged and done
    /// again by the monitor.
    func addRelease(
        product: String, version: String, sbom bytes: [UInt8], support: SupportStatus?, endOfSupport: String?,
        devices: Int?, by identity: Identity
    ) async throws -> Release {
        guard !version.isEmpty else {
            throw APIError(.badRequest, "bad-request", "give the release's version (2.4.1)")
        }
        guard let decoder = SBOMDecoderRegistry.builtIn.decoder(for: bytes.prefix(65_536)) else {
            throw APIError(.unsupportedMediaType, "not-an-sbom", "the body is not an SBOM in a format Vigil reads")
        }
        do {
            _ = try SBOMDecoderRegistry.builtIn.decode(bytes, source: "upload", limits: SBOMDecodingLimits())
        } catch {
            throw APIError(.unprocessableContent, "invalid-sbom", "\(error)")
        }
        let release = Release(
            product: product, version: version, sbom: bytes, sbomFormat: decoder.formatID.rawValue,
            support: support ?? .supported, endOfSupport: endOfSupport.flatMap { $0.isEmpty ? nil : $0 },
            fieldedDevices: devices, createdAt: Timestamp.string(now()))
        do {
            try await store.add(
                release,
                audit: AuditEntry(
                    at: release.createdAt, actor: identity.user, action: "release.add",
                    target: "\(product) \(version)", after: try VigilServerRoutes.encoded(ReleaseSummary(release))))
        } catch let error as PortfolioError {
            throw APIError(
                error.message.contains("no product") ? .notFound : .conflict,
                error.message.contains("no product") ? "not-found" : "conflict", error.message)
        }
        do {
            _ = try await monitor(alerting: true).evaluate(release)
            await warm(release)
        } catch {
            logger.error("\(product) \(version) stored but not evaluated yet: \(error)")
        }
        return release
    }

    /// Records a decision by the caller, with the fingerprint of the records it was made on.
    func recordTriage(
        vulnerability: String, component: String, version: String?, state: FindingState,
        justification: VEXJustification?, responses: [VEXResponse], note: String, origin: String,
        by identity: Identity
    ) async throws -> TriageDecision {
        var decision = TriageDecision(
            vulnerability: vulnerability, componentName: component,
            componentVersion: version.flatMap { $0.isEmpty ? nil : $0 }, state: state, justification: justification,
            responses: responses, note: note, author: identity.user, recordedAt: Timestamp.string(now()),
            origin: origin)
        let problems = decision.problems()
        guard problems.isEmpty else {
            throw APIError(.unprocessableContent, "invalid-decision", problems.joined(separator: "; "))
        }
        let records = try await store.records(id: decision.vulnerability)
        if !records.isEmpty { decision.evidence = TriageEvidence.fingerprint(of: records) }
        decision.id = TriageDecision.id(of: decision)
        try await store.record(
            decision,
            audit: AuditEntry(
                at: decision.recordedAt, actor: identity.user, action: "triage.set",
                target: "\(decision.vulnerability) \(decision.componentName)",
                after: try VigilServerRoutes.encoded(decision)))
        return decision
    }

    func release(_ product: String, _ version: String) async throws -> Release {
        guard let release = try await store.release(of: product, version: version) else {
            throw VigilServerRoutes.notFound("release \(product) \(version)")
        }
        return release
    }

    /// A release's VEX document in `format`: its scan now with the decisions in force.
    func vex(_ release: Release, format: String, author: String, namespace: String?) async throws -> [UInt8] {
        guard let writer = VEXWriters.writer(format) else {
            throw APIError(.badRequest, "bad-request", "format is openvex, cyclonedx or csaf")
        }
        let time = Timestamp.string(now())
        let report = try await monitor(alerting: false).report(
            release, decisions: try await store.currentTriageDecisions(), at: time)
        return try writer.write(
            VEXDocument(report: report, format: format, author: author),
            identity: VEXIdentity(
                author: author, namespace: namespace ?? "https://vigil.invalid", timestamp: time, tool: tool))
    }

    /// What changed between two releases, both scanned now with the decisions in force.
    func diff(product: String, from: String, to: String) async throws -> ReleaseDiff {
        let decisions = try await store.currentTriageDecisions()
        let time = Timestamp.string(now())
        var sides: [(version: String, document: SBOMDocument, report: ScanReport)] = []
        for version in [from, to] {
            let release = try await release(product, version)
            let document = try SBOMDecoderRegistry.builtIn.decode(
                release.sbom, source: "\(product) \(version)", limits: SBOMDecodingLimits())
            sides.append(
                (version, document, try await monitor(alerting: false).report(release, decisions: decisions, at: time)))
        }
        return ReleaseDiff(product: product, from: sides[0], to: sides[1])
    }

    /// The lifecycle metrics of every product (or one).
    func metrics(product only: String? = nil) async throws -> LifecycleMetrics {
        var inputs:
            [(name: String, releases: [Release], tracked: [String: [TrackedFinding]], history: [EvaluationRecord])] =
                []
        for product in try await store.products() where only == nil || product.name == only {
            let releases = try await store.releases(of: product.name)
            var tracked: [String: [TrackedFinding]] = [:]
            for release in releases {
                tracked[release.version] = try await store.trackedFindings(
                    product: product.name, release: release.version)
            }
            inputs.append((product.name, releases, tracked, try await store.evaluationHistory(product: product.name)))
        }
        let time = Timestamp.string(now())
        return LifecycleMetrics.compute(
            products: inputs, triageWithin: configuration.triageWithin, fixWithin: configuration.fixWithin,
            today: String(time.prefix(10)), generatedAt: time)
    }
}
