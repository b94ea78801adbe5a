import VigilCore

/// Carries ``SBOMEvidence`` through formats that have no place for it, as `vigil:evidence` properties holding a JSON
/// array `[method, location, confidence, detail, offset, rule]` (the last two may be absent: older documents).
enum EvidenceCoding {
    static let propertyName = "vigil:evidence"

    static func properties(_ evidence: [SBOMEvidence]) -> [SBOMProperty] {
        evidence.map { item in
            SBOMProperty(
                propertyName,
                VigilAnnotations.pack([
                    item.method, item.location, item.confidence.map { String($0) }, item.detail,
                    item.offset.map { String($0) }, item.rule,
                ]))
        }
    }

    /// Removes the evidence properties and returns what they held.
    static func take(from properties: inout [SBOMProperty]) -> [SBOMEvidence] {
        var evidence: [SBOMEvidence] = []
        properties.removeAll { property in
            guard property.name == propertyName else { return false }
            if let fields = VigilAnnotations.unpack(property.value), fields.count >= 4,
                let method = fields[0]
            {
                evidence.append(
                    SBOMEvidence(
                        method: method, location: fields[1], confidence: fields[2].flatMap(Double.init),
                        detail: fields[3], offset: fields.count > 4 ? fields[4].flatMap { Int($0) } : nil,
                        rule: fields.count > 5 ? fields[5] : nil))
            }
            return true
        }
        return evidence
    }
}
