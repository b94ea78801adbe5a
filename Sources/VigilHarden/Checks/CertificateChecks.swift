import Foundation
import SwiftASN1
import VigilCore
import VigilFeeds
import VigilInventory
import X509

/// X.509 certificates in the image (PEM anywhere in text files; DER files named `.der`, `.cer`, `.crt`), read with
/// swift-certificates: expired ones, RSA keys under 2048 bits, and SHA-1 or MD5 signatures. A certificate
/// swift-certificates refuses (it will not load RSA keys under 2048 bits) is read field by field with SwiftASN1, so
/// that exactly those weak ones are still reported. Trust anchors in the system's CA store are self-signed: their
/// own signature algorithm is not judged there.
public struct CertificateChecks: HardeningCheck {
    public init() {}

    static let expired = CheckDescriptor(
        id: "HC-CERT-EXPIRED", title: "Expired certificate", severity: .medium, cwe: "CWE-324", category: .encryption,
        rationale:
            "An expired certificate fails validation (or, worse, teaches the device's peers to skip validation); one "
            + "shipped expired was never renewed and its key may be old too.",
        remediation: "Renew the certificate (provision device certificates at manufacturing, with a renewal path).")
    static let weakKey = CheckDescriptor(
        id: "HC-CERT-WEAK-KEY", title: "Certificate with an RSA key under 2048 bits", severity: .high, cwe: "CWE-326",
        category: .encryption,
        rationale:
            "RSA keys under 2048 bits are below NIST SP 800-131A's minimum; 512- and 768-bit keys are factored in "
            + "hours to days.",
        remediation: "Reissue with RSA 3072 or ECDSA P-256 or stronger.")
    static let weakSignature = CheckDescriptor(
        id: "HC-CERT-WEAK-SIGNATURE", title: "Certificate signed with SHA-1 or MD5", severity: .medium,
        cwe: "CWE-327", category: .encryption,
        rationale: "SHA-1 and MD5 signatures can be forged with chosen-prefix collisions (SHAttered, Flame).",
        remediation: "Reissue the certificate signed with SHA-256 or stronger.")

    public var descriptors: [CheckDescriptor] { [Self.expired, Self.weakKey, Self.weakSignature] }

    /// Where a distribution keeps trust anchors.
    static let trustStores = [
        "/etc/ssl/certs/", "/usr/share/ca-certificates/", "/etc/pki/ca-trust/", "/etc/ca-certificates/",
        "/usr/local/share/ca-certificates/", "/etc/pki/tls/certs/",
    ]

    public func run(_ context: HardeningContext) -> [HardeningFinding] {
        var findings: [HardeningFinding] = []
        // A CA bundle and its per-certificate links hold the same certificates: each judged once in the trust store
        // and once elsewhere (a device certificate also copied into the store is still judged as one).
        var seen: Set<[UInt8]> = []
        // ELF files were read already, and PEM is looked for in text only: a binary is not read again, and any other
        // file only when its first 4 KiB are text or its name says DER.
        let binaries = Set(context.binaries.map(\.path))
        for (path, size) in context.files where size <= 1 << 20 && !binaries.contains(path) {
            let lower = path.lowercased()
            let derNamed = lower.hasSuffix(".der") || lower.hasSuffix(".cer") || lower.hasSuffix(".crt")
            if !derNamed, (try? context.root.prefix(ofFile: path, count: 4_096))?.contains(0) != false { continue }
            guard let bytes = try? context.root.contents(ofFile: path, limit: 1 << 20) else { continue }
            var certificates: [(der: [UInt8], line: Int?)] = Self.pemBlocks(bytes)
            if certificates.isEmpty, derNamed, bytes.first == 0x30 { certificates = [(bytes, nil)] }
            let inTrustStore = Self.trustStores.contains { path.hasPrefix($0) }
            for (der, line) in certificates {
                guard seen.insert(der + [inTrustStore ? 1 : 0]).inserted, let facts = CertificateFacts(der: der) else {
                    continue
                }
                let place = { (detail: String) in
                    Evidence(path: path, line: line, detail: "\(facts.subject): \(detail)")
                }
                if facts.notValidAfter < context.now {
                    findings.append(
                        HardeningFinding(
                            Self.expired, evidence: place("expired \(Self.day(facts.notValidAfter))"),
                            subject: facts.fingerprint, severity: inTrustStore ? .low : nil))
                }
                if let bits = facts.rsaBits, bits < 2048 {
                    findings.append(
                        HardeningFinding(Self.weakKey, evidence: place("RSA \(bits) bits"), subject: facts.fingerprint))
                }
                if facts.weakSignature, !(inTrustStore && facts.selfIssued) {
                    findings.append(
                        HardeningFinding(
                            Self.weakSignature, evidence: place("signed with \(facts.signature)"),
                            subject: facts.fingerprint))
                }
            }
        }
        return findings
    }

    static func day(_ date: Date) -> String { String(Timestamp.string(date).prefix(10)) }

    /// The DER of every `CERTIFICATE` PEM block in a text file, with the line of its BEGIN.
    static func pemBlocks(_ bytes: [UInt8]) -> [(der: [UInt8], line: Int?)] {
        guard !bytes.prefix(4_096).contains(0) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("-----BEGIN CERTIFICATE-----") else { return [] }
        var blocks: [(der: [UInt8], line: Int?)] = []
        var body: [Substring]?
        var length = 0
        var start = 0
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "-----BEGIN CERTIFICATE-----" {
                body = []
                length = 0
                start = index + 1
            } else if trimmed == "-----END CERTIFICATE-----", let collected = body {
                if let data = Data(base64Encoded: collected.joined()) { blocks.append(([UInt8](data), start)) }
                body = nil
            } else if body != nil {
                length += line.utf8.count
                if length > 1 << 20 { body = nil } else { body?.append(Substring(trimmed)) }
            }
        }
        return blocks
    }
}

/// What the checks read of a certificate: from swift-certificates when it loads the certificate, else from its DER
/// with SwiftASN1.
struct CertificateFacts {
    var subject: String
    var notValidAfter: Date
    var signature: String
    var weakSignature: Bool
    var rsaBits: Int?
    var selfIssued: Bool
    /// Hex SHA-256 of the DER: tells certificates apart in finding ids.
    var fingerprint: String

    /// Object identifiers of signature algorithms with SHA-1 or MD5 (RSA, DSA, ECDSA).
    static let weakSignatureOIDs: [String: String] = [
        "1.2.840.113549.1.1.5": "sha1WithRSAEncryption", "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
        "1.2.840.113549.1.1.2": "md2WithRSAEncryption", "1.2.840.10045.4.1": "ecdsa-with-SHA1",
        "1.2.840.10040.4.3": "dsa-with-sha1", "1.3.14.3.2.29": "sha1WithRSASignature (OIW)",
    ]

    init?(der: [UInt8]) {
        var hasher = SHA256()
        hasher.update(der)
        fingerprint = hasher.finalize().hexString
        if let certificate = try? Certificate(derEncoded: der) {
            subject = certificate.subject.description
            notValidAfter = certificate.notValidAfter
            let oid = Self.signatureOID(der)
            signature = oid.flatMap { Self.weakSignatureOIDs[$0] } ?? "\(certificate.signatureAlgorithm)"
            weakSignature = oid.map { Self.weakSignatureOIDs[$0] != nil } ?? false
            rsaBits = (try? DER.parse(Array(certificate.publicKey.subjectPublicKeyInfoBytes))).flatMap(Self.rsaBits)
            selfIssued = certificate.subject == certificate.issuer
            return
        }
        // swift-certificates refuses it (a weak RSA key, or an unusual algorithm): read the fields directly.
        guard let fields = Self.fields(der) else { return nil }
        (subject, notValidAfter, rsaBits, selfIssued) = (
            fields.subject, fields.notAfter, fields.rsaBits, fields.selfIssued
        )
        signature = Self.weakSignatureOIDs[fields.signatureOID] ?? fields.signatureOID
        weakSignature = Self.weakSignatureOIDs[fields.signatureOID] != nil
    }

    /// The outer signature algorithm's OID.
    static func signatureOID(_ der: [UInt8]) -> String? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let items = Array(parts)
        guard items.count >= 2, case .constructed(let algorithm) = items[1].content,
            let first = Array(algorithm).first
        else { return nil }
        return (try? ASN1ObjectIdentifier(derEncoded: first)).map { "\($0)" }
    }

    /// tbsCertificate's fields read with SwiftASN1: subject (its DER, shown as hex when not decodable), notAfter,
    /// the RSA modulus size, and the outer signature algorithm.
    static func fields(
        _ der: [UInt8]
    ) -> (subject: String, notAfter: Date, rsaBits: Int?, selfIssued: Bool, signatureOID: String)? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let items = Array(parts)
        guard items.count == 3, case .constructed(let tbsParts) = items[0].content, let oid = signatureOID(der) else {
            return nil
        }
        var tbs = Array(tbsParts)
        if let first = tbs.first, first.identifier.tagClass == .contextSpecific { tbs.removeFirst() }  // [0] version
        // serial, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard tbs.count >= 6, case .constructed(let validity) = tbs[3].content else { return nil }
        let times = Array(validity)
        guard times.count == 2 else { return nil }
        let notAfter: Date
        if let utc = try? UTCTime(derEncoded: times[1]) {
            guard let date = Self.date(utc.year, utc.month, utc.day, utc.hours, utc.minutes, utc.seconds) else {
                return nil
            }
            notAfter = date
        } else if let general = try? GeneralizedTime(derEncoded: times[1]) {
            guard
                let date = Self.date(
                    general.year, general.month, general.day, general.hours, general.minutes, general.seconds)
            else { return nil }
            notAfter = date
        } else {
            return nil
        }
        let subject = (try? DistinguishedName(derEncoded: tbs[4]))?.description ?? "(subject not readable)"
        let issuer = try? DistinguishedName(derEncoded: tbs[2])
        return (subject, notAfter, rsaBits(tbs[5]), issuer.map { "\($0)" == subject } ?? false, oid)
    }

    /// The modulus size of an RSA subjectPublicKeyInfo; nil for other algorithms.
    static func rsaBits(_ spki: ASN1Node) -> Int? {
        guard case .constructed(let spkiParts) = spki.content else { return nil }
        let items = Array(spkiParts)
        guard items.count == 2, case .constructed(let algorithm) = items[0].content,
            let algorithmOID = Array(algorithm).first.flatMap({ try? ASN1ObjectIdentifier(derEncoded: $0) }),
            "\(algorithmOID)" == "1.2.840.113549.1.1.1",
            let key = try? ASN1BitString(derEncoded: items[1]),
            let rsa = try? DER.parse(Array(key.bytes)), case .constructed(let numbers) = rsa.content,
            let modulus = Array(numbers).first, case .primitive(let modulusBytes) = modulus.content
        else { return nil }
        let significant = modulusBytes.drop { $0 == 0 }
        return significant.first.map { (significant.count - 1) * 8 + (8 - $0.leadingZeroBitCount) } ?? 0
    }

    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(
            from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }
}
