/// Git repositories, commits and release tags as vulnerability data and SBOMs write them.
///
/// OSV's `GIT` ranges name a repository (`https://github.com/curl/curl`) and commits; their `versions` list the
/// release tags between them (`curl-8_4_0`). A device's SBOM names the same repository in many ways — a purl
/// (`pkg:github/curl/curl@curl-8_4_0`), its `vcs_url` qualifier, a CycloneDX `vcs` reference, an SPDX
/// `downloadLocation` (`git+https://github.com/curl/curl.git@5f9a5d2`), a BitBake `SRC_URI`
/// (`git://github.com/curl/curl.git;protocol=https;branch=master`) — so both sides are reduced to one form.
public enum GitReference {
    /// The ecosystem under which stores index git ranges that name no package: the entry's name is its repository
    /// in ``repository(_:)`` form.
    public static let ecosystem = "GIT"

    /// A repository's canonical name: host and path, lower-case, without scheme, user, port, `.git`, BitBake
    /// parameters, query or revision — `github.com/curl/curl`. Nil when the text names no host and path.
    public static func repository(_ url: String) -> String? { locator(url)?.repository }

    /// The repository and the revision (after `@`, as in SPDX and purl `vcs_url`) a locator names.
    public static func locator(_ text: String) -> (repository: String, revision: String?)? {
        var rest = Substring(text)
        while rest.first?.isWhitespace == true { rest = rest.dropFirst() }
        while rest.last?.isWhitespace == true { rest = rest.dropLast() }
        // BitBake parameters, query and fragment end the locator.
        if let end = rest.firstIndex(where: { $0 == ";" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if rest.lowercased().hasPrefix("git+") { rest = rest.dropFirst(4) }
        var scpLike = false
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            let name = rest[..<colon].lowercased()
            guard ["https", "http", "git", "ssh", "git+ssh", "ssh+git"].contains(name) else { return nil }
            rest = rest[rest.index(colon, offsetBy: 3)...]
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            scpLike = true  // `git@github.com:curl/curl.git`
        } else {
            return nil
        }
        // User information ends at the first `@` before the host's end.
        let hostEnd = rest.firstIndex(where: { $0 == "/" || (scpLike && $0 == ":") }) ?? rest.endIndex
        if let at = rest[..<hostEnd].firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard let separator = rest.firstIndex(where: { $0 == "/" || (scpLike && $0 == ":") }) else { return nil }
        var host = rest[..<separator].lowercased()
        if let port = host.firstIndex(of: ":") { host = String(host[..<port]) }
        var path = rest[rest.index(after: separator)...]
        var revision: String?
        if let at = path.lastIndex(of: "@") {
            revision = String(path[path.index(after: at)...])
            path = path[..<at]
        }
        var segments = path.split(separator: "/").map { $0.lowercased() }
        if let last = segments.last, last.hasSuffix(".git") { segments[segments.count - 1] = String(last.dropLast(4)) }
        segments.removeAll { $0.isEmpty }
        guard !host.isEmpty, host.contains("."), !segments.isEmpty,
            segments.allSatisfy({ $0 != "." && $0 != ".." })
        else { return nil }
        return (host + "/" + segments.joined(separator: "/"), revision.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The repository a purl names: `pkg:github/curl/curl` → `github.com/curl/curl` (also GitLab and Bitbucket),
    /// or its `vcs_url` qualifier's.
    public static func repository(of purl: PackageURL) -> String? {
        if let vcs = purl.qualifiers["vcs_url"], let repository = repository(vcs) { return repository }
        let hosts = ["github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"]
        guard let host = hosts[purl.type], let namespace = purl.namespace, !namespace.isEmpty else { return nil }
        return (host + "/" + namespace + "/" + purl.name).lowercased()
    }

    /// Whether the text is a commit id: 7 to 64 hexadecimal digits.
    public static func isCommit(_ text: String) -> Bool {
        (7...64).contains(text.utf8.count) && text.utf8.allSatisfy(\.isHexDigit)
    }

    /// Whether two commit ids name the same commit: equal, or one an abbreviation (7 digits or more) of the other.
    public static func sameCommit(_ lhs: String, _ rhs: String) -> Bool {
        guard isCommit(lhs), isCommit(rhs) else { return false }
        let (short, long) = lhs.utf8.count <= rhs.utf8.count ? (lhs, rhs) : (rhs, lhs)
        return long.lowercased().hasPrefix(short.lowercased())
    }

    /// The release version a tag names: the part from the first digit that starts the tag or follows a separator or
    /// `v`, with underscores read as dots — `curl-8_4_0` → `8.4.0`, `OpenSSL_1_1_1k` → `1.1.1k`, `libxml2-2.9.14` →
    /// `2.9.14`, `v1.2.3` → `1.2.3`. Nil when no such part exists.
    public static func tagVersion(_ tag: String) -> String? {
        let characters = Array(tag.lowercased())
        for index in characters.indices where characters[index].isASCII && characters[index].isNumber {
            let previous = index == 0 ? nil : characters[index - 1]
            guard previous == nil || previous == "-" || previous == "_" || previous == "v" || previous == "/" else {
                continue
            }
            // `v` counts only as a prefix of its own (`v1.2`, `release-v1.2`), not the end of a word (`libv4`).
            if previous == "v", index >= 2, characters[index - 2].isLetter || characters[index - 2].isNumber {
                continue
            }
            return String(characters[index...].map { $0 == "_" ? "." : $0 })
        }
        return nil
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
