import Foundation
import GRDB
import VigilCore

/// RPM packages from the SQLite package database of RPM 4.16 and later (`/var/lib/rpm/rpmdb.sqlite`, or
/// `/usr/lib/sysimage/rpm/rpmdb.sqlite` on newer Fedora and openSUSE): Fedora 33+, RHEL/Rocky/AlmaLinux 9, CentOS
/// Stream, openSUSE, Yocto images built with `package_rpm`.
///
/// The database is copied (with its `-wal` journal) to a private temporary directory and opened there, so the image
/// is never written and a hostile database cannot reach other files. Each row of `Packages` holds one package header
/// in RPM's binary format, read by ``RPMHeader``. Components get purls
/// `pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1&distro=rocky-9.3`, the source RPM as
/// `upstream=` (as syft writes it), the vendor as supplier, `Requires` as dependencies (through the capabilities
/// other packages provide), and file ownership from the header's file list.
///
/// The older Berkeley DB (`Packages`) and NDB (`Packages.db`) databases are reported as not read.
public struct RPMSource: InventorySource {
    public let id = "rpm"
    public var maximumDatabaseSize: Int

    public init(maximumDatabaseSize: Int = 1 << 30) { self.maximumDatabaseSize = maximumDatabaseSize }

    public static let databasePaths = ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"]
    static let legacyPaths = [
        "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db",
    ]

    public func inventory(
        _ root: any RootFilesystem, context: InventoryContext
    ) throws(InventoryError) -> InventoryFindings {
        var findings = InventoryFindings()
        var location: String?
        for path in Self.databasePaths {
            if let (canonical, node) = try root.resolvedNode(path), case .file = node {
                location = canonical
                break
            }
        }
        guard let location else {
            for path in Self.legacyPaths where try root.resolvedNode(path) != nil {
                findings.warnings.append(
                    "\(path): an RPM Berkeley DB or NDB database, which Vigil does not read (RPM 4.16+ writes SQLite)")
            }
            return findings
        }
        let headers = try readHeaders(root, location: location, findings: &findings)
        var packages: [(header: RPMHeader, component: SBOMComponent)] = []
        for (hnum, header) in headers {
            guard let name = header.string(.name), let version = header.string(.version) else {
                findings.warnings.append("\(location): package \(hnum) has no name or version")
                continue
            }
            // The `gpg-pubkey` pseudo-packages are keys, not software.
            if name == "gpg-pubkey" { continue }
            packages.append(
                (header, Self.component(header, name: name, version: version, location: location, context: context)))
        }
        findings.components = packages.map(\.component)
        findings.relationships = Self.dependencies(packages)
        findings.hasFileLists = true
        var paths = PathCanonicaliser(root: root)
        for (header, component) in packages {
            for file in header.files() {
                if let path = paths.canonical(file), findings.fileOwners[path] == nil {
                    findings.fileOwners[path] = component.id
                }
            }
        }
        return findings
    }

    /// Copies the database out of the root and reads every header, in `hnum` order.
    private func readHeaders(
        _ root: any RootFilesystem, location: String, findings: inout InventoryFindings
    ) throws(InventoryError) -> [(Int64, RPMHeader)] {
        let bytes = try root.contents(ofFile: location, limit: maximumDatabaseSize)
        let journal = try root.read(location + "-wal", limit: maximumDatabaseSize)
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-rpmdb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let file = directory.appending(path: "rpmdb.sqlite")
            try Data(bytes).write(to: file)
            if let journal { try Data(journal).write(to: directory.appending(path: "rpmdb.sqlite-wal")) }
            var configuration = Configuration()
            configuration.readonly = false  // a copy: SQLite may need to replay the journal into it
            // The file comes from the image: nothing in its schema runs (no triggers, views or functions from
            // it are trusted), and corrupt pages are caught rather than trusted.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA trusted_schema = OFF")
                try db.execute(sql: "PRAGMA cell_size_check = ON")
            }
            let database = try DatabaseQueue(path: file.path, configuration: configuration)
            defer { try? database.close() }
            return try database.read { db in
                // Only a real table: a view of the same name could compute rows without end.
                let type = try String.fetchOne(
                    db, sql: "SELECT type FROM sqlite_master WHERE name = 'Packages' COLLATE NOCASE")
                guard type == "table" else {
                    throw InventoryError(.unreadable, "not an RPM SQLite database (no Packages table)", path: location)
                }
                var headers: [(Int64, RPMHeader)] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT hnum, blob FROM Packages ORDER BY hnum")
                while let row = try rows.next() {
                    guard let hnum = row["hnum"] as Int64? else {
                        findings.warnings.append("\(location): a package row without a number")
                        continue
                    }
                    let blob = row["blob"] as Data?
                    do {
                        headers.append((hnum, try RPMHeader([UInt8](blob ?? Data()))))
                    } catch let error as RPMHeader.Malformed {
                        findings.warnings.append("\(location): package \(hnum): \(error.message)")
                    }
                }
                return headers
            }
        } catch let error as InventoryError {
            throw error
        } catch let error as DatabaseError {
            throw InventoryError(
                .unreadable, "not a readable RPM SQLite database: \(error.message ?? "\(error)")", path: location)
        } catch {
            throw InventoryError(.unreadable, "cannot copy the RPM database: \(error)", path: location)
        }
    }

    static func component(
        _ header: RPMHeader, name: String, version: String, location: String, context: InventoryContext
    ) -> SBOMComponent {
        let release = header.string(.release)
        let epoch = header.integer(.epoch)
        let arch = header.string(.arch)
        let full = [epoch.map { "\($0):" } ?? "", version, release.map { "-\($0)" } ?? ""].joined()
        var qualifiers: [String: String] = [:]
        if let arch { qualifiers["arch"] = arch }
        if let epoch { qualifiers["epoch"] = String(epoch) }
        if let distribution = context.distribution { qualifiers["distro"] = distribution.purlQualifier }
        // `openssl-3.0.7-27.el9.src.rpm` → `openssl`.
        let source = header.string(.sourceRPM).flatMap(Self.sourceName)
        if let source, source != name { qualifiers["upstream"] = source }
        let namespace = context.distribution?.id ?? header.string(.vendor).map { $0.lowercased() } ?? "rpm"
        let purl = try? PackageURL(
            type: "rpm", namespace: namespace, name: name, version: version + (release.map { "-\($0)" } ?? ""),
            qualifiers: qualifiers)
        var component = SBOMComponent(
            // RPM installs several versions of one package side by side (kernels): the version is part of the id.
            id: "rpm:\(name)@\(full):\(arch ?? "noarch")", kind: .library, name: name, version: full,
            supplier: header.string(.vendor).map { SBOMParty(.organization, name: $0) }, purl: purl?.canonicalString,
            description: header.string(.summary),
            evidence: [SBOMEvidence(method: "package-database", location: location, confidence: 1, detail: "rpm")])
        component.declaredLicense = header.string(.license)
        if let url = header.string(.url), !url.isEmpty {
            component.externalReferences.append(SBOMExternalReference(type: "website", url: url))
        }
        if let source { component.properties.append(SBOMProperty("vigil:rpm.source", source)) }
        return component
    }

    /// The package name of a source RPM file name: everything before the last two hyphens.
    static func sourceName(_ file: String) -> String? {
        var parts = file.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        parts.removeLast(2)
        return parts.joined(separator: "-")
    }

    /// `Requires` edges: each required capability (not `rpmlib(…)`) to the first other package providing it (by
    /// name, a `Provides` entry, or a file it installs).
    static func dependencies(_ packages: [(header: RPMHeader, component: SBOMComponent)]) -> [SBOMRelationship] {
        var providers: [String: String] = [:]
        for (header, component) in packages {
            for capability in [header.string(.name)].compactMap({ $0 }) + header.strings(.provideName)
                + header.files()
            where providers[capability] == nil {
                providers[capability] = component.id
            }
        }
        var edges: [SBOMRelationship] = []
        for (header, component) in packages {
            var targets = Set<String>()
            for capability in header.strings(.requireName) where !capability.hasPrefix("rpmlib(") {
                if let target = providers[capability], target != component.id, targets.insert(target).inserted {
                    edges.append(SBOMRelationship(component.id, .dependsOn, target))
                }
            }
        }
        return edges
    }
}

/// An RPM package header as the database stores it (no lead, no magic): index count and data size (big-endian),
/// the index entries (tag, type, offset, count), then the data store.
public struct RPMHeader: Sendable {
    public enum Tag: Int32, Sendable {
        case name = 1000, version = 1001, release = 1002, epoch = 1003, summary = 1004, vendor = 1011,
            license = 1014, url = 1020, arch = 1022, sourceRPM = 1044, provideName = 1047, requireName = 1049,
            dirIndexes = 1116, baseNames = 1117, dirNames = 1118
    }

    /// Why a header cannot be read.
    public struct Malformed: Error, Sendable { public var message: String }

    struct Entry {
        var type: Int32
        var offset: Int
        var count: Int
    }

    private let data: [UInt8]
    private let entries: [Int32: Entry]

    /// The largest header RPM itself accepts is 256 MiB of data and 64 Ki entries; the same limits apply here.
    public init(_ blob: [UInt8]) throws(Malformed) {
        guard blob.count >= 8 else { throw Malformed(message: "the header is truncated (\(blob.count) bytes)") }
        let indexCount = Int(Self.int32(blob, 0))
        let dataLength = Int(Self.int32(blob, 4))
        guard indexCount >= 0, indexCount <= 0xFFFF, dataLength >= 0, dataLength <= 256 << 20 else {
            throw Malformed(message: "the header declares \(indexCount) entries and \(dataLength) data bytes")
        }
        let dataStart = 8 + indexCount * 16
        guard blob.count >= dataStart + dataLength else {
            throw Malformed(message: "the header is truncated: \(blob.count) of \(dataStart + dataLength) bytes")
        }
        var entries: [Int32: Entry] = [:]
        for index in 0..<indexCount {
            let base = 8 + index * 16
            let tag = Self.int32(blob, base)
            let entry = Entry(
                type: Self.int32(blob, base + 4), offset: Int(Self.int32(blob, base + 8)),
                count: Int(Self.int32(blob, base + 12)))
            guard entry.offset >= 0, entry.offset <= dataLength, entry.count >= 0, entry.count <= dataLength + 1 else {
                throw Malformed(message: "entry \(index) (tag \(tag)) points outside the data")
            }
            if entries[tag] == nil { entries[tag] = entry }
        }
        data = Array(blob[dataStart..<(dataStart + dataLength)])
        self.entries = entries
    }

    static func int32(_ bytes: [UInt8], _ offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
                | UInt32(bytes[offset + 3]))
    }

    /// A `STRING` or `I18NSTRING` value (the first of an array), nil when absent or of another type.
    public func string(_ tag: Tag) -> String? {
        guard let entry = entries[tag.rawValue], [6, 8, 9].contains(entry.type) else { return nil }
        return strings(entry, limit: 1).first
    }

    /// A `STRING_ARRAY` (or single string) value.
    public func strings(_ tag: Tag) -> [String] {
        guard let entry = entries[tag.rawValue], [6, 8, 9].contains(entry.type) else { return [] }
        return strings(entry, limit: entry.type == 8 ? entry.count : 1)
    }

    private func strings(_ entry: Entry, limit: Int) -> [String] {
        var result: [String] = []
        var offset = entry.offset
        while result.count < limit, offset < data.count {
            guard let end = data[offset...].firstIndex(of: 0) else { break }
            result.append(String(decoding: data[offset..<end], as: UTF8.self))
            offset = end + 1
        }
        return result
    }

    /// An `INT32` value (the first of an array).
    public func integer(_ tag: Tag) -> Int? { integers(tag).first }

    public func integers(_ tag: Tag) -> [Int] {
        guard let entry = entries[tag.rawValue], entry.type == 4, entry.offset + entry.count * 4 <= data.count else {
            return []
        }
        return (0..<entry.count).map { Int(Self.int32(data, entry.offset + $0 * 4)) }
    }

    /// The installed files: each base name joined to its directory.
    public func files() -> [String] {
        let names = strings(.baseNames)
        let directories = strings(.dirNames)
        let indexes = integers(.dirIndexes)
        guard names.count == indexes.count else { return [] }
        return zip(names, indexes).compactMap { name, index in
            directories.indices.contains(index) ? directories[index] + name : nil
        }
    }
}
