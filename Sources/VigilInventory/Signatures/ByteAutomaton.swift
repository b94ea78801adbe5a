/// Finds many literal byte strings in one pass: an Aho–Corasick automaton compiled to a dense DFA, one table lookup
/// per input byte whatever the number of patterns.
///
/// Each transition is a `UInt16`: the next state in the low 15 bits, and the high bit set when that state ends at
/// least one pattern, so the hot loop does one load and one test per byte.
struct ByteAutomaton: Sendable {
    /// `transitions[state << 8 | byte]`.
    private let transitions: [UInt16]
    /// The patterns that end in each state (its own and those of its suffix states).
    private let outputs: [[Int]]
    let patternLengths: [Int]

    static let acceptBit: UInt16 = 0x8000
    static let maximumStates = 0x8000

    /// - Precondition: no pattern is empty, and the patterns have fewer than 32,768 bytes in all.
    init(patterns: [[UInt8]]) {
        precondition(patterns.allSatisfy { !$0.isEmpty }, "empty pattern")
        precondition(patterns.reduce(0) { $0 + $1.count } < Self.maximumStates, "too many pattern bytes")
        // The trie, with -1 for missing edges.
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var outputs: [[Int]] = [[]]
        for (index, pattern) in patterns.enumerated() {
            var state = 0
            for byte in pattern {
                let next = goto[state][Int(byte)]
                if next >= 0 {
                    state = Int(next)
                } else {
                    goto.append(Array(repeating: -1, count: 256))
                    outputs.append([])
                    goto[state][Int(byte)] = Int32(goto.count - 1)
                    state = goto.count - 1
                }
            }
            outputs[state].append(index)
        }
        // Breadth-first: failure links, outputs inherited from them, and missing edges filled from the failure state.
        var failure = Array(repeating: 0, count: goto.count)
        var queue: [Int] = []
        for byte in 0..<256 {
            if goto[0][byte] < 0 {
                goto[0][byte] = 0
            } else {
                queue.append(Int(goto[0][byte]))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state] += outputs[failure[state]]
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next >= 0 {
                    failure[Int(next)] = Int(goto[failure[state]][byte])
                    queue.append(Int(next))
                } else {
                    goto[state][byte] = goto[failure[state]][byte]
                }
            }
        }
        var table = [UInt16](repeating: 0, count: goto.count << 8)
        for state in goto.indices {
            for byte in 0..<256 {
                let next = Int(goto[state][byte])
                table[state << 8 | byte] = UInt16(next) | (outputs[next].isEmpty ? 0 : Self.acceptBit)
            }
        }
        transitions = table
        self.outputs = outputs
        patternLengths = patterns.map(\.count)
    }

    /// Calls `found(pattern, start)` for every occurrence of every pattern, in order of where they end.
    func search(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (_ pattern: Int, _ start: Int) -> Void) {
        transitions.withUnsafeBufferPointer { table in
            var state = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let next = table[state << 8 | Int(bytes[index])]
                state = Int(next & 0x7FFF)
                if next & Self.acceptBit != 0 {
                    for pattern in outputs[state] { found(pattern, index + 1 - patternLengths[pattern]) }
                }
                index += 1
            }
        }
    }
}
