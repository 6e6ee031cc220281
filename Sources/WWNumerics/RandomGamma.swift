import Foundation

/// Gamma, Beta and Dirichlet draws from a ``SeededRandom`` stream (used by AugMix and MixUp).
extension SeededRandom {
    /// A Gamma(`shape`, 1) draw by Marsaglia and Tsang's method ("A simple method for generating
    /// gamma variables", 2000): with `d = shape - 1/3`, `c = 1 / sqrt(9 d)`, draw a normal `x`
    /// (``nextNormal()``) until `v = (1 + c x)^3 > 0`, then one uniform `u` (``nextDouble()``);
    /// accept `d v` when `log u < x^2 / 2 + d - d v + d log v`, else start again. For
    /// `shape < 1` draw Gamma(`shape + 1`) and multiply by `u^(1 / shape)` with one more uniform.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` unless `shape` is positive and finite.
    public mutating func nextGamma(shape: Double) throws -> Double {
        guard shape > 0, shape.isFinite else {
            throw NumericsError.invalidArgument(name: "shape", reason: "must be positive and finite, got \(shape)")
        }
        return gammaDraw(shape: shape).value
    }

    /// A Gamma draw as its value and its logarithm, from the same uniforms and normals. The
    /// logarithm survives where the value does not: `u^(1/shape)` underflows to 0 for tiny
    /// shapes, and sums of draws overflow for huge ones.
    private mutating func gammaDraw(shape: Double) -> (value: Double, log: Double) {
        if shape < 1 {
            let boosted = gammaDraw(shape: shape + 1)
            let u = 1 - nextDouble()
            return (boosted.value * pow(u, 1 / shape), boosted.log + log(u) / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - nextDouble()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return (d * v, log(d) + log(v)) }
        }
    }

    /// A Dirichlet(`alphas`) draw: independent Gamma(`alpha_i`) draws in order, normalised.
    /// When the plain sum of the draws is 0 (tiny concentrations underflow) or infinite (huge
    /// ones overflow), the draws are normalised from their logarithms instead, so MixUp's
    /// lambda is not forced to 0.5 or 0 at extreme alphas.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for an empty list or a
    ///   non-positive concentration.
    public mutating func nextDirichlet(_ alphas: [Double]) throws -> [Double] {
        guard !alphas.isEmpty else {
            throw NumericsError.invalidArgument(name: "alphas", reason: "must not be empty")
        }
        if let bad = alphas.first(where: { !($0 > 0 && $0.isFinite) }) {
            throw NumericsError.invalidArgument(name: "shape", reason: "must be positive and finite, got \(bad)")
        }
        var draws: [(value: Double, log: Double)] = []
        for alpha in alphas { draws.append(gammaDraw(shape: alpha)) }
        let total = draws.reduce(0) { $0 + $1.value }
        if total.isFinite, total > 0 { return draws.map { $0.value / total } }
        let largest = draws.map(\.log).max() ?? 0
        let scaled = draws.map { exp($0.log - largest) }
        let sum = scaled.reduce(0, +)
        return scaled.map { $0 / sum }
    }

    /// A Beta(`a`, `b`) draw as `x / (x + y)` with `x ~ Gamma(a)`, `y ~ Gamma(b)` drawn in order.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for a non-positive parameter.
    public mutating func nextBeta(_ a: Double, _ b: Double) throws -> Double {
        try nextDirichlet([a, b])[0]
    }
}
