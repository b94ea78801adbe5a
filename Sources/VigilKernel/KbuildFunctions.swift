import VigilCore

/// The GNU make text functions Kbuild Makefiles use in object lists and conditions: `subst`, `patsubst`, `filter`,
/// `filter-out`, `findstring`, `strip`, `words`, `addprefix`, `addsuffix`, `sort`, `if`. Each result is as certain as
/// its arguments; any other function (`shell`, `call`, `wildcard`, …) is uncertain.
extension Evaluator {
    mutating func function(
        _ name: String, _ arguments: Substring, variables: [String: [KbuildMakefile.Word]]
    ) -> Expansion {
        let parts = Self.arguments(arguments)
        func argument(_ index: Int) -> Expansion {
            index < parts.count
                ? expand(parts[index], variables: variables) : Expansion(text: "", certain: true, symbols: [])
        }
        func combined(_ text: String, _ inputs: [Expansion]) -> Expansion {
            Expansion(
                text: text, certain: inputs.allSatisfy(\.certain),
                symbols: inputs.reduce(into: []) { $0.formUnion($1.symbols) })
        }
        func words(_ text: String) -> [Substring] { text.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
        switch (name, parts.count) {
        case ("subst", 3):
            let (from, to, text) = (argument(0), argument(1), argument(2))
            let result = from.text.isEmpty ? text.text : text.text.replacing(from.text, with: to.text)
            return combined(result, [from, to, text])
        case ("patsubst", 3):
            let (pattern, replacement, text) = (argument(0), argument(1), argument(2))
            let result = words(text.text).map { Self.patsubst(String($0), pattern.text, replacement.text) }
            return combined(result.joined(separator: " "), [pattern, replacement, text])
        case ("filter", 2), ("filter-out", 2):
            let (patterns, text) = (argument(0), argument(1))
            let list = words(patterns.text).map(String.init)
            let kept = words(text.text).filter { word in
                list.contains { Self.matches(String(word), $0) } == (name == "filter")
            }
            return combined(kept.joined(separator: " "), [patterns, text])
        case ("findstring", 2):
            let (needle, text) = (argument(0), argument(1))
            return combined(text.text.contains(needle.text) ? needle.text : "", [needle, text])
        case ("strip", 1):
            let text = argument(0)
            return combined(words(text.text).joined(separator: " "), [text])
        case ("words", 1):
            let text = argument(0)
            return combined(String(words(text.text).count), [text])
        case ("addprefix", 2), ("addsuffix", 2):
            let (affix, text) = (argument(0), argument(1))
            let result = words(text.text).map { word -> String in
                name == "addprefix" ? affix.text + String(word) : String(word) + affix.text
            }
            return combined(result.joined(separator: " "), [affix, text])
        case ("sort", 1):
            let text = argument(0)
            return combined(Array(Set(words(text.text).map(String.init))).sorted().joined(separator: " "), [text])
        case ("if", 2), ("if", 3):
            let condition = argument(0)
            guard condition.certain else { return Expansion(text: "", certain: false, symbols: condition.symbols) }
            let chosen = words(condition.text).isEmpty ? argument(2) : argument(1)
            return combined(chosen.text, [condition, chosen])
        default:
            return Expansion(text: "", certain: false, symbols: [])
        }
    }

    /// Arguments split at commas outside parentheses.
    static func arguments(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(", "{": depth += 1
            case ")", "}": depth = max(0, depth - 1)
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// Whether a word matches a make pattern (one `%` matches any text; without one, equality).
    static func matches(_ word: String, _ pattern: String) -> Bool {
        guard let percent = pattern.firstIndex(of: "%") else { return word == pattern }
        let prefix = pattern[..<percent]
        let suffix = pattern[pattern.index(after: percent)...]
        return word.count >= prefix.count + suffix.count && word.hasPrefix(prefix) && word.hasSuffix(suffix)
    }

    /// `$(patsubst pattern,replacement,word)` for one word.
    static func patsubst(_ word: String, _ pattern: String, _ replacement: String) -> String {
        guard let percent = pattern.firstIndex(of: "%") else { return word == pattern ? replacement : word }
        guard matches(word, pattern) else { return word }
        let stem = word.dropFirst(pattern[..<percent].count).dropLast(pattern[pattern.index(after: percent)...].count)
        guard let slot = replacement.firstIndex(of: "%") else { return replacement }
        return String(replacement[..<slot]) + stem + String(replacement[replacement.index(after: slot)...])
    }
}
