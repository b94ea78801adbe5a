/// Where and how a device is used, as the environmental metrics of CVSS read it: how attackers can reach it, who
/// can touch it, whether its inputs pass through an operator, what harm to a patient its compromise can do, and how
/// sensitive its data are. Written by hand or by the rubric questionnaire (``RubricQuestionnaire``), read from
/// YAML (`vigil.context/1`).
///
/// Each answer becomes environmental metrics by a fixed, documented mapping (``environmentalMetrics(for:)``); a
/// modified metric never makes a vulnerability more reachable than its own vector says (a device on an adjacent
/// network does not turn `AV:L` into `AV:A`).
public struct DeviceContextProfile: Sendable, Hashable, Codable {
    public enum NetworkExposure: String, Sendable, Hashable, Codable, CaseIterable {
        /// Reachable from the Internet, directly or through a routable path.
        case internet
        /// Reachable from a routable network (the hospital's), not from the Internet.
        case network
        /// Reachable only from an adjacent network: the same subnet, Bluetooth, Wi-Fi Direct, RF telemetry, NFC.
        case adjacent
        /// Reachable only through a local interface (console, USB, serial) or a local login.
        case local
        /// Reachable only by physical contact (opening the case, JTAG).
        case physical
    }

    public enum PhysicalAccess: String, Sendable, Hashable, Codable, CaseIterable {
        /// In public or at a patient's home.
        case uncontrolled
        /// In a clinical area staff control.
        case controlled
        /// Locked away (an enclosure, a locked room).
        case secured
    }

    public enum UserInteraction: String, Sendable, Hashable, Codable, CaseIterable {
        /// Inputs reach the device without anyone acting (`none`; not named `.none`, which an optional would take).
        case notRequired = "none"
        /// Every input needs an operator's deliberate step (importing a file, confirming a pairing).
        case required
    }

    /// The worst harm to a patient a compromise can cause (ISO 14971's severity levels).
    public enum SafetyImpact: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case negligible, minor, serious, critical, catastrophic

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case high, medium, low

        /// `H`, `M`, `L`.
        public var metric: String { String(rawValue.prefix(1)).uppercased() }
    }

    public enum DataSensitivity: String, Sendable, Hashable, Codable, CaseIterable {
        /// Records of many patients, or secrets that unlock other systems.
        case high
        /// One patient's health data.
        case medium
        /// Nothing personal or secret.
        case low
    }

    /// Security requirements set by hand, over the ones derived from the answers.
    public struct Requirements: Sendable, Hashable, Codable {
        public var confidentiality: Level?
        public var integrity: Level?
        public var availability: Level?

        public init(confidentiality: Level? = nil, integrity: Level? = nil, availability: Level? = nil) {
            self.confidentiality = confidentiality
            self.integrity = integrity
            self.availability = availability
        }
    }

    public static let schema = "vigil.context/1"

    public var schema: String = DeviceContextProfile.schema
    /// The device, for reports.
    public var device: String?
    public var networkExposure: NetworkExposure
    public var physicalAccess: PhysicalAccess?
    public var userInteraction: UserInteraction?
    public var safetyImpact: SafetyImpact
    public var dataSensitivity: DataSensitivity
    public var requirements: Requirements?
    /// The rubric questionnaire's answers, when it wrote the profile: question id → answer.
    public var rubric: [String: String]?

    public init(
        device: String? = nil, networkExposure: NetworkExposure, physicalAccess: PhysicalAccess? = nil,
        userInteraction: UserInteraction? = nil, safetyImpact: SafetyImpact, dataSensitivity: DataSensitivity,
        requirements: Requirements? = nil, rubric: [String: String]? = nil
    ) {
        self.device = device
        self.networkExposure = networkExposure
        self.physicalAccess = physicalAccess
        self.userInteraction = userInteraction
        self.safetyImpact = safetyImpact
        self.dataSensitivity = dataSensitivity
        self.requirements = requirements
        self.rubric = rubric
    }

    /// The security requirements: set by hand, else confidentiality from the data's sensitivity, integrity and
    /// availability from the safety impact (critical or catastrophic → high, serious → medium, else low).
    public var confidentialityRequirement: Level {
        requirements?.confidentiality ?? [.high: .high, .medium: .medium, .low: .low][dataSensitivity]!
    }
    public var integrityRequirement: Level { requirements?.integrity ?? Self.level(safetyImpact) }
    public var availabilityRequirement: Level { requirements?.availability ?? Self.level(safetyImpact) }

    static func level(_ impact: SafetyImpact) -> Level {
        impact >= .critical ? .high : impact == .serious ? .medium : .low
    }

    /// The environmental metrics this context sets on a vector (3.0, 3.1, 4.0; none for 2.0):
    /// - `MAV` from the network exposure, never more reachable than the vector's own `AV`;
    /// - `CR`, `IR`, `AR` from the requirements;
    /// - with physical access secured and the attack physical: `MAC:H` (3.x) or `MAT:P` (4.0);
    /// - with user interaction required and none in the vector: `MUI:R` (3.x) or `MUI:A` (4.0);
    /// - in 4.0, with a critical or catastrophic safety impact, a high integrity or availability impact — on the
    ///   vulnerable system (the device) or a subsequent one — becomes a safety impact on the subsequent system
    ///   (`MSI:S`, `MSA:S`): the patient is what a compromised medical device harms, which is what the
    ///   specification's Safety value is for.
    public func environmentalMetrics(for vector: CVSSVector) -> [String: String] {
        guard vector.version != "2.0" else { return [:] }
        var metrics: [String: String] = [:]
        let order = ["N", "A", "L", "P"]
        let exposure = ["internet": "N", "network": "N", "adjacent": "A", "local": "L", "physical": "P"][
            networkExposure.rawValue]!
        let own = vector.metrics["AV"] ?? "N"
        // The less reachable of the two.
        let attackVector = (order.firstIndex(of: exposure) ?? 0) > (order.firstIndex(of: own) ?? 0) ? exposure : own
        if attackVector != own { metrics["MAV"] = attackVector }
        metrics["CR"] = confidentialityRequirement.metric
        metrics["IR"] = integrityRequirement.metric
        metrics["AR"] = availabilityRequirement.metric
        let isVersion4 = vector.version == "4.0"
        if physicalAccess == .secured, attackVector == "P" {
            if isVersion4 { metrics["MAT"] = "P" } else { metrics["MAC"] = "H" }
        }
        if userInteraction == .required, vector.metrics["UI"] == "N" {
            metrics["MUI"] = isVersion4 ? "A" : "R"
        }
        if isVersion4, safetyImpact >= .critical {
            if vector.metrics["VI"] == "H" || vector.metrics["SI"] == "H" { metrics["MSI"] = "S" }
            if vector.metrics["VA"] == "H" || vector.metrics["SA"] == "H" { metrics["MSA"] = "S" }
        }
        return metrics
    }

    /// The vector re-scored in this context; nil for a version 2 vector (CVSS 2's environmental metrics describe
    /// collateral damage and target distribution, which this profile does not).
    public func rescore(_ vector: CVSSVector) -> CVSSVector? {
        let metrics = environmentalMetrics(for: vector)
        guard !metrics.isEmpty else { return nil }
        return try? vector.with(metrics)
    }
}

extension DeviceContextProfile {
    private enum CodingKeys: String, CodingKey {
        case schema, device, networkExposure, physicalAccess, userInteraction, safetyImpact, dataSensitivity
        case requirements, rubric
    }

    /// Decodes a profile; `schema` may be left out (it is `vigil.context/1`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decodeIfPresent(String.self, forKey: .schema) ?? Self.schema
        device = try container.decodeIfPresent(String.self, forKey: .device)
        networkExposure = try container.decode(NetworkExposure.self, forKey: .networkExposure)
        physicalAccess = try container.decodeIfPresent(PhysicalAccess.self, forKey: .physicalAccess)
        userInteraction = try container.decodeIfPresent(UserInteraction.self, forKey: .userInteraction)
        safetyImpact = try container.decode(SafetyImpact.self, forKey: .safetyImpact)
        dataSensitivity = try container.decode(DataSensitivity.self, forKey: .dataSensitivity)
        requirements = try container.decodeIfPresent(Requirements.self, forKey: .requirements)
        rubric = try container.decodeIfPresent([String: String].self, forKey: .rubric)
    }
}
