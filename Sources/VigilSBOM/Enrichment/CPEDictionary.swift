import Foundation
public import VigilCore

/// Maps package names (Debian source packages, Yocto recipes and packages, Buildroot packages) to the CPE
/// vendor:product pairs NVD files vulnerabilities under.
///
/// Lookups normalise the name (lowercase; Yocto's `-native`, `-cross-*` and `-dev`/`-dbg`/`-doc` suffixes removed).
/// Later entries for a name add to earlier ones, so dictionaries compose: ``builtIn`` first, then a user's own list.
public struct CPEDictionary: Sendable {
    /// One CPE product: part (`a` or `o`), vendor and product, as NVD writes them.
    public struct Product: Sendable, Hashable, CustomStringConvertible {
        public var part: String
        public var vendor: String
        public var product: String

        public init(part: String = "a", vendor: String, product: String) {
            self.part = part
            self.vendor = vendor
            self.product = product
        }

        public var description: String { "\(vendor):\(product)" }

        /// The CPE 2.3 name for a version of this product.
        ///
        /// - Throws: ``CPEError`` when the version cannot stand in a CPE (it should not happen for real versions).
        public func name(version: String?) throws(CPEError) -> CPEName {
            try CPEName(
                part: .literal(part), vendor: .literal(vendor), product: .literal(product),
                version: version.map(CPEAttributeValue.literal) ?? .any)
        }
    }

    private var entries: [String: [Product]]
    /// Where each product of each entry came from, for reports: `curated`, or the file it was read from.
    private var origins: [String: [Product: String]]

    public init() {
        entries = [:]
        origins = [:]
    }

    /// The products for a package name, after normalisation.
    public func products(for name: String) -> [Product] {
        entries[Self.normalise(name)] ?? []
    }

    /// Where the entry for a name came from: the origin of its first product.
    public func origin(of name: String) -> String? {
        products(for: name).first.flatMap { origin(of: name, product: $0) }
    }

    /// Where one product of the entry for a name came from.
    public func origin(of name: String, product: Product) -> String? { origins[Self.normalise(name)]?[product] }

    /// The number of names mapped.
    public var count: Int { entries.count }

    /// Adds products for a name, after the ones already there; a product already listed keeps its first origin.
    public mutating func add(_ name: String, _ products: [Product], origin: String) {
        let key = Self.normalise(name)
        var list = entries[key] ?? []
        for product in products where !list.contains(product) {
            list.append(product)
            origins[key, default: [:]][product] = origin
        }
        entries[key] = list
    }

    /// What reading a list found: how many entries it added, and the lines it had to skip.
    public struct ListReport: Sendable, Hashable {
        public var read: Int
        /// Line numbers (1-based) whose CPE does not parse.
        public var skippedLines: [Int]
    }

    /// Reads a list in the Debian security tracker's `data/CPE/list` format: `source-package;cpe:/part:vendor:product`,
    /// `#` comments. Entries without a CPE (`package;`) are ignored; a doubled `;` is tolerated (the real list has
    /// one); lines whose CPE does not parse are skipped and reported.
    ///
    /// - Complexity: O(*n*) in the length of the text.
    @discardableResult
    public mutating func addDebianList(_ text: String, origin: String) -> ListReport {
        var report = ListReport(read: 0, skippedLines: [])
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let semicolon = trimmed.firstIndex(of: ";") else {
                continue
            }
            let cpe = trimmed[trimmed.index(after: semicolon)...].drop { $0 == ";" }.trimmingCharacters()
            guard !cpe.isEmpty else { continue }
            guard let name = try? CPEName(parsing: cpe), let part = name.part.plainText,
                let vendor = name.vendor.plainText, let product = name.product.plainText
            else {
                report.skippedLines.append(number + 1)
                continue
            }
            add(String(trimmed[..<semicolon]), [Product(part: part, vendor: vendor, product: product)], origin: origin)
            report.read += 1
        }
        return report
    }

    /// Lowercases and strips Yocto's variant suffixes: `zlib-native` → `zlib`, `gcc-cross-arm` → `gcc`; Yocto's
    /// kernel image packages (`kernel-6.6.21-yocto-standard`, `kernel-image-bzimage-…`, `kernel-base`) become
    /// `kernel`. Kernel module packages (`kernel-module-…`) stay apart: mapping each to the kernel would report every
    /// kernel CVE once per module.
    static func normalise(_ name: String) -> String {
        var key = name.lowercased()
        for suffix in ["-native", "-nativesdk", "-crosssdk", "-dev", "-dbg", "-doc", "-staticdev", "-src", "-locale"]
        where key.hasSuffix(suffix) {
            key.removeLast(suffix.count)
        }
        // `gcc-cross-arm`, `binutils-cross-x86_64`: the rest names a target, never a version.
        if let range = key.range(of: "-cross-"), !key[range.upperBound...].contains(".") {
            key = String(key[..<range.lowerBound])
        }
        if key.hasPrefix("nativesdk-") { key.removeFirst(10) }
        if key.hasPrefix("kernel-") {
            let rest = key.dropFirst(7)
            if rest.first?.isNumber == true || rest.hasPrefix("image") || rest == "base" || rest == "vmlinux" {
                key = "kernel"
            }
        }
        return key
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var result = self
        while result.last == " " || result.last == "\r" || result.last == "\t" { result = result.dropLast() }
        return String(result)
    }
}
