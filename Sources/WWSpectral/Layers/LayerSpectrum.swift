import Foundation
import WWNumerics

/// How a spectrum's eigenvalues were computed.
public enum EigenvalueMethod: String, Sendable {
    /// `syrk` then `syevd` on the smaller Gram matrix: the fast path.
    case gram
    /// `gesdd` (singular values squared): used when the Gram path cannot resolve the smallest
    /// eigenvalues (see ``SpectralLimits/gramResolutionFloor``), or on request.
    case svd
}

/// The eigenvalues of one layer (all its matrices pooled) and the by-products WeightWatcher
/// reports with them.
public struct LayerSpectrum: Sendable {
    /// `sigma_i^2` of every matrix, concatenated and sorted ascending.
    public var eigenvalues: [Double]
    /// The largest singular value over the matrices.
    public var singularValueMax: Double
    /// The smallest singular value over the matrices (the true minimum).
    public var singularValueMin: Double
    /// WeightWatcher's `sv_min`: the largest of the per-matrix minima (a defect for
    /// convolutions; kept so the deviation can be shown).
    public var weightWatcherSingularValueMin: Double
    /// Sum over the matrices of (their eigenvalue count minus their numerical rank).
    public var rankLoss: Int
    /// How many eigenvalues the spectrum has (kept when the values themselves are dropped).
    public var eigenvalueCount: Int
    /// The method used for the matrix that needed the most care (SVD if any did).
    public var method: EigenvalueMethod

    /// WeightWatcher's spectrum of an intra-layer product X (``IntraLayerProducts``): its
    /// singular values stand as the eigenvalues, and their square roots as the singular values,
    /// so every metric is computed as for a layer whose `W^T W` has X's singular values.
    public mutating func useSingularValuesAsEigenvalues() {
        eigenvalues = eigenvalues.map { max($0, 0).squareRoot() }
        singularValueMax = singularValueMax.squareRoot()
        singularValueMin = singularValueMin.squareRoot()
        weightWatcherSingularValueMin = weightWatcherSingularValueMin.squareRoot()
    }

    /// The spectrum of a layer's matrices. `n` is the layer's larger dimension, used by the
    /// rank tolerance `sigma_max * N * eps64` as in NumPy's `matrix_rank`.
    /// `componentLimit` keeps only that many of each matrix's largest eigenvalues (a LoRA
    /// update of rank r, whose other eigenvalues are round-off).
    public init(matrices: [LayerMatrix], n: Int, forceSVD: Bool = false, componentLimit: Int? = nil) throws {
        var all: [Double] = []
        var svMax = 0.0, svMin = Double.infinity, wwSvMin = 0.0
        var rankLoss = 0
        var method = EigenvalueMethod.gram
        for matrix in matrices {
            var (values, used) = try LayerSpectrum.eigenvalues(of: matrix, forceSVD: forceSVD)
            if let limit = componentLimit, values.count > limit { values = Array(values.suffix(limit)) }
            if used == .svd { method = .svd }
            all.append(contentsOf: values)
            let singular = values.map { $0.squareRoot() }
            let top = singular.last ?? 0, bottom = singular.first ?? 0
            svMax = max(svMax, top)
            svMin = min(svMin, bottom)
            wwSvMin = max(wwSvMin, bottom)
            rankLoss += singular.count - SpectralMetrics.matrixRank(singularValues: singular, n: n)
        }
        all.sort()
        eigenvalues = all
        eigenvalueCount = all.count
        singularValueMax = svMax
        singularValueMin = svMin.isFinite ? svMin : 0
        weightWatcherSingularValueMin = wwSvMin
        self.rankLoss = rankLoss
        self.method = method
    }

    /// The eigenvalues `sigma_i(W)^2` of one matrix, ascending, `min(rows, columns)` of them.
    ///
    /// Gram path first; when its smallest eigenvalue is below the Gram round-off level the
    /// matrix is numerically rank-deficient and the values are recomputed by SVD, whose
    /// accuracy is `eps64 * sigma_max` on every singular value.
    public static func eigenvalues(of matrix: LayerMatrix, forceSVD: Bool = false) throws -> (values: [Double], method: EigenvalueMethod) {
        let tensor = try matrix.tensor
        if !forceSVD {
            let gram = try eigenvaluesOfGram(tensor)
            guard let top = gram.last, let bottom = gram.first, top > 0,
                  bottom < SpectralLimits.gramResolutionFloor * top else { return (gram, .gram) }
        }
        let singular = try gesdd(tensor).singularValues
        return (singular.map { $0 * $0 }.sorted(), .svd)
    }
}
