public import VigilCore
import Yams

/// Reads Alpine's secdb (`v3.11/main.yaml`, or the same document as JSON): per package, the `apk` version that fixed
/// each CVE in that branch.
///
/// Each (branch, repository, CVE) becomes an `alpine` record `ALPINE-v3.11-main-CVE-…` with the CVE as alias and one
/// affected package per package that fixed it, in the OSV ecosystem `Alpine:v3.11`. A fix version of `0` means the
/// branch was never affected (Alpine's convention), and becomes an unaffected package.
public struct AlpineSecDBImporter: FeedImporter {
    public let formatID = "alpine-secdb"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix, as: UTF8.self)
        return text.contains("distroversion") && text.contains("packages")
            && (text.contains("secfixes") || text.contains("reponame"))
    }

    struct SecDB: Decodable {
        var distroversion: String
        var reponame: String?
        var packages: [Entry]?
    }

    struct Entry: Decodable {
        var pkg: Package
    }

    struct Package: Decodable {
        var name: String
        var secfixes: [String: [String]?]?
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        let document: SecDB
        do {
            document = try YAMLDecoder().decode(SecDB.self, from: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw FeedImportError(
                .malformedDocument, "not an Alpine secdb document: \(Self.describe(error))", source: source)
        }
        let branch = document.distroversion
        guard !branch.isEmpty, !branch.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw FeedImportError(.malformedDocument, "distroversion '\(branch)' is not a branch", source: source)
        }
        let repository = document.reponame ?? "main"
        let ecosystem = "Alpine:\(branch)"
        var batch = FeedImportBatch()
        var order: [String] = []
        var records: [String: VulnerabilityRecord] = [:]
        for (index, entry) in (document.packages ?? []).enumerated() {
            let package = entry.pkg
            // secfixes is a map: sorted for a stable record content.
            for (fixed, ids) in (package.secfixes ?? [:]).sorted(by: { $0.key < $1.key }) {
                let location = "packages[\(index)].pkg.secfixes.\(fixed)"
                guard Self.isVersion(fixed) else {
                    batch.skipped.append(
                        .init(id: package.name, location: location, reason: "'\(fixed)' is not an apk version"))
                    continue
                }
                for text in ids ?? [] {
                    let names = text.split(whereSeparator: \.isWhitespace).map(String.init)
                    guard let vulnerabilityID = names.first else { continue }
                    let key = "ALPINE-\(branch)-\(repository)-\(vulnerabilityID)"
                    let affected =
                        fixed == "0"
                        ? AffectedPackage(ecosystem: ecosystem, name: package.name, defaultStatus: .unaffected)
                        : AffectedPackage(
                            ecosystem: ecosystem, name: package.name,
                            spans: [.init(status: .affected, scheme: "apk", introduced: "0", fixed: fixed)])
                    if records[key] == nil {
                        order.append(key)
                        records[key] = VulnerabilityRecord(
                            source: .alpine,
                            vulnerability: Vulnerability(
                                id: key, aliases: names, assigner: "Alpine secdb \(branch)/\(repository)"))
                    }
                    records[key]?.affected.append(affected)
                    for alias in names.dropFirst() where records[key]?.vulnerability.aliases.contains(alias) == false {
                        records[key]?.vulnerability.aliases.append(alias)
                    }
                }
            }
        }
        batch.records = order.compactMap { records[$0] }
        return batch
    }

    /// An apk version, or Alpine's `0` for "never affected".
    static func isVersion(_ text: String) -> Bool {
        text == "0" || (try? APKVersionScheme().parse(text)) != nil
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError { return error.locatedDescription }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
