import VigilCore

/// The Linux kernel, from its module trees: each `/lib/modules/RELEASE/` holding a `modules.dep` or `kernel/` is a
/// kernel release the image can boot (`6.1.0-18-amd64`, `6.6.21-yocto-standard`). The release's leading
/// `major.minor.patch` is the upstream version NVD and the kernel CNA use.
///
/// The kernel banner (`Linux version …` in `vmlinuz`) and its configuration are for a later source.
public struct KernelModulesSource: InventorySource {
    public let id = "kernel-modules"

    public init() {}

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var findings = InventoryFindings()
        for path in ["/lib/modules", "/usr/lib/modules"] {
            guard let canonical = try root.resolve(path),
                !findings.components.contains(where: {
                    $0.evidence.first?.location?.hasPrefix(canonical + "/") == true
                })
            else { continue }
            for release in try root.list(canonical) {
                let directory = canonical + "/" + release
                let hasModules = try root.resolvedNode(directory + "/modules.dep") != nil
                let hasTree = try root.resolvedNode(directory + "/kernel") != nil
                guard hasModules || hasTree else { continue }
                let upstream = Self.upstreamVersion(release)
                var component = SBOMComponent(
                    id: "kernel:\(release)", kind: .operatingSystem, name: "linux", version: upstream ?? release,
                    purl: (try? PackageURL(
                        type: "generic", name: "linux", version: upstream ?? release,
                        qualifiers: ["kernel_release": release]))?.canonicalString,
                    evidence: [SBOMEvidence(method: id, location: directory, confidence: 0.9, detail: release)])
                component.properties.append(SBOMProperty("vigil:kernel.release", release))
                findings.components.append(component)
            }
        }
        return findings
    }

    /// `6.1.0-18-amd64` → `6.1.0`; `5.15.0` → `5.15.0`; `4.19` → `4.19`; nil when it does not start with numbers.
    static func upstreamVersion(_ release: String) -> String? {
        let numbers = release.prefix { $0.isNumber || $0 == "." }
        let parts = numbers.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return parts.prefix(3).joined(separator: ".")
    }
}
