/// The fuzzer's randomness: SplitMix64, seeded per case from the campaign's seed and the case's index, so that any
/// case N is regenerated on its own — without generating cases 0…N−1 first — from `(seed, N)` alone, on any machine.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator of case `index` in the campaign seeded with `seed`.
    public init(seed: UInt64, case index: UInt64) {
        state = Self.mix(seed ^ Self.mix(index &+ 0x9e37_79b9_7f4a_7c15))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is 0).
    public mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next(upperBound: UInt64(bound)))
    }

    /// True with probability `numerator` / `denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
