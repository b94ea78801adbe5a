import Testing

@testable import VigilCore

/// Device context profiles: the environmental metrics each answer sets, the rubric questionnaire, and priorities.
@Suite struct DeviceContextProfileTests {
    static let pump = DeviceContextProfile(
        device: "infusion pump", networkExposure: .adjacent, physicalAccess: .secured, userInteraction: .required,
        safetyImpact: .catastrophic, dataSensitivity: .medium)

    @Test("exposure caps MAV, never raising reachability; requirements from safety and data; 4.0 safety values")
    func metrics() throws {
        let network = try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        #expect(
            Self.pump.environmentalMetrics(for: network)
                == ["MAV": "A", "CR": "M", "IR": "H", "AR": "H", "MUI": "R"])
        let local = try CVSSVector("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H")
        #expect(Self.pump.environmentalMetrics(for: local)["MAV"] == nil, "AV:L stays local on an adjacent device")
        #expect(Self.pump.environmentalMetrics(for: local)["MUI"] == nil, "UI:R already")
        var physical = Self.pump
        physical.networkExposure = .physical
        #expect(physical.environmentalMetrics(for: network)["MAC"] == "H", "a locked enclosure")
        let v4 = try CVSSVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N")
        let four = physical.environmentalMetrics(for: v4)
        #expect(four["MAT"] == "P" && four["MUI"] == "A" && four["MSI"] == "S" && four["MSA"] == nil)
        #expect(Self.pump.environmentalMetrics(for: try CVSSVector("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isEmpty)
        #expect(Self.pump.rescore(try CVSSVector("AV:N/AC:L/Au:N/C:P/I:P/A:P")) == nil)
        let rescored = try #require(Self.pump.rescore(network))
        #expect(rescored.score == 8.0 && network.score == 9.8)
        var overridden = Self.pump
        overridden.requirements = .init(confidentiality: .low)
        #expect(overridden.confidentialityRequirement == .low && overridden.integrityRequirement == .high)
        var harmless = Self.pump
        harmless.safetyImpact = .minor
        #expect(harmless.integrityRequirement == .low && harmless.environmentalMetrics(for: v4)["MSI"] == nil)
    }

    @Test("the rubric questionnaire: answers give the profile; missing, unknown and invalid answers are refused")
    func questionnaire() throws {
        var answers = [
            "exposure": "network", "physical-access": "controlled", "operator": "no", "patient-data": "one-patient",
            "secrets": "no", "therapy": "none", "diagnosis": "informational", "workflow": "yes",
        ]
        let monitor = try RubricQuestionnaire.profile(answers: answers, device: "monitor")
        #expect(monitor.networkExposure == .network && monitor.safetyImpact == .serious)
        #expect(monitor.dataSensitivity == .medium && monitor.userInteraction == .notRequired)
        #expect(monitor.rubric == answers)
        answers["secrets"] = "yes"
        answers["therapy"] = "life-sustaining"
        let pump = try RubricQuestionnaire.profile(answers: answers, device: nil)
        #expect(pump.dataSensitivity == .high && pump.safetyImpact == .catastrophic)
        #expect(Set(RubricQuestionnaire.questions.map(\.id)).count == RubricQuestionnaire.questions.count)
        var missing = answers
        missing["exposure"] = nil
        #expect(throws: RubricQuestionnaire.InvalidAnswer.self) {
            try RubricQuestionnaire.profile(answers: missing, device: nil)
        }
        var invalid = answers
        invalid["therapy"] = "sometimes"
        do {
            _ = try RubricQuestionnaire.profile(answers: invalid, device: nil)
            Issue.record("an invalid answer")
        } catch { #expect(error.description.contains("none, injury, life-sustaining")) }
        var extra = answers
        extra["colour"] = "blue"
        #expect(throws: RubricQuestionnaire.InvalidAnswer.self) {
            try RubricQuestionnaire.profile(answers: extra, device: nil)
        }
    }

    @Test("priority: CVSS, exploitation, safety; tiers; KEV with critical safety is P1; no score counts as 5.0")
    func priority() {
        let kev = Priority.of(cvss: 5.3, contextScore: nil, exploited: true, epss: nil, safety: .critical)
        #expect(kev.tier == "P1" && kev.score == 73.9)
        let quiet = Priority.of(cvss: 9.8, contextScore: 4.0, exploited: false, epss: 0.01, safety: .negligible)
        #expect(quiet.score == 23.3 && quiet.tier == "P4")
        #expect(quiet.basis == "CVSS 9.8 (context 4.0), EPSS 0.01, safety negligible")
        let unknown = Priority.of(cvss: nil, contextScore: nil, exploited: false, epss: nil, safety: nil)
        #expect(unknown.score == 37.5 && unknown.tier == "P3" && unknown.basis.contains("counted as 5.0"))
        let high = Priority.of(cvss: 9.8, contextScore: nil, exploited: false, epss: 0.9, safety: .catastrophic)
        #expect(high.tier == "P1" && high > unknown)
        #expect(Priority.of(cvss: 7.5, contextScore: nil, exploited: false, epss: 0.2, safety: .serious).tier == "P2")
    }
}
