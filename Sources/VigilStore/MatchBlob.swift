import Foundation
import VigilCore

/// What matching reads of a record — its ids, NVD configurations (without NVD's criterion ids) and affected entries
/// without git ranges — in a
/// compact binary form stored beside the JSON document (table `matchBlob`), so that a scan reads and decodes a
/// fraction of the bytes. The JSON stays the record of truth; a missing or unreadable blob falls back to it.
///
/// Layout (version 1): a version byte, then fields in order; strings are a little-endian `UInt32` byte count and
/// UTF-8; optional strings a presence byte first; arrays a `UInt32` count first.
enum MatchBlob {
    static let version: UInt8 = 1

    struct Malformed: Error {}

    static func encode(_ record: VulnerabilityRecord) -> [UInt8] {
        var writer = Writer()
        writer.bytes.append(version)
        writer.string(record.source.rawValue)
        writer.string(record.vulnerability.id)
        writer.strings(record.vulnerability.aliases)
        writer.strings(record.vulnerability.related)
        writer.count(record.configurations.count)
        for configuration in record.configurations {
            writer.bool(configuration.operator == .and)
            writer.bool(configuration.negate)
            writer.count(configuration.nodes.count)
            for node in configuration.nodes {
                writer.bool(node.operator == .and)
                writer.bool(node.negate)
                writer.count(node.criteria.count)
                for criterion in node.criteria {
                    writer.bool(criterion.vulnerable)
                    writer.string(criterion.criteria)
                    writer.optional(criterion.versionStartIncluding)
                    writer.optional(criterion.versionStartExcluding)
                    writer.optional(criterion.versionEndIncluding)
                    writer.optional(criterion.versionEndExcluding)
                }
            }
        }
        writer.count(record.affected.count)
        for affected in record.affected {
            writer.optional(affected.ecosystem)
            writer.string(affected.name)
            writer.optional(affected.vendor)
            writer.strings(affected.cpes)
            writer.optional(affected.defaultStatus?.rawValue)
            let spans = affected.spans.filter { $0.scheme != "git" }
            writer.count(spans.count)
            for span in spans {
                writer.string(span.status.rawValue)
                writer.optional(span.scheme)
                writer.optional(span.introduced)
                writer.optional(span.fixed)
                writer.optional(span.lastAffected)
            }
            writer.strings(affected.versions)
        }
        return writer.bytes
    }

    static func decode(_ data: Data) throws(Malformed) -> VulnerabilityRecord {
        var reader = Reader(bytes: [UInt8](data))
        guard try reader.byte() == version else { throw Malformed() }
        let source = FeedSource(rawValue: try reader.string())
        let id = try reader.string()
        let aliases = try reader.strings()
        let related = try reader.strings()
        var configurations: [NVDConfiguration] = []
        for _ in 0..<(try reader.count()) {
            let and = try reader.bool()
            let negate = try reader.bool()
            var nodes: [NVDConfiguration.Node] = []
            for _ in 0..<(try reader.count()) {
                let nodeAnd = try reader.bool()
                let nodeNegate = try reader.bool()
                var criteria: [CPEMatchCriterion] = []
                for _ in 0..<(try reader.count()) {
                    criteria.append(
                        CPEMatchCriterion(
                            vulnerable: try reader.bool(), criteria: try reader.string(),
                            versionStartIncluding: try reader.optional(), versionStartExcluding: try reader.optional(),
                            versionEndIncluding: try reader.optional(), versionEndExcluding: try reader.optional()))
                }
                nodes.append(.init(operator: nodeAnd ? .and : .or, negate: nodeNegate, criteria: criteria))
            }
            configurations.append(.init(operator: and ? .and : .or, negate: negate, nodes: nodes))
        }
        var affected: [AffectedPackage] = []
        for _ in 0..<(try reader.count()) {
            let ecosystem = try reader.optional()
            let name = try reader.string()
            let vendor = try reader.optional()
            let cpes = try reader.strings()
            let defaultStatus = try reader.optional().flatMap(VersionSpan.Status.init(rawValue:))
            var spans: [VersionSpan] = []
            for _ in 0..<(try reader.count()) {
                guard let status = VersionSpan.Status(rawValue: try reader.string()) else { throw Malformed() }
                spans.append(
                    VersionSpan(
                        status: status, scheme: try reader.optional(), introduced: try reader.optional(),
                        fixed: try reader.optional(), lastAffected: try reader.optional()))
            }
            affected.append(
                AffectedPackage(
                    ecosystem: ecosystem, name: name, vendor: vendor, cpes: cpes, defaultStatus: defaultStatus,
                    spans: spans, versions: try reader.strings()))
        }
        guard reader.isAtEnd else { throw Malformed() }
        return VulnerabilityRecord(
            source: source, vulnerability: Vulnerability(id: id, aliases: aliases, related: related),
            configurations: configurations, affected: affected)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func count(_ value: Int) {
            let value = UInt32(value)
            bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
        }

        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func string(_ value: String) {
            count(value.utf8.count)
            bytes += value.utf8
        }

        mutating func optional(_ value: String?) {
            bool(value != nil)
            if let value { string(value) }
        }

        mutating func strings(_ values: [String]) {
            count(values.count)
            for value in values { string(value) }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws(Malformed) -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bool() throws(Malformed) -> Bool { try byte() != 0 }

        mutating func count() throws(Malformed) -> Int {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            let value =
                Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
            offset += 4
            // A count can never exceed the bytes left: a corrupt blob cannot make a reader allocate wildly.
            guard value <= bytes.count - offset else { throw Malformed() }
            return value
        }

        mutating func string() throws(Malformed) -> String {
            let length = try count()
            defer { offset += length }
            return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
        }

        mutating func optional() throws(Malformed) -> String? { try bool() ? try string() : nil }

        mutating func strings() throws(Malformed) -> [String] {
            var values: [String] = []
            for _ in 0..<(try count()) { values.append(try string()) }
            return values
        }
    }
}
