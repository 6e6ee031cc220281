import Foundation
import WWNumerics

/// The metrics of a spectrum that need no fit (spec section 3), computed as WeightWatcher
/// computes them so the numbers agree to rounding.
public struct SpectralMetrics: Sendable, Equatable {
    /// `sum lambda`, the squared Frobenius norm.
    public var norm: Double
    /// `log10(norm)`.
    public var logNorm: Double
    /// `max lambda` (WeightWatcher reports it twice, as `lambda_max` and `spectral_norm`).
    public var spectralNorm: Double
    /// `log10(lambda_max)`.
    public var logSpectralNorm: Double
    /// `norm / lambda_max`.
    public var stableRank: Double
    /// The number of singular values above `sigma_max * N * eps64`.
    public var matrixRank: Int
    /// The matrix entropy, normalised by `log(matrix_rank)`.
    public var entropy: Double
    /// Eigenvalues below ``SpectralLimits/weakRankLossTolerance``.
    public var weakRankLoss: Int

    /// - Parameter n: the layer's larger dimension (the rank tolerance scales with it).
    public init(eigenvalues: [Double], n: Int) {
        let total = Statistics.compensatedSum(eigenvalues)
        let top = eigenvalues.max() ?? 0
        norm = total
        logNorm = log10(total)
        spectralNorm = top
        logSpectralNorm = log10(top)
        stableRank = total / top
        let singular = eigenvalues.map { $0.squareRoot() }
        matrixRank = SpectralMetrics.matrixRank(singularValues: singular, n: n)
        entropy = SpectralMetrics.entropy(singularValues: singular, rank: matrixRank)
        weakRankLoss = eigenvalues.reduce(0) { $0 + ($1 < SpectralLimits.weakRankLossTolerance ? 1 : 0) }
    }

    /// NumPy's `matrix_rank` rule on given singular values: `#{s > max(s) * N * eps64}`.
    public static func matrixRank(singularValues: [Double], n: Int) -> Int {
        guard let top = singularValues.max() else { return 0 }
        let tolerance = top * Double(n) * Double.ulpOfOne
        return singularValues.reduce(0) { $0 + ($1 > tolerance ? 1 : 0) }
    }

    /// WeightWatcher's matrix entropy: `p = lambda / sum(lambda) + 1e-10` (not renormalised),
    /// `H = -sum p ln p / ln(rank + 1e-10)`. NaN for an all-zero spectrum.
    public static func entropy(singularValues: [Double], rank: Int) -> Double {
        let eigenvalues = singularValues.map { $0 * $0 }
        let total = Statistics.compensatedSum(eigenvalues)
        let epsilon = SpectralLimits.entropyEpsilon
        let terms = eigenvalues.map { value -> Double in
            let p = value / total + epsilon
            return p * log(p)
        }
        return -Statistics.compensatedSum(terms) / log(Double(rank) + epsilon)
    }

    /// `log10(sum lambda^alpha)` over every eigenvalue (WeightWatcher `log_alpha_norm`).
    public static func logAlphaNorm(eigenvalues: [Double], alpha: Double) -> Double {
        log10(Statistics.compensatedSum(eigenvalues.map { pow($0, alpha) }))
    }
}
