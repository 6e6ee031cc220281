import Foundation

/// NumPy's legacy `RandomState` stream (MT19937 seeded by `init_genrand`), for the few places
/// where wwn must draw exactly what a reference tool draws: scikit-learn's `TruncatedSVD`
/// (`random_state=42`) starts its range finder from `RandomState(42).normal(...)`, and
/// WeightWatcher's `SVDSharpness` shuffles weights with `np.random.permutation` from the global
/// stream that `np.random.seed(n)` sets. wwn's own random work uses ``SeededRandom``.
///
/// Reproduced from NumPy's algorithms (checked against NumPy's first draws in the tests):
/// - seeding: `key[0] = seed; key[i] = 1812433253 (key[i-1] ^ (key[i-1] >> 30)) + i` (32-bit);
/// - 32-bit output: the Mersenne Twister's twist of 624 words and its tempering;
/// - doubles: `((a >> 5) 2^26 + (b >> 6)) / 2^53` from two 32-bit outputs;
/// - normals: the polar (Marsaglia) method, whose second value is kept for the next call;
/// - `permutation(n)`: Fisher-Yates from the last index down, each index drawn by rejection
///   under the smallest all-ones mask covering it.
public struct NumpyRandomState: Sendable {
    static let stateLength = 624
    static let shift = 397
    static let matrixA: UInt32 = 0x9908_B0DF
    static let upperMask: UInt32 = 0x8000_0000
    static let lowerMask: UInt32 = 0x7FFF_FFFF
    static let seedMultiplier: UInt32 = 1_812_433_253

    private var key: [UInt32]
    private var position: Int
    /// The second value of the last polar pair, returned by the next normal draw.
    private var spareGauss: Double?

    /// NumPy's `RandomState(seed)` (and `np.random.seed(seed)`).
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: Self.stateLength)
        var value = seed
        for i in 0..<Self.stateLength {
            key[i] = value
            value = Self.seedMultiplier &* (value ^ (value >> 30)) &+ UInt32(i + 1)
        }
        self.key = key
        position = Self.stateLength
        spareGauss = nil
    }

    /// The next 32-bit output.
    public mutating func nextUInt32() -> UInt32 {
        if position == Self.stateLength { twist() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A double in `[0, 1)` with 53 random bits (NumPy's `random_sample`).
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal draw (NumPy's legacy `standard_normal`, `normal(0, 1)`).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGauss {
            spareGauss = nil
            return spare
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        spareGauss = f * x1
        return f * x2
    }

    /// `count` standard normal draws in NumPy's order (`normal(size=...)`, row-major).
    public mutating func gaussians(count: Int) -> [Double] {
        (0..<count).map { _ in nextGaussian() }
    }

    /// A uniform integer in `0...upperBound` (NumPy's `random_interval`): 32-bit outputs under
    /// the smallest all-ones mask covering the bound, redrawn until one fits; 64-bit outputs
    /// (high word first) for bounds past 32 bits.
    public mutating func interval(_ upperBound: UInt64) -> UInt64 {
        guard upperBound > 0 else { return 0 }
        var mask = upperBound
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        while true {
            let value: UInt64
            if upperBound <= UInt64(UInt32.max) {
                value = UInt64(nextUInt32()) & mask
            } else {
                let high = UInt64(nextUInt32())
                value = ((high << 32) | UInt64(nextUInt32())) & mask
            }
            if value <= upperBound { return value }
        }
    }

    /// NumPy's `permutation(count)`: `0..<count` shuffled in place from the last index down.
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<max(count, 0))
        var i = count - 1
        while i >= 1 {
            values.swapAt(i, Int(interval(UInt64(i))))
            i -= 1
        }
        return values
    }

    private mutating func twist() {
        let n = Self.stateLength
        for i in 0..<n {
            let y = (key[i] & Self.upperMask) | (key[(i + 1) % n] & Self.lowerMask)
            key[i] = key[(i + Self.shift) % n] ^ (y >> 1) ^ ((y & 1) == 1 ? Self.matrixA : 0)
        }
        position = 0
    }
}
