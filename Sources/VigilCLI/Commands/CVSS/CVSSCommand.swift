import ArgumentParser
import Foundation
import VigilCore

/// `vigil cvss VECTOR…`: base (and temporal) scores and severities.
struct CVSSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvss",
        abstract: "Compute CVSS scores and severities from vectors (versions 2.0, 3.0, 3.1, 4.0).",
        discussion: """
            The version is read from the vector: 'CVSS:4.0/…', 'CVSS:3.1/…', 'CVSS:3.0/…', or a version 2 vector \
            ('AV:N/AC:L/Au:N/C:P/I:P/A:P'). With no VECTOR, one is read per line of standard input. Prints the base \
            score and severity; for version 3 vectors with temporal or environmental metrics those scores too; for \
            version 4 vectors with threat or environmental metrics the score of the whole vector (CVSS-BT, -BE, \
            -BTE).

            Exit status: 0 every vector scored; 2 a vector does not parse (the others are still printed).
            """)

    @Argument(help: "CVSS vectors.") var vectors: [String] = []
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    struct Row: Encodable {
        var vector: String
        var version: String
        var baseScore: Double
        var severity: String
        var temporalScore: Double?
        var environmentalScore: Double?
        /// Version 4 with threat or environmental metrics: the whole vector's score, and its name.
        var score: Double?
        var nomenclature: String?
    }

    func run() async throws {
        let inputs = vectors.isEmpty ? Array(Console.inputLines()) : vectors
        var rows: [Row] = []
        var failed = false
        for input in inputs where !input.isEmpty {
            do {
                let cvss = try CVSSVector(input)
                let temporal = ["E", "RL", "RC"].contains { cvss.metrics[$0] != nil } ? cvss.temporalScore : nil
                let whole = cvss.nomenclature.flatMap { $0 == "CVSS-B" ? nil : $0 }
                rows.append(
                    Row(
                        vector: input, version: cvss.version, baseScore: cvss.baseScore, severity: cvss.severity,
                        temporalScore: temporal, environmentalScore: cvss.environmentalScore,
                        score: whole == nil ? nil : cvss.score, nomenclature: whole))
            } catch {
                Console.error("\(error)")
                failed = true
            }
        }
        if format == .json {
            print(try JSONOutput.encode(rows))
        } else {
            for row in rows {
                print(
                    String(format: "%4.1f", row.baseScore) + "  "
                        + row.severity.padding(toLength: 8, withPad: " ", startingAt: 0)
                        + "  " + row.vector + (row.temporalScore.map { String(format: "  (temporal %.1f)", $0) } ?? "")
                        + (row.environmentalScore.map { String(format: "  (environmental %.1f)", $0) } ?? "")
                        + (row.score.map { String(format: "  (\(row.nomenclature ?? "") %.1f)", $0) } ?? ""))
            }
        }
        if failed { throw ExitStatus.invalidInput }
    }
}
