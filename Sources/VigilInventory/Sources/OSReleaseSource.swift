import Foundation
import VigilCore

/// The operating system from `/etc/os-release` (or `/usr/lib/os-release`, which it usually links to): `ID`,
/// `VERSION_ID`, `PRETTY_NAME`, `VERSION_CODENAME`, `CPE_NAME`, and the image fields `BUILD_ID`, `IMAGE_ID`,
/// `IMAGE_VERSION`, `VARIANT_ID`. Values follow the os-release(5) shell-like quoting. OpenWrt's
/// `/etc/openwrt_release` (`DISTRIB_RELEASE`, `DISTRIB_REVISION`, `DISTRIB_TARGET`) stands in when there is no
/// os-release, and adds its build fields when there is. Yocto's `/etc/buildinfo` (written by `image-buildinfo`:
/// `DISTRO`, `DISTRO_VERSION`, `MACHINE` and each layer's branch and commit) is kept as `vigil:build.*` properties of
/// the operating-system component, the image's build provenance.
public struct OSReleaseSource: InventorySource {
    public let id = "os-release"

    public init() {}

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        let openWrt = try root.read("/etc/openwrt_release", limit: 64 << 10).map {
            Self.parse(String(decoding: $0, as: UTF8.self))
        }
        var findings = InventoryFindings()
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let bytes = try root.read(path, limit: 64 << 10) else { continue }
            let fields = Self.parse(String(decoding: bytes, as: UTF8.self))
            guard let id = fields["ID"], !id.isEmpty else {
                findings.warnings.append("\(path) has no ID")
                break
            }
            var component = Self.component(
                id: id, version: fields["VERSION_ID"], prettyName: fields["PRETTY_NAME"], location: path)
            if let cpe = fields["CPE_NAME"], (try? CPEName(parsing: cpe)) != nil { component.cpes = [cpe] }
            if let codename = fields["VERSION_CODENAME"] {
                component.properties.append(SBOMProperty("vigil:os.codename", codename))
            }
            for key in ["BUILD_ID", "IMAGE_ID", "IMAGE_VERSION", "VARIANT_ID"] {
                if let value = fields[key], !value.isEmpty {
                    component.properties.append(SBOMProperty("vigil:build.\(key)", value))
                }
            }
            findings.components = [component]
            findings.distribution = Distribution(
                id: id, versionID: fields["VERSION_ID"], prettyName: fields["PRETTY_NAME"],
                versionCodename: fields["VERSION_CODENAME"])
            break
        }
        if findings.components.isEmpty, let openWrt, let name = openWrt["DISTRIB_ID"], !name.isEmpty {
            let id = name.lowercased()
            findings.components = [
                Self.component(
                    id: id, version: openWrt["DISTRIB_RELEASE"], prettyName: openWrt["DISTRIB_DESCRIPTION"],
                    location: "/etc/openwrt_release")
            ]
            findings.distribution = Distribution(
                id: id, versionID: openWrt["DISTRIB_RELEASE"], prettyName: openWrt["DISTRIB_DESCRIPTION"])
        }
        guard !findings.components.isEmpty else { return findings }
        for key in ["DISTRIB_REVISION", "DISTRIB_TARGET", "DISTRIB_ARCH"] {
            if let value = openWrt?[key], !value.isEmpty {
                findings.components[0].properties.append(SBOMProperty("vigil:build.\(key)", value))
            }
        }
        if let bytes = try root.read("/etc/buildinfo", limit: 1 << 20) {
            findings.components[0].properties += Self.yoctoBuildInfo(String(decoding: bytes, as: UTF8.self))
            findings.components[0].evidence.append(
                SBOMEvidence(method: "build-info", location: "/etc/buildinfo", confidence: 1))
        }
        return findings
    }

    static func component(id: String, version: String?, prettyName: String?, location: String) -> SBOMComponent {
        SBOMComponent(
            id: "os:\(id)", kind: .operatingSystem, name: id, version: version, description: prettyName,
            evidence: [SBOMEvidence(method: "os-release", location: location, confidence: 1)])
    }

    /// `KEY = value` lines of Yocto's `/etc/buildinfo`: build configuration (`DISTRO = poky`) and, under "Layer
    /// Revisions", `meta = kirkstone:6c5e…` (kept as `vigil:build.layer.meta`).
    static func yoctoBuildInfo(_ text: String) -> [SBOMProperty] {
        var properties: [SBOMProperty] = []
        var inLayers = false
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("Layer Revisions") { inLayers = true }
            guard let equals = line.range(of: " = ") ?? line.range(of: "=") else { continue }
            let key = String(line[..<equals.lowerBound]).trimmingSpaces
            let value = String(line[equals.upperBound...]).trimmingSpaces
            guard !key.isEmpty, !key.contains(" "), !value.isEmpty else { continue }
            properties.append(SBOMProperty("vigil:build.\(inLayers ? "layer." : "")\(key)", value))
        }
        return properties
    }

    /// `KEY=value`, `KEY="value with \"escapes\""`, `KEY='value'`; comments and blank lines skipped.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals])
            var value = Substring(trimmed[trimmed.index(after: equals)...])
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst()
                var unquoted = ""
                var escaped = false
                for character in value {
                    if escaped {
                        unquoted.append(character)
                        escaped = false
                    } else if character == "\\", quote == "\"" {
                        escaped = true
                    } else if character == quote {
                        break
                    } else {
                        unquoted.append(character)
                    }
                }
                fields[key] = unquoted
            } else {
                fields[key] = String(value).trimmingSpaces
            }
        }
        return fields
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
