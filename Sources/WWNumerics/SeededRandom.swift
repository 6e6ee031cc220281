/// A seeded pseudo-random number generator whose streams are part of wwn's public contract:
/// the same seed gives the same numbers on every version, platform and thread count, so
/// analyses (randomised ESDs, shuffles, bootstraps) can be reproduced from a recorded seed.
///
/// Algorithm (frozen; the tests pin the first outputs of seeded streams):
/// - **Seeding**: the 256-bit state `s0, s1, s2, s3` is four successive outputs of SplitMix64
///   (Steele, Lea, Flood 2014) started at `x = seed`:
///   `x &+= 0x9E3779B97F4A7C15; z = x; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9;`
///   `z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; output z ^ (z >> 31)`.
///   SplitMix64 is a bijection of its counter, so the four words are distinct and the state is
///   never all-zero (the one state xoshiro cannot leave).
/// - **Output**: xoshiro256** 1.0 (Blackman and Vigna 2018):
///   `result = rotl(s1 &* 5, 7) &* 9; t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;`
///   `s2 ^= t; s3 = rotl(s3, 45)`.
/// - **Jump**: the reference xoshiro256 `jump()` polynomial (advances by 2^128 outputs).
///
/// The derived distributions (uniform doubles, bounded integers, normals, ...) are documented on
/// each method. Integer and uniform streams are bit-exact everywhere; normals additionally go
/// through `log`, `sqrt`, `cos` and `sin`, which may differ in the last bit between C libraries.
///
/// It is a value type: copying it forks an identical stream. Use ``split()`` for independent
/// streams (one per layer or per worker) so parallel work stays deterministic.
public struct SeededRandom: RandomNumberGenerator, Equatable, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Box-Muller pair, returned by the next normal draw.
    var spareNormal: Double?

    /// The SplitMix64 increment (the 64-bit golden ratio), part of the frozen seeding.
    static let splitMixIncrement: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The xoshiro256 jump polynomial for 2^128 steps, from the reference implementation.
    static let jumpPolynomial: [UInt64] = [
        0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
    ]

    /// Creates the stream for `seed` (see the type's documentation for the exact seeding).
    public init(seed: UInt64) {
        var counter = seed
        s0 = SeededRandom.splitMix64(&counter)
        s1 = SeededRandom.splitMix64(&counter)
        s2 = SeededRandom.splitMix64(&counter)
        s3 = SeededRandom.splitMix64(&counter)
        spareNormal = nil
    }

    /// Creates a stream from a raw xoshiro256 state (for tests against the reference vectors).
    /// The all-zero state is a fixed point and must not be used.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        spareNormal = nil
    }

    /// The raw xoshiro256 state words, for tests.
    var state: [UInt64] { [s0, s1, s2, s3] }

    /// One SplitMix64 step: advances `state` and returns the mixed output.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= splitMixIncrement
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotateLeft(s3, by: 45)
        return result
    }

    /// Advances the stream by 2^128 outputs, as if `next()` had been called that many times.
    /// Streams 2^128 apart never overlap in practice. Clears the cached spare normal.
    public mutating func jump() {
        var j0: UInt64 = 0, j1: UInt64 = 0, j2: UInt64 = 0, j3: UInt64 = 0
        for word in SeededRandom.jumpPolynomial {
            for bit in 0..<64 {
                if word & (UInt64(1) << UInt64(bit)) != 0 {
                    j0 ^= s0
                    j1 ^= s1
                    j2 ^= s2
                    j3 ^= s3
                }
                _ = next()
            }
        }
        s0 = j0
        s1 = j1
        s2 = j2
        s3 = j3
        spareNormal = nil
    }

    /// Returns an independent child stream and moves this stream past it.
    ///
    /// The child continues from this stream's current state; this stream then jumps 2^128
    /// outputs ahead. Successive calls give children 2^128 apart, so `split()` in a fixed order
    /// (for example once per layer before dispatching work) gives every worker its own
    /// non-overlapping, reproducible stream regardless of scheduling.
    public mutating func split() -> SeededRandom {
        var child = self
        child.spareNormal = nil
        jump()
        return child
    }
}
