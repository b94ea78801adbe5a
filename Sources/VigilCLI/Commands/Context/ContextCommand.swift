import ArgumentParser
import Foundation
import VigilCore
import VigilMatch

/// `vigil context`: the device context profile CVSS scores are re-scored in.
struct ContextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Write and check device context profiles for CVSS environmental re-scoring and priorities.",
        discussion: """
            A profile (vigil.context/1 YAML) says how the device is reached (networkExposure: internet, network, \
            adjacent, local, physical), who can touch it (physicalAccess: uncontrolled, controlled, secured), whether \
            an operator stands between input and device (userInteraction: none, required), the worst harm to a \
            patient (safetyImpact: negligible, minor, serious, critical, catastrophic) and how sensitive its data are \
            (dataSensitivity: high, medium, low). 'vigil scan --context FILE' re-scores every finding with the \
            environmental metrics these give and sorts by priority.
            """,
        subcommands: [ContextInitCommand.self, ContextCheckCommand.self])
}

/// `vigil context init`: the rubric questionnaire.
struct ContextInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Answer the medical-device rubric questionnaire and write a device context profile.",
        discussion: """
            The questions follow the structure of MITRE's Rubric for Applying CVSS to Medical Devices (how the \
            device is reached, physical access, operator steps, and for patient data, secrets, therapy, diagnosis \
            and monitoring, clinical workflow what a compromise does to a patient). On a terminal each question is \
            asked in turn; otherwise give every answer with --answer ID=VALUE or --answers FILE (a YAML or JSON \
            mapping). The answers are kept in the profile. Questions and answers: \
            \(RubricQuestionnaire.questions.map { "\($0.id) (\($0.choices.map(\.value).joined(separator: "|")))" }.joined(separator: ", ")).

            Exit status: 0 written; 2 an answer is missing or invalid, or the output cannot be written.
            """)

    @Option(help: ArgumentHelp("An answer (repeatable).", valueName: "ID=VALUE")) var answer: [String] = []
    @Option(help: ArgumentHelp("Answers as a YAML or JSON mapping of question id to value.", valueName: "FILE"))
    var answers: String?
    @Option(help: "The device's name, for reports.") var device: String?
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?

    func run() async throws {
        var given: [String: String] = [:]
        do {
            if let answers {
                let text = String(decoding: try Files.read(answers, limit: 1 << 20), as: UTF8.self)
                given = try DeviceContextFile.answers(text, source: answers)
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        for pair in answer {
            guard let equals = pair.firstIndex(of: "=") else {
                Console.error("--answer wants ID=VALUE, not '\(pair)'")
                throw ExitStatus.invalidInput
            }
            given[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        if isatty(STDIN_FILENO) == 1 { given = ask(given) }
        let profile: DeviceContextProfile
        do {
            profile = try RubricQuestionnaire.profile(answers: given, device: device)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        do {
            try Files.write(Array(DeviceContextFile.write(profile).utf8), to: output ?? "-")
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
    }

    /// Asks, on the terminal, each question not answered yet.
    func ask(_ given: [String: String]) -> [String: String] {
        var answers = given
        for question in RubricQuestionnaire.questions where answers[question.id] == nil {
            print("\n[\(question.area)] \(question.text)")
            for (index, choice) in question.choices.enumerated() { print("  \(index + 1). \(choice.text)") }
            while true {
                print("> ", terminator: "")
                guard let line = readLine()?.trimmingCharacters(in: .whitespaces) else { return answers }
                if let number = Int(line), question.choices.indices.contains(number - 1) {
                    answers[question.id] = question.choices[number - 1].value
                    break
                }
                if question.choices.contains(where: { $0.value == line }) {
                    answers[question.id] = line
                    break
                }
                print(
                    "answer 1–\(question.choices.count) or one of \(question.choices.map(\.value).joined(separator: ", "))"
                )
            }
        }
        return answers
    }
}

/// `vigil context check FILE [VECTOR…]`.
struct ContextCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a device context profile and show what it does to CVSS vectors.",
        discussion: """
            Prints the security requirements the profile gives and, for each VECTOR, the environmental metrics it \
            sets, the re-scored vector and the score before and after.

            Exit status: 0 valid; 2 the profile or a vector is invalid (the key or metric and the reason are printed).
            """)

    @Argument(help: "The profile.") var file: String
    @Argument(help: "CVSS vectors (3.0, 3.1, 4.0) to re-score.") var vectors: [String] = []

    func run() async throws {
        let profile = try ContextOption.parse(["--context", file]).profile()!
        print(
            "\(profile.device ?? file): exposure \(profile.networkExposure.rawValue), safety "
                + "\(profile.safetyImpact.rawValue), data \(profile.dataSensitivity.rawValue); requirements CR:"
                + "\(profile.confidentialityRequirement.metric) IR:\(profile.integrityRequirement.metric) AR:"
                + "\(profile.availabilityRequirement.metric)")
        var failed = false
        for text in vectors {
            do {
                let vector = try CVSSVector(text)
                guard let rescored = profile.rescore(vector) else {
                    print("\(text): version \(vector.version) has no environmental metrics this profile sets")
                    continue
                }
                print(
                    String(format: "%4.1f → %4.1f  ", vector.score, rescored.score) + rescored.description)
            } catch {
                Console.error("\(error)")
                failed = true
            }
        }
        if failed { throw ExitStatus.invalidInput }
    }
}
