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
        if shape < 1 {
            let boosted = try nextGamma(shape: shape + 1)
            let u = 1 - nextDouble()
            return boosted * pow(u, 1 / shape)
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
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// A Dirichlet(`alphas`) draw: independent Gamma(`alpha_i`) draws in order, normalised.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for an empty list or a
    ///   non-positive concentration.
    public mutating func nextDirichlet(_ alphas: [Double]) throws -> [Double] {
        guard !alphas.isEmpty else {
            throw NumericsError.invalidArgument(name: "alphas", reason: "must not be empty")
        }
        let draws = try alphas.map { try nextGamma(shape: $0) }
        let total = draws.reduce(0, +)
        guard total > 0 else { return alphas.map { _ in 1 / Double(alphas.count) } }
        return draws.map { $0 / total }
    }

    /// A Beta(`a`, `b`) draw as `x / (x + y)` with `x ~ Gamma(a)`, `y ~ Gamma(b)` drawn in order.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for a non-positive parameter.
    public mutating func nextBeta(_ a: Double, _ b: Double) throws -> Double {
        try nextDirichlet([a, b])[0]
    }
}
