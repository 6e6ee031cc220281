import Foundation
import WWNumerics

/// Draws from Beta(a, a) for MixUp and CutMix: X / (X + Y) with X, Y ~ Gamma(a), each drawn by
/// Marsaglia and Tsang's squeeze method (2000); shapes below one use Gamma(a + 1) U^(1/a).
enum BetaSampler {
    static func symmetric(_ a: Double, random: inout SeededRandom) -> Double {
        let x = gamma(a, &random), y = gamma(a, &random)
        let sum = x + y
        return sum > 0 ? x / sum : 0.5
    }

    static func gamma(_ shape: Double, _ random: inout SeededRandom) -> Double {
        if shape < 1 {
            let u = 1 - random.nextDouble()
            return gamma(shape + 1, &random) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = random.nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - random.nextDouble()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
