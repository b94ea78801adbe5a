/// A Linux kernel release (`6.1.79`, `2.6.32.27`, `6.8-rc3`, `5.10.110-yocto-standard`), parsed by
/// ``KernelVersionScheme``.
public struct KernelVersion: Comparable, Sendable, CustomStringConvertible {
    /// The version exactly as parsed.
    public let raw: String
    /// The dot-separated numbers: `[6, 1, 79]`.
    public let numbers: [Int]
    /// The release-candidate number of `-rcN`, or `nil` for a release.
    public let releaseCandidate: Int?
    /// Whatever follows the upstream version (`-yocto-standard`, `-1-amd64`, `+`): the build's `LOCALVERSION`.
    /// It names a build, not an upstream release, and does not take part in ordering.
    public let localVersion: String

    public var description: String { raw }

    /// Compares the numbers (missing ones count as `0`), then a release candidate before its release.
    public static func compare(_ lhs: KernelVersion, _ rhs: KernelVersion) -> VersionOrdering {
        for index in 0..<max(lhs.numbers.count, rhs.numbers.count) {
            let left = index < lhs.numbers.count ? lhs.numbers[index] : 0
            let right = index < rhs.numbers.count ? rhs.numbers[index] : 0
            if left != right { return left < right ? .less : .greater }
        }
        switch (lhs.releaseCandidate, rhs.releaseCandidate) {
        case (nil, nil): return .equal
        case (nil, .some): return .greater
        case (.some, nil): return .less
        case (.some(let a), .some(let b)): return VersionOrdering(a, b)
        }
    }

    public static func < (lhs: KernelVersion, rhs: KernelVersion) -> Bool { compare(lhs, rhs) == .less }
    public static func == (lhs: KernelVersion, rhs: KernelVersion) -> Bool { compare(lhs, rhs) == .equal }
}
