import Foundation
public import VigilCore

/// Fills missing CPEs and purls from a ``CPEDictionary``, reporting every change, so that components a matcher could
/// not see (a Yocto `cpe:2.3:*:*:busybox:…` with any vendor, a package with no identifier at all) become matchable.
///
/// ```swift
/// let result = SBOMEnricher(dictionary: .builtIn).enrich(document)
/// for change in result.changes { print(change) }
/// ```
public struct SBOMEnricher: Sendable {
    /// One identifier added to one component.
    public struct Change: Sendable, Hashable, Codable, CustomStringConvertible {
        public var componentID: String
        public var component: String
        /// `cpe` or `purl`.
        public var field: String
        public var value: String
        /// Why: the dictionary entry and its origin.
        public var reason: String

        public var description: String { "\(component): added \(field) \(value) (\(reason))" }
    }

    /// The enriched document and what changed.
    public struct Result: Sendable {
        public var document: SBOMDocument
        public var changes: [Change]
    }

    public let dictionary: CPEDictionary
    /// The purl type for components that have none: `generic`, or `yocto` for Yocto images.
    public let purlType: String

    public init(dictionary: CPEDictionary = .builtIn, purlType: String = "generic") {
        self.dictionary = dictionary
        self.purlType = purlType
    }

    /// Enriches every component except files.
    ///
    /// - Complexity: O(*n*) in the number of components.
    public func enrich(_ document: SBOMDocument) -> Result {
        var enriched = document
        var changes: [Change] = []
        for index in enriched.components.indices where enriched.components[index].kind != .file {
            changes += enrich(&enriched.components[index])
        }
        return Result(document: enriched, changes: changes)
    }

    private func enrich(_ component: inout SBOMComponent) -> [Change] {
        var changes: [Change] = []
        // Without a version a CPE would match every CVE ever filed for the product: add none.
        if let version = Self.upstreamVersion(component.version, purl: component.packageURL) {
            changes += addCPEs(to: &component, version: version)
        }
        if component.purl == nil, let version = component.version, !component.name.isEmpty,
            let purl = try? PackageURL(type: purlType, name: component.name, version: version)
        {
            component.purl = purl.canonicalString
            changes.append(
                Change(
                    componentID: component.id, component: label(component), field: "purl",
                    value: purl.canonicalString, reason: "name and version"))
        }
        return changes
    }

    /// Adds the dictionary's CPEs for the component that it lacks.
    ///
    /// The names looked up are the source package's name (the purl's `upstream` qualifier, or `vigil:deb.source`),
    /// the component's name, its purl's name and the products of its CPEs (Yocto writes
    /// `cpe:2.3:*:*:busybox:…`). A component whose own vendor-and-product CPEs share neither vendor nor product with
    /// the dictionary's entry is taken to be something else of the same name and left alone; otherwise each product
    /// it lacks is added, so `linux:linux` gains `linux:linux_kernel` and `haxx:curl` gains `curl:curl`.
    private func addCPEs(to component: inout SBOMComponent, version: String) -> [Change] {
        let existing = component.cpeNames
        // The source package first (`libssl3` is built from `openssl`).
        let names =
            Self.sourceNames(of: component) + [component.name, component.packageURL?.name].compactMap { $0 }
            + existing.compactMap(\.product.plainText)
        guard
            let (name, products) = names.lazy.map({ ($0, dictionary.products(for: $0)) }).first(where: { !$1.isEmpty })
        else { return [] }
        let specific = existing.compactMap { cpe -> (vendor: String, product: String)? in
            guard let vendor = cpe.vendor.plainText, let product = cpe.product.plainText else { return nil }
            return (vendor, product)
        }
        let related = specific.contains { cpe in
            products.contains { $0.vendor == cpe.vendor || $0.product == cpe.product }
        }
        if !specific.isEmpty && !related { return [] }
        var changes: [Change] = []
        for product in products where !specific.contains(where: { $0 == (product.vendor, product.product) }) {
            guard let cpe = try? product.name(version: version).formattedString, !component.cpes.contains(cpe)
            else { continue }
            component.cpes.append(cpe)
            changes.append(
                Change(
                    componentID: component.id, component: label(component), field: "cpe", value: cpe,
                    reason: "\(name) → \(product), \(dictionary.origin(of: name, product: product) ?? "dictionary")"))
        }
        return changes
    }

    /// The names of the source package a binary package was built from, as the package databases record it: syft's
    /// purl `upstream=` qualifier, dpkg's `Source`, RPM's source RPM, apk's origin, opkg's `Source` (its last path
    /// component) and the Yocto recipe.
    public static func sourceNames(of component: SBOMComponent) -> [String] {
        var names: [String] = []
        if let upstream = component.packageURL?.qualifiers["upstream"] {
            names.append(String(upstream.prefix { $0 != "@" }))
        }
        for key in ["vigil:deb.source", "vigil:rpm.source", "vigil:apk.origin", "vigil:yocto.recipe"] {
            if let value = component.properties[property: key] { names.append(value) }
        }
        if let source = component.properties[property: "vigil:opkg.source"],
            let last = source.split(separator: "/").last
        {
            names.append(String(last))
        }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private func label(_ component: SBOMComponent) -> String {
        component.name + (component.version.map { "@\($0)" } ?? "")
    }

    /// The upstream version a CPE wants: without an epoch (`1:2.3` → `2.3`), without a Debian or RPM revision for
    /// `deb`/`rpm` purls (`2.36-9+deb12u4` → `2.36`), and without Yocto's source-control suffix (`2.39+git` →
    /// `2.39`, `6.6.21+gitAUTOINC+abc` → `6.6.21`), and without Debian's repack markers (`1.2.13.dfsg` → `1.2.13`,
    /// `2.12.1+dfsg` → `2.12.1`).
    public static func upstreamVersion(_ version: String?, purl: PackageURL?) -> String? {
        guard var version, !version.isEmpty else { return nil }
        if let colon = version.firstIndex(of: ":"), version[..<colon].allSatisfy(\.isNumber) {
            version = String(version[version.index(after: colon)...])
        }
        if ["deb", "rpm", "apk"].contains(purl?.type ?? ""), let hyphen = version.lastIndex(of: "-") {
            version = String(version[..<hyphen])
        }
        for marker in ["+git", "+svn", "+cvs", "+hg"] {
            if let range = version.range(of: marker) { version = String(version[..<range.lowerBound]) }
        }
        // Debian's repacked sources: `1.2.13.dfsg`, `2.12.1+dfsg`, `1.0~dfsg1`, `4.2+ds`, `3.1+repack2`.
        for marker in ["dfsg", "ds", "repack"] {
            for separator in [".", "+", "~"] {
                guard let range = version.range(of: separator + marker, options: .backwards) else { continue }
                let rest = version[range.upperBound...]
                if rest.allSatisfy(\.isNumber) { version = String(version[..<range.lowerBound]) }
            }
        }
        return version.isEmpty ? nil : version
    }
}
