/// CVSS 4.0 (FIRST, CVSS v4.0 Specification, §8): a vector's MacroVector (six equivalence classes, EQ1–EQ6) is
/// looked up in the table of expert-ranked scores, then interpolated towards the next lower MacroVector by the
/// vector's severity distance from the highest-severity vectors of its own MacroVector.
extension CVSSVector {
    static let version4Metrics: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "AT": ["N", "P"], "PR": ["N", "L", "H"], "UI": ["N", "P", "A"],
        "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"], "SC": ["H", "L", "N"],
        "SI": ["H", "L", "N"], "SA": ["H", "L", "N"],
        "E": ["X", "A", "P", "U"],
        "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MAT": ["X", "N", "P"], "MPR": ["X", "N", "L", "H"],
        "MUI": ["X", "N", "P", "A"], "MVC": ["X", "H", "L", "N"], "MVI": ["X", "H", "L", "N"],
        "MVA": ["X", "H", "L", "N"], "MSC": ["X", "H", "L", "N"], "MSI": ["X", "S", "H", "L", "N"],
        "MSA": ["X", "S", "H", "L", "N"],
        // Supplemental metrics: informative, never scored.
        "S": ["X", "N", "P"], "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"],
        "RE": ["X", "L", "M", "H"], "U": ["X", "Clear", "Green", "Amber", "Red"],
    ]
    static let version4Base = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]

    /// The score of a version 4 vector: base metrics only (CVSS-B), or with its threat and environmental metrics
    /// (CVSS-BT, -BE, -BTE).
    func score4(threatAndEnvironment: Bool) -> Double {
        let value = Metrics4(metrics, threatAndEnvironment: threatAndEnvironment)
        if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ value[$0] == "N" }) { return 0 }
        let macro = value.macroVector
        guard let top = CVSSVersion4Tables.score(macro) else { return 0 }
        // The next lower MacroVector along each equivalence class (EQ3 and EQ6 together), if there is one.
        func lower(_ changes: [(Int, Int)]) -> Double? {
            var next = macro
            for (index, step) in changes { next[index] += step }
            return CVSSVersion4Tables.score(next)
        }
        let lowerEQ3EQ6: Double? =
            switch (macro[2], macro[5]) {
            case (0, 0): [lower([(5, 1)]), lower([(2, 1)])].compactMap { $0 }.max()
            case (1, 0): lower([(5, 1)])
            case (0, 1), (1, 1): lower([(2, 1)])
            default: lower([(2, 1), (5, 1)])
            }
        let lowers: [Double?] = [lower([(0, 1)]), lower([(1, 1)]), lowerEQ3EQ6, lower([(3, 1)]), lower([(4, 1)])]
        // Exact arithmetic in tenths, as the specification means it: every score, level and depth is a whole number
        // of tenths, so the mean of the proportional distances is a fraction over 2520 (divisible by every depth)
        // times the number of classes counted. Floating point would round some x.x5 down (8.549999…).
        let tenths = { (value: Double) in Int((value * 10).rounded()) }
        let distances = value.severityDistances(macro).map(tenths)
        let depths = CVSSVersion4Tables.depths(macro).map(tenths).map { $0 / 10 }
        let common = 2520
        var numerator = 0
        var counted = 0
        for (index, next) in lowers.enumerated() {
            guard let next else { continue }
            counted += 1
            // EQ5 (exploit maturity) has a depth of one level: its proportion is always 0.
            guard index != 4 else { continue }
            numerator += (tenths(top) - tenths(next)) * distances[index] * (common / depths[index])
        }
        guard counted > 0 else { return top }
        // score = top − numerator / (common × counted), in tenths; rounded half up to a whole tenth.
        let denominator = common * counted
        let exact = tenths(top) * denominator - numerator
        let rounded = (2 * exact + denominator) / (2 * denominator)
        return Double(min(100, max(0, rounded))) / 10
    }

    /// A version 4 vector's metrics as scoring reads them: a modified metric over its base metric; `E:X` as `E:A`;
    /// `CR/IR/AR:X` as `H`.
    struct Metrics4 {
        var values: [String: String]

        init(_ metrics: [String: String], threatAndEnvironment: Bool) {
            var values: [String: String] = [:]
            for name in CVSSVector.version4Base { values[name] = metrics[name] }
            values["E"] = "A"
            for name in ["CR", "IR", "AR"] { values[name] = "H" }
            if threatAndEnvironment {
                if let maturity = metrics["E"], maturity != "X" { values["E"] = maturity }
                for name in ["CR", "IR", "AR"] where metrics[name].map({ $0 != "X" }) == true {
                    values[name] = metrics[name]
                }
                for name in CVSSVector.version4Base {
                    if let modified = metrics["M" + name], modified != "X" { values[name] = modified }
                }
            }
            self.values = values
        }

        subscript(_ name: String) -> String { values[name] ?? "X" }

        /// EQ1…EQ6.
        var macroVector: [Int] {
            let (av, pr, ui) = (self["AV"], self["PR"], self["UI"])
            let eq1 =
                av == "N" && pr == "N" && ui == "N" ? 0 : (av == "N" || pr == "N" || ui == "N") && av != "P" ? 1 : 2
            let eq2 = self["AC"] == "L" && self["AT"] == "N" ? 0 : 1
            let (vc, vi, va) = (self["VC"], self["VI"], self["VA"])
            let eq3 = vc == "H" && vi == "H" ? 0 : vc == "H" || vi == "H" || va == "H" ? 1 : 2
            let eq4 =
                self["SI"] == "S" || self["SA"] == "S"
                ? 0 : self["SC"] == "H" || self["SI"] == "H" || self["SA"] == "H" ? 1 : 2
            let eq5 = ["A": 0, "P": 1, "U": 2][self["E"]] ?? 0
            let eq6 =
                (self["CR"] == "H" && vc == "H") || (self["IR"] == "H" && vi == "H") || (self["AR"] == "H" && va == "H")
                ? 0 : 1
            return [eq1, eq2, eq3, eq4, eq5, eq6]
        }

        /// Each metric's level (0 the most severe), in tenths as the specification counts them.
        static let levels: [String: [String: Double]] = [
            "AV": ["N": 0, "A": 0.1, "L": 0.2, "P": 0.3], "PR": ["N": 0, "L": 0.1, "H": 0.2],
            "UI": ["N": 0, "P": 0.1, "A": 0.2], "AC": ["L": 0, "H": 0.1], "AT": ["N": 0, "P": 0.1],
            "VC": ["H": 0, "L": 0.1, "N": 0.2], "VI": ["H": 0, "L": 0.1, "N": 0.2], "VA": ["H": 0, "L": 0.1, "N": 0.2],
            "SC": ["H": 0.1, "L": 0.2, "N": 0.3], "SI": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3],
            "SA": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3], "CR": ["H": 0, "M": 0.1, "L": 0.2],
            "IR": ["H": 0, "M": 0.1, "L": 0.2], "AR": ["H": 0, "M": 0.1, "L": 0.2],
        ]

        /// The severity distance from the first highest-severity vector of the MacroVector that is at least as
        /// severe in every metric, per equivalence class: EQ1, EQ2, EQ3+EQ6, EQ4 (EQ5 has none).
        func severityDistances(_ macro: [Int]) -> [Double] {
            var distance: [String: Double] = [:]
            for highest in CVSSVersion4Tables.highestVectors(macro) {
                distance = [:]
                var below = false
                for (name, levels) in Self.levels {
                    let difference = (levels[self[name]] ?? 0) - (levels[highest[name] ?? ""] ?? 0)
                    if difference < -1e-9 { below = true }
                    distance[name] = difference
                }
                if !below { break }
            }
            // As the specification's reference implementation: the first that is not below, else the last tried.
            func sum(_ names: [String]) -> Double { names.reduce(0) { $0 + (distance[$1] ?? 0) } }
            return [
                sum(["AV", "PR", "UI"]), sum(["AC", "AT"]), sum(["VC", "VI", "VA", "CR", "IR", "AR"]),
                sum(["SC", "SI", "SA"]), 0,
            ]
        }
    }
}
