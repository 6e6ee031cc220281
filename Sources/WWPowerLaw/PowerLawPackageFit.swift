import Foundation
import WWBase

/// Errors of `PowerLawPackageFit`, each naming what is wrong with the input.
public enum PowerLawPackageError: DomainError, CustomStringConvertible, Equatable {
    case nonFiniteValue(index: Int)
    case tooFewDistinctValues(found: Int, needed: Int)
    case xminAboveData(xmin: Double, maximum: Double)
    case invalidXmin(Double)
    case invalidSigmaThreshold(Double)

    public var description: String {
        switch self {
        case .nonFiniteValue(let index):
            return "value \(index) is not a finite number"
        case .tooFewDistinctValues(let found, let needed):
            return "a power-law fit needs at least \(needed) distinct positive values, got \(found)"
        case .xminAboveData(let xmin, let maximum):
            return "xmin \(xmin) leaves fewer than 2 values in the tail (largest value \(maximum))"
        case .invalidXmin(let xmin):
            return "xmin must be a positive finite number, got \(xmin)"
        case .invalidSigmaThreshold(let threshold):
            return "sigma_threshold must be a positive number, got \(threshold)"
        }
    }
}

/// One distribution fitted to the tail, with the powerlaw package's goodness-of-fit numbers.
public struct FittedTailDistribution: Sendable {
    public let kind: TailDistribution
    /// Parameter values in `kind.parameterNames` order.
    public let values: [Double]
    /// Σ ln p(x) over the tail.
    public let loglikelihood: Double
    /// D, V, A² of this distribution's CDF against the tail's ECDF.
    public let distance: TailDistance
    /// The powerlaw package's `noise_flag`: parameters outside their range, an optimiser that
    /// did not converge, or a parameter within 0.01 of a bound.
    public let isNoisy: Bool
    let model: TailModel

    /// A parameter by its powerlaw name (`"alpha"`, `"Lambda"`, `"mu"`, `"sigma"`).
    public func parameter(_ name: String) -> Double? {
        kind.parameterNames.firstIndex(of: name).map { values[$0] }
    }
}

/// The powerlaw-package-compatible power-law fit (Clauset, Shalizi & Newman's method as the
/// `powerlaw` Python package implements it): xmin chosen among the distinct data values by the
/// smallest KS distance, alpha by maximum likelihood, and the exponential, lognormal and
/// truncated power law fitted to the same tail for `compare(_:to:)`.
///
/// Continuous data only. The data are sorted and values <= 0 dropped (powerlaw drops them only
/// when a 0 is present); NaN and infinities are errors.
public struct PowerLawPackageFit: Sendable {
    public let options: PowerLawPackageOptions
    public let xmin: Double
    public let alpha: Double
    /// Standard error (alpha - 1) / sqrt(n_tail).
    public let sigma: Double
    /// Distances of the power law from the tail ECDF; `D` is the KS distance.
    public let distance: TailDistance
    public var D: Double { distance.ks }
    public var V: Double { distance.kuiper }
    public var Asquare: Double { distance.andersonDarling }
    /// Number of values >= xmin.
    public let nTail: Int
    /// The values >= xmin, ascending.
    public let tail: [Double]
    /// False when no xmin candidate was eligible and the smallest distance was taken anyway
    /// (powerlaw's `noise_flag` on the Fit).
    public let foundValidXmin: Bool
    /// Every candidate's numbers when `options.keepScan` is set.
    public let scan: PowerLawXminScan?
    /// The power law and the alternatives.
    public let powerLaw: FittedTailDistribution
    public let exponential: FittedTailDistribution
    public let lognormal: FittedTailDistribution
    public let truncatedPowerLaw: FittedTailDistribution

    /// Fits `data`. `cancellation` is polled now and then during the xmin scan; once cancelled
    /// its error stops the fit (the language binding passes Ctrl-C).
    public init(data: [Double], options: PowerLawPackageOptions = PowerLawPackageOptions(),
                cancellation: Cancellation = .never) throws {
        if let index = data.firstIndex(where: { !$0.isFinite }) { throw PowerLawPackageError.nonFiniteValue(index: index) }
        if let threshold = options.sigmaThreshold, !(threshold > 0) { throw PowerLawPackageError.invalidSigmaThreshold(threshold) }
        let sorted = data.filter { $0 > 0 }.sorted()
        let sample = SortedSample(sorted: sorted)
        self.options = options
        let scanner = PowerLawXminScanner(sample: sample, options: options)

        var chosenXmin: Double
        var valid = true
        var scanTable: PowerLawXminScan?
        if let fixed = options.xmin {
            guard fixed.isFinite, fixed > 0 else { throw PowerLawPackageError.invalidXmin(fixed) }
            let tailCount = sorted.count - firstIndex(notBelow: fixed, in: sorted)
            guard tailCount >= 2 else { throw PowerLawPackageError.xminAboveData(xmin: fixed, maximum: sorted.last ?? 0) }
            chosenXmin = fixed
        } else {
            let candidateCount: Int, needed: Int
            switch options.candidates {
            case .allButLargest: candidateCount = sample.distinct.count - 1; needed = 1
            case .allButTwoLargest: candidateCount = sample.distinct.count - 2; needed = 2
            }
            guard candidateCount >= needed else {
                throw PowerLawPackageError.tooFewDistinctValues(found: sample.distinct.count, needed: sample.distinct.count - candidateCount + needed)
            }
            let result = try scanner.scan(candidateCount: candidateCount, cancellation: cancellation)
            chosenXmin = sample.distinct[result.chosen]
            valid = result.foundValid
            scanTable = result.scan
        }
        xmin = chosenXmin
        let tailStart = firstIndex(notBelow: chosenXmin, in: sorted)
        tail = Array(sorted[tailStart...])
        nTail = tail.count
        foundValidXmin = valid
        scan = scanTable

        // The power law at the chosen xmin, recomputed as the package's fit.power_law does
        // (NumPy's summation order), so alpha agrees to the last bits.
        let closedForm = 1 + Double(nTail) / PowerLawPackageSummation.numpySum(tail.map { Foundation.log($0 / chosenXmin) })
        let estimate = scanner.estimate(closedForm: closedForm, count: nTail, xmin: chosenXmin,
                                        logSum: PowerLawPackageSummation.numpySum(tail.map { Foundation.log($0) }))
        alpha = estimate.alpha
        sigma = (estimate.alpha - 1) / Double(nTail).squareRoot()
        let points = Self.distinctPoints(sample: sample, from: chosenXmin)
        let powerLaw = TailModel(kind: .powerLaw, xmin: chosenXmin, parameters: [alpha],
                                 ranges: [(0, options.alphaUpperBound)], normaliseBelowOneAt: tail.last)
        let powerLawDistance = TailDistance.between(model: estimate.inRange ? powerLaw.cdf(points.values) : points.values.map { _ in TailModel.tinyDensity },
                                                    empirical: points.ecdf)
        distance = powerLawDistance
        self.powerLaw = FittedTailDistribution(kind: .powerLaw, values: [alpha],
                                                 loglikelihood: PowerLawPackageSummation.numpySum(powerLaw.logLikelihoods(tail)),
                                                 distance: powerLawDistance, isNoisy: !estimate.valid, model: powerLaw)
        exponential = Self.fitAlternative(.exponential, tail: tail, xmin: chosenXmin, points: points, options: options)
        lognormal = Self.fitAlternative(.lognormal, tail: tail, xmin: chosenXmin, points: points, options: options)
        truncatedPowerLaw = Self.fitAlternative(.truncatedPowerLaw, tail: tail, xmin: chosenXmin, points: points, options: options)
    }

    /// The power law and each alternative's fitted parameters and log-likelihood.
    public subscript(kind: TailDistribution) -> FittedTailDistribution {
        switch kind {
        case .powerLaw: return powerLaw
        case .exponential: return exponential
        case .lognormal: return lognormal
        case .truncatedPowerLaw: return truncatedPowerLaw
        }
    }

    /// Per-point log-likelihoods of the tail under `kind`.
    public func loglikelihoods(_ kind: TailDistribution) -> [Double] {
        self[kind].model.logLikelihoods(tail)
    }

    /// The distinct data values >= xmin and the tail ECDF there.
    private static func distinctPoints(sample: SortedSample, from xmin: Double) -> (values: [Double], ecdf: [Double]) {
        let first = firstIndex(notBelow: xmin, in: sample.distinct)
        return (Array(sample.distinct[first...]), sample.tailECDF(from: first))
    }

    /// Maximum-likelihood fit of one alternative on the tail, as the powerlaw package does it
    /// (initial guesses from the data, bounded Nelder–Mead on -Σ ln p).
    private static func fitAlternative(_ kind: TailDistribution, tail: [Double], xmin: Double,
                                       points: (values: [Double], ecdf: [Double]),
                                       options: PowerLawPackageOptions) -> FittedTailDistribution {
        let start: [Double]
        let ranges: [(lower: Double?, upper: Double?)]
        switch kind {
        case .exponential:
            start = [1 / PowerLawPackageSummation.numpyMean(tail)]
            ranges = [(0, nil)]
        case .lognormal:
            let logs = tail.map { Foundation.log($0) }
            start = [PowerLawPackageSummation.numpyMean(logs), PowerLawPackageSummation.numpyStandardDeviation(logs)]
            ranges = [(nil, nil), (0, nil)]
        case .truncatedPowerLaw:
            start = [1 + Double(tail.count) / PowerLawPackageSummation.numpySum(tail.map { Foundation.log($0 / xmin) }),
                     1 / PowerLawPackageSummation.numpyMean(tail)]
            ranges = [(0, options.alphaUpperBound), (0, nil)]
        case .powerLaw:
            start = [1 + Double(tail.count) / PowerLawPackageSummation.numpySum(tail.map { Foundation.log($0 / xmin) })]
            ranges = [(0, options.alphaUpperBound)]
        }
        var model = TailModel(kind: kind, xmin: xmin, parameters: start, ranges: ranges, normaliseBelowOneAt: tail.last)
        let objective: ([Double]) -> Double = { point in
            var trial = model
            trial.parameters = point
            return -PowerLawPackageSummation.numpySum(trial.logLikelihoods(tail))
        }
        let minimizer = NelderMead(lower: ranges.map { $0.lower ?? -.infinity },
                                                 upper: ranges.map { $0.upper ?? .infinity })
        var result = minimizer.minimize(start, objective)
        if options.optimizer == .refined {
            // Search in units of the current estimate so that the (absolute) tolerance is a
            // relative one: rates such as Lambda are often 1e-3 or smaller.
            let scale = result.point.map { $0 == 0 ? 1 : abs($0) }
            var scaled = NelderMead(lower: zip(minimizer.lower, scale).map { $0 / $1 },
                                                  upper: zip(minimizer.upper, scale).map { $0 / $1 })
            scaled.tolerance = refinedTolerance
            scaled.budgetPerParameter = refinedBudgetPerParameter
            let scaledObjective: ([Double]) -> Double = { u in objective(zip(u, scale).map { $0 * $1 }) }
            var current = result.point.indices.map { result.point[$0] / scale[$0] }
            var currentValue = result.value
            for _ in 0..<refinedRestarts {
                let next = scaled.minimize(current, scaledObjective)
                guard next.value <= currentValue else { break }
                let moved = next.point != current
                current = next.point
                currentValue = next.value
                if !moved { break }
            }
            result.point = zip(current, scale).map { $0 * $1 }
            result.value = currentValue
        }
        model.parameters = result.point
        var noisy = !model.isInRange || !result.converged
        let boundaryMargin = 1e-2  // the powerlaw package's "very close to the edge" warning
        for (value, range) in zip(result.point, ranges) {
            if let lower = range.lower, value - boundaryMargin < lower { noisy = true }
            if let upper = range.upper, value + boundaryMargin > upper { noisy = true }
        }
        let loglikelihood = PowerLawPackageSummation.numpySum(model.logLikelihoods(tail))
        let distance = TailDistance.between(model: model.cdf(points.values), empirical: points.ecdf)
        return FittedTailDistribution(kind: kind, values: result.point, loglikelihood: loglikelihood,
                                      distance: distance, isNoisy: noisy, model: model)
    }

    /// Tolerance of the refined optimiser: well below any difference that matters in a
    /// log-likelihood ratio, above the rounding noise of a sum of thousands of logarithms.
    static let refinedTolerance = 1e-10
    /// Evaluations per parameter for each refined restart.
    static let refinedBudgetPerParameter = 2000
    /// Restarts of the refined search (each restart rebuilds the simplex around the best point,
    /// which lets Nelder–Mead escape a collapsed simplex).
    static let refinedRestarts = 5
}

/// Index of the first value >= `bound` in ascending `sorted` (binary search).
fileprivate func firstIndex(notBelow bound: Double, in sorted: [Double]) -> Int {
    var low = 0, high = sorted.count
    while low < high {
        let middle = (low + high) / 2
        if sorted[middle] >= bound { high = middle } else { low = middle + 1 }
    }
    return low
}
