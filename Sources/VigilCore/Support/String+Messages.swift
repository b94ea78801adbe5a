extension String {
    /// The string with control characters and quotes escaped, for quoting untrusted input in messages.
    var debugDescriptionContent: String {
        let quoted = debugDescription
        return String(quoted.dropFirst().dropLast())
    }

    /// The string cut to `limit` characters with an ellipsis, so hostile input cannot flood an error message or log.
    func truncatedForMessage(_ limit: Int) -> String {
        count > limit ? String(prefix(limit)) + "…" : self
    }
}
