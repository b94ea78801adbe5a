import Foundation
import VigilCore

/// A build system's record of what went into an image, given beside it (`vigil sbom generate ROOTFS --manifest
/// FILE`) or found inside it:
/// - a Yocto **image manifest** (`IMAGE.manifest` in the deploy directory): one `package architecture version` line
///   per installed package;
/// - a Yocto **license manifest** (`license.manifest`, also installed as
///   `/usr/share/common-licenses/license.manifest` when `COPY_LIC_MANIFEST = "1"`): blocks of `PACKAGE NAME:`,
///   `PACKAGE VERSION:`, `RECIPE NAME:`, `LICENSE:`;
/// - Buildroot's **`make show-info`** JSON: one object per package with `type`, `version`, `licenses`,
///   `dependencies`, `cpe-id` and `ignore_cves`; host packages (build tools) and virtual packages are left out.
///
/// The format is told from the content. Components are `pkg:yocto/NAME@VERSION?arch=…` or
/// `pkg:generic/buildroot/NAME@VERSION`; the Yocto recipe is kept as `vigil:yocto.recipe` (the name the CPE dictionary
/// knows), Buildroot's `cpe-id` as the component's CPE and `ignore_cves` as `vigil:buildroot.ignore-cves`.
public struct BuildManifestSource: InventorySource {
    public let id = "build-manifest"

    /// A manifest given beside the image.
    public struct Manifest: Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    public enum Format: String, Sendable {
        case yoctoImageManifest = "yocto-image-manifest"
        case yoctoLicenseManifest = "yocto-license-manifest"
        case buildrootShowInfo = "buildroot-show-info"
    }

    public var manifests: [Manifest]

    public init(manifests: [Manifest] = []) { self.manifests = manifests }

    public static let installedLicenseManifest = "/usr/share/common-licenses/license.manifest"

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var all = manifests.map { ($0, given: true) }
        if let bytes = try root.read(Self.installedLicenseManifest) {
            all.append((Manifest(name: Self.installedLicenseManifest, bytes: bytes), given: false))
        }
        var findings = InventoryFindings()
        for (manifest, given) in all {
            guard let format = Self.format(of: manifest.bytes) else {
                let message = "not a Yocto image or license manifest, nor Buildroot `make show-info` JSON"
                // A manifest the user named must be read; one found in the image is only a warning.
                guard given else {
                    findings.warnings.append("\(manifest.name): \(message)")
                    continue
                }
                throw InventoryError(.unsupported, message, path: manifest.name)
            }
            switch format {
            case .yoctoImageManifest: Self.readImageManifest(manifest, into: &findings)
            case .yoctoLicenseManifest: Self.readLicenseManifest(manifest, into: &findings)
            case .buildrootShowInfo: try Self.readShowInfo(manifest, into: &findings)
            }
        }
        return findings
    }

    /// The manifest's format, from its first meaningful bytes.
    public static func format(of bytes: [UInt8]) -> Format? {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") { return .buildrootShowInfo }
        if trimmed.hasPrefix("PACKAGE NAME:") { return .yoctoLicenseManifest }
        let lines = text.split(separator: "\n").prefix(20).filter { !$0.isEmpty }
        // `name architecture version`, the version starting with a digit (`1.36.1-r0`, `0.0+git0+…`).
        let isEntry = { (line: Substring) -> Bool in
            let fields = line.split(separator: " ")
            return fields.count == 3 && fields[2].first?.isNumber == true
                && fields[0].allSatisfy { $0.isLetter || $0.isNumber || "+-._".contains($0) }
        }
        if !lines.isEmpty, lines.allSatisfy(isEntry) { return .yoctoImageManifest }
        return nil
    }

    static func readImageManifest(_ manifest: Manifest, into findings: inout InventoryFindings) {
        for (number, line) in String(decoding: manifest.bytes, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 3 else {
                if !line.allSatisfy(\.isWhitespace) {
                    findings.warnings.append("\(manifest.name):\(number + 1): not `package architecture version`")
                }
                continue
            }
            findings.components.append(
                yoctoComponent(
                    name: String(fields[0]), version: String(fields[2]), architecture: String(fields[1]),
                    recipe: nil, license: nil, location: manifest.name))
        }
    }

    static func readLicenseManifest(_ manifest: Manifest, into findings: inout InventoryFindings) {
        var fields: [String: String] = [:]
        func flush() {
            defer { fields = [:] }
            guard !fields.isEmpty else { return }
            guard let name = fields["PACKAGE NAME"], let version = fields["PACKAGE VERSION"] else {
                findings.warnings.append("\(manifest.name): a block without PACKAGE NAME or PACKAGE VERSION")
                return
            }
            findings.components.append(
                yoctoComponent(
                    name: name, version: version, architecture: nil, recipe: fields["RECIPE NAME"],
                    license: fields["LICENSE"], location: manifest.name))
        }
        for line in String(decoding: manifest.bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.allSatisfy(\.isWhitespace) {
                flush()
            } else if let colon = line.firstIndex(of: ":") {
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        flush()
    }

    static func yoctoComponent(
        name: String, version: String, architecture: String?, recipe: String?, license: String?, location: String
    ) -> SBOMComponent {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        var component = SBOMComponent(
            id: "yocto:\(name)", kind: .library, name: name, version: version,
            purl: (try? PackageURL(type: "yocto", name: name, version: version, qualifiers: qualifiers))?
                .canonicalString,
            evidence: [SBOMEvidence(method: "manifest", location: location, confidence: 1, detail: "yocto")])
        component.declaredLicense = license
        if let recipe { component.properties.append(SBOMProperty("vigil:yocto.recipe", recipe)) }
        return component
    }

    static func readShowInfo(_ manifest: Manifest, into findings: inout InventoryFindings) throws(InventoryError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(manifest.bytes)) as? [String: Any] else {
                throw InventoryError(.unsupported, "`make show-info` output is a JSON object", path: manifest.name)
            }
            object = parsed
        } catch let error as InventoryError {
            throw error
        } catch {
            throw InventoryError(.unsupported, "not valid JSON: \(error.localizedDescription)", path: manifest.name)
        }
        var ids: [String: String] = [:]
        var depends: [(String, [String])] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let package = value as? [String: Any] else {
                findings.warnings.append("\(manifest.name): \(key) is not an object")
                continue
            }
            let type = package["type"] as? String
            guard type == "target", package["virtual"] as? Bool != true else { continue }
            guard let version = package["version"] as? String, !version.isEmpty else {
                findings.warnings.append("\(manifest.name): \(key) has no version")
                continue
            }
            let name = package["name"] as? String ?? key
            var component = SBOMComponent(
                id: "buildroot:\(name)", kind: .library, name: name, version: version,
                purl: (try? PackageURL(type: "generic", namespace: "buildroot", name: name, version: version))?
                    .canonicalString,
                evidence: [
                    SBOMEvidence(method: "manifest", location: manifest.name, confidence: 1, detail: "buildroot")
                ]
            )
            if let licenses = package["licenses"] as? String, !licenses.isEmpty {
                component.properties.append(SBOMProperty("vigil:buildroot.licenses", licenses))
            }
            if let cpe = package["cpe-id"] as? String, (try? CPEName(formattedString: cpe)) != nil {
                component.cpes.append(cpe)
            }
            if let ignored = package["ignore_cves"] as? [String], !ignored.isEmpty {
                component.properties.append(SBOMProperty("vigil:buildroot.ignore-cves", ignored.joined(separator: " ")))
            }
            ids[key] = component.id
            depends.append((component.id, package["dependencies"] as? [String] ?? []))
            findings.components.append(component)
        }
        for (from, names) in depends {
            for name in names {
                if let to = ids[name], to != from { findings.relationships.append(.init(from, .dependsOn, to)) }
            }
        }
    }
}
