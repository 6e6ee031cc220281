import Foundation
import WWBase

/// The truncated power law `p(x) ~ x^-alpha e^(-Lambda x)` fitted with xmin chosen for it, as
/// powerlaw 1.x's `Fit(data, xmin_distribution='truncated_power_law')` does: WeightWatcher
/// 0.7.7's `fit='TPL'` (and `'E_TPL'`, the same with xmin restricted to a range).
///
/// Every distinct value but the largest (of those in the range, when one is given) is an xmin
/// candidate. At each one the truncated power law is fitted to the values >= xmin by maximum
/// likelihood with SciPy's `fmin` (unbounded Nelder–Mead, tolerance 1e-4, reproduced step for
/// step by ``NelderMead``) from the package's start (1 + n / Σ ln(x/xmin), 1 / mean(x)), and its
/// KS distance D to the tail's ECDF is computed with the package's CDF
/// `1 - Γ(1-alpha, Lambda x) / Lambda^(1-alpha)`. xmin is the first candidate with the smallest D
/// among those whose fit is in range (alpha > 1, Lambda > 0); if none is, the smallest D of all.
///
/// Unlike the power-law scan this costs a full optimisation per candidate (a few hundred
/// evaluations of an O(n) log-likelihood) and a few hundred incomplete-gamma evaluations:
/// measured 2.9 s of CPU for a 1000 x 500 matrix's 500 eigenvalues in a debug build (powerlaw 1.5
/// takes minutes on 864 values: mpmath's gamma in the KS loop).
public struct TruncatedPowerLawXminFit: Sendable {
    public let xmin: Double
    public let alpha: Double
    /// The rate of the exponential cut-off (powerlaw's and WeightWatcher's `Lambda`).
    public let lambda: Double
    /// KS distance of the fitted truncated power law from the tail's ECDF.
    public let D: Double
    /// Number of values >= xmin.
    public let nTail: Int
    /// False when no candidate's fit was in range and the smallest distance was taken anyway
    /// (powerlaw's `noise_flag`).
    public let foundValidXmin: Bool
    /// The candidates tried, with each one's fitted parameters and D, in ascending xmin.
    public let candidates: [Candidate]

    public struct Candidate: Sendable, Equatable {
        public var xmin: Double
        public var alpha: Double
        public var lambda: Double
        public var D: Double
        /// alpha > 1 and Lambda > 0.
        public var inRange: Bool
    }

    /// Fits the positive values of `data` (any order; values <= 0 are dropped). With
    /// `candidateRange`, only distinct values inside it are xmin candidates (powerlaw's
    /// `xmin=(low, high)`). `cancellation` is polled between candidates.
    public init(data: [Double], candidateRange: ClosedRange<Double>? = nil, cancellation: Cancellation = .never) throws {
        if let index = data.firstIndex(where: { !$0.isFinite }) { throw PowerLawPackageError.nonFiniteValue(index: index) }
        let sample = SortedSample(sorted: data.filter { $0 > 0 }.sorted())
        var indices = Array(sample.distinct.indices)
        if let range = candidateRange { indices = indices.filter { range.contains(sample.distinct[$0]) } }
        // The largest candidate would leave a tail of one distinct value.
        indices = Array(indices.dropLast())
        guard !indices.isEmpty else {
            throw PowerLawPackageError.tooFewDistinctValues(found: sample.distinct.count, needed: 2)
        }
        var fits: [Candidate] = []
        fits.reserveCapacity(indices.count)
        for k in indices {
            try cancellation.checkCancelled()
            fits.append(Self.fitCandidate(k, sample: sample))
        }
        let chosen = Self.chooseCandidate(fits)
        let best = fits[chosen]
        xmin = best.xmin
        alpha = best.alpha
        lambda = best.lambda
        D = best.D
        nTail = sample.values.count - sample.below[indices[chosen]]
        foundValidXmin = fits.contains { $0.inRange }
        candidates = fits
    }

    /// NumPy's `argmin` over the distances of the in-range candidates (all candidates when none
    /// or all are in range): the first minimum, or the first NaN if there is one.
    static func chooseCandidate(_ fits: [Candidate]) -> Int {
        let eligible = fits.contains { $0.inRange } ? fits.indices.filter { fits[$0].inRange } : Array(fits.indices)
        if let firstNaN = eligible.first(where: { fits[$0].D.isNaN }) { return firstNaN }
        var best = eligible[0]
        for i in eligible where fits[i].D < fits[best].D { best = i }
        return best
    }

    /// The package's `Truncated_Power_Law(xmin=..., data=...)`: fmin on -Σ ln p from its start,
    /// then the KS distance.
    static func fitCandidate(_ k: Int, sample: SortedSample) -> Candidate {
        let xmin = sample.distinct[k]
        let tail = Array(sample.values[sample.below[k]...])
        let start = [1 + Double(tail.count) / PowerLawPackageSummation.numpySum(tail.map { Foundation.log($0 / xmin) }),
                     1 / PowerLawPackageSummation.numpyMean(tail)]
        // The package's in_range(): alpha > 1, Lambda > 0; outside it every density is 1e-307.
        var model = TailModel(kind: .truncatedPowerLaw, xmin: xmin, parameters: start, ranges: [(1, nil), (0, nil)],
                              roundsGammaFirst: true)
        // scipy's fmin has no bounds: infinite ones make every clip a no-op.
        let search = NelderMead(lower: [-.infinity, -.infinity], upper: [.infinity, .infinity])
        // Python's built-in sum over the NumPy array: left to right.
        let result = search.minimize(start) { point in
            var trial = model
            trial.parameters = point
            return -PowerLawPackageSummation.sequentialSum(trial.logLikelihoods(tail))
        }
        model.parameters = result.point
        let cdf = model.cdf(Array(sample.distinct[k...]))
        // NumPy's max propagates NaN (a CDF of 0/0 where Γ and Lambda^(1-alpha) both underflow);
        // such a candidate's D is NaN, and argmin then picks it.
        let D = cdf.contains { $0.isNaN } ? .nan : TailDistance.between(model: cdf, empirical: sample.tailECDF(from: k)).ks
        return Candidate(xmin: xmin, alpha: result.point[0], lambda: result.point[1], D: D, inRange: model.isInRange)
    }
}
