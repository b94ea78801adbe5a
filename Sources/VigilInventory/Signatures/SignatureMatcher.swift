/// Scans bytes for a ``SignatureSet``'s signatures; not thread-safe (one per thread).
public struct SignatureMatcher {
    let set: SignatureSet
    private let regexes: [Regex<AnyRegexOutput>]

    init(set: SignatureSet) {
        self.set = set
        // The patterns compiled in `SignatureSet.init`, so they compile here too.
        regexes = set.signatures.map {
            (try? Regex<AnyRegexOutput>($0.pattern)) ?? Regex<AnyRegexOutput>(verbatim: "\u{0}")
        }
    }

    /// Every signature found in `bytes`, once per signature and version (the first occurrence), in offset order.
    public func scan(_ bytes: [UInt8]) -> [SignatureMatch] {
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    public func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [SignatureMatch] {
        var candidates: [(index: Int, match: SignatureMatch)] = []
        var seen = Set<[String]>()
        var perSignature = [Int](repeating: 0, count: set.signatures.count)
        // Per signature, the end of the last string examined: later anchors inside it add nothing.
        var examinedUntil = [Int](repeating: -1, count: set.signatures.count)
        // Where each required literal was seen (the first `maximumLiteralOffsets`).
        var literalOffsets: [Int: [Int]] = [:]
        set.automaton.search(bytes) { anchor, start in
            if set.isRequired[anchor], literalOffsets[anchor, default: []].count < Self.maximumLiteralOffsets {
                literalOffsets[anchor, default: []].append(start)
            }
            for index in set.signaturesByAnchor[anchor]
            where start >= examinedUntil[index] && perSignature[index] < Self.maximumCandidates {
                let signature = set.signatures[index]
                if signature.anchorStartsString && start > 0 && SignatureSet.isPrintable(bytes[start - 1]) { continue }
                let (lower, upper) = Self.printableString(around: start, in: bytes)
                examinedUntil[index] = upper
                guard let found = match(index, in: bytes, lower: lower, upper: upper, anchorAt: start) else { continue }
                // Every occurrence of a bare version counts for `requires` (the nearest one decides); otherwise
                // the first occurrence of each version is enough.
                if set.requiredLiterals[index].isEmpty && !seen.insert([signature.id, found.version]).inserted {
                    continue
                }
                perSignature[index] += 1
                candidates.append((index, found))
            }
        }
        // Signatures that require other literals: only when all are present, and only the version nearest the first.
        var nearest: [Int: (distance: Int, match: SignatureMatch)] = [:]
        var matches: [SignatureMatch] = []
        for (index, found) in candidates {
            let required = set.requiredLiterals[index]
            guard let first = required.first else {
                matches.append(found)
                continue
            }
            guard required.allSatisfy({ literalOffsets[$0] != nil }), let offsets = literalOffsets[first] else {
                continue
            }
            let offset = found.offset ?? 0
            let distance = offsets.map { abs($0 - offset) }.min() ?? .max
            if let maximum = set.signatures[index].maximumDistance, distance > maximum { continue }
            if nearest[index].map({ distance < $0.distance }) ?? true { nearest[index] = (distance, found) }
        }
        matches += nearest.values.map(\.match)
        return Self.preferLongerSpellings(matches).sorted {
            ($0.offset ?? -1, $0.signature) < ($1.offset ?? -1, $1.signature)
        }
    }

    /// How many matches one signature may give in one file: a real binary holds one version of a component, or a
    /// few; a file crafted to hold thousands is cut off here rather than slowing the scan.
    static let maximumCandidates = 64
    /// How many occurrences of each required literal are remembered for the distance to a bare version.
    static let maximumLiteralOffsets = 1024

    /// `OpenSSH_9.2` beside `OpenSSH_9.2p1`: the same release, written with and without its suffix; keeps the
    /// longer.
    static func preferLongerSpellings(_ matches: [SignatureMatch]) -> [SignatureMatch] {
        let bySignature = Dictionary(grouping: matches, by: \.signature)
        return matches.filter { short in
            !(bySignature[short.signature] ?? []).contains { long in
                long.version.count > short.version.count && long.version.hasPrefix(short.version)
                    && long.version[long.version.index(long.version.startIndex, offsetBy: short.version.count)]
                        .isLetter
            }
        }
    }

    /// The signature's pattern on the string `lower..<upper`, if a match holds the anchor at `anchorAt`.
    private func match(
        _ index: Int, in bytes: UnsafeBufferPointer<UInt8>, lower: Int, upper: Int, anchorAt start: Int
    ) -> SignatureMatch? {
        let signature = set.signatures[index]
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        let anchorOffset = start - lower
        for match in text.matches(of: regexes[index]) {
            let from = text.utf8.distance(from: text.startIndex, to: match.range.lowerBound)
            let to = text.utf8.distance(from: text.startIndex, to: match.range.upperBound)
            guard from <= anchorOffset, to > anchorOffset, let version = Self.version(match.output, signature)
            else { continue }
            return SignatureMatch(
                signature: signature.id, component: signature.component, version: version, offset: lower + from,
                text: String(text[match.range]), confidence: signature.confidence)
        }
        return nil
    }

    /// The `version` capture, or `major.minor.patch` from their captures without leading zeros; looked up in the
    /// signature's version table when it has one.
    static func version(_ output: AnyRegexOutput, _ signature: BinarySignature) -> String? {
        var value: String?
        if let version = output["version"]?.substring, !version.isEmpty {
            value = String(version)
        } else {
            let parts = ["major", "minor", "patch"].compactMap { output[$0]?.substring.flatMap { Int($0) } }
            value = parts.count == 3 ? parts.map(String.init).joined(separator: ".") : nil
        }
        guard let value else { return nil }
        return signature.versions.isEmpty ? value : signature.versions[value]
    }

    /// The file-name signatures that match a file's name (its last path component).
    public func scan(fileName: String) -> [SignatureMatch] {
        var matches: [SignatureMatch] = []
        for index in set.fileNameSignatures {
            let signature = set.signatures[index]
            guard let match = try? regexes[index].wholeMatch(in: fileName),
                let version = Self.version(match.output, signature)
            else { continue }
            matches.append(
                SignatureMatch(
                    signature: signature.id, component: signature.component, version: version, offset: nil,
                    text: fileName, confidence: signature.confidence))
        }
        return matches
    }

    /// The run of printable bytes holding `start`, at most ``SignatureSet/maximumContext`` bytes each side.
    static func printableString(around start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var lower = start
        let lowest = max(0, start - SignatureSet.maximumContext)
        while lower > lowest && SignatureSet.isPrintable(bytes[lower - 1]) { lower -= 1 }
        var upper = start
        let highest = min(bytes.count, start + SignatureSet.maximumContext)
        while upper < highest && SignatureSet.isPrintable(bytes[upper]) { upper += 1 }
        return (lower, upper)
    }
}
