/// The outcome of comparing two versions: less, equal or greater.
public enum VersionOrdering: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case less
    case equal
    case greater

    /// Compares two values of any comparable type.
    public init<T: Comparable>(_ lhs: T, _ rhs: T) {
        if lhs < rhs {
            self = .less
        } else if rhs < lhs {
            self = .greater
        } else {
            self = .equal
        }
    }

    /// Maps a three-way comparison integer (negative, zero, positive) to an ordering.
    public init(sign: Int) {
        self = sign < 0 ? .less : (sign > 0 ? .greater : .equal)
    }

    /// The symbol `vigil version compare` prints: `<`, `=` or `>`.
    public var symbol: String {
        switch self {
        case .less: "<"
        case .equal: "="
        case .greater: ">"
        }
    }

    /// The ordering with its operands swapped.
    public var reversed: VersionOrdering {
        switch self {
        case .less: .greater
        case .equal: .equal
        case .greater: .less
        }
    }

    public var description: String { symbol }
}
