/// Ids derived from what a thing says, so the same thing has the same id in every run and on every machine:
/// `PREFIX-` and 16 hex digits of SHA-256 over the fields, each followed by a NUL (so `a`,`bc` and `ab`,`c` differ).
public enum StableID {
    public static func make(_ prefix: String, _ fields: [String]) -> String {
        var hasher = SHA256()
        for field in fields {
            hasher.update(Array(field.utf8))
            hasher.update([0])
        }
        return prefix + "-" + String(hasher.finalize().hexString.prefix(16))
    }
}
