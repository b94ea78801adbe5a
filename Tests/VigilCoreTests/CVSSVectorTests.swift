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

    @Test("Roundup ignores floating-point noise (3.1's rule; 3.0's exact values round the same)")
    func rounding() {
        #expect(CVSSVector.roundUp31(4.000_000_000_000_001) == 4.0)
        #expect(CVSSVector.roundUp30(4.000_000_000_000_001) == 4.0)
        #expect(CVSSVector.roundUp31(4.02) == 4.1)
    }

    @Test(
        "CVSS 4.0: MacroVector, interpolation, exact rounding at x.x5, threat and environmental metrics",
        arguments: [
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, 9.3, "CRITICAL"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9, 6.9, "MEDIUM"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 9.3, 8.1, "CRITICAL"),
            // 8.55 exactly: floating point gives 8.549999… and FIRST's first calculators said 8.5.
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6, 8.6, "HIGH"),
            ("CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 6.1, 6.1, "MEDIUM"),
            ("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0, 0, "NONE"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MSI:S/MSA:S/CR:H", 10, 10, "CRITICAL"),
            // A device context lowers it: reachable only locally, integrity and availability requirements low.
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L/CR:H/IR:L/AR:L/S:P/U:Red", 9.3,
                8.4, "CRITICAL"
            ),
        ] as [(String, Double, Double, String)])
    func version4(_ vector: String, _ base: Double, _ score: Double, _ severity: String) throws {
        let cvss = try CVSSVector(vector)
        #expect(cvss.version == "4.0")
        #expect(cvss.baseScore == base)
        #expect(cvss.score == score)
        #expect(cvss.severity == severity)
        #expect(cvss.temporalScore == nil)
    }

    @Test("CVSS 3.x environmental scores; with(_:) sets metrics and re-checks the vector")
    func environmental() throws {
        let cvss = try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        #expect(cvss.environmentalScore == nil && cvss.score == 9.8)
        let local = try cvss.with(["MAV": "L", "CR": "L", "IR": "L", "AR": "L"])
        #expect(local.description == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L")
        #expect(local.environmentalScore == 6.6 && local.score == 6.6 && local.scoreSeverity == "MEDIUM")
        let changed = try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/MS:X/CR:H")
        #expect(changed.environmentalScore == 10.0, "3.1's changed-scope formula differs from the base one")
        #expect(throws: CVSSError.self) { try cvss.with(["MAV": "Q"]) }
        let v4 = try CVSSVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
        #expect(try v4.with(["MAV": "P"]).score == 7.0)
        #expect(try v4.with(["E": "U"]).nomenclature == "CVSS-BT")
        #expect(try v4.with(["MAV": "P"]).nomenclature == "CVSS-BE")
        #expect(v4.nomenclature == "CVSS-B")
    }

    @Test func malformedVectorsAreRefused() {
        for vector in [
            "", "CVSS:3.1", "CVSS:3.1/", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",  // A missing
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",  // twice
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Q:1",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",  // SA missing
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S",  // only MSI and MSA have S
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",  // UI:R is 3.x
            "CVSS:9.9/AV:N",
            "AV:N/AC:L/Au:N/C:P/I:P", "AV:N//AC:L/Au:N/C:P/I:P/A:P", String(repeating: "AV:N/", count: 200),
        ] {
            #expect(throws: CVSSError.self, "\(vector)") { try CVSSVector(vector) }
        }
    }
}
