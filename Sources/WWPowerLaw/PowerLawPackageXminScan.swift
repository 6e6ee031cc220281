import Foundation
import WWBase

/// The per-candidate results of the xmin scan, for plots of D (or V, A²) and alpha against xmin.
public struct PowerLawXminScan: Sendable {
    public var xmins: [Double]
    public var alphas: [Double]
    public var sigmas: [Double]
    /// The distance that chose xmin (D, V or A², per the options), for every candidate.
    public var distances: [Double]
    /// Whether each candidate was eligible (alpha in range, optimiser converged, sigma threshold).
    public var valid: [Bool]
}

/// The xmin scan of `PowerLawPackageFit`.
///
/// Naively each candidate costs O(n) for alpha and O(U) for the distance, O(U²) in all. Here
/// alpha comes in O(1) from compensated suffix sums of ln x, and the distance loop stops as soon
/// as its running value (D, V and A² only grow as points are added) exceeds the best complete
/// distance so far: such a candidate cannot be chosen, and the first-index rule on ties is kept
/// because only strictly larger values are cut off. `keepScan` turns the cut-off off.
struct PowerLawXminScanner {
    let sample: SortedSample
    let options: PowerLawPackageOptions
    /// ln of each distinct value.
    private let logDistinct: [Double]
    /// Σ_{j >= i} ln x_j as a double-double (high, low), by data index.
    private let suffixHigh: [Double]
    private let suffixLow: [Double]

    init(sample: SortedSample, options: PowerLawPackageOptions) {
        self.sample = sample
        self.options = options
        logDistinct = sample.distinct.map { Foundation.log($0) }
        let n = sample.values.count
        var high = [Double](repeating: 0, count: n + 1), low = [Double](repeating: 0, count: n + 1)
        var sum = 0.0, compensation = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            let term = Foundation.log(sample.values[i])
            let t = sum + term
            // Neumaier's compensation: keep the low-order bits each addition loses.
            compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
            sum = t
            high[i] = sum
            low[i] = compensation
        }
        suffixHigh = high
        suffixLow = low
    }

    /// How many evenly spaced candidates are evaluated first to set the cut-off (cheap: about
    /// 64 full distance loops, against thousands of candidates in a large spectrum).
    static let presampleCount = 64

    /// One candidate's estimate and whether it is eligible.
    struct Estimate {
        var alpha: Double
        var valid: Bool
        /// False when the model CDF is the powerlaw package's out-of-range placeholder.
        var inRange: Bool
        var sigma: Double
    }

    /// Σ ln(x_j / xmin) over the tail starting at data index `start`.
    func logRatioSum(from start: Int) -> Double {
        let n = Double(sample.values.count - start)
        let lnXmin = Foundation.log(sample.values[start])
        let product = n * lnXmin
        let error = Foundation.fma(n, lnXmin, -product)  // exact rounding error of n ln xmin
        return (suffixHigh[start] - product) + (suffixLow[start] - error)
    }

    /// Σ ln x over the tail starting at data index `start`.
    func logSum(from start: Int) -> Double { suffixHigh[start] + suffixLow[start] }

    func estimate(candidate k: Int) -> Estimate {
        let start = sample.below[k]
        let n = sample.values.count - start
        let closedForm = 1 + Double(n) / logRatioSum(from: start)
        return estimate(closedForm: closedForm, count: n, xmin: sample.distinct[k], logSum: logSum(from: start))
    }

    /// Applies the alpha rule to the closed-form estimate of one candidate.
    func estimate(closedForm: Double, count n: Int, xmin: Double, logSum: Double) -> Estimate {
        let root = Double(n).squareRoot()
        var alpha = closedForm
        var valid: Bool, inRange: Bool
        switch options.alphaRule {
        case .exact:
            inRange = alpha > 1
            valid = inRange
        case .powerlaw2:
            if alpha < 1 { alpha = 1 }
            if alpha > 1.5 && alpha <= 3 {
                inRange = alpha > 0 && alpha < 3
                valid = inRange
            } else {
                let search = NelderMead(lower: [0], upper: [3]).minimize([alpha]) { point in
                    Self.negativeLogLikelihood(alpha: point[0], count: n, xmin: xmin, logSum: logSum)
                }
                alpha = search.point[0]
                inRange = alpha > 0 && alpha < 3
                let nearBound = alpha - 0.01 < 0 || alpha + 0.01 > 3
                valid = inRange && search.converged && !nearBound
            }
        }
        var sigma = (alpha - 1) / root
        if let threshold = options.sigmaThreshold, !(sigma < threshold) { valid = false }
        if alpha.isNaN { sigma = .nan }
        return Estimate(alpha: alpha, valid: valid, inRange: inRange, sigma: sigma)
    }

    /// The power law's -Σ ln p(x) in O(1), as the powerlaw package's quiet scan objects compute it
    /// (no xmax: alpha < 1 gives a negative normaliser and NaN, alpha = 1 a zero density).
    static func negativeLogLikelihood(alpha: Double, count n: Int, xmin: Double, logSum: Double) -> Double {
        let penalty = -Double(n) * Foundation.log(TailModel.tinyDensity)
        guard alpha > 0 && alpha < 3 else { return penalty }
        let constant = (alpha - 1) * Foundation.pow(xmin, alpha - 1)
        if constant == 0 { return penalty }
        if constant < 0 { return .nan }
        return alpha * logSum - Double(n) * Foundation.log(constant)
    }

    /// The distance of candidate `k` with exponent `alpha`; stops early (returning a value above
    /// `cutoff`) once the running distance exceeds `cutoff`.
    func distance(candidate k: Int, alpha: Double, inRange: Bool, cutoff: Double = .infinity) -> Double {
        let count = Double(sample.values.count)
        let dropped = Double(sample.below[k]) / count
        let exponent = 1 - alpha
        let base = logDistinct[k]
        var high = 0.0, low = 0.0, weighted = 0.0
        for j in k..<sample.distinct.count {
            let empirical = (Double(sample.below[j]) / count - dropped) / (1 - dropped)
            let model = inRange ? 1 - Foundation.exp(exponent * (logDistinct[j] - base)) : TailModel.tinyDensity
            let difference = model - empirical
            if difference > high { high = difference }
            if difference < low { low = difference }
            let running: Double
            switch options.distance {
            case .ks: running = Swift.max(high, -low)
            case .kuiper: running = high - low
            case .andersonDarling:
                if j > k { weighted += difference * difference / (model * (1 - model) + TailDistance.andersonDarlingGuard) }
                running = weighted
            }
            if running > cutoff { return running }
        }
        switch options.distance {
        case .ks: return Swift.max(high, -low)
        case .kuiper: return high - low
        case .andersonDarling: return weighted
        }
    }

    /// Scans `count` candidates (distinct values 0..<count) and returns the chosen index, whether
    /// any candidate was valid, and the full scan when asked for.
    func scan(candidateCount: Int, cancellation: Cancellation) throws
        -> (chosen: Int, foundValid: Bool, scan: PowerLawXminScan?)
    {
        var estimates: [Estimate] = []
        estimates.reserveCapacity(candidateCount)
        var distances = [Double](repeating: .nan, count: candidateCount)
        var best = Double.infinity, chosen = -1
        // A good cut-off from the start: the smallest complete distance over a sparse sample of
        // candidates. Scanning upwards from the smallest xmin otherwise cuts off little until the
        // good candidates near the top are reached. Exact: a candidate cut off has a distance
        // above one that was computed in full, so it cannot be the first minimum.
        var cutoff = Double.infinity
        if !options.keepScan {
            for k in stride(from: 0, to: candidateCount, by: Swift.max(1, candidateCount / Self.presampleCount)) {
                let e = estimate(candidate: k)
                guard e.valid else { continue }
                cutoff = Swift.min(cutoff, distance(candidate: k, alpha: e.alpha, inRange: e.inRange, cutoff: cutoff))
            }
        }
        let cancellationStride = 256
        for k in 0..<candidateCount {
            if k % cancellationStride == 0 { try cancellation.checkCancelled() }
            let e = estimate(candidate: k)
            estimates.append(e)
            guard e.valid || options.keepScan else { continue }
            let d = distance(candidate: k, alpha: e.alpha, inRange: e.inRange,
                             cutoff: options.keepScan ? .infinity : Swift.min(best, cutoff))
            distances[k] = d
            if e.valid && d < best { best = d; chosen = k }
        }
        let foundValid = chosen >= 0
        if !foundValid {
            // No eligible candidate: the powerlaw package then takes the smallest distance of all.
            for k in 0..<candidateCount {
                let d = distances[k].isNaN ? distance(candidate: k, alpha: estimates[k].alpha, inRange: estimates[k].inRange) : distances[k]
                distances[k] = d
                if chosen < 0 || d < best { best = d; chosen = k }
            }
        }
        let table = options.keepScan
            ? PowerLawXminScan(xmins: Array(sample.distinct[0..<candidateCount]), alphas: estimates.map(\.alpha),
                               sigmas: estimates.map(\.sigma), distances: distances, valid: estimates.map(\.valid))
            : nil
        return (chosen, foundValid, table)
    }
}
