import VigilCore

/// Expansion and conditionals for ``KbuildMakefile``, three-valued: a condition is true, false, or unknown (nil).
struct Evaluator {
    /// An expansion's text, whether everything in it was known, and the Kconfig symbols it read.
    struct Expansion {
        var text: String
        var certain: Bool
        var symbols: Set<String>
    }

    /// One `ifeq … [else …] endif`.
    private struct Frame {
        /// Whether the current branch is taken.
        var active: Bool?
        /// Whether some branch so far was taken.
        var taken: Bool?
        var symbols: Set<String>
    }

    let config: KernelConfig
    private var frames: [Frame] = []
    /// Expansion depth, against self-referencing variables.
    private var depth = 0

    init(config: KernelConfig) { self.config = config }

    /// True when every enclosing branch is taken, false when one is not, nil when one is unknown.
    var isActive: Bool? {
        var result: Bool? = true
        for frame in frames {
            if frame.active == false { return false }
            if frame.active == nil { result = nil }
        }
        return result
    }

    var conditionSymbols: Set<String> { frames.reduce(into: []) { $0.formUnion($1.symbols) } }

    /// Handles a conditional directive; false when the line is not one.
    mutating func conditional(_ line: Substring, variables: [String: [KbuildMakefile.Word]]) -> Bool {
        let keyword = line.prefix { $0 != " " && $0 != "\t" && $0 != "(" }
        let rest = line.dropFirst(keyword.count).trimmed
        switch keyword {
        case "ifeq", "ifneq", "ifdef", "ifndef":
            let (value, symbols) = condition(String(keyword), rest, variables: variables)
            frames.append(Frame(active: value, taken: value, symbols: symbols))
        case "else":
            guard var frame = frames.popLast() else { return true }
            var value: Bool? = true
            var symbols = frame.symbols
            if !rest.isEmpty {
                let inner = rest.prefix { $0 != " " && $0 != "\t" && $0 != "(" }
                let tested = condition(String(inner), rest.dropFirst(inner.count).trimmed, variables: variables)
                value = tested.0
                symbols.formUnion(tested.1)
            }
            frame.active = Self.and(Self.not(frame.taken), value)
            // Some branch is taken once any condition so far holds: a true `else ifeq` after an unknown `ifeq`
            // means the final `else` is not taken, whichever of the two was.
            frame.taken = Self.or(frame.taken, value)
            frame.symbols = symbols
            frames.append(frame)
        case "endif":
            _ = frames.popLast()
        default:
            return false
        }
        return true
    }

    /// The value of `ifeq (a,b)`, `ifneq "a" "b"`, `ifdef NAME`, `ifndef NAME`.
    private mutating func condition(
        _ keyword: String, _ argument: Substring, variables: [String: [KbuildMakefile.Word]]
    ) -> (Bool?, Set<String>) {
        switch keyword {
        case "ifdef", "ifndef":
            let name = expand(argument, variables: variables)
            var defined: Bool?
            if name.text.hasPrefix("CONFIG_") {
                defined = !config.value(name.text).isEmpty
            } else if let words = variables[name.text], words.allSatisfy(\.certain) {
                defined = !words.isEmpty
            }
            let symbols = name.symbols.union(name.text.hasPrefix("CONFIG_") ? [name.text] : [])
            return (name.certain ? (keyword == "ifdef" ? defined : Self.not(defined)) : nil, symbols)
        case "ifeq", "ifneq":
            guard let (left, right) = Self.operands(argument) else { return (nil, []) }
            let a = expand(left, variables: variables)
            let b = expand(right, variables: variables)
            let symbols = a.symbols.union(b.symbols)
            guard a.certain, b.certain else { return (nil, symbols) }
            let equal = a.text.trimmingSpaces == b.text.trimmingSpaces
            return (keyword == "ifeq" ? equal : !equal, symbols)
        default:
            return (nil, [])
        }
    }

    /// `(a,b)` or `"a" "b"` / `'a' 'b'`.
    static func operands(_ argument: Substring) -> (Substring, Substring)? {
        if argument.first == "(", argument.last == ")" {
            let inner = argument.dropFirst().dropLast()
            var depth = 0
            for index in inner.indices {
                switch inner[index] {
                case "(", "{": depth += 1
                case ")", "}": depth -= 1
                case "," where depth == 0: return (inner[..<index], inner[inner.index(after: index)...])
                default: break
                }
            }
            return nil
        }
        let parts = argument.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let q1 = parts[0].first, q1 == "\"" || q1 == "'",
            let q2 = parts[1].first, q2 == "\"" || q2 == "'"
        else { return nil }
        return (parts[0].dropFirst().dropLast(), parts[1].dropFirst().dropLast())
    }

    /// Expands `$(…)`, `${…}` and `$$`.
    mutating func expand(_ text: Substring, variables: [String: [KbuildMakefile.Word]]) -> Expansion {
        var result = Expansion(text: "", certain: true, symbols: [])
        guard text.contains("$") else {
            result.text = String(text)
            return result
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                result.text.append(character)
                index = next
                continue
            }
            let opener = text[next]
            if opener == "$" {
                result.text.append("$")
                index = text.index(after: next)
            } else if opener == "(" || opener == "{", let close = Self.closing(text, from: next) {
                let inner = text[text.index(after: next)..<close]
                let part = reference(inner, variables: variables)
                result.text += part.text
                result.certain = result.certain && part.certain
                result.symbols.formUnion(part.symbols)
                index = text.index(after: close)
            } else {
                // `$@`, `$<`: automatic variables, only meaningful in rules.
                result.certain = false
                index = text.index(after: next)
            }
        }
        return result
    }

    /// The index of the bracket closing the one at `open`.
    private static func closing(_ text: Substring, from open: Substring.Index) -> Substring.Index? {
        var depth = 0
        var index = open
        while index < text.endIndex {
            switch text[index] {
            case "(", "{": depth += 1
            case ")", "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The longest text one expansion yields; past it the expansion is uncertain and empty.
    static let maximumExpansion = 1 << 20

    /// A variable reference or function call's expansion.
    private mutating func reference(
        _ inner: Substring, variables: [String: [KbuildMakefile.Word]]
    ) -> Expansion {
        guard depth < 16 else { return Expansion(text: "", certain: false, symbols: []) }
        depth += 1
        defer { depth -= 1 }
        if let space = inner.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            return function(String(inner[..<space]), inner[inner.index(after: space)...], variables: variables)
        }
        let name = expand(inner, variables: variables)
        guard name.certain else { return Expansion(text: "", certain: false, symbols: name.symbols) }
        if name.text.hasPrefix("CONFIG_") {
            return Expansion(text: config.value(name.text), certain: true, symbols: name.symbols.union([name.text]))
        }
        switch name.text {
        case "SRCARCH", "ARCH", "SUBARCH":
            if let architecture = config.architecture {
                return Expansion(text: architecture, certain: true, symbols: name.symbols)
            }
        case "BITS":
            if config.architecture != nil {
                return Expansion(
                    text: config.isEnabled("CONFIG_64BIT") ? "64" : "32", certain: true,
                    symbols: name.symbols.union(["CONFIG_64BIT"]))
            }
        default:
            if let words = variables[name.text] {
                guard words.reduce(0, { $0 + $1.text.utf8.count + 1 }) <= Self.maximumExpansion else {
                    return Expansion(text: "", certain: false, symbols: name.symbols)
                }
                return Expansion(
                    text: words.map(\.text).joined(separator: " "), certain: words.allSatisfy(\.certain),
                    symbols: words.reduce(into: name.symbols) { $0.formUnion($1.symbols) })
            }
        }
        // Undefined here: it may come from the command line, the environment or an included file.
        return Expansion(text: "", certain: false, symbols: name.symbols)
    }

    static func not(_ value: Bool?) -> Bool? { value.map { !$0 } }

    static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        if a == true && b == true { return true }
        return nil
    }

    static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        if a == false && b == false { return false }
        return nil
    }
}

extension String {
    var trimmingSpaces: Substring { Substring(self).trimmed }
}
