import VigilCore

/// Debian packages from the dpkg database: `/var/lib/dpkg/status` and, for distroless images, one stanza file per
/// package in `/var/lib/dpkg/status.d/`.
///
/// Only packages dpkg has installed (`Status: install ok installed`) count. Each becomes a component with a purl
/// `pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12`, plus `upstream=SOURCE@VERSION` when the
/// source package differs (as syft writes it, so matchers can reach Debian's per-source data), the maintainer as
/// supplier, and `Depends`/`Pre-Depends` as dependencies on the installed packages they name (the first installed
/// alternative of `a | b`).
public struct DpkgSource: InventorySource {
    public let id = "dpkg"

    public init() {}

    public static let statusPath = "/var/lib/dpkg/status"
    public static let statusDirectory = "/var/lib/dpkg/status.d"

    /// One control stanza: field names as written, values with continuation lines joined by newlines.
    typealias Stanza = [String: String]

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var stanzas: [(location: String, stanza: Stanza)] = []
        if let bytes = try root.read(Self.statusPath) {
            stanzas += Self.parse(String(decoding: bytes, as: UTF8.self)).map { (Self.statusPath, $0) }
        }
        for name in try root.list(Self.statusDirectory) where !name.hasSuffix(".md5sums") {
            let path = Self.statusDirectory + "/" + name
            guard let bytes = try root.read(path) else { continue }
            stanzas += Self.parse(String(decoding: bytes, as: UTF8.self)).map { (path, $0) }
        }
        var findings = InventoryFindings()
        var installed: [String: SBOMComponent] = [:]  // by package name
        var depends: [(from: String, field: String)] = []
        for (index, (location, stanza)) in stanzas.enumerated() {
            guard let name = stanza["Package"], !name.isEmpty else {
                findings.warnings.append("\(location): stanza \(index + 1) has no Package")
                continue
            }
            // status.d files have no Status field: every stanza there is installed.
            if let status = stanza["Status"], status.split(separator: " ").last != "installed" { continue }
            guard let version = stanza["Version"], !version.isEmpty else {
                findings.warnings.append("\(location): \(name) has no Version")
                continue
            }
            let architecture = stanza["Architecture"]
            let component = Self.component(
                name: name, version: version, architecture: architecture, stanza: stanza, location: location,
                distribution: context.distribution)
            installed[name] = component
            findings.components.append(component)
            let dependencies = [stanza["Pre-Depends"], stanza["Depends"]].compactMap { $0 }.joined(separator: ", ")
            if !dependencies.isEmpty { depends.append((component.id, dependencies)) }
        }
        findings.relationships += Self.dependencyEdges(depends, installed: installed.mapValues(\.id))
        try readFileLists(root, installed: installed, into: &findings)
        return findings
    }

    public static let infoDirectory = "/var/lib/dpkg/info"

    /// Which installed package owns which file: `/var/lib/dpkg/info/NAME.list` or `NAME:ARCH.list`, each path made
    /// canonical inside the root (`/lib/…` is `/usr/lib/…` on a merged-/usr system).
    func readFileLists(
        _ root: any RootFilesystem, installed: [String: SBOMComponent], into findings: inout InventoryFindings
    ) throws(InventoryError) {
        let lists = Set(try root.list(Self.infoDirectory).filter { $0.hasSuffix(".list") })
        guard !lists.isEmpty else { return }
        findings.hasFileLists = true
        var paths = PathCanonicaliser(root: root)
        for (name, component) in installed.sorted(by: { $0.key < $1.key }) {
            let architecture = component.packageURL?.qualifiers["arch"]
            let candidates = [architecture.map { "\(name):\($0).list" }, "\(name).list"].compactMap { $0 }
            guard let list = candidates.first(where: lists.contains),
                let bytes = try root.read(Self.infoDirectory + "/" + list)
            else { continue }
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("/") {
                if let path = paths.canonical(String(line)), findings.fileOwners[path] == nil {
                    findings.fileOwners[path] = component.id
                }
            }
        }
    }

    /// `Depends` fields as dependency edges: each comma-separated group names one dependency, satisfied by the first
    /// installed alternative of `a | b`; version constraints and architecture qualifiers are ignored.
    static func dependencyEdges(
        _ depends: [(from: String, field: String)], installed: [String: String]
    ) -> [SBOMRelationship] {
        var edges: [SBOMRelationship] = []
        for (from, field) in depends {
            var targets = Set<String>()
            for group in field.split(separator: ",") {
                let alternatives = group.split(separator: "|").map(Self.packageName)
                if let target = alternatives.first(where: { installed[$0] != nil }), let to = installed[target],
                    to != from, targets.insert(to).inserted
                {
                    edges.append(SBOMRelationship(from, .dependsOn, to))
                }
            }
        }
        return edges
    }

    /// `libc6 (>= 2.36)`, `python3:any` → `libc6`, `python3`.
    static func packageName(_ dependency: Substring) -> String {
        let trimmed = dependency.drop { $0 == " " }
        let name = trimmed.prefix { $0 != " " && $0 != "(" && $0 != ":" && $0 != "[" }
        return String(name)
    }

    static func component(
        name: String, version: String, architecture: String?, stanza: Stanza, location: String,
        distribution: Distribution?
    ) -> SBOMComponent {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if let distribution { qualifiers["distro"] = distribution.purlQualifier }
        // `Source: openssl` or `Source: openssl (3.0.11-1)` when the source version differs.
        var sourceName: String?
        if let source = stanza["Source"] {
            let parts = source.split(separator: " ", maxSplits: 1)
            let sourcePackage = parts.first.map(String.init) ?? name
            let sourceVersion = parts.count > 1 ? parts[1].trimmingCharacters(in: "()") : nil
            sourceName = sourcePackage
            qualifiers["upstream"] = sourceVersion.map { "\(sourcePackage)@\($0)" } ?? sourcePackage
        }
        let namespace = distribution?.id ?? "debian"
        let purl = try? PackageURL(
            type: "deb", namespace: namespace, name: name, version: version, qualifiers: qualifiers)
        var component = SBOMComponent(
            id: "deb:\(name):\(architecture ?? "any")", kind: .library, name: name, version: version,
            supplier: stanza["Maintainer"].map(Self.party), purl: purl?.canonicalString,
            description: stanza["Description"].map { String($0.prefix { $0 != "\n" }) },
            evidence: [SBOMEvidence(method: "package-database", location: location, confidence: 1, detail: "dpkg")])
        if let homepage = stanza["Homepage"] {
            component.externalReferences.append(SBOMExternalReference(type: "website", url: homepage))
        }
        if let sourceName { component.properties.append(SBOMProperty("vigil:deb.source", sourceName)) }
        return component
    }

    /// `Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>` → the name and the e-mail address.
    static func party(_ maintainer: String) -> SBOMParty {
        guard let open = maintainer.lastIndex(of: "<"), maintainer.hasSuffix(">") else {
            return SBOMParty(.organization, name: maintainer)
        }
        let name = String(maintainer[..<open]).trimmingSpaces
        let email = String(maintainer[maintainer.index(after: open)..<maintainer.index(before: maintainer.endIndex)])
        return SBOMParty(.organization, name: name.isEmpty ? email : name, email: email)
    }

    /// RFC 822-style control stanzas separated by blank lines; continuation lines start with a space or tab.
    static func parse(_ text: String) -> [Stanza] {
        var stanzas: [Stanza] = []
        var current: Stanza = [:]
        var lastKey: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if !current.isEmpty { stanzas.append(current) }
                current = [:]
                lastKey = nil
            } else if line.first == " " || line.first == "\t" {
                if let key = lastKey { current[key, default: ""] += "\n" + line.dropFirst() }
            } else if let colon = line.firstIndex(of: ":") {
                let key = String(line[..<colon])
                current[key] = String(line[line.index(after: colon)...]).trimmingSpaces
                lastKey = key
            }
        }
        if !current.isEmpty { stanzas.append(current) }
        return stanzas
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
