import Foundation

/// Special functions the power-law and distribution-comparison code needs (log-likelihoods,
/// `p = erfc(|R| / sqrt(2 n s²))`, chi-squared tails). Thin wrappers over the C library,
/// gathered here so callers have one documented place and one set of names.
public enum SpecialFunctions {
    /// `ln |Γ(x)|`. Uses the re-entrant `lgamma_r` on Glibc because plain `lgamma` writes the
    /// global `signgam`, a data race when layers are analysed in parallel.
    /// `+inf` at the poles (0, -1, -2, ...), NaN for NaN.
    public static func logGamma(_ x: Double) -> Double {
        #if canImport(Glibc)
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
        #else
        return Foundation.lgamma(x)
        #endif
    }

    /// The error function `erf(x) = 2/sqrt(pi) ∫_0^x e^(-t²) dt`.
    public static func erf(_ x: Double) -> Double {
        Foundation.erf(x)
    }

    /// The complementary error function `1 - erf(x)`, accurate for large `x` where
    /// `1 - erf(x)` would cancel to 0 (the p-values of `distribution_compare`).
    public static func erfc(_ x: Double) -> Double {
        Foundation.erfc(x)
    }

    /// `ln Σ exp(values[i])` without overflow or underflow: shifts by the maximum first.
    ///
    /// Empty input gives `-inf` (the log of an empty sum); any `+inf` gives `+inf`; all `-inf`
    /// gives `-inf`; NaN propagates.
    public static func logSumExp(_ values: [Double]) -> Double {
        guard let maximum = values.max() else { return -.infinity }
        if values.contains(where: { $0.isNaN }) { return .nan }
        guard maximum.isFinite else { return maximum }  // +inf dominates; all -inf stays -inf
        var sum = 0.0
        for value in values { sum += Foundation.exp(value - maximum) }
        return maximum + Foundation.log(sum)
    }
}
