import Foundation

/// Cumulative distribution and survival functions of the distributions hypothesis tests refer
/// to. Each is expressed through the incomplete beta or gamma function with both tails computed
/// directly, so a p-value of 1e-200 is as accurate, relatively, as one of 0.3.
///
/// Out-of-domain parameters (degrees of freedom `<= 0` or NaN) give NaN, as in SciPy.
public enum ProbabilityDistribution {
    // MARK: Student's t

    /// `P(T <= t)` for Student's t with `degreesOfFreedom` (any positive real; `+inf` is the
    /// standard normal).
    public static func studentTCDF(_ t: Double, degreesOfFreedom: Double) -> Double {
        studentTTails(t, degreesOfFreedom: degreesOfFreedom).lower
    }

    /// `P(T > t)`, the one-sided p-value of `t`.
    public static func studentTSurvival(_ t: Double, degreesOfFreedom: Double) -> Double {
        studentTTails(t, degreesOfFreedom: degreesOfFreedom).upper
    }

    /// `P(|T| >= |t|)`, the two-sided p-value of every t-test here.
    public static func studentTTwoSided(_ t: Double, degreesOfFreedom: Double) -> Double {
        min(1, 2 * studentTSurvival(abs(t), degreesOfFreedom: degreesOfFreedom))
    }

    /// Both tails of Student's t at `t`. With `x = ν / (ν + t²)`, the tail beyond `|t|` is
    /// `I_x(ν/2, 1/2) / 2`, and the central part `I_{1-x}(1/2, ν/2)`; `x` and `1 - x` are both
    /// formed as ratios so neither cancels.
    static func studentTTails(_ t: Double, degreesOfFreedom df: Double) -> ProbabilityPair {
        guard !t.isNaN, df > 0 else { return .undefined }
        if df == .infinity { return normalTails(t) }
        if t.isInfinite { return t > 0 ? ProbabilityPair(lower: 1, upper: 0) : ProbabilityPair(lower: 0, upper: 1) }
        let square = t * t
        let denominator = df + square
        // Past |t| = 1e154 the square overflows (and inf / inf would be NaN): there
        // x = df / t^2, formed without the square, and its complement is 1.
        let tails = square.isFinite
            ? SpecialFunctions.incompleteBeta(df / 2, 0.5, x: df / denominator, complement: square / denominator)
            : SpecialFunctions.incompleteBeta(df / 2, 0.5, x: df / abs(t) / abs(t), complement: 1)
        let beyond = tails.lower / 2  // P(T > |t|)
        let within = tails.upper / 2  // P(0 < T <= |t|)
        return t >= 0 ? ProbabilityPair(lower: 0.5 + within, upper: beyond)
                      : ProbabilityPair(lower: beyond, upper: 0.5 + within)
    }

    // MARK: F

    /// `P(F <= f)` for Fisher's F with `numerator` and `denominator` degrees of freedom.
    public static func fCDF(_ f: Double, numerator d1: Double, denominator d2: Double) -> Double {
        fTails(f, numerator: d1, denominator: d2).lower
    }

    /// `P(F > f)`, the p-value of an ANOVA F statistic.
    public static func fSurvival(_ f: Double, numerator d1: Double, denominator d2: Double) -> Double {
        fTails(f, numerator: d1, denominator: d2).upper
    }

    /// With `z = d1 f / (d1 f + d2)`, `P(F <= f) = I_z(d1/2, d2/2)`.
    static func fTails(_ f: Double, numerator d1: Double, denominator d2: Double) -> ProbabilityPair {
        guard !f.isNaN, d1 > 0, d2 > 0 else { return .undefined }
        if f <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
        if f == .infinity { return ProbabilityPair(lower: 1, upper: 0) }
        let scaled = d1 * f
        let total = scaled + d2
        return SpecialFunctions.incompleteBeta(d1 / 2, d2 / 2, x: scaled / total, complement: d2 / total)
    }

    // MARK: Chi-squared

    /// `P(X <= x)` for chi-squared with `degreesOfFreedom`: `P(k/2, x/2)`.
    public static func chiSquaredCDF(_ x: Double, degreesOfFreedom k: Double) -> Double {
        chiSquaredTails(x, degreesOfFreedom: k).lower
    }

    /// `P(X > x)`: `Q(k/2, x/2)`.
    public static func chiSquaredSurvival(_ x: Double, degreesOfFreedom k: Double) -> Double {
        chiSquaredTails(x, degreesOfFreedom: k).upper
    }

    static func chiSquaredTails(_ x: Double, degreesOfFreedom k: Double) -> ProbabilityPair {
        guard !x.isNaN, k > 0 else { return .undefined }
        if x <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
        return SpecialFunctions.incompleteGamma(k / 2, x / 2)
    }

    // MARK: Normal

    /// `Φ(z)`, the standard normal CDF.
    public static func normalCDF(_ z: Double) -> Double { normalTails(z).lower }

    /// `1 - Φ(z)`, computed as `erfc(z / √2) / 2` so it stays accurate far in the tail.
    public static func normalSurvival(_ z: Double) -> Double { normalTails(z).upper }

    /// `P(|Z| >= |z|)`.
    public static func normalTwoSided(_ z: Double) -> Double { min(1, 2 * normalSurvival(abs(z))) }

    static func normalTails(_ z: Double) -> ProbabilityPair {
        guard !z.isNaN else { return .undefined }
        let scaled = z / 2.0.squareRoot()
        return ProbabilityPair(lower: SpecialFunctions.erfc(-scaled) / 2, upper: SpecialFunctions.erfc(scaled) / 2)
    }
}
