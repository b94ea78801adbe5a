import Testing

@testable import VigilCore

/// The CVSS calculators on the specifications' own examples and on malformed vectors (real data: CVSSAgreementTests).
@Suite struct CVSSVectorTests {
    @Test(arguments: [
        // CVSS 3.1 specification, section 7 examples and well-known CVEs.
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL"),  // CVE-2021-44228 before rescoring
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "HIGH"),  // Heartbleed
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "HIGH"),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, "CRITICAL"),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, "LOW"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "NONE"),
        ("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "LOW"),
        ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, "HIGH"),  // version 2
        ("(AV:N/AC:L/Au:N/C:P/I:N/A:N)", 5.0, "MEDIUM"),
        ("AV:L/AC:H/Au:M/C:N/I:N/A:P", 0.8, "LOW"),  // (0.6·2.863 + 0.4·1.244 − 1.5)·1.176 = 0.84
        ("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, "HIGH"),
        ("AV:N/AC:M/Au:N/C:N/I:N/A:N", 0.0, "LOW"),
    ])
    func baseScores(_ vector: String, _ score: Double, _ severity: String) throws {
        let cvss = try CVSSVector(vector)
        #expect(cvss.baseScore == score, "\(vector)")
        #expect(cvss.severity == severity, "\(vector)")
    }

    @Test func temporalScores() throws {
        #expect(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C").temporalScore == 9.3)
        #expect(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").temporalScore == 9.8)
        #expect(try CVSSVector("AV:N/AC:L/Au:N/C:P/I:P/A:P").temporalScore == nil)
    }

    @Test("3.1's Roundup ignores floating-point noise; 3.0's does not")
    func rounding() {
        #expect(CVSSVector.roundUp31(4.000_000_000_000_001) == 4.0)
        #expect(CVSSVector.roundUp30(4.000_000_000_000_001) == 4.1)
        #expect(CVSSVector.roundUp31(4.02) == 4.1)
    }

    @Test func malformedVectorsAreRefused() {
        for vector in [
            "", "CVSS:3.1", "CVSS:3.1/", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",  // A missing
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",  // twice
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Q:1",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "CVSS:9.9/AV:N",
            "AV:N/AC:L/Au:N/C:P/I:P", "AV:N//AC:L/Au:N/C:P/I:P/A:P", String(repeating: "AV:N/", count: 200),
        ] {
            #expect(throws: CVSSError.self, "\(vector)") { try CVSSVector(vector) }
        }
    }
}
