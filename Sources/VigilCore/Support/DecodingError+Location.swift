extension DecodingError {
    /// One line naming where in the document the error is and what was wrong, for messages:
    /// `at $.components[3].name: expected String`.
    public var locatedDescription: String {
        func path(_ context: Context) -> String {
            let components = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            return components.isEmpty ? "at the top level" : "at $" + components.joined()
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): missing \(type) value"
        case .keyNotFound(let key, let context): return "\(path(context)): missing required key '\(key.stringValue)'"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}
