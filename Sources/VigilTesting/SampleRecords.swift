public import VigilCore

/// Hand-made NVD records for tests that need a vulnerability in the database without reading `../shared/data`.
public enum SampleRecords {
    /// An NVD record affecting OpenSSL from `start` (included) to `end` (excluded), with one CVSS 3.1 vector.
    public static func openSSL(
        id: String, start: String, end: String, vector: String, baseScore: Double
    ) -> VulnerabilityRecord {
        VulnerabilityRecord(
            source: .nvd,
            vulnerability: Vulnerability(
                id: id,
                scores: [
                    .init(
                        system: "CVSS:3.1", vector: vector, baseScore: baseScore, source: "nvd@nist.gov",
                        type: "Primary")
                ]),
            configurations: [
                .init(nodes: [
                    .init(criteria: [
                        .init(
                            vulnerable: true, criteria: "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                            versionStartIncluding: start, versionEndExcluding: end)
                    ])
                ])
            ])
    }

    /// Heartbleed as NVD has it: OpenSSL 1.0.1 to 1.0.1f, CVSS 3.1 7.5.
    public static let heartbleed = openSSL(
        id: "CVE-2014-0160", start: "1.0.1", end: "1.0.1g", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        baseScore: 7.5)
}
