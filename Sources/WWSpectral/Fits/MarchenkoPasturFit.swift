import Foundation
import WWPowerLaw

/// The Marchenko-Pastur fit of a spectrum's bulk (WeightWatcher `mp_fit`), in WeightWatcher's
/// column names' terms.
public struct MarchenkoPasturFit: Sendable, Equatable {
    /// The fitted scale of the rescaled spectrum (`sigma_mp`).
    public var sigma: Double
    /// The MP bulk edges `(sigma (1 +- 1/sqrt Q))^2`, in the spectrum's original units.
    public var bulkMax: Double
    public var bulkMin: Double
    /// Eigenvalues above the bulk edge plus the Tracy-Widom margin (`num_spikes`).
    public var spikeCount: Int
    /// `bulk_max / lambda_max` on the rescaled spectrum (`mp_softrank`).
    public var softRank: Double
    /// The Tracy-Widom width `Q^-1/2 bulk_max^(2/3) M^(-2/3)` on the rescaled spectrum.
    public var tracyWidom: Double
    /// The factor whose square rescales the spectrum to mean 1 (`W_scale`).
    public var scale: Double
}

/// WeightWatcher's MP fit: rescale the spectrum to mean 1, estimate its density once with a
/// triangular kernel (bandwidth 0.1) on 1000 points, try sigma on a grid of 195 values around
/// the edge estimate, polish with Nelder-Mead, and minimise the squared difference between the
/// MP density (the quarter-circle law of the singular values when Q = 1) and the estimate.
public enum MarchenkoPastur {
    /// - Parameters:
    ///   - q: the aspect ratio `N / M` of the layer.
    ///   - m: the layer's smaller dimension (the Tracy-Widom width scales with it).
    public static func fit(eigenvalues: [Double], q: Double, m: Int) throws -> MarchenkoPasturFit {
        guard eigenvalues.count >= 2, q.isFinite, q >= 1, m >= 1 else {
            throw SpectralError.invalidInput(reason: "an MP fit needs at least 2 eigenvalues and Q = N/M >= 1 (got \(eigenvalues.count) eigenvalues, Q = \(q))")
        }
        guard eigenvalues.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw SpectralError.invalidInput(reason: "an MP fit needs finite, non-negative eigenvalues")
        }
        let total = eigenvalues.reduce(0, +)
        guard total > 0 else { throw SpectralError.invalidInput(reason: "an MP fit needs a spectrum that is not all zero") }
        let scale = Double(eigenvalues.count).squareRoot() / total.squareRoot()
        let rescaled = eigenvalues.map { (scale * scale) * $0 }
        let largest = rescaled.max() ?? 0
        let quarterCircle = q == 1
        let objective = try MPObjective(values: quarterCircle ? rescaled.map { $0.squareRoot() } : rescaled, q: q)

        let sigma0 = (largest / pow(1 + 1 / q.squareRoot(), 2)).squareRoot()
        let grid = arange(SpectralLimits.mpSigmaGridStart * sigma0, SpectralLimits.mpSigmaGridStop * sigma0,
                          SpectralLimits.mpSigmaGridStep * sigma0)
        var start = grid.first ?? sigma0, startValue = Double.infinity
        for sigma in grid {
            let value = objective.sumOfSquares(sigma: sigma)
            if value < startValue { (start, startValue) = (sigma, value) }
        }
        let sigma = NelderMead(lower: [-.infinity], upper: [.infinity]).minimize([start]) { objective.sumOfSquares(sigma: $0[0]) }.point[0]

        let bulkMax = pow(sigma * (1 + 1 / q.squareRoot()), 2)
        let bulkMin = pow(sigma * (1 - 1 / q.squareRoot()), 2)
        let tracyWidom = 1 / q.squareRoot() * pow(bulkMax, 2.0 / 3) * pow(Double(m), -2.0 / 3)
        let edge = bulkMax + tracyWidom.squareRoot()
        return MarchenkoPasturFit(sigma: sigma, bulkMax: bulkMax / (scale * scale), bulkMin: bulkMin / (scale * scale),
                                  spikeCount: rescaled.reduce(0) { $0 + ($1 > edge ? 1 : 0) },
                                  softRank: bulkMax / largest, tracyWidom: tracyWidom, scale: scale)
    }

    /// NumPy's `arange(start, stop, step)` for floats: `ceil((stop - start) / step)` values
    /// `start + i * ((start + step) - start)`.
    static func arange(_ start: Double, _ stop: Double, _ step: Double) -> [Double] {
        guard step > 0, stop > start else { return [] }
        let count = Int(((stop - start) / step).rounded(.up))
        let delta = (start + step) - start
        return (0..<count).map { start + Double($0) * delta }
    }

    /// The MP density at `x` for scale `sigma` (0 outside the bulk), in WeightWatcher's order
    /// of operations.
    public static func density(_ x: Double, q: Double, sigma: Double) -> Double {
        let y = 1 / q
        let b = pow(sigma * (1 + (1 / q).squareRoot()), 2)
        let a = pow(sigma * (1 - (1 / q).squareRoot()), 2)
        let value = (1 / (2 * Double.pi * sigma * sigma * x * y)) * ((b - x) * (x - a)).squareRoot()
        return value.isNaN ? 0 : (value.isInfinite ? (value > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude) : value)
    }

    /// The quarter-circle density of singular values for scale `sigma` (WeightWatcher's form,
    /// which does not rescale `x` by sigma).
    public static func quarterCircleDensity(_ x: Double, sigma: Double) -> Double {
        let value = (1 / (Double.pi * sigma * sigma)) * (4 - x * x).squareRoot()
        return value.isNaN ? 0 : value
    }
}

/// The residual WeightWatcher minimises (`resid_mp`), with the kernel density estimate built
/// once instead of once per trial sigma.
struct MPObjective {
    let q: Double
    /// Grid points whose estimated density is above the floor, with that density.
    let points: [Double]
    let densities: [Double]
    /// The first grid point of highest density, and the largest kept grid point.
    let peak: Double
    let largest: Double

    init(values: [Double], q: Double) throws {
        self.q = q
        let estimate = TriangularDensity(values, bandwidth: SpectralLimits.mpBandwidth)
        let top = (values.max() ?? 0) + SpectralLimits.mpGridMargin
        let grid = Histogram.linspace(0, top, count: SpectralLimits.mpGridPoints)
        var points: [Double] = [], densities: [Double] = []
        for x in grid {
            let density = estimate.density(at: x)
            if density > SpectralLimits.mpDensityFloor { points.append(x); densities.append(density) }
        }
        guard let highest = densities.max(), let peakIndex = densities.firstIndex(of: highest), let last = points.last else {
            throw SpectralError.invalidInput(reason: "the spectrum's density is below \(SpectralLimits.mpDensityFloor) everywhere: no bulk to fit")
        }
        self.points = points
        self.densities = densities
        self.peak = points[peakIndex]
        self.largest = last
    }

    func sumOfSquares(sigma: Double) -> Double {
        if q == 1 {
            var sum = 0.0
            for (x, y) in zip(points, densities) {
                let r = MarchenkoPastur.quarterCircleDensity(x, sigma: sigma) - y
                sum += r * r
            }
            return sum
        }
        let b = pow(sigma * (1 + (1 / q).squareRoot()), 2)
        let a = pow(sigma * (1 - (1 / q).squareRoot()), 2)
        if b < peak || b > largest || a > peak {
            return Double(points.count) * SpectralLimits.mpPenaltyResidual * SpectralLimits.mpPenaltyResidual
        }
        var sum = 0.0
        for (x, y) in zip(points, densities) {
            let r = MarchenkoPastur.density(x, q: q, sigma: sigma) - y
            sum += r * r
        }
        return sum
    }
}

/// A kernel density estimate with the triangular kernel `(1 - |u|/h)/h` (scikit-learn's
/// "linear" kernel), exact, over sorted data so each point only visits its window.
struct TriangularDensity {
    let sorted: [Double]
    let bandwidth: Double

    init(_ values: [Double], bandwidth: Double) {
        sorted = values.sorted()
        self.bandwidth = bandwidth
    }

    func density(at x: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        // First value > x - h.
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x - bandwidth { lo = mid + 1 } else { hi = mid }
        }
        var sum = 0.0
        var i = lo
        while i < sorted.count && sorted[i] < x + bandwidth {
            sum += max(0, 1 - abs(x - sorted[i]) / bandwidth)
            i += 1
        }
        return sum / (Double(sorted.count) * bandwidth)
    }
}
