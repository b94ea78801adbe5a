/// A guided questionnaire that writes a ``DeviceContextProfile``, structured after MITRE's "Rubric for Applying CVSS
/// to Medical Devices" (qualified by the FDA as a Medical Device Development Tool, 2020): the rubric's areas —
/// how the device is reached (attack vector), who may touch it, whether an operator stands between input and
/// device (user interaction), and, for each kind of data or function the rubric names (patient data, system secrets,
/// delivery of therapy, diagnosis and monitoring, clinical workflow), what losing its confidentiality, integrity or
/// availability does to a patient. The wording and the mapping are Vigil's; every answer is kept in the profile
/// (`rubric`), so the environmental metrics trace back to the questions.
public enum RubricQuestionnaire {
    public struct Question: Sendable, Hashable {
        /// Stable: `exposure`, `therapy`, …
        public var id: String
        /// The rubric's area: `AV`, `AC`, `UI`, `C`, `I/A`.
        public var area: String
        public var text: String
        /// Answer value → what it means.
        public var choices: [(value: String, text: String)]

        public static func == (lhs: Question, rhs: Question) -> Bool { lhs.id == rhs.id }
        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    public static let questions: [Question] = [
        Question(
            id: "exposure", area: "AV", text: "How can an attacker reach the device's interfaces?",
            choices: [
                ("internet", "from the Internet, directly or through a routable path"),
                ("network", "from the hospital's routable network, not the Internet"),
                ("adjacent", "only from an adjacent network: same subnet, Bluetooth, Wi-Fi Direct, RF telemetry, NFC"),
                ("local", "only through a local interface (console, USB, serial) or a local login"),
                ("physical", "only by physical contact: opening the case, JTAG"),
            ]),
        Question(
            id: "physical-access", area: "AC", text: "Where is the device while it is in use?",
            choices: [
                ("uncontrolled", "in public, or at a patient's home"),
                ("controlled", "in a clinical area that staff control"),
                ("secured", "locked away: a locked enclosure or room"),
            ]),
        Question(
            id: "operator", area: "UI",
            text: "Does every input reach the device only through an operator's deliberate step?",
            choices: [
                ("no", "no: the device takes input on its own (network services, automatic sync)"),
                ("yes", "yes: importing a file, confirming a pairing, scanning a code"),
            ]),
        Question(
            id: "patient-data", area: "C", text: "What patient data does the device store, process or transmit?",
            choices: [
                ("none", "none"), ("one-patient", "one patient's health data"),
                ("many-patients", "records of many patients"),
            ]),
        Question(
            id: "secrets", area: "C",
            text: "Does the device hold credentials or keys that unlock other systems or devices?",
            choices: [("no", "no"), ("yes", "yes: shared passwords, signing keys, hospital network credentials")]),
        Question(
            id: "therapy", area: "I/A", text: "Does the device deliver therapy?",
            choices: [
                ("none", "no"),
                ("injury", "yes: wrong or missing therapy can seriously injure a patient"),
                ("life-sustaining", "yes, life-sustaining: wrong or missing therapy can kill"),
            ]),
        Question(
            id: "diagnosis", area: "I/A", text: "Does the device diagnose or monitor patients?",
            choices: [
                ("none", "no"),
                ("informational", "yes, for information: a wrong or missing result delays care"),
                ("alarms", "yes, with alarms or diagnoses: a missed alarm or wrong result can seriously injure"),
            ]),
        Question(
            id: "workflow", area: "I/A",
            text: "Does the device support clinical workflow (orders, documentation, scheduling)?",
            choices: [("no", "no"), ("yes", "yes: losing it disrupts care but harms no one directly")]),
    ]

    /// A problem with the answers: the question, what was given, what is allowed.
    public struct InvalidAnswer: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The profile the answers give. Every question must be answered with one of its choices.
    public static func profile(answers: [String: String], device: String?) throws(InvalidAnswer) -> DeviceContextProfile
    {
        for question in questions {
            guard let answer = answers[question.id] else {
                throw InvalidAnswer(description: "question '\(question.id)' is not answered (\(question.text))")
            }
            guard question.choices.contains(where: { $0.value == answer }) else {
                throw InvalidAnswer(
                    description: "'\(answer)' is not an answer to '\(question.id)': "
                        + question.choices.map(\.value).joined(separator: ", "))
            }
        }
        for id in answers.keys where !questions.contains(where: { $0.id == id }) {
            throw InvalidAnswer(
                description: "'\(id)' is not a question: \(questions.map(\.id).joined(separator: ", "))")
        }
        let safety: [DeviceContextProfile.SafetyImpact] = [
            ["none": .negligible, "injury": .critical, "life-sustaining": .catastrophic][answers["therapy"]!]!,
            ["none": .negligible, "informational": .serious, "alarms": .critical][answers["diagnosis"]!]!,
            answers["workflow"] == "yes" ? .minor : .negligible,
        ]
        let sensitivity: DeviceContextProfile.DataSensitivity =
            answers["patient-data"] == "many-patients" || answers["secrets"] == "yes"
            ? .high : answers["patient-data"] == "one-patient" ? .medium : .low
        return DeviceContextProfile(
            device: device, networkExposure: .init(rawValue: answers["exposure"]!)!,
            physicalAccess: .init(rawValue: answers["physical-access"]!)!,
            userInteraction: answers["operator"] == "yes" ? .required : .notRequired, safetyImpact: safety.max()!,
            dataSensitivity: sensitivity, rubric: answers)
    }
}
