import VigilCore

/// OpenWrt and Yocto (ipk) packages from the opkg status file: `/usr/lib/opkg/status` (OpenWrt) or
/// `/var/lib/opkg/status` (Yocto). The format is dpkg's; installed packages have `Status: install … installed`.
///
/// purl has no opkg type, so packages get `pkg:generic/DISTRO/NAME@VERSION?arch=…&distro=…` (the distribution from
/// os-release, `openwrt` when unknown); matching goes through CPEs for these.
public struct OpkgSource: InventorySource {
    public let id = "opkg"

    public init() {}

    public static let statusPaths = ["/usr/lib/opkg/status", "/var/lib/opkg/status"]

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var findings = InventoryFindings()
        var seen = Set<String>()  // the two paths are often one file through a link
        var installed: [String: String] = [:]
        var depends: [(from: String, field: String)] = []
        for path in Self.statusPaths {
            guard let canonical = try root.resolve(path), seen.insert(canonical).inserted,
                let bytes = try root.read(canonical)
            else { continue }
            for stanza in DpkgSource.parse(String(decoding: bytes, as: UTF8.self)) {
                guard let name = stanza["Package"], let version = stanza["Version"], !name.isEmpty, !version.isEmpty
                else {
                    findings.warnings.append("\(path): a stanza without Package or Version")
                    continue
                }
                if let status = stanza["Status"], status.split(separator: " ").last != "installed" { continue }
                let architecture = stanza["Architecture"]
                var qualifiers: [String: String] = [:]
                if let architecture { qualifiers["arch"] = architecture }
                if let distribution = context.distribution { qualifiers["distro"] = distribution.purlQualifier }
                let purl = try? PackageURL(
                    type: "generic", namespace: context.distribution?.id ?? "openwrt", name: name, version: version,
                    qualifiers: qualifiers)
                var component = SBOMComponent(
                    id: "opkg:\(name):\(architecture ?? "any")", name: name, version: version,
                    supplier: stanza["Maintainer"].map(DpkgSource.party), purl: purl?.canonicalString,
                    description: stanza["Description"].map { String($0.prefix { $0 != "\n" }) },
                    evidence: [SBOMEvidence(method: "package-database", location: path, confidence: 1, detail: "opkg")])
                if let license = stanza["License"] { component.declaredLicense = license }
                if let source = stanza["Source"] {
                    component.properties.append(SBOMProperty("vigil:opkg.source", source))
                }
                installed[name] = component.id
                findings.components.append(component)
                if let field = stanza["Depends"], !field.isEmpty { depends.append((component.id, field)) }
            }
        }
        findings.relationships = DpkgSource.dependencyEdges(depends, installed: installed)
        // File lists: `info/NAME.list` beside the status file, one absolute path per line.
        var paths = PathCanonicaliser(root: root)
        for directory in ["/usr/lib/opkg/info", "/var/lib/opkg/info"] {
            let lists = Set(try root.list(directory))
            for (name, id) in installed.sorted(by: { $0.key < $1.key }) where lists.contains(name + ".list") {
                findings.hasFileLists = true
                guard let bytes = try root.read(directory + "/" + name + ".list") else { continue }
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("/") {
                    let file = String(line.prefix { $0 != "\t" })  // Yocto appends a tab and the mode
                    if let path = paths.canonical(file), findings.fileOwners[path] == nil {
                        findings.fileOwners[path] = id
                    }
                }
            }
        }
        return findings
    }
}
