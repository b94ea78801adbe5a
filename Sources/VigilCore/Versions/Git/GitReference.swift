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
    ///
    /// GitHub and Bitbucket paths are cut to owner and repository (`…/curl/curl/tree/master` is the repository),
    /// GitLab's at `/-/`; `www.` is dropped from those hosts. The user part ends at the last `@` of the authority, as
    /// URL parsers read it, and an authority with a backslash is refused (parsers disagree on where it ends).
    public static func locator(_ text: String) -> (repository: String, revision: String?)? {
        var rest = Substring(text)
        while rest.first?.isWhitespace == true { rest = rest.dropFirst() }
        while rest.last?.isWhitespace == true { rest = rest.dropLast() }
        // BitBake parameters, query and fragment end the locator.
        if let end = rest.firstIndex(where: { $0 == ";" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if rest.lowercased().hasPrefix("git+") { rest = rest.dropFirst(4) }
        var scpLike = false
        var ssh = false
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            let name = rest[..<colon].lowercased()
            guard ["https", "http", "git", "gitsm", "ssh", "git+ssh", "ssh+git"].contains(name) else { return nil }
            ssh = name.contains("ssh")
            rest = rest[rest.index(colon, offsetBy: 3)...]
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            scpLike = true  // `git@github.com:curl/curl.git`
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard !rest[..<authorityEnd].contains("\\") else { return nil }
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        // The host ends at `/`; at `:` too in scp form, and in ssh URLs unless a port follows (`host:22/…`).
        var hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let colon = rest[..<hostEnd].firstIndex(of: ":") {
            let port = rest[rest.index(after: colon)..<hostEnd]
            if scpLike || (ssh && !(port.allSatisfy(\.isNumber) && !port.isEmpty)) {
                hostEnd = colon
            }
        }
        guard hostEnd < rest.endIndex else { return nil }
        var host = rest[..<hostEnd].lowercased()
        if let port = host.firstIndex(of: ":") { host = String(host[..<port]) }
        var path = rest[rest.index(after: hostEnd)...]
        var revision: String?
        if let at = path.lastIndex(of: "@") {
            revision = String(path[path.index(after: at)...])
            path = path[..<at]
        }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var segments = path.split(separator: "/").map { $0.lowercased() }
        if host == "github.com" || host == "bitbucket.org" {
            segments = Array(segments.prefix(2))
        } else if host == "gitlab.com", let dash = segments.firstIndex(of: "-") {
            segments = Array(segments[..<dash])
        }
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
    public static func tagVersion(_ tag: String) -> String? { tagParts(tag)?.version }

    /// A tag's prefix (lower-case, without its trailing separator or `v`: `curl`, `openssl`, `service/s3`, or empty)
    /// and the release version it names.
    public static func tagParts(_ tag: String) -> (prefix: String, version: String)? {
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
            var prefix = characters[..<index]
            if prefix.last == "v" { prefix = prefix.dropLast() }
            while let last = prefix.last, last == "-" || last == "_" || last == "/" { prefix = prefix.dropLast() }
            return (String(prefix), String(characters[index...].map { $0 == "_" ? "." : $0 }))
        }
        return nil
    }

    /// Whether a tag names `release` of the component called `name`: its version part is the release, and its
    /// prefix is nothing, a generic word (`v`, `release`, `tags/`), the component's name (any case, `-` and `_`
    /// ignored), or the end of its module path. Another prefix is another module of the repository
    /// (`service/s3/v1.2.3` for `service/ec2`, `bar-1.0` for `foo`).
    public static func tag(_ tag: String, names release: String, of name: String) -> Bool {
        guard let parts = tagParts(tag), parts.version == release else { return false }
        func plain(_ text: String) -> String { text.lowercased().filter { $0 != "-" && $0 != "_" } }
        var prefix = parts.prefix
        for lead in ["refs/tags/", "tags/"] where prefix.hasPrefix(lead) {
            prefix = String(prefix.dropFirst(lead.count))
        }
        let generic: Set<String> = ["", "release", "rel", "version", "ver", "stable", "tags", "refs/tags"]
        // A Go module in a monorepo is tagged with its path in the repository (`service/s3/v1.2.3`), which ends
        // its module path (`github.com/aws/sdk/service/s3`).
        return generic.contains(prefix) || plain(prefix) == plain(name)
            || (prefix.contains("/") && plain(name).hasSuffix("/" + plain(prefix)))
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
