import VigilCore

/// Alpine packages from apk's installed database, `/lib/apk/db/installed` (`/usr/lib/apk/db/installed` on newer
/// releases): one stanza per package of `K:value` lines — `P` name, `V` version, `A` architecture, `o` origin (the
/// source package), `m` maintainer, `U` URL, `L` licence, `D` dependencies, `p` what it provides.
///
/// purls are `pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1` (plus `upstream=ORIGIN` when the
/// origin differs); dependencies are resolved through names and `p:` provides (`so:libc.musl-x86_64.so.1`); the
/// files each package installed (`F:` directories, `R:` files) are its file list.
public struct ApkSource: InventorySource {
    public let id = "apk"

    public init() {}

    public static let databasePaths = ["/lib/apk/db/installed", "/usr/lib/apk/db/installed"]

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var findings = InventoryFindings()
        var seen = Set<String>()
        var providers: [String: String] = [:]  // name or provided token → component id
        var depends: [(from: String, tokens: [Substring])] = []
        for path in Self.databasePaths {
            guard let canonical = try root.resolve(path), seen.insert(canonical).inserted,
                let bytes = try root.read(canonical)
            else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let fileLists = Self.fileLists(text)
            findings.hasFileLists = true
            var paths = PathCanonicaliser(root: root)
            for (index, stanza) in Self.parse(text).enumerated() {
                guard let name = stanza["P"]?.first, let version = stanza["V"]?.first else {
                    findings.warnings.append("\(path): a package without P: or V:")
                    continue
                }
                let architecture = stanza["A"]?.first
                var qualifiers: [String: String] = [:]
                if let architecture { qualifiers["arch"] = architecture }
                if let distribution = context.distribution { qualifiers["distro"] = distribution.purlQualifier }
                if let origin = stanza["o"]?.first, origin != name { qualifiers["upstream"] = origin }
                let purl = try? PackageURL(
                    type: "apk", namespace: context.distribution?.id ?? "alpine", name: name, version: version,
                    qualifiers: qualifiers)
                var component = SBOMComponent(
                    id: "apk:\(name):\(architecture ?? "any")", name: name, version: version,
                    supplier: stanza["m"]?.first.map(DpkgSource.party), purl: purl?.canonicalString,
                    declaredLicense: stanza["L"]?.first, description: stanza["T"]?.first,
                    evidence: [SBOMEvidence(method: "package-database", location: path, confidence: 1, detail: "apk")])
                if let url = stanza["U"]?.first {
                    component.externalReferences.append(.init(type: "website", url: url))
                }
                if let origin = stanza["o"]?.first {
                    component.properties.append(SBOMProperty("vigil:apk.origin", origin))
                }
                findings.components.append(component)
                for file in fileLists.indices.contains(index) ? fileLists[index] : [] {
                    if let path = paths.canonical(file), findings.fileOwners[path] == nil {
                        findings.fileOwners[path] = component.id
                    }
                }
                providers[name] = component.id
                for provided in (stanza["p"] ?? []).flatMap({ $0.split(separator: " ") }) {
                    providers[String(provided.prefix { $0 != "=" })] = component.id
                }
                depends.append((component.id, (stanza["D"] ?? []).flatMap { $0.split(separator: " ") }))
            }
        }
        for (from, tokens) in depends {
            var targets = Set<String>()
            for token in tokens where !token.hasPrefix("!") {  // `!pkg` is a conflict, not a dependency
                let name = String(token.prefix { !"<>=~".contains($0) })
                if let to = providers[name], to != from, targets.insert(to).inserted {
                    findings.relationships.append(SBOMRelationship(from, .dependsOn, to))
                }
            }
        }
        return findings
    }

    /// Each stanza's files, in stanza order: `R:name` lines under the last `F:directory` line.
    static func fileLists(_ text: String) -> [[String]] {
        var lists: [[String]] = []
        var current: [String] = []
        var inStanza = false
        var directory = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if inStanza { lists.append(current) }
                (current, inStanza, directory) = ([], false, "")
                continue
            }
            guard line.count >= 2, line.dropFirst().first == ":" else { continue }
            inStanza = true
            if line.hasPrefix("F:") {
                directory = String(line.dropFirst(2))
            } else if line.hasPrefix("R:") {
                current.append("/" + (directory.isEmpty ? "" : directory + "/") + line.dropFirst(2))
            }
        }
        if inStanza { lists.append(current) }
        return lists
    }

    /// Stanzas separated by blank lines; a key may repeat (each value kept in order).
    static func parse(_ text: String) -> [[String: [String]]] {
        var stanzas: [[String: [String]]] = []
        var current: [String: [String]] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !current.isEmpty { stanzas.append(current) }
                current = [:]
                continue
            }
            guard line.count >= 2, line.dropFirst().first == ":" else { continue }
            current[String(line.prefix(1)), default: []].append(String(line.dropFirst(2)))
        }
        if !current.isEmpty { stanzas.append(current) }
        return stanzas
    }
}
