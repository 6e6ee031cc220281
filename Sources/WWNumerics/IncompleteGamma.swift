import Foundation

extension SpecialFunctions {
    /// The regularised incomplete gamma functions `P(a, x) = γ(a, x) / Γ(a)` (lower) and
    /// `Q(a, x) = Γ(a, x) / Γ(a)` (upper), the CDF and survival function of Gamma(a, 1) and so
    /// of the chi-squared distribution.
    ///
    /// Below `x = a + 1` the power series of `P` converges fast; above it the continued fraction
    /// of `Q` does (Numerical Recipes §6.2, with the modified Lentz algorithm). The other half is
    /// `1 -` the computed one, which is accurate there because the computed half is then
    /// the smaller.
    ///
    /// - Returns: `.undefined` for NaN, `a <= 0` or `x < 0`; NaN halves when the evaluation
    ///   does not converge within ``SpecialFunctionLimits/maxIterations``.
    public static func incompleteGamma(_ a: Double, _ x: Double) -> ProbabilityPair {
        guard a > 0, x >= 0, a.isFinite else { return .undefined }
        if x == 0 { return ProbabilityPair(lower: 0, upper: 1) }
        if x == .infinity { return ProbabilityPair(lower: 1, upper: 0) }
        let logFront = a * Foundation.log(x) - x - logGamma(a)
        if x < a + 1 {
            let lower = Foundation.exp(logFront) * gammaSeries(a, x)
            return ProbabilityPair(lower: lower, upper: 1 - lower)
        }
        let upper = Foundation.exp(logFront) * gammaContinuedFraction(a, x)
        return ProbabilityPair(lower: 1 - upper, upper: upper)
    }

    /// `P(a, x)`, as SciPy's `gammainc`.
    public static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).lower
    }

    /// `Q(a, x) = 1 - P(a, x)`, as SciPy's `gammaincc`.
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).upper
    }

    /// `Σ_n x^n / (a (a+1) ... (a+n))`, so that `P(a, x) = x^a e^-x / Γ(a) · sum`.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        for _ in 0..<SpecialFunctionLimits.maxIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) <= abs(sum) * SpecialFunctionLimits.convergenceTolerance { return sum }
        }
        return .nan
    }

    /// The continued fraction `1 / (x + 1 - a - 1(1-a) / (x + 3 - a - 2(2-a) / (x + 5 - a - ...)))`,
    /// so that `Q(a, x) = x^a e^-x / Γ(a) · fraction`.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = SpecialFunctionLimits.tiny
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / guarded(b)
        var result = d
        for i in 1...SpecialFunctionLimits.maxIterations {
            let i = Double(i)
            let numerator = -i * (i - a)
            b += 2
            d = 1 / guarded(numerator * d + b)
            c = guarded(b + numerator / c)
            let step = d * c
            result *= step
            if abs(step - 1) <= SpecialFunctionLimits.convergenceTolerance { return result }
        }
        return .nan
    }
}
