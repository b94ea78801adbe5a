public import VigilCore
import Yams

/// A device context profile as a file (`vigil.context/1`, YAML or JSON): read with every key checked — a misspelt key
/// is an error naming it, never silently ignored — and written with the derived environmental metrics as comments.
public enum DeviceContextFile {
    /// Why a profile cannot be read: the key and the reason.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let keys: Set<String> = [
        "schema", "device", "networkExposure", "physicalAccess", "userInteraction", "safetyImpact", "dataSensitivity",
        "requirements", "rubric",
    ]

    public static func read(_ text: String, source: String) throws(Invalid) -> DeviceContextProfile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Invalid(description: "\(source): not YAML: \(error)")
        }
        guard let mapping = node?.mapping else {
            throw Invalid(
                description: "\(source): a device context is a mapping of \(keys.sorted().joined(separator: ", "))")
        }
        for key in mapping.keys.compactMap(\.string) where !keys.contains(key) {
            throw Invalid(
                description: "\(source): '\(key)' is not a device context key: \(keys.sorted().joined(separator: ", "))"
            )
        }
        if let requirements = mapping["requirements"]?.mapping {
            for key in requirements.keys.compactMap(\.string)
            where !["confidentiality", "integrity", "availability"].contains(key) {
                throw Invalid(
                    description: "\(source): 'requirements.\(key)' is not a requirement: confidentiality, integrity, "
                        + "availability")
            }
        }
        if let schema = mapping["schema"]?.string, schema != DeviceContextProfile.schema {
            throw Invalid(description: "\(source): schema '\(schema)' is not \(DeviceContextProfile.schema)")
        }
        do {
            return try YAMLDecoder().decode(DeviceContextProfile.self, from: text)
        } catch let DecodingError.dataCorrupted(context), let DecodingError.typeMismatch(_, context) {
            throw Invalid(description: "\(source): '\(path(context.codingPath))': \(Self.allowed(context.codingPath))")
        } catch let DecodingError.keyNotFound(key, _) {
            throw Invalid(description: "\(source): '\(key.stringValue)' is required: \(Self.allowed([key]))")
        } catch {
            throw Invalid(description: "\(source): \(error)")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map(\.stringValue).joined(separator: ".")
    }

    /// The values a key allows.
    private static func allowed(_ codingPath: [any CodingKey]) -> String {
        let values: [String] =
            switch codingPath.last?.stringValue {
            case "networkExposure": DeviceContextProfile.NetworkExposure.allCases.map(\.rawValue)
            case "physicalAccess": DeviceContextProfile.PhysicalAccess.allCases.map(\.rawValue)
            case "userInteraction": DeviceContextProfile.UserInteraction.allCases.map(\.rawValue)
            case "safetyImpact": DeviceContextProfile.SafetyImpact.allCases.map(\.rawValue)
            case "dataSensitivity": DeviceContextProfile.DataSensitivity.allCases.map(\.rawValue)
            case "confidentiality", "integrity", "availability": DeviceContextProfile.Level.allCases.map(\.rawValue)
            default: []
            }
        return values.isEmpty ? "not a valid value" : "one of " + values.joined(separator: ", ")
    }

    /// Rubric answers from a YAML or JSON mapping of question id to value.
    public static func answers(_ text: String, source: String) throws(Invalid) -> [String: String] {
        do {
            return try YAMLDecoder().decode([String: String].self, from: text)
        } catch {
            throw Invalid(description: "\(source): answers are a mapping of question id to value: \(error)")
        }
    }

    /// The profile as YAML, with the security requirements it gives and the rubric's answers.
    public static func write(_ profile: DeviceContextProfile) -> String {
        var lines = [
            "# Device context for CVSS environmental re-scoring (vigil scan --context FILE).",
            "schema: \(profile.schema)",
        ]
        if let device = profile.device { lines.append("device: \(quoted(device))") }
        lines.append("networkExposure: \(profile.networkExposure.rawValue)")
        if let access = profile.physicalAccess { lines.append("physicalAccess: \(access.rawValue)") }
        if let interaction = profile.userInteraction { lines.append("userInteraction: \(interaction.rawValue)") }
        lines.append("safetyImpact: \(profile.safetyImpact.rawValue)")
        lines.append("dataSensitivity: \(profile.dataSensitivity.rawValue)")
        lines.append(
            "# Security requirements these give (set 'requirements' to override): CR:"
                + "\(profile.confidentialityRequirement.metric) IR:\(profile.integrityRequirement.metric) "
                + "AR:\(profile.availabilityRequirement.metric)")
        if let requirements = profile.requirements {
            lines.append("requirements:")
            if let c = requirements.confidentiality { lines.append("  confidentiality: \(c.rawValue)") }
            if let i = requirements.integrity { lines.append("  integrity: \(i.rawValue)") }
            if let a = requirements.availability { lines.append("  availability: \(a.rawValue)") }
        }
        if let rubric = profile.rubric {
            lines.append("# The rubric questionnaire's answers (vigil context init).")
            lines.append("rubric:")
            for question in RubricQuestionnaire.questions {
                if let answer = rubric[question.id] { lines.append("  \(question.id): \(answer)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        "\""
            + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            .replacing("\n", with: "\\n") + "\""
    }
}
