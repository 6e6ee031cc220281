import Foundation
import WWNumerics

/// WeightWatcher's eigenvector localisation metrics (`vectors`): how spread out the
/// eigenvectors of a layer's correlation matrix are, compared between the bulk of the spectrum
/// and its power-law tail (Martin and Mahoney, arXiv:1810.01075, section on localisation).
///
/// For each matrix the eigenvectors of the smaller Gram matrix (`W Wᵀ` or `Wᵀ W`) are taken,
/// and for each eigenvector three numbers: its discrete entropy (``discreteEntropy(_:)``), its
/// localisation ratio `|v|_1 / |v|_inf` and its participation ratio `|v|_2 / |v|_4`. The
/// eigenvectors whose eigenvalue is at least the fit's xmin form the tail, the others the bulk;
/// each part reports the mean and (population) variance of each number, as WeightWatcher 0.7.7's
/// `apply_analyze_eigenvectors` does.
///
/// The split is made by rank: the tail is the eigenvectors of the `k` largest eigenvalues, `k`
/// the count of the layer's spectrum at or above xmin. WeightWatcher compares eigenvalues from a
/// second (non-symmetric) eigensolver with xmin, one of the first solver's values, so the
/// eigenvector at xmin itself can fall on either side by rounding; by rank it is always in the
/// tail, where xmin puts it. A layer whose fit failed has no xmin: every eigenvector is tail, as
/// in WeightWatcher (whose xmin is then -1), and the bulk is empty.
public struct EigenvectorLocalization: Sendable, Equatable {
    /// The mean and population variance of one metric over one part of the spectrum.
    public struct Moments: Sendable, Equatable {
        public var mean: Double
        public var variance: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let count = Double(values.count)
            mean = values.reduce(0, +) / count
            let center = mean
            variance = values.reduce(0) { $0 + ($1 - center) * ($1 - center) } / count
        }
    }

    /// The three metrics' moments over one part of the spectrum.
    public struct Part: Sendable, Equatable {
        public var entropy: Moments
        public var localizationRatio: Moments
        public var participationRatio: Moments

        init?(_ metrics: ArraySlice<VectorMetrics>) {
            guard let entropy = Moments(metrics.map(\.entropy)),
                  let localization = Moments(metrics.map(\.localizationRatio)),
                  let participation = Moments(metrics.map(\.participationRatio)) else { return nil }
            self.entropy = entropy
            localizationRatio = localization
            participationRatio = participation
        }
    }

    /// One eigenvector's numbers.
    struct VectorMetrics {
        var eigenvalue: Double
        var entropy: Double
        var localizationRatio: Double
        var participationRatio: Double
    }

    /// The bulk (eigenvalues below xmin); nil when empty.
    public var bulk: Part?
    /// The tail (eigenvalues at or above xmin); nil when empty.
    public var tail: Part?

    /// The metrics of `matrices` (a layer's matrices as analysed), split so that the
    /// `tailCount` largest eigenvalues form the tail.
    /// - Throws: a numerics error when an eigendecomposition fails.
    public init(matrices: [LayerMatrix], tailCount: Int) throws {
        var metrics: [VectorMetrics] = []
        for matrix in matrices { metrics += try Self.vectorMetrics(of: matrix) }
        metrics.sort { $0.eigenvalue < $1.eigenvalue }
        let split = max(0, metrics.count - min(tailCount, metrics.count))
        bulk = Part(metrics[..<split])
        tail = Part(metrics[split...])
    }

    /// The eigenvectors of the smaller Gram matrix of `matrix` and their numbers.
    static func vectorMetrics(of matrix: LayerMatrix) throws -> [VectorMetrics] {
        let w = try matrix.tensor
        let gram = matrix.rows <= matrix.columns ? try gemm(w, w, transposeB: true) : try gemm(w, w, transposeA: true)
        let decomposition = try syevd(gram, computeVectors: true)
        guard let vectors = decomposition.vectors?.doubleValues else { return [] }
        let size = decomposition.values.count
        return decomposition.values.enumerated().map { column, eigenvalue in
            let vector = (0..<size).map { vectors[$0 * size + column] }
            return VectorMetrics(eigenvalue: eigenvalue, entropy: discreteEntropy(vector),
                                 localizationRatio: localizationRatio(vector), participationRatio: participationRatio(vector))
        }
    }

    /// WeightWatcher's `discrete_entropy`: the entropy of the 100-bin density histogram of the
    /// centred magnitudes `|v_i| - mean|v|`, each bin raised by 1e-10 so no bin is empty (the
    /// `sqrt(2 pi)` WeightWatcher divides by cancels in the normalisation).
    public static func discreteEntropy(_ vector: [Double]) -> Double {
        let magnitudes = vector.map(abs)
        let mean = magnitudes.reduce(0, +) / Double(max(magnitudes.count, 1))
        let histogram = Histogram(magnitudes.map { $0 - mean }, bins: SpectralLimits.vectorEntropyBins)
        let raised = histogram.densities.map { ($0 + SpectralLimits.vectorEntropyFloor) / (2 * Double.pi).squareRoot() }
        let total = raised.reduce(0, +)
        return -raised.reduce(0) { sum, value in
            let p = value / total
            return sum + p * log(p)
        }
    }

    /// `|v|_1 / |v|_inf`: about the number of components a vector spreads over, linearly.
    public static func localizationRatio(_ vector: [Double]) -> Double {
        vector.reduce(0) { $0 + abs($1) } / (vector.map(abs).max() ?? .nan)
    }

    /// `|v|_2 / |v|_4`.
    public static func participationRatio(_ vector: [Double]) -> Double {
        let squares = vector.map { $0 * $0 }
        return squares.reduce(0, +).squareRoot() / pow(squares.reduce(0) { $0 + $1 * $1 }, 0.25)
    }
}
