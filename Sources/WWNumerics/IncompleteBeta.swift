import Foundation

/// A probability and its complement, each computed directly.
///
/// Tail probabilities (p-values) are the complement of a cumulative probability close to 1;
/// `1 - 0.999999999999` keeps about four digits. The incomplete beta and gamma functions
/// compute whichever side their series or continued fraction converges on and derive the other
/// by subtraction only where that side is not small, so both halves keep full relative accuracy.
public struct ProbabilityPair: Equatable, Sendable {
    /// The lower tail: `P(X <= x)`, the regularised function itself.
    public let lower: Double
    /// The upper tail: `1 - lower`, without the cancellation.
    public let upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Both halves NaN: the answer for NaN or out-of-domain input.
    public static let undefined = ProbabilityPair(lower: .nan, upper: .nan)
}

/// Limits of the continued-fraction and series evaluations behind the p-values.
public enum SpecialFunctionLimits {
    /// Most terms a continued fraction or series may take. Lentz's fraction for `I_x(a, b)`
    /// converges in `O(sqrt(max(a, b)))` terms when `x` is on its convergent side, so 10,000
    /// covers parameters up to ~1e7 (degrees of freedom far beyond any table wwn analyses);
    /// past it the result is NaN rather than a silently wrong number.
    public static let maxIterations = 10_000

    /// Relative size of the last factor or term at which a fraction or series has converged:
    /// one unit in the last place of 1, so the result is as exact as a `Double` allows.
    public static let convergenceTolerance = Double.ulpOfOne

    /// Stand-in for zero in Lentz's algorithm, which divides by partial denominators that can
    /// vanish (Numerical Recipes' `FPMIN`): small enough not to perturb a finite result.
    static let tiny = 1e-300
}

extension SpecialFunctions {
    /// `ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b)`, accurate to ~1e-15 absolute even for
    /// parameters of 1e6 and more (Student's t with many degrees of freedom).
    ///
    /// Subtracting log-gammas of large arguments cancels: `ln Γ(5e5)` is 6e6, so its last bit is
    /// worth 1e-9. Above ``stirlingThreshold`` the large arguments are written with Stirling's
    /// formula, `ln Γ(x) = (x - 1/2) ln x - x + ln(2π)/2 + δ(x)`, and the large terms are
    /// cancelled algebraically before any rounding.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        guard large >= stirlingThreshold, small > 0 else { return logGamma(a) + logGamma(b) - logGamma(a + b) }
        let sum = small + large
        let corrections = stirlingCorrection(large) - stirlingCorrection(sum)
        if small < stirlingThreshold {
            // ln Γ(L) - ln Γ(L + s) = -(L - 1/2) ln(1 + s/L) - s ln(L + s) + s + δ(L) - δ(L + s)
            let ratioTerm: Double = (large - 0.5) * Foundation.log1p(small / large)
            return logGamma(small) - ratioTerm - small * Foundation.log(sum) + small + corrections
        }
        let front: Double = 0.5 * Foundation.log(2 * Double.pi / sum)
        let smallTerm: Double = (small - 0.5) * Foundation.log(small / sum)
        let largeTerm: Double = (large - 0.5) * Foundation.log1p(-small / sum)
        return front + smallTerm + largeTerm + stirlingCorrection(small) + corrections
    }

    /// Arguments from which ``logBeta(_:_:)`` uses Stirling's series: there its error term
    /// `1/(156 x^13)` is below 1e-15.
    static let stirlingThreshold = 10.0

    /// `B_2k / (2k (2k - 1))`, the coefficients of Stirling's series for `δ(x)`.
    private static let stirlingCoefficients: [Double] = [
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
    ]

    /// `δ(x) = ln Γ(x) - [(x - 1/2) ln x - x + ln(2π)/2]`, by its asymptotic series
    /// `1/(12x) - 1/(360x³) + 1/(1260x⁵) - ...` (for x >= 10).
    static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let square = inverse * inverse
        var sum = 0.0
        for coefficient in stirlingCoefficients.reversed() { sum = sum * square + coefficient }
        return sum * inverse
    }

    /// The regularised incomplete beta function `I_x(a, b)` and its complement `1 - I_x(a, b)`.
    ///
    /// `I_x(a, b)` is the CDF of the Beta(a, b) distribution, and through it the CDFs of
    /// Student's t, F and the binomial distribution: every p-value of the correlation and t-tests
    /// comes from here. Evaluated by the continued fraction of Numerical Recipes §6.4 with the
    /// modified Lentz algorithm, on the side of `x = (a + 1) / (a + b + 2)` where it converges
    /// quickly, using `I_x(a, b) = 1 - I_{1-x}(b, a)` for the other side. The prefactor
    /// `x^a (1-x)^b / (a B(a, b))` is formed in logarithms so large parameters do not overflow.
    ///
    /// - Returns: `.undefined` (NaN) for NaN input, `a <= 0`, `b <= 0`, or `x` outside [0, 1];
    ///   NaN halves also when the fraction fails to converge within
    ///   ``SpecialFunctionLimits/maxIterations``.
    public static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> ProbabilityPair {
        incompleteBeta(a, b, x: x, complement: 1 - x)
    }

    /// ``incompleteBeta(_:_:_:)`` given both `x` and `1 - x`, for callers that can form the
    /// complement without cancellation (the t and F distributions build `x` as a ratio, and
    /// `1 - x` is another ratio): near `x = 1`, `1 - x` computed by subtraction has lost the
    /// digits the upper tail needs.
    public static func incompleteBeta(_ a: Double, _ b: Double, x: Double, complement y: Double) -> ProbabilityPair {
        guard a > 0, b > 0, x >= 0, x <= 1, y >= 0, y <= 1, a.isFinite, b.isFinite else { return .undefined }
        if x == 0 { return ProbabilityPair(lower: 0, upper: 1) }
        if y == 0 { return ProbabilityPair(lower: 1, upper: 0) }
        // ln of whichever of x, 1 - x is nearer 1 comes from the other through log1p: with a
        // large exponent, `a ln x` for x = 1 - 1e-6 would otherwise amplify x's rounding.
        let logX = x > 0.5 ? Foundation.log1p(-y) : Foundation.log(x)
        let logY = y > 0.5 ? Foundation.log1p(-x) : Foundation.log(y)
        let logFront = a * logX + b * logY - logBeta(a, b)
        let front = Foundation.exp(logFront)
        // The fraction in x is sensitive to x's rounding by a factor that grows with the
        // parameter: for x close to 1 and a large (Student's t with 1e6 degrees of freedom) the
        // last bit of x costs 1e-11. The fraction in the small complement y has no such problem
        // and still converges just past the usual switch point, so it is tried first there and
        // kept when the side derived by subtraction is not small (no digits lost).
        let switchPoint = (a + 1) / (a + b + 2)
        let useLowerFraction = x < switchPoint
        let variable = useLowerFraction ? x : y
        // The other side's variable and its own switch point (where its fraction converges fast).
        let otherVariable = useLowerFraction ? y : x
        let otherSwitchPoint = useLowerFraction ? (b + 1) / (a + b + 2) : switchPoint
        if variable > 0.5, otherVariable <= Self.alternateSideReach * otherSwitchPoint {
            let other = useLowerFraction
                ? front * betaContinuedFraction(b, a, y, maxIterations: Self.alternateSideIterations) / b
                : front * betaContinuedFraction(a, b, x, maxIterations: Self.alternateSideIterations) / a
            if other.isFinite, 1 - other >= Self.minimumDerivedProbability {
                return useLowerFraction ? ProbabilityPair(lower: 1 - other, upper: other) : ProbabilityPair(lower: other, upper: 1 - other)
            }
        }
        if useLowerFraction {
            let lower = front * betaContinuedFraction(a, b, x) / a
            return ProbabilityPair(lower: lower, upper: 1 - lower)
        }
        let upper = front * betaContinuedFraction(b, a, y) / b
        return ProbabilityPair(lower: 1 - upper, upper: upper)
    }

    /// How far past its switch point (as a factor) the other side's fraction is trusted: just
    /// past it the fraction is still stable and converges; far past it, it is not.
    static let alternateSideReach = 2.0

    /// Terms allowed to the fraction on the far side of the switch point before falling back:
    /// near the switch point it converges in tens of terms.
    static let alternateSideIterations = 300

    /// Smallest probability derived as `1 - other` that keeps ~14 significant digits.
    static let minimumDerivedProbability = 0.01

    /// The regularised incomplete beta function `I_x(a, b)` (the lower half of
    /// ``incompleteBeta(_:_:_:)``), named as in SciPy's `betainc`.
    public static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        incompleteBeta(a, b, x).lower
    }

    /// The continued fraction `1 / (1 + d1 / (1 + d2 / (1 + ...)))` of `I_x(a, b)`, with
    /// `d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1))` and `d_{2m} = m(b-m) x / ((a+2m-1)(a+2m))`,
    /// by the modified Lentz method. NaN if it does not converge.
    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double,
                                              maxIterations: Int = SpecialFunctionLimits.maxIterations) -> Double {
        let tiny = SpecialFunctionLimits.tiny
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for m in 1...maxIterations {
            let m = Double(m)
            let twoM = 2 * m
            let even = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let step = d * c
            result *= step
            if abs(step - 1) <= SpecialFunctionLimits.convergenceTolerance { return result }
        }
        return .nan
    }
}
