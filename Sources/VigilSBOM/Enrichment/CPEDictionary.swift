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
    /// Where each entry came from, for reports: `curated`, or the file it was read from.
    private var origins: [String: String]

    public init() {
        entries = [:]
        origins = [:]
    }

    /// The products for a package name, after normalisation.
    public func products(for name: String) -> [Product] {
        entries[Self.normalise(name)] ?? []
    }

    /// Where the entry for a name came from.
    public func origin(of name: String) -> String? { origins[Self.normalise(name)] }

    /// The number of names mapped.
    public var count: Int { entries.count }

    /// Adds products for a name, after the ones already there.
    public mutating func add(_ name: String, _ products: [Product], origin: String) {
        let key = Self.normalise(name)
        var list = entries[key] ?? []
        for product in products where !list.contains(product) { list.append(product) }
        entries[key] = list
        if origins[key] == nil { origins[key] = origin }
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

    /// Lowercases and strips Yocto's variant suffixes: `zlib-native` → `zlib`, `gcc-cross-arm` → `gcc`.
    static func normalise(_ name: String) -> String {
        var key = name.lowercased()
        for suffix in ["-native", "-nativesdk", "-crosssdk", "-dev", "-dbg", "-doc", "-staticdev", "-src", "-locale"]
        where key.hasSuffix(suffix) {
            key.removeLast(suffix.count)
        }
        if let range = key.range(of: "-cross-") { key = String(key[..<range.lowerBound]) }
        if key.hasPrefix("nativesdk-") { key.removeFirst(10) }
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
