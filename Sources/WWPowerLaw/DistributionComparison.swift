import Foundation
import WWNumerics

/// The log-likelihood ratio test of two distributions fitted to the same tail (Vuong's test for
/// non-nested models, Wilks' for nested ones), as the powerlaw package's `distribution_compare`.
public struct DistributionComparison: Sendable, Equatable {
    /// Σ (ln p1 - ln p2): positive favours the first distribution. With `normalizedRatio` it is
    /// divided by sqrt(n s²).
    public let R: Double
    /// Significance of the sign of R.
    public let p: Double
    public let nested: Bool
    public let normalizedRatio: Bool

    /// Compares per-point log-likelihoods `first` and `second` (same points, same order).
    ///
    /// nested: p = 1 - chi²₁.cdf(|2R|); otherwise p = erfc(|R| / sqrt(2 n s²)) with s² the
    /// population variance of the per-point differences. Sums run in the powerlaw package's
    /// order (Python's sequential `sum` for R and the variance, NumPy's for the means).
    public init(first: [Double], second: [Double], nested: Bool, normalizedRatio: Bool = false) {
        self.nested = nested
        self.normalizedRatio = normalizedRatio
        let n = Double(first.count)
        guard !first.isEmpty, first.count == second.count else {
            R = 0; p = 1
            return
        }
        // -inf log-likelihoods are replaced by ln(1e-307), as the package does.
        let floor = Foundation.log(TailModel.tinyDensity)
        let a = first.map { $0 == -.infinity ? floor : $0 }
        let b = second.map { $0 == -.infinity ? floor : $0 }
        let differences = zip(a, b).map { $0 - $1 }
        let ratio = PowerLawPackageSummation.sequentialSum(differences)
        let meanDifference = PowerLawPackageSummation.numpyMean(a) - PowerLawPackageSummation.numpyMean(b)
        let variance = PowerLawPackageSummation.sequentialSum(differences.map { ($0 - meanDifference) * ($0 - meanDifference) }) / n
        if nested {
            p = 1 - ProbabilityDistribution.chiSquaredCDF(abs(2 * ratio), degreesOfFreedom: 1)
        } else {
            p = SpecialFunctions.erfc(abs(ratio) / (2 * n * variance).squareRoot())
        }
        R = normalizedRatio ? ratio / (n * variance).squareRoot() : ratio
    }
}

extension PowerLawPackageFit {
    /// Compares two of the fitted distributions on the tail (powerlaw's
    /// `fit.distribution_compare(first, second)`). `nested` defaults to true when one name
    /// contains the other (power law inside truncated power law), as in the package; unlike the
    /// package, an explicit `nested: false` is respected in both argument orders.
    public func compare(_ first: TailDistribution, to second: TailDistribution, nested: Bool? = nil,
                        normalizedRatio: Bool = false) -> DistributionComparison {
        let isNested = nested ?? (first.rawValue.contains(second.rawValue) || second.rawValue.contains(first.rawValue))
        return DistributionComparison(first: loglikelihoods(first), second: loglikelihoods(second),
                                      nested: isNested, normalizedRatio: normalizedRatio)
    }

    /// The power law against `alternative` (the usual question: is the tail a power law?).
    public func compare(to alternative: TailDistribution, nested: Bool? = nil, normalizedRatio: Bool = false) -> DistributionComparison {
        compare(.powerLaw, to: alternative, nested: nested, normalizedRatio: normalizedRatio)
    }
}
