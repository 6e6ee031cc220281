import Foundation
import WWBase
import WWNumerics

/// A continuous power-law fit `p(x) ~ x^-alpha` of the tail `x >= xmin` of a spectrum.
public struct PowerLawFit: Sendable, Equatable {
    /// The exponent.
    public var alpha: Double
    /// The start of the tail: the chosen candidate.
    public var xmin: Double
    /// The largest value fitted.
    public var xmax: Double
    /// The Kolmogorov-Smirnov distance of the tail to the fitted law.
    public var ksDistance: Double
    /// The standard error `(alpha - 1) / sqrt(n_tail)`.
    public var sigma: Double
    /// The number of values in the tail (`x >= xmin` among the fitted values).
    public var tailCount: Int
    /// The position of `xmin` among the fitted values (sorted ascending).
    public var xminIndex: Int
    /// For a truncated power law `x^-alpha e^(-Lambda x)` (`fit: "TPL"`): the rate Lambda,
    /// WeightWatcher's `Lambda` column; nil for a pure power law.
    public var truncationRate: Double?

    public init(alpha: Double, xmin: Double, xmax: Double, ksDistance: Double, sigma: Double, tailCount: Int, xminIndex: Int,
                truncationRate: Double? = nil) {
        self.truncationRate = truncationRate
        self.alpha = alpha
        self.xmin = xmin
        self.xmax = xmax
        self.ksDistance = ksDistance
        self.sigma = sigma
        self.tailCount = tailCount
        self.xminIndex = xminIndex
    }
}

/// Why a power-law fit has no result. The message is what tables show in `reason`.
public enum PowerLawFitFailure: DomainError, Equatable, Sendable, CustomStringConvertible {
    case tooFewValues(count: Int)
    case constantSpectrum
    case clipTooLarge(clip: Int, count: Int)
    case noCandidate
    /// The powerlaw package's fit tries only distinct values, never the largest two.
    case tooFewDistinctValues(found: Int, needed: Int)

    public var description: String {
        switch self {
        case let .tooFewValues(count):
            return "only \(count) eigenvalue\(count == 1 ? "" : "s") above \(SpectralLimits.fitThreshold), a fit needs 2"
        case .constantSpectrum:
            return "the spectrum is constant: it has no tail to fit"
        case let .clipTooLarge(clip, count):
            return "xmax = -\(clip) would drop more than half of the \(count) eigenvalues"
        case let .tooFewDistinctValues(found, needed):
            return "only \(found) distinct eigenvalues above \(SpectralLimits.fitThreshold), the powerlaw fit needs \(needed)"
        case .noCandidate:
            return "no xmin candidate lies in the requested range"
        }
    }

    /// A table shows the reason alone in its `warning` column; a fit that ends a call says what failed.
    public var failureMessage: String { "the power-law fit failed: \(description)" }
}

/// One xmin candidate of the scan: the data behind the KS-vs-xmin and alpha-vs-xmin plots.
public struct PowerLawCandidate: Sendable, Equatable {
    public var xmin: Double
    public var alpha: Double
    public var ksDistance: Double
    public var sigma: Double
}

/// WeightWatcher 0.7.7's own power-law fit (`WWFit`), the default of `analyze`.
///
/// Every value but the largest is an xmin candidate (duplicates included); each gets the
/// Clauset MLE `alpha_i = 1 + n / (sum_{j>=i} ln x_j - n ln x_i)` and the KS distance to the
/// lower-step ECDF, `D_i = max_k |1 - (x_{i+k}/x_i)^(1-alpha_i) - k/n|` (1 when alpha <= 1);
/// the first candidate with the smallest D wins. Spectra of fewer than 20 values use the
/// small-sample variant (bias-corrected alpha, tails of at least 8; see ``fitSmallSpectrum(_:)``).
///
/// Speed: the reference is O(N^2) in NumPy. Here suffix sums make each alpha O(1), and the
/// argmin is found without evaluating every D in full: a cheap lower bound of each D (the
/// deviation at about 32 evenly spaced points) orders the candidates, and each full
/// evaluation stops as soon as its running maximum cannot beat the best so far. The selected
/// candidate and its D are computed exactly as the reference computes them, so ties resolve
/// the same way (first index wins).
public enum WWFit {
    /// How many evenly spaced tail points the lower bound of each KS distance looks at.
    static let lowerBoundSamples = 32

    /// Fits `values` (ascending, all above the fit threshold).
    /// - Parameter candidateRange: restricts xmin to candidates in this closed range (the
    ///   `xmin_peak` finger fix); nil tries all.
    public static func fit(sorted values: [Double], candidateRange: ClosedRange<Double>? = nil) throws -> PowerLawFit {
        let count = values.count
        guard count >= 2 else { throw PowerLawFitFailure.tooFewValues(count: count) }
        guard let first = values.first, let last = values.last, last - first > 1e-12 * abs(last) else {
            throw PowerLawFitFailure.constantSpectrum
        }
        if count < SpectralLimits.smallSpectrumCutoff && candidateRange == nil {
            return try fitSmallSpectrum(values)
        }
        let logs = values.map { log($0) }
        let suffix = suffixSums(logs)
        var allowed = Array(0..<(count - 1))
        if let range = candidateRange {
            allowed = allowed.filter { range.contains(values[$0]) }
            guard !allowed.isEmpty else { throw PowerLawFitFailure.noCandidate }
        }
        let alphas = allowed.map { mleAlpha(at: $0, count: count, logs: logs, suffix: suffix) }
        let best = values.withUnsafeBufferPointer { x in
            selectMinimumDistance(x, candidates: allowed, alphas: alphas)
        }
        let index = allowed[best.position]
        let n = count - index
        let alpha = alphas[best.position]
        return PowerLawFit(alpha: alpha, xmin: values[index], xmax: last, ksDistance: best.distance,
                           sigma: (alpha - 1) / Double(n).squareRoot(), tailCount: n, xminIndex: index)
    }

    /// Every candidate of the standard scan with its alpha and full KS distance: the data of
    /// the D-vs-xmin and alpha-vs-xmin plots. O(N^2); only computed when asked for.
    public static func scan(sorted values: [Double]) -> [PowerLawCandidate] {
        let count = values.count
        guard count >= 2 else { return [] }
        let logs = values.map { log($0) }
        let suffix = suffixSums(logs)
        return values.withUnsafeBufferPointer { x in
            (0..<(count - 1)).map { i in
                let a = mleAlpha(at: i, count: count, logs: logs, suffix: suffix)
                let d = a > 1 ? ksDistance(x, from: i, alpha: a, stopAbove: .infinity, stopAtEqual: false) : 1
                return PowerLawCandidate(xmin: x[i], alpha: a, ksDistance: d, sigma: (a - 1) / Double(count - i).squareRoot())
            }
        }
    }

    /// `S_i = sum_{j >= i} logs[j]`, with Neumaier compensation so the alphas agree with
    /// NumPy's pairwise sums to a few ulps even for N = 15000.
    static func suffixSums(_ logs: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: logs.count + 1)
        var sum = 0.0, compensation = 0.0
        for i in stride(from: logs.count - 1, through: 0, by: -1) {
            let value = logs[i]
            let next = sum + value
            compensation += abs(sum) >= abs(value) ? (sum - next) + value : (value - next) + sum
            sum = next
            sums[i] = sum + compensation
        }
        return sums
    }

    static func mleAlpha(at i: Int, count: Int, logs: [Double], suffix: [Double]) -> Double {
        let n = Double(count - i)
        return 1 + n / (suffix[i] - n * logs[i])
    }

    /// `max_k |1 - (x[i+k]/x[i])^(1-alpha) - k/n|`, evaluated in the reference's operation
    /// order. Returns early (with the running maximum, a lower bound) once the maximum exceeds
    /// `stopAbove`, or equals it when `stopAtEqual`.
    @inline(__always)
    static func ksDistance(_ x: UnsafeBufferPointer<Double>, from i: Int, alpha: Double,
                           stopAbove bound: Double, stopAtEqual: Bool) -> Double {
        let n = x.count - i
        let nd = Double(n)
        let exponent = -alpha + 1
        let xmin = x[i]
        var maximum = 0.0
        for k in 0..<n {
            let deviation = abs(1 - pow(x[i + k] / xmin, exponent) - Double(k) / nd)
            if deviation > maximum {
                maximum = deviation
                if maximum > bound || (stopAtEqual && maximum == bound) { return maximum }
            }
        }
        return maximum
    }

    /// The position (in `candidates`) of the first candidate with the smallest KS distance.
    static func selectMinimumDistance(_ x: UnsafeBufferPointer<Double>, candidates: [Int], alphas: [Double]) -> (position: Int, distance: Double) {
        // Lower bounds from a few evenly spaced points of each tail.
        var bounds = [Double](repeating: 1, count: candidates.count)
        for (position, i) in candidates.enumerated() where alphas[position] > 1 {
            let n = x.count - i
            let step = max(1, n / lowerBoundSamples)
            let nd = Double(n), exponent = -alphas[position] + 1, xmin = x[i]
            var bound = 0.0
            var k = 0
            while k < n {
                bound = max(bound, abs(1 - pow(x[i + k] / xmin, exponent) - Double(k) / nd))
                k += step
            }
            bounds[position] = bound
        }
        let order = bounds.indices.sorted { bounds[$0] < bounds[$1] || (bounds[$0] == bounds[$1] && $0 < $1) }
        var best = (position: -1, distance: Double.infinity)
        for position in order {
            let bound = bounds[position]
            if bound > best.distance { break }
            // A later candidate must be strictly better; an earlier one wins a tie.
            let laterThanBest = best.position >= 0 && position > best.position
            if bound == best.distance && laterThanBest { continue }
            let distance: Double
            if alphas[position] > 1 {
                distance = ksDistance(x, from: candidates[position], alpha: alphas[position],
                                      stopAbove: best.distance, stopAtEqual: laterThanBest)
            } else {
                distance = 1
            }
            if distance < best.distance || (distance == best.distance && !laterThanBest) {
                best = (position, distance)
            }
        }
        return best
    }

    /// WeightWatcher 0.7.7's fit for fewer than 20 values: tails of at least 8 values,
    /// bias-corrected `alpha = 1 + (n-1) / sum ln(x/xmin)`; when no tail qualifies, the whole
    /// spectrum is the tail.
    ///
    /// Selection: WeightWatcher's `fit_powerlaw_smallN` picks the tail by the smallest
    /// `J = D - 0.868 / sqrt(n)`, but `WWFit.__init__` then re-selects by the smallest D among
    /// the same candidates (the others keep D = 1), and that is what it reports. wwn reproduces
    /// the reported numbers: the first smallest D.
    static func fitSmallSpectrum(_ values: [Double]) throws -> PowerLawFit {
        let count = values.count
        let logs = values.map { log($0) }
        let suffix = suffixSums(logs)
        var best: (index: Int, alpha: Double, distance: Double)?
        values.withUnsafeBufferPointer { x in
            for i in 0..<(count - 1) {
                let n = count - i
                guard n >= SpectralLimits.smallSpectrumMinimumTail else { continue }
                let nd = Double(n)
                let logSum = suffix[i] - nd * logs[i]
                guard logSum > SpectralLimits.smallSpectrumDegenerateLogSum else { continue }
                let alpha = 1 + (nd - 1) / logSum
                guard alpha > 1 else { continue }
                let distance = smallSampleDistance(x, from: i, alpha: alpha)
                if best == nil || distance < best!.distance { best = (i, alpha, distance) }
            }
        }
        if best == nil {
            let nd = Double(count)
            let logSum = suffix[0] - nd * logs[0]
            guard logSum > SpectralLimits.smallSpectrumDegenerateLogSum else { throw PowerLawFitFailure.constantSpectrum }
            let alpha = 1 + (nd - 1) / logSum
            let distance = values.withUnsafeBufferPointer { smallSampleDistance($0, from: 0, alpha: alpha) }
            best = (0, alpha, distance)
        }
        guard let chosen = best else { throw PowerLawFitFailure.constantSpectrum }
        let n = count - chosen.index
        return PowerLawFit(alpha: chosen.alpha, xmin: values[chosen.index], xmax: values[count - 1],
                           ksDistance: chosen.distance, sigma: (chosen.alpha - 1) / Double(n).squareRoot(),
                           tailCount: n, xminIndex: chosen.index)
    }

    /// The small-sample KS distance, in the reference's order: `|k/n - (1 - (x/xmin)^(1-alpha))|`.
    static func smallSampleDistance(_ x: UnsafeBufferPointer<Double>, from i: Int, alpha: Double) -> Double {
        let n = x.count - i
        let nd = Double(n)
        var maximum = 0.0
        for k in 0..<n {
            let fitted = 1.0 - pow(x[i + k] / x[i], 1.0 - alpha)
            maximum = max(maximum, abs(Double(k) / nd - fitted))
        }
        return maximum
    }
}
