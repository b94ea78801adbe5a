import Foundation
import Testing
import VigilTesting

/// `vigil cvss` against an independent implementation, Red Hat's `cvss` library (exact arithmetic; installed by
/// `Scripts/fetch-test-corpus` from PyPI): thousands of vectors drawn from a fixed seed, every version 3.0, 3.1 and
/// 4.0 metric with every value, threat, environmental and supplemental metrics included.
@Suite(.enabled(if: TestCorpus.has("cvss-reference/venv/.complete"), TestCorpus.missingMessage))
struct CVSSReferenceTests {
    /// SplitMix64: the same vectors on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick(_ values: [String]) -> String { values[Int(next() % UInt64(values.count))] }
    }

    static func vectors(count: Int, seed: UInt64) -> [String] {
        var random = Generator(state: seed)
        let v4Base: [(String, [String])] = [
            ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("AT", ["N", "P"]), ("PR", ["N", "L", "H"]),
            ("UI", ["N", "P", "A"]), ("VC", ["H", "L", "N"]), ("VI", ["H", "L", "N"]), ("VA", ["H", "L", "N"]),
            ("SC", ["H", "L", "N"]), ("SI", ["H", "L", "N"]), ("SA", ["H", "L", "N"]),
        ]
        let v4Optional: [(String, [String])] = [
            ("E", ["X", "A", "P", "U"]), ("CR", ["X", "H", "M", "L"]), ("IR", ["X", "H", "M", "L"]),
            ("AR", ["X", "H", "M", "L"]), ("MAV", ["X", "N", "A", "L", "P"]), ("MAC", ["X", "L", "H"]),
            ("MAT", ["X", "N", "P"]), ("MPR", ["X", "N", "L", "H"]), ("MUI", ["X", "N", "P", "A"]),
            ("MVC", ["X", "H", "L", "N"]), ("MVI", ["X", "H", "L", "N"]), ("MVA", ["X", "H", "L", "N"]),
            ("MSC", ["X", "H", "L", "N"]), ("MSI", ["X", "S", "H", "L", "N"]), ("MSA", ["X", "S", "H", "L", "N"]),
            ("S", ["X", "N", "P"]), ("AU", ["X", "N", "Y"]), ("R", ["X", "A", "U", "I"]), ("V", ["X", "D", "C"]),
            ("RE", ["X", "L", "M", "H"]), ("U", ["X", "Clear", "Green", "Amber", "Red"]),
        ]
        let v3Base: [(String, [String])] = [
            ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]),
            ("S", ["U", "C"]), ("C", ["H", "L", "N"]), ("I", ["H", "L", "N"]), ("A", ["H", "L", "N"]),
        ]
        let v3Optional: [(String, [String])] = [
            ("E", ["X", "U", "P", "F", "H"]), ("RL", ["X", "O", "T", "W", "U"]), ("RC", ["X", "U", "R", "C"]),
            ("CR", ["X", "L", "M", "H"]), ("IR", ["X", "L", "M", "H"]), ("AR", ["X", "L", "M", "H"]),
            ("MAV", ["X", "N", "A", "L", "P"]), ("MAC", ["X", "L", "H"]), ("MPR", ["X", "N", "L", "H"]),
            ("MUI", ["X", "N", "R"]), ("MS", ["X", "U", "C"]), ("MC", ["X", "N", "L", "H"]),
            ("MI", ["X", "N", "L", "H"]), ("MA", ["X", "N", "L", "H"]),
        ]
        var vectors: [String] = []
        for index in 0..<count {
            let version = ["4.0", "4.0", "3.1", "3.0"][index % 4]
            let (base, optional) = version == "4.0" ? (v4Base, v4Optional) : (v3Base, v3Optional)
            var parts = base.map { "\($0.0):\(random.pick($0.1))" }
            // Half with optional metrics, each present with probability ½.
            if index % 8 >= 4 {
                for (name, values) in optional where random.next() % 2 == 0 {
                    parts.append("\(name):\(random.pick(values))")
                }
            }
            vectors.append("CVSS:\(version)/" + parts.joined(separator: "/"))
        }
        return vectors
    }

    @Test("8,000 vectors of 3.0, 3.1 and 4.0: every base, temporal, environmental and CVSS-BTE score agrees")
    func agreesWithTheReference() throws {
        let vectors = Self.vectors(count: 8_000, seed: 20_261_128)
        let python = try #require(TestCorpus.url("cvss-reference/venv/bin/python"))
        let file = FileManager.default.temporaryDirectory.appending(path: "vigil-cvss-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(vectors.joined(separator: "\n").utf8).write(to: file)
        // One line per vector: version 3 base/temporal/environmental; version 4 the whole vector's score.
        let script = """
            import sys
            from cvss import CVSS3, CVSS4
            for line in open(sys.argv[1]):
                v = line.strip()
                if v.startswith("CVSS:4.0/"):
                    print(CVSS4(v).base_score)
                else:
                    c = CVSS3(v)
                    print(c.base_score, c.temporal_score, c.environmental_score)
            """
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reference = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && reference.count == vectors.count)

        let run = try VigilProcess.run(["cvss", "-f", "json"], input: vectors.joined(separator: "\n"))
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.count == vectors.count)
        var disagreements: [String] = []
        for (index, row) in rows.enumerated() where index < reference.count {
            let base = row["baseScore"] as? Double ?? -1
            var expected = reference[index]
            let computed: [Double]
            if vectors[index].hasPrefix("CVSS:4.0/") {
                computed = [row["score"] as? Double ?? base]
            } else if let environmental = row["environmentalScore"] as? Double {
                computed = [base, row["temporalScore"] as? Double ?? base, environmental]
            } else {
                // Without environmental metrics there is no environmental score to compare (3.1's formula for a
                // changed scope differs from the base formula, so the reference's is not the base score).
                computed = [base, row["temporalScore"] as? Double ?? base]
                expected = Array(expected.prefix(2))
            }
            if computed != expected {
                disagreements.append("\(vectors[index]): \(computed) reference \(expected)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagree: \(disagreements.prefix(5))")
    }
}
