import Foundation

/// The upper incomplete gamma function for any real first argument (the regularised forms and
/// the chi-squared distribution are in IncompleteGamma.swift and ProbabilityDistributions.swift).
///
/// The truncated power law `x^-α e^(-λx)` is normalised by the upper incomplete gamma function
/// `Γ(1-α, λ x_min)` with a NEGATIVE first argument whenever α > 1 (the usual case), which the C
/// library and the regularised forms (defined for a > 0 only) do not cover. The powerlaw package
/// calls mpmath for it; these routines give the same values in double precision (checked against
/// mpmath and scipy on committed fixtures, relative error below 1e-12 on the tested grid).
extension SpecialFunctions {
    /// Limits of the series and continued fractions below, with their reasons.
    enum GammaLimits {
        /// Terms after which a series or continued fraction that has not converged is abandoned
        /// (NaN). The expansions used converge in well under 100 terms on their domains.
        static let maxTerms = 10_000
        /// Relative size of the last term at which a sum counts as converged (about one ulp).
        static let tolerance = 1e-16
        /// At or above this x (and above s + 1), Γ(s, x) comes from its continued fraction,
        /// which converges fast there for every real s; below it, from power series that do not
        /// cancel badly for small x.
        static let continuedFractionThreshold = 1.0
    }

    /// Euler–Mascheroni constant γ = -Γ'(1).
    static let eulerGamma = 0.57721566490153286060651209008240243

    /// The upper incomplete gamma function `Γ(s, x) = ∫_x^∞ t^(s-1) e^(-t) dt`, not regularised,
    /// for any real `s` (negative included) and `x > 0`; `Γ(s, 0) = Γ(s)` for `s > 0`.
    ///
    /// May underflow to 0 for large `x` (about x > 700): use `logUpperIncompleteGamma` there.
    /// NaN outside the domain (x < 0, or x = 0 with s <= 0, where the integral diverges).
    public static func upperIncompleteGamma(_ s: Double, _ x: Double) -> Double {
        let value = logUpperIncompleteGamma(s, x)
        return value.isNaN ? .nan : Foundation.exp(value)
    }

    /// `ln Γ(s, x)` for any real `s` and `x > 0` (Γ(s, x) is positive there), without the
    /// underflow of `Γ(s, x)` itself at large `x`.
    public static func logUpperIncompleteGamma(_ s: Double, _ x: Double) -> Double {
        guard !s.isNaN, !x.isNaN, x >= 0 else { return .nan }
        if x == 0 { return s > 0 ? logGamma(s) : .nan }
        if x == .infinity { return -.infinity }
        if x >= GammaLimits.continuedFractionThreshold && x > s + 1 {
            return logUpperGammaContinuedFraction(s, x)
        }
        if s >= 0.5 {
            // Γ(s, x) = Γ(s) (1 - P(s, x)) with P from its series; x < s + 1 keeps P away from 1
            // except mildly for s near 0.5.
            let p = regularizedLowerGamma(s, x)
            return logGamma(s) + Foundation.log1p(-p)
        }
        return Foundation.log(upperGammaSmallArgument(s, x))
    }

    /// Continued fraction (modified Lentz) for `Γ(s, x) = e^(-x) x^s / (x + 1 - s - 1(1-s)/(x + 3 - s - ...))`,
    /// returned as a logarithm.
    private static func logUpperGammaContinuedFraction(_ s: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...GammaLimits.maxTerms {
            let an = -Double(i) * (Double(i) - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= GammaLimits.tolerance { return -x + s * Foundation.log(x) + Foundation.log(h) }
        }
        return .nan
    }

    /// Γ(s, x) for small x and s < 0.5. The analytic continuation
    /// `Γ(s, x) = Γ(s) - Σ (-1)^n x^(s+n) / (n! (s+n))` cancels catastrophically near
    /// s = 0, -1, -2, ..., so it is used only for s' = s - round(s) in [-0.5, 0.5], written as
    /// `x^s' expm1(lnΓ(1+s') - s' ln x) / s' - Σ_{n>=1} ...` (no division by a small number
    /// survives), then carried down to s by `Γ(a-1, x) = (Γ(a, x) - x^(a-1) e^(-x)) / (a-1)`.
    private static func upperGammaSmallArgument(_ s: Double, _ x: Double) -> Double {
        let shift = s.rounded()  // <= 0 because s < 0.5
        let base = s - shift
        let logX = Foundation.log(x)
        var leading: Double
        if base == 0 {
            leading = -eulerGamma - logX
        } else {
            leading = Foundation.expm1(logGammaOnePlus(base) - base * logX) / base
        }
        var tail = 0.0
        var power = 1.0  // (-x)^n / n!
        for n in 1...GammaLimits.maxTerms {
            power *= -x / Double(n)
            let term = power / (base + Double(n))
            tail += term
            if abs(term) <= abs(tail) * GammaLimits.tolerance { break }
            if n == GammaLimits.maxTerms { return .nan }
        }
        var value = Foundation.exp(base * logX) * (leading - tail)
        var a = base
        let expMinusX = Foundation.exp(-x)
        while a > s + 0.5 {
            value = (value - Foundation.exp((a - 1) * logX) * expMinusX) / (a - 1)
            a -= 1
        }
        return value
    }

    /// `ln Γ(1 + s)` without rounding `1 + s` first: for tiny s that rounding alone costs
    /// digits of s (1 + 1e-8 keeps only 8 of them), so small s uses the Taylor series
    /// `-γ s + Σ_{k>=2} (-1)^k ζ(k) s^k / k`.
    static func logGammaOnePlus(_ s: Double) -> Double {
        guard abs(s) < 1e-3 else { return logGamma(1 + s) }
        // ζ(2) ... ζ(7): with |s| < 1e-3 the next term is below 1e-24 relative.
        let zeta = [1.6449340668482264, 1.2020569031595943, 1.0823232337111382, 1.0369277551433699,
                    1.0173430619844491, 1.0083492773819228]
        var sum = 0.0
        var power = s  // s^(k-1) before each step
        for (offset, z) in zeta.enumerated() {
            let k = offset + 2
            power *= s
            sum += (k % 2 == 0 ? z : -z) * power / Double(k)
        }
        return -eulerGamma * s + sum
    }
}
