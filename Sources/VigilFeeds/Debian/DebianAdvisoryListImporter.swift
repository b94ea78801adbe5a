import Foundation
public import VigilCore

/// Reads the Debian security tracker's advisory lists (`data/DSA/list`, `data/DLA/list`): per advisory, its date,
/// source package, CVEs, and for each release the source-package revision that fixes them.
///
/// ```
/// [29 Mar 2023] DSA-5380-1 xorg-server - security update
///     {CVE-2023-1393}
///     [bullseye] - xorg-server 2:1.20.11-1+deb11u6
/// ```
///
/// Each advisory becomes a `debian` record (`DSA-5380-1`) with its CVEs as related ids and, per release line, an
/// affected package in the OSV ecosystem `Debian:11` fixed at that revision (`deb` versions), so a back-ported fix
/// counts as fixed. `<not-affected>` lines become unaffected packages; `<end-of-life>`, `<unfixed>` and similar
/// markers become packages of unknown status with no fix.
public struct DebianAdvisoryListImporter: FeedImporter {
    public let formatID = "debian-advisory-list"

    public init() {}

    /// Debian's release code names and numbers.
    static let releases: [String: String] = [
        "buzz": "1.1", "rex": "1.2", "bo": "1.3", "hamm": "2.0", "slink": "2.1", "potato": "2.2", "woody": "3.0",
        "sarge": "3.1", "etch": "4", "lenny": "5", "squeeze": "6", "wheezy": "7", "jessie": "8", "stretch": "9",
        "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14", "duke": "15",
    ]

    static let months = [
        "Jan": "01", "Feb": "02", "Mar": "03", "Apr": "04", "May": "05", "Jun": "06", "Jul": "07", "Aug": "08",
        "Sep": "09", "Oct": "10", "Nov": "11", "Dec": "12",
    ]

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix.prefix(200), as: UTF8.self)
        guard let line = text.split(separator: "\n").first else { return false }
        return Self.header(String(line)) != nil
    }

    /// `[29 Mar 2023] DSA-5380-1 xorg-server - security update` → date, id, package, title.
    static func header(_ line: String) -> (date: String, id: String, package: String, title: String)? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let dateParts = line[line.index(after: line.startIndex)..<close].split(separator: " ")
        guard dateParts.count == 3, let month = months[String(dateParts[1])], dateParts[0].count <= 2,
            dateParts[0].allSatisfy(\.isNumber), dateParts[2].count == 4, dateParts[2].allSatisfy(\.isNumber)
        else { return nil }
        let day = dateParts[0].count == 1 ? "0\(dateParts[0])" : String(dateParts[0])
        let rest = line[line.index(after: close)...].split(separator: " ", maxSplits: 2)
        guard rest.count >= 2, rest[0].hasPrefix("DSA-") || rest[0].hasPrefix("DLA-") || rest[0].hasPrefix("DTSA-")
        else { return nil }
        let title = rest.count == 3 ? String(rest[1]) + " " + String(rest[2]) : String(rest[1])
        return ("\(dateParts[2])-\(month)-\(day)", String(rest[0]), String(rest[1]), title)
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        var batch = FeedImportBatch()
        var current: VulnerabilityRecord?
        var currentLine = 0
        var currentInvalid: String?
        func finish() {
            guard let record = current else { return }
            if let reason = currentInvalid {
                batch.skipped.append(
                    .init(id: record.vulnerability.id, location: "line \(currentLine)", reason: reason))
            } else {
                batch.records.append(record)
            }
            current = nil
            currentInvalid = nil
        }
        for (number, range) in JSONBytes.lines(bytes).enumerated() {
            let line = String(decoding: bytes[range], as: UTF8.self)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if !line.hasPrefix("\t") && !line.hasPrefix(" ") {
                finish()
                guard let header = Self.header(line) else {
                    if number == 0 {
                        throw FeedImportError(
                            .malformedDocument, "line 1 is not a '[DD Mon YYYY] DSA-N-N package - …' header",
                            source: source)
                    }
                    batch.skipped.append(
                        .init(id: nil, location: "line \(number + 1)", reason: "not an advisory header"))
                    continue
                }
                currentLine = number + 1
                current = VulnerabilityRecord(
                    source: .debian,
                    vulnerability: Vulnerability(
                        id: header.id, published: header.date, title: header.title, assigner: "Debian"))
                continue
            }
            guard current != nil else { continue }
            if trimmed.hasPrefix("{") {
                guard trimmed.hasSuffix("}") else {
                    currentInvalid = "line \(number + 1): the CVE list is not closed"
                    continue
                }
                current?.vulnerability.related += trimmed.dropFirst().dropLast().split(separator: " ").map(String.init)
            } else if trimmed.hasPrefix("[") {
                switch Self.fix(trimmed) {
                case .success(let affected): current?.affected.append(affected)
                case .failure(let error): currentInvalid = "line \(number + 1): \(error.reason)"
                }
            } else if trimmed.hasPrefix("NOTE:") {
                continue
            } else {
                currentInvalid = "line \(number + 1): '\(trimmed.prefix(40))' is no CVE list, release line or note"
            }
        }
        finish()
        return batch
    }

    /// `[bullseye] - xorg-server 2:1.20.11-1+deb11u6`, `[lenny] - vlc <not-affected> (reason)`.
    static func fix(_ line: String) -> Result<AffectedPackage, InvalidRecord> {
        guard let close = line.firstIndex(of: "]") else { return .failure(InvalidRecord("the release is not closed")) }
        let release = String(line[line.index(after: line.startIndex)..<close])
        guard let number = releases[release] else {
            return .failure(InvalidRecord("'\(release)' is not a Debian release"))
        }
        let words = line[line.index(after: close)...].split(separator: " ", maxSplits: 3)
        guard words.count >= 3, words[0] == "-" else {
            return .failure(InvalidRecord("expected '[release] - package revision'"))
        }
        let package = String(words[1])
        let revision = String(words[2])
        let ecosystem = "Debian:\(number)"
        if revision == "<not-affected>" {
            return .success(AffectedPackage(ecosystem: ecosystem, name: package, defaultStatus: .unaffected))
        }
        if revision.hasPrefix("<") {
            return .success(AffectedPackage(ecosystem: ecosystem, name: package, defaultStatus: .unknown))
        }
        guard (try? DebianVersionScheme().parse(revision)) != nil else {
            return .failure(InvalidRecord("'\(revision)' is not a Debian version"))
        }
        return .success(
            AffectedPackage(
                ecosystem: ecosystem, name: package,
                spans: [.init(status: .affected, scheme: "deb", introduced: "0", fixed: revision)]))
    }
}

/// Reads the Debian security tracker's `data/CPE/list`: `source-package;cpe` lines mapping Debian source packages to
/// the CPE NVD uses for them (`openssl;cpe:/a:openssl:openssl`). A new list replaces the stored one.
public struct DebianCPEListImporter: FeedImporter {
    public let formatID = "debian-cpe-list"

    public init() {}

    public func recognises(_ prefix: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: prefix.prefix(4096), as: UTF8.self)
        let lines = text.split(separator: "\n").dropLast().prefix(20)
        return !lines.isEmpty
            && lines.allSatisfy { line in
                line.hasPrefix("#") || (line.contains(";cpe:/") || line.contains(";cpe:2.3:")) && !line.hasPrefix(";")
            }
    }

    public func read(_ bytes: [UInt8], source: String?) throws(FeedImportError) -> FeedImportBatch {
        var batch = FeedImportBatch(packageCPEs: [])
        for (number, range) in JSONBytes.lines(bytes).enumerated() {
            let line = String(decoding: bytes[range], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            let location = "line \(number + 1)"
            guard fields.count >= 2, !fields[0].isEmpty else {
                batch.skipped.append(.init(id: nil, location: location, reason: "expected 'package;cpe'"))
                continue
            }
            // The tracker sometimes leaves an empty field before the CPE (`shellinabox;;cpe:/a:…`).
            guard let cpe = fields.dropFirst().first(where: { !$0.isEmpty }),
                (try? CPEName(parsing: String(cpe))) != nil
            else {
                batch.skipped.append(
                    .init(id: String(fields[0]), location: location, reason: "no valid CPE name after the package"))
                continue
            }
            batch.packageCPEs?.append(
                PackageCPEMapping(source: .debian, ecosystem: "Debian", package: String(fields[0]), cpe: String(cpe)))
        }
        return batch
    }
}
