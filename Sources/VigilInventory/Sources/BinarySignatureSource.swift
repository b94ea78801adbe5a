import Dispatch
import Foundation
import Synchronization
import VigilCore
public import VigilSBOM

/// Components found by the version strings their code leaves in binaries (``BinarySignature``): what the package
/// databases do not list — static libraries, vendor binaries, whole images without a package manager.
///
/// Every regular file that is a binary (ELF, `ar` archive, U-Boot image, or anything under `/boot`; every file when
/// ``scanEveryFile`` is set, as for a single binary) is read once and scanned for all signatures in one pass, on
/// several threads. What is found is then placed:
/// - in a file a package installed (its file list says so) and the package is that component (`libssl3` built from
///   `openssl`): more evidence for the package — one component, not two; a different version is warned about;
/// - in a root without file lists, a package of the same product and upstream version gets the evidence;
/// - otherwise a component `pkg:generic/NAME@VERSION` of its own, with every file it was seen in as evidence, and
///   a `CONTAINS` relationship from the package that installed the file, if any.
public struct BinarySignatureSource: InventorySource {
    public let id = "binary-signature"
    public var signatures: SignatureSet
    /// Scan every file, not only binaries (a single file given on the command line).
    public var scanEveryFile: Bool
    /// Larger files are skipped with a warning.
    public var maximumFileSize: Int
    public var threads: Int
    public var dictionary: CPEDictionary

    public init(
        signatures: SignatureSet = .builtIn, scanEveryFile: Bool = false, maximumFileSize: Int = 1 << 30,
        threads: Int? = nil, dictionary: CPEDictionary = .builtIn
    ) {
        self.signatures = signatures
        self.scanEveryFile = scanEveryFile
        self.maximumFileSize = maximumFileSize
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.dictionary = dictionary
    }

    /// What one scan found: matches per file, and the bytes read.
    public struct ScanResult: Sendable {
        public var matches: [(path: String, match: SignatureMatch)]
        public var filesScanned: Int
        public var bytesScanned: Int
        public var warnings: [String]
    }

    /// Scans the root's binaries; matches in path, then offset order.
    public func scan(_ root: any RootFilesystem) throws(InventoryError) -> ScanResult {
        let files = try root.regularFiles()
        let next = Atomic<Int>(0)
        let largeFiles = Mutex(())
        let results = Mutex<[(index: Int, matches: [SignatureMatch], bytes: Int, warning: String?)]>([])
        let signatures = signatures
        let scanEveryFile = scanEveryFile
        let maximumFileSize = maximumFileSize
        DispatchQueue.concurrentPerform(iterations: min(threads, max(files.count, 1))) { _ in
            let matcher = signatures.matcher()
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < files.count else { return }
                let (path, size) = files[index]
                guard size > 0 else { continue }
                do throws(InventoryError) {
                    if !scanEveryFile {
                        let head = try root.prefix(ofFile: path, count: 8)
                        guard Self.isBinary(head: head, path: path) else { continue }
                    }
                    guard size <= maximumFileSize else {
                        let warning = "\(path): \(size) bytes, over the \(maximumFileSize)-byte limit; not scanned"
                        results.withLock { $0.append((index, [], 0, warning)) }
                        continue
                    }
                    let name = path.split(separator: "/").last.map(String.init) ?? path
                    let scan = { () throws(InventoryError) -> (matches: [SignatureMatch], count: Int) in
                        let bytes = try root.contents(ofFile: path, limit: maximumFileSize)
                        return (matcher.scan(bytes) + matcher.scan(fileName: name), bytes.count)
                    }
                    // At most one large file in memory at a time, whatever the number of threads.
                    let (matches, count) =
                        size > Self.largeFile
                        ? try largeFiles.withLock { _ throws(InventoryError) in try scan() } : try scan()
                    results.withLock { $0.append((index, matches, count, nil)) }
                } catch {
                    results.withLock { $0.append((index, [], 0, error.description)) }
                }
            }
        }
        let sorted = results.withLock { $0 }.sorted { $0.index < $1.index }
        return ScanResult(
            matches: sorted.flatMap { result in result.matches.map { (files[result.index].path, $0) } },
            filesScanned: sorted.count { $0.warning == nil },
            bytesScanned: sorted.reduce(0) { $0 + $1.bytes },
            warnings: sorted.compactMap(\.warning))
    }

    /// Files larger than this are read and scanned one at a time, so memory stays near one large file plus a small
    /// one per thread.
    static let largeFile = 64 << 20

    /// ELF, `ar` archives (static libraries), legacy U-Boot images, and anything under `/boot` or named like a boot
    /// loader image.
    static func isBinary(head: [UInt8], path: String) -> Bool {
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return true }  // \x7fELF
        if head.starts(with: Array("!<arch>\n".utf8)) { return true }
        if head.starts(with: [0x27, 0x05, 0x19, 0x56]) { return true }  // uImage
        let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return path.hasPrefix("/boot/") || name.hasPrefix("u-boot") || name.hasPrefix("uboot")
    }

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        let result = try scan(root)
        var findings = InventoryFindings(warnings: result.warnings)
        var found: [String: SBOMComponent] = [:]  // by id
        var contained = Set<SBOMRelationship>()
        for (path, match) in result.matches {
            let evidence = SBOMEvidence(
                method: match.offset == nil ? "file-name" : id, location: path, confidence: match.confidence,
                detail: match.text, offset: match.offset,
                rule: match.signature)
            let owner = context.fileOwners[path].flatMap { context.components[$0] }
            if let owner, sameProduct(owner, match.component) {
                findings.evidence[owner.id, default: []].append(evidence)
                if !versionAgrees(owner, match.version) {
                    findings.warnings.append(
                        "\(path): \(match.component) \(match.version) in the binary, but \(owner.name) "
                            + "\(owner.version ?? "without a version") in the package database")
                }
                continue
            }
            if owner == nil, !context.hasFileLists,
                let package = context.components.values.sorted(by: { $0.id < $1.id }).first(where: {
                    sameProduct($0, match.component) && versionAgrees($0, match.version)
                })
            {
                findings.evidence[package.id, default: []].append(evidence)
                continue
            }
            let componentID = "binary:\(match.component)@\(match.version)"
            if found[componentID] == nil {
                found[componentID] = SBOMComponent(
                    id: componentID, kind: .library, name: match.component, version: match.version,
                    purl: (try? PackageURL(type: "generic", name: match.component, version: match.version))?
                        .canonicalString)
            }
            if found[componentID]?.evidence.contains(evidence) == false {
                found[componentID]?.evidence.append(evidence)
            }
            if let owner { contained.insert(SBOMRelationship(owner.id, .contains, componentID)) }
        }
        findings.components = found.values.sorted { $0.id < $1.id }
        findings.relationships = contained.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return findings
    }

    /// Whether a package is the component a signature names: the same name, or a CPE product in common through the
    /// dictionary (its source package's products, or its own CPEs).
    func sameProduct(_ package: SBOMComponent, _ component: String) -> Bool {
        let names = Self.names(package)
        if names.contains(component) { return true }
        let wanted = Set(dictionary.products(for: component).map { "\($0.vendor):\($0.product)" })
        guard !wanted.isEmpty else { return false }
        if names.contains(where: {
            dictionary.products(for: $0).contains { wanted.contains("\($0.vendor):\($0.product)") }
        }) {
            return true
        }
        return package.cpeNames.contains { cpe in
            guard let vendor = cpe.vendor.plainText, let product = cpe.product.plainText else { return false }
            return wanted.contains("\(vendor):\(product)")
        }
    }

    static func names(_ package: SBOMComponent) -> [String] {
        SBOMEnricher.sourceNames(of: package) + [package.name]
    }

    /// Whether the package's upstream version is the binary's: equal, or followed only by a distribution's marker
    /// (`2.38.1+really2.38` has `2.38.1`; `2.10.1` is not `2.10`, `9.2p1` is not `9.2`).
    func versionAgrees(_ package: SBOMComponent, _ version: String) -> Bool {
        guard let upstream = SBOMEnricher.upstreamVersion(package.version, purl: package.packageURL) else {
            return false
        }
        if upstream == version || package.version == version { return true }
        guard upstream.hasPrefix(version) else { return false }
        let rest = upstream.dropFirst(version.count)
        guard let separator = rest.first, "+~.".contains(separator) else { return false }
        return rest.dropFirst().first?.isLetter == true
    }
}
