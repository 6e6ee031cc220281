import Foundation

/// Distributions drawn from a ``SeededRandom`` stream. Each method documents exactly which
/// 64-bit outputs it consumes and how, since that is part of the reproducibility contract.
extension SeededRandom {
    /// 2^-53: spacing of the doubles produced by ``nextDouble()``.
    static let doubleUnit = 0x1.0p-53

    /// A uniform double in `[0, 1)`: the top 53 bits of one output times 2^-53
    /// (every multiple of 2^-53 is equally likely).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * SeededRandom.doubleUnit
    }

    /// A uniform double in `range` (`lower + (upper - lower) * nextDouble()`).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for an empty or non-finite range.
    public mutating func nextDouble(in range: Range<Double>) throws -> Double {
        guard !range.isEmpty, range.lowerBound.isFinite, range.upperBound.isFinite,
              (range.upperBound - range.lowerBound).isFinite else {
            throw NumericsError.invalidArgument(name: "range", reason: "\(range) must be finite and non-empty")
        }
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
        // Rounding can land exactly on the upper bound; keep the half-open promise.
        return value < range.upperBound ? value : range.upperBound.nextDown
    }

    /// A uniform integer in `[0, bound)` without modulo bias: Lemire's multiply-and-reject
    /// method ("Fast Random Integer Generation in an Interval", 2019). Take `x = next()`,
    /// form the 128-bit product `x * bound`; if its low word is below `(2^64 - bound) % bound`,
    /// reject and draw again; otherwise return the high word.
    mutating func nextBounded(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `range` without modulo bias (see `nextBounded`: one output per
    /// accepted draw, the offset `lower + result`).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for an empty range.
    public mutating func nextInt(in range: Range<Int>) throws -> Int {
        guard !range.isEmpty else {
            throw NumericsError.invalidArgument(name: "range", reason: "\(range) is empty")
        }
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        return range.lowerBound &+ Int(truncatingIfNeeded: nextBounded(width))
    }

    /// A uniform integer in a closed range without modulo bias. The full `Int.min...Int.max`
    /// range uses one raw output as is.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound &+ Int(truncatingIfNeeded: nextBounded(width))
    }

    /// A standard normal draw by the Box-Muller transform, pairwise:
    /// with `u1 = 1 - nextDouble()` (in `(0, 1]`, so the log is finite) and `u2 = nextDouble()`,
    /// `r = sqrt(-2 ln u1)`, `theta = 2 pi u2`; return `r cos theta` and keep `r sin theta` as the
    /// spare, which the next normal draw returns without consuming outputs. Other draws do not
    /// touch the spare. Chosen over the polar method and the ziggurat because it consumes a
    /// fixed two outputs per pair, which makes the stream easy to document and reproduce.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - nextDouble()
        let u2 = nextDouble()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// A normal draw `mean + standardDeviation * nextNormal()`.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` if the mean is not finite or the
    ///   standard deviation is negative or not finite.
    public mutating func nextNormal(mean: Double, standardDeviation: Double) throws -> Double {
        guard mean.isFinite else {
            throw NumericsError.invalidArgument(name: "mean", reason: "\(mean) is not finite")
        }
        guard standardDeviation.isFinite, standardDeviation >= 0 else {
            throw NumericsError.invalidArgument(name: "standard deviation",
                                                reason: "\(standardDeviation) must be finite and >= 0")
        }
        return mean + standardDeviation * nextNormal()
    }

    /// `true` with the given probability: one ``nextDouble()`` compared `< probability`
    /// (so 0 is never true and 1 is always true).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` unless `0 <= probability <= 1`.
    public mutating func nextBool(probability: Double) throws -> Bool {
        guard probability >= 0, probability <= 1 else {
            throw NumericsError.invalidArgument(name: "probability", reason: "\(probability) is not in [0, 1]")
        }
        return nextDouble() < probability
    }

    /// An index drawn with probability proportional to `weights[index]`: one ``nextDouble()``
    /// scaled by the total, then the first index whose running sum exceeds it. Zero weights are
    /// never drawn (round-off at the top end falls back to the last positive weight).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for empty weights, a negative or
    ///   non-finite weight, or an all-zero (or overflowing) total.
    public mutating func nextCategorical(weights: [Double]) throws -> Int {
        guard !weights.isEmpty else {
            throw NumericsError.invalidArgument(name: "weights", reason: "empty")
        }
        var total = 0.0
        var lastPositive: Int?
        for (index, weight) in weights.enumerated() {
            guard weight.isFinite, weight >= 0 else {
                throw NumericsError.invalidArgument(name: "weights",
                                                    reason: "weight \(weight) at index \(index) must be finite and >= 0")
            }
            if weight > 0 { lastPositive = index }
            total += weight
        }
        guard let fallback = lastPositive, total.isFinite else {
            throw NumericsError.invalidArgument(name: "weights",
                                                reason: total.isFinite ? "all weights are zero" : "the total overflows")
        }
        let target = nextDouble() * total
        var running = 0.0
        for (index, weight) in weights.enumerated() where weight > 0 {
            running += weight
            if target < running { return index }
        }
        return fallback
    }

    /// A uniformly random permutation of `0..<count` (Fisher-Yates, see ``shuffle(_:)``).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` if `count` is negative.
    public mutating func permutation(count: Int) throws -> [Int] {
        guard count >= 0 else {
            throw NumericsError.invalidArgument(name: "count", reason: "\(count) is negative")
        }
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// Shuffles in place, uniformly (Fisher-Yates, Durstenfeld's form): for `i` from the last
    /// position down to 1, swap element `i` with element `j = nextInt(in: 0...i)`.
    /// Consumes at least `count - 1` draws of ``nextInt(in:)`` (more on rare rejections).
    public mutating func shuffle<Elements: MutableCollection & RandomAccessCollection>(_ elements: inout Elements) {
        let count = elements.count
        guard count > 1 else { return }
        for offset in stride(from: count - 1, through: 1, by: -1) {
            let other = Int(truncatingIfNeeded: nextBounded(UInt64(offset) + 1))
            let i = elements.index(elements.startIndex, offsetBy: offset)
            let j = elements.index(elements.startIndex, offsetBy: other)
            elements.swapAt(i, j)
        }
    }
}
