public import VigilCore

/// One kernel Makefile (or `Kbuild` file) evaluated under a `.config`: the variables Kbuild's object lists live in
/// (`obj-y`, `obj-m`, `foo-objs`, `obj-` for an option that is not set), each word with the Kconfig symbols that put it
/// there and whether Vigil could evaluate everything that did.
///
/// This is not `make`: it reads what Kbuild Makefiles are made of — assignments (`:=`, `=`, `+=`, `?=`),
/// `ifeq`/`ifneq`/`ifdef`/`ifndef`/`else`/`endif` over `$(CONFIG_…)`, `$(SRCARCH)`, `$(BITS)`, the file's own variables
/// and `$(subst …)` — and marks a word uncertain when anything else (another function, an included file, an
/// undefined variable, a condition it cannot decide) had a say in it. Rules and recipes are skipped. A variable holds
/// at most ``maximumWords`` words, and an expansion at most ``Evaluator/maximumExpansion`` bytes.
public struct KbuildMakefile: Sendable {
    /// A word of a variable's value.
    public struct Word: Sendable, Hashable {
        public var text: String
        /// False when something Vigil could not evaluate decided whether (or as what) the word is there.
        public var certain: Bool
        /// The Kconfig symbols in the variable name, the value, or an enclosing condition.
        public var symbols: Set<String>

        public init(text: String, certain: Bool, symbols: Set<String>) {
            self.text = text
            self.certain = certain
            self.symbols = symbols
        }
    }

    /// Variable → its words, in order.
    public private(set) var variables: [String: [Word]] = [:] {
        didSet { index = nil }
    }
    /// Word text (without a leading `./`) → the variables naming it: look-ups in O(1) instead of a scan of every list.
    private(set) var index: [String: [(name: String, word: Word)]]? = nil
    /// Where the file is, for reasons: `net/ipv4/Makefile`.
    public let location: String

    /// Evaluates a Makefile's text. `predefined` are variables set before it (the architecture Makefile's lists for
    /// the root `Kbuild`).
    public init(
        text: String, location: String, config: KernelConfig, predefined: [String: [Word]] = [:]
    ) {
        self.location = location
        variables = predefined
        var evaluator = Evaluator(config: config)
        var defining = false
        // After a rule line, tab-indented lines are its recipe — conditionals and assignments included (GNU make
        // §5.1); before any rule, a tab-indented line is read like any other.
        var inRule = false
        for line in Self.logicalLines(text) {
            if defining {
                if line.trimmed == "endef" { defining = false }
                continue
            }
            let text = line.trimmed
            if text.isEmpty { continue }
            if line.first == "\t", inRule { continue }
            if evaluator.conditional(text, variables: variables) { continue }
            if text.hasPrefix("define ") || text == "define" {
                defining = true
                continue
            }
            guard let assignment = Assignment(text) else {
                // A rule (`target: prerequisites`) starts a rule context — one in a branch not taken does not; other
                // lines (`include …`) do not either.
                if text.contains(":"), evaluator.isActive != false { inRule = true }
                continue
            }
            inRule = false
            guard evaluator.isActive != false else { continue }
            assign(assignment, evaluator: &evaluator)
        }
        buildIndex()
    }

    /// The most words one variable holds: past it (`a := $(a) $(a)` doubling on every line) the rest is dropped and
    /// every word left is uncertain, so a hostile Makefile can neither exhaust memory nor prove anything.
    static let maximumWords = 50_000

    /// The variables naming a word, and how (from the index built when the file was evaluated).
    func lists(naming word: String) -> [(name: String, word: Word)] {
        index?[word] ?? []
    }

    /// Indexes the words of every variable (called once the file is evaluated).
    mutating func buildIndex() {
        var built: [String: [(name: String, word: Word)]] = [:]
        for (name, words) in variables {
            for word in words {
                let text = word.text.hasPrefix("./") ? String(word.text.dropFirst(2)) : word.text
                built[text, default: []].append((name, word))
            }
        }
        index = built
    }

    /// The words of one variable.
    public func words(_ name: String) -> [Word] { variables[name] ?? [] }

    private mutating func assign(_ assignment: Assignment, evaluator: inout Evaluator) {
        let name = evaluator.expand(assignment.name, variables: variables)
        guard !name.text.isEmpty, !name.text.contains(where: { $0 == " " || $0 == ":" || $0 == "\t" }) else {
            return
        }
        let certain = name.certain && evaluator.isActive == true
        let symbols = name.symbols.union(evaluator.conditionSymbols)
        var words: [Word] = []
        for token in Self.tokens(assignment.value) {
            // `$(VAR)` alone: its words, each as certain as it was (`obj-y += $(ARCH_LIB)`).
            if token.hasPrefix("$("), token.hasSuffix(")"),
                let referenced = variables[String(token.dropFirst(2).dropLast())]
            {
                words += referenced.map {
                    Word(text: $0.text, certain: certain && $0.certain, symbols: symbols.union($0.symbols))
                }
                continue
            }
            let value = evaluator.expand(token, variables: variables)
            words += value.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
                Word(text: String($0), certain: certain && value.certain, symbols: symbols.union(value.symbols))
            }
        }
        defer {
            if let count = variables[name.text]?.count, count > Self.maximumWords {
                variables[name.text] = variables[name.text]!.prefix(Self.maximumWords).map {
                    Word(text: $0.text, certain: false, symbols: $0.symbols)
                }
            }
        }
        switch assignment.operator {
        case .append:
            variables[name.text, default: []] += words
        case .ifUndefined:
            if variables[name.text] == nil { variables[name.text] = words }
        case .set:
            if certain {
                variables[name.text] = words
            } else {
                // Perhaps replaced, perhaps not: what was there stays, no longer certain.
                let kept = (variables[name.text] ?? []).map { Word(text: $0.text, certain: false, symbols: $0.symbols) }
                variables[name.text] = kept + words
            }
        }
    }

    /// A value's words, split at blanks outside `$(…)`.
    static func tokens(_ value: Substring) -> [Substring] {
        var tokens: [Substring] = []
        var depth = 0
        var start: Substring.Index?
        for index in value.indices {
            let character = value[index]
            if character == "(" || character == "{" { depth += 1 }
            if character == ")" || character == "}" { depth = max(0, depth - 1) }
            if (character == " " || character == "\t") && depth == 0 {
                if let begun = start { tokens.append(value[begun..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begun = start { tokens.append(value[begun...]) }
        return tokens
    }

    /// Lines with `\`-continuations joined and comments removed; recipe lines keep their leading tab.
    static func logicalLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            if let hash = Self.commentStart(line) { line = line[..<hash] }
            if line.last == "\\" {
                pending += line.dropLast() + " "
                continue
            }
            lines.append(Substring(pending + line))
            pending = ""
        }
        if !pending.isEmpty { lines.append(Substring(pending)) }
        return lines
    }

    /// The index of a `#` that starts a comment (not `\#`).
    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character?
        for index in line.indices {
            if line[index] == "#", previous != "\\" { return index }
            previous = line[index]
        }
        return nil
    }
}

/// `NAME op VALUE`.
struct Assignment {
    enum Operator { case set, append, ifUndefined }
    var name: Substring
    var `operator`: Operator
    var value: Substring

    init?(_ line: Substring) {
        var text = line
        for prefix in ["export ", "override ", "private "] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        // The first `=` outside `$(…)`.
        var depth = 0
        var equals: Substring.Index?
        for index in text.indices {
            switch text[index] {
            case "(", "{": depth += 1
            case ")", "}": depth = max(0, depth - 1)
            case "=" where depth == 0: equals = index
            default: break
            }
            if equals != nil { break }
        }
        guard let equals, equals > text.startIndex else { return nil }
        var nameEnd = equals
        let before = text[text.index(before: equals)]
        switch before {
        case "+":
            self.operator = .append
            nameEnd = text.index(before: equals)
        case "?":
            self.operator = .ifUndefined
            nameEnd = text.index(before: equals)
        case ":", "!":
            self.operator = .set
            nameEnd = text.index(before: equals)
            while nameEnd > text.startIndex, text[text.index(before: nameEnd)] == ":" {
                nameEnd = text.index(before: nameEnd)
            }
            if before == "!" { return nil }  // `!=` runs a shell command
        default:
            self.operator = .set
        }
        name = text[..<nameEnd].trimmed
        value = text[text.index(after: equals)...].trimmed
        guard !name.isEmpty else { return nil }
    }
}

extension Substring {
    var trimmed: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
