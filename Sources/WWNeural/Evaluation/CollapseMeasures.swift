import Foundation
import WWNumerics

/// The four neural-collapse measures of Papyan, Han and Donoho (PNAS 2020), from the
/// last-layer features `H` `[N, d]` (one row per training sample), their labels in `0..<C`,
/// and optionally the last layer's weights and the network's predictions.
///
/// Notation: `μ_c` the mean feature of class `c` (`n_c` samples), `μ_G = (1/N) Σ_i h_i` the
/// global mean over all samples (Papyan's "global mean"; with imbalanced classes it differs
/// from the mean of the class means), `m_c = μ_c - μ_G` the centred class means and `M` the
/// `C x d` matrix of them.
///
/// - **NC1** (within-class variability collapse): `tr(Σ_W Σ_B⁺) / C` with
///   `Σ_W = (1/N) Σ_i (h_i - μ_{y_i})(h_i - μ_{y_i})ᵀ` and `Σ_B = (1/C) Σ_c m_c m_cᵀ`.
///   `Σ_B⁺` is the Moore-Penrose pseudo-inverse with NumPy's `pinv(Σ_B, hermitian=True)`
///   cut-off: eigenvalues `λ ≤ d · ε₆₄ · λ_max` count as zero. It is computed without forming
///   any `d x d` matrix: with `M = U S Vᵀ`, `Σ_B⁺ = C Σ_k v_k v_kᵀ / s_k²`, so
///   `NC1 = (1/N) Σ_k Σ_i ((h_i - μ_{y_i}) · v_k)² / s_k²` over the kept `k`.
/// - **NC2** (convergence to a simplex equiangular tight frame): equinormness is the
///   coefficient of variation of `||m_c||` (population standard deviation / mean);
///   equiangularity is the population standard deviation of `cos(m_c, m_c')` over the
///   `C(C-1)/2` pairs `c < c'`. (Papyan et al.'s code used the sample standard deviation;
///   population keeps two classes defined. Multiply by `sqrt(k/(k-1))` to convert.) Also the
///   mean `|cos + 1/(C-1)|` ("maximal-angle" coherence) and the distance of the normalised
///   Gram matrix to the simplex ETF (Zhu et al. 2021):
///   `|| M Mᵀ / ||M Mᵀ||_F - (I_C - 1 1ᵀ/C) / sqrt(C-1) ||_F`.
/// - **NC3** (self-duality), when the classifier `W` `[C, d]` is given:
///   `|| W / ||W||_F - M / ||M||_F ||_F` (Papyan's `||Wᵀ/||W|| - M̃/||M̃|| ||_F` with classes as rows).
/// - **NC4** (simplification to the nearest class centre): the fraction of samples whose
///   network prediction differs from `argmin_c ||h - μ_c||` (ties: the lowest class). The
///   network predictions are the given ones, or `argmax_c (W h + b)_c` from the classifier.
///
/// Collapsed features give NC1, NC2, NC3 and NC4 all near 0.
public enum NeuralCollapse {
    /// Computes NC1..NC4 (see the type's documentation).
    /// - Parameters:
    ///   - features: `[N, d]` (higher ranks are read as `[N, rest]`).
    ///   - labels: one per row, every class from 0 to the largest label present.
    ///   - classifier: the last layer's weights `[C, d]`, for NC3 and (without `predictions`) NC4.
    ///   - classifierBias: its bias (`C` values), used only to predict for NC4.
    ///   - predictions: the network's predicted classes, one per row, for NC4.
    /// - Throws: ``EvaluationError`` for bad shapes, NaN, mismatched lengths, labels out of
    ///   range or missing classes, fewer than 2 classes, class means that coincide (no
    ///   between-class spread), or a zero classifier.
    public static func measure(features: Tensor, labels: [Int], classifier: Tensor? = nil, classifierBias: [Double]? = nil,
                               predictions: [Int]? = nil) throws -> NeuralCollapseReport {
        let h = try EvaluationMatrix(features, argument: "features", flattensTrailingDimensions: true)
        let classCount = try LabelValidation.classCount(of: labels, argument: "labels", requiresEveryClass: true)
        try LabelValidation.check(labels, argument: "labels", count: h.rows, classCount: classCount,
                                  countReason: "one label per row of features")
        guard classCount >= 2 else {
            throw EvaluationError.tooFewClasses(operation: "neural collapse", count: classCount, required: 2)
        }
        let means = CollapseClassMeans(h, labels: labels, classCount: classCount)
        let variability = try withinClassVariability(h, labels: labels, means: means)
        let geometry = try simplexGeometry(means)
        let classifierMatrix = try classifier.map { try classifierWeights($0, classCount: classCount, featureCount: h.columns) }
        let selfDuality = try classifierMatrix.map { try selfDualityDistance($0, centredMeans: means.centred) }
        let nearest = try nearestClassCentre(h, means: means)
        let networkPredictions = try networkPredictions(given: predictions, classifier: classifierMatrix, bias: classifierBias,
                                                        features: h, classCount: classCount)
        let mismatch = networkPredictions.map { network in
            Double(zip(network, nearest).filter { $0 != $1 }.count) / Double(h.rows)
        }
        return NeuralCollapseReport(
            classCount: classCount, sampleCount: h.rows, featureCount: h.columns,
            nc1: variability.nc1, withinClassTrace: variability.withinTrace, betweenClassTrace: variability.betweenTrace,
            betweenClassRank: variability.rank,
            normVariation: geometry.normVariation, cosineStandardDeviation: geometry.cosineDeviation,
            meanCosine: geometry.meanCosine, coherence: geometry.coherence, etfDistance: geometry.etfDistance,
            selfDualityDistance: selfDuality, nearestCentreMismatch: mismatch,
            nearestCentreAccuracy: try Evaluation.accuracy(predictions: nearest, labels: labels))
    }

    /// NC1 through the SVD of the centred means (see the type's documentation).
    static func withinClassVariability(_ h: EvaluationMatrix, labels: [Int], means: CollapseClassMeans) throws
        -> (nc1: Double, withinTrace: Double, betweenTrace: Double, rank: Int) {
        let centredMeans = means.centred
        let svd = try gesdd(centredMeans.tensor, computeVectors: true)
        let sigma = svd.singularValues
        let largestEigenvalue = (sigma.first ?? 0) * (sigma.first ?? 0)
        // NumPy's pinv(hermitian=True) default: rtol = max(d, d) * eps on the eigenvalues s²/C.
        let cutoff = Double(h.columns) * Double.ulpOfOne * largestEigenvalue
        let kept = sigma.filter { $0 * $0 > cutoff }.count
        guard largestEigenvalue > 0, kept > 0, let vt = svd.vt else {
            throw EvaluationError.invalidArgument(
                name: "features", reason: "has identical class means (no between-class spread), so neural collapse is undefined")
        }
        var within = h
        for row in 0..<h.rows {
            let meanStart = labels[row] * h.columns
            for column in 0..<h.columns { within.values[row * h.columns + column] -= means.means.values[meanStart + column] }
        }
        let projections = try gemm(within.tensor, vt, transposeB: true).doubleValues  // [N, k]
        let directions = sigma.count
        var nc1Terms: [Double] = []
        nc1Terms.reserveCapacity(h.rows * kept)
        for row in 0..<h.rows {
            for k in 0..<kept {
                let projection = projections[row * directions + k]
                nc1Terms.append(projection * projection / (sigma[k] * sigma[k]))
            }
        }
        let n = Double(h.rows)
        let betweenTrace = Statistics.compensatedSum(centredMeans.values.map { $0 * $0 }) / Double(means.classCount)
        let withinTrace = Statistics.compensatedSum(within.values.map { $0 * $0 }) / n
        return (Statistics.compensatedSum(nc1Terms) / n, withinTrace, betweenTrace, kept)
    }

    /// NC2: norms, angles and the distance to the simplex ETF of the centred class means.
    static func simplexGeometry(_ means: CollapseClassMeans) throws
        -> (normVariation: Double, cosineDeviation: Double, meanCosine: Double, coherence: Double, etfDistance: Double) {
        let c = means.classCount
        let centred = means.centred
        let norms = (0..<c).map { EvaluationNorm.euclidean(centred.row($0)) }
        if let zero = norms.firstIndex(of: 0) {
            throw EvaluationError.invalidArgument(
                name: "features", reason: "has a class \(zero) mean equal to the global mean, so its angle to the other classes is undefined")
        }
        let gram = try gemm(centred.tensor, centred.tensor, transposeB: true).doubleValues  // [C, C]
        var cosines: [Double] = []
        for i in 0..<c {
            for j in (i + 1)..<c { cosines.append(gram[i * c + j] / (norms[i] * norms[j])) }
        }
        let simplexCosine = -1 / Double(c - 1)
        let coherence = Statistics.compensatedSum(cosines.map { abs($0 - simplexCosine) }) / Double(cosines.count)
        let gramNorm = EvaluationNorm.euclidean(gram)
        let etfScale = 1 / Double(c - 1).squareRoot()
        var differences: [Double] = []
        for i in 0..<c {
            for j in 0..<c {
                let etf = ((i == j ? 1 : 0) - 1 / Double(c)) * etfScale
                differences.append(gram[i * c + j] / gramNorm - etf)
            }
        }
        return (try Statistics.standardDeviation(norms) / (try Statistics.mean(norms)),
                try Statistics.standardDeviation(cosines), try Statistics.mean(cosines), coherence,
                EvaluationNorm.euclidean(differences))
    }

    /// NC3: `|| W/||W||_F - M/||M||_F ||_F`.
    static func selfDualityDistance(_ classifier: EvaluationMatrix, centredMeans: EvaluationMatrix) throws -> Double {
        let weightNorm = EvaluationNorm.euclidean(classifier.values)
        guard weightNorm > 0 else {
            throw EvaluationError.invalidArgument(name: "classifier", reason: "is all zeros, so self-duality (NC3) is undefined")
        }
        let meanNorm = EvaluationNorm.euclidean(centredMeans.values)
        let differences = zip(classifier.values, centredMeans.values).map { $0 / weightNorm - $1 / meanNorm }
        return EvaluationNorm.euclidean(differences)
    }

    /// `argmin_c ||h_i - μ_c||²`, as `argmax_c (h_i · μ_c - ||μ_c||²/2)` through one product.
    static func nearestClassCentre(_ h: EvaluationMatrix, means: CollapseClassMeans) throws -> [Int] {
        let scores = try gemm(h.tensor, means.means.tensor, transposeB: true).doubleValues  // [N, C]
        let halfSquaredNorms = (0..<means.classCount).map { c in means.means.row(c).reduce(0) { $0 + $1 * $1 } / 2 }
        var adjusted = scores
        for row in 0..<h.rows {
            for c in 0..<means.classCount { adjusted[row * means.classCount + c] -= halfSquaredNorms[c] }
        }
        return EvaluationMatrix(rows: h.rows, columns: means.classCount, values: adjusted).rowArgmax()
    }

    static func classifierWeights(_ classifier: Tensor, classCount: Int, featureCount: Int) throws -> EvaluationMatrix {
        let weights = try EvaluationMatrix(classifier, argument: "classifier")
        guard weights.rows == classCount, weights.columns == featureCount else {
            throw EvaluationError.rankMismatch(argument: "classifier",
                                               expected: "a [classes, features] = [\(classCount), \(featureCount)] matrix",
                                               shape: classifier.shape)
        }
        return weights
    }

    static func networkPredictions(given: [Int]?, classifier: EvaluationMatrix?, bias: [Double]?, features: EvaluationMatrix,
                                   classCount: Int) throws -> [Int]? {
        if let given {
            try LabelValidation.check(given, argument: "predictions", count: features.rows, classCount: classCount,
                                      countReason: "one prediction per row of features")
            return given
        }
        guard let classifier else { return nil }
        var logits = try gemm(features.tensor, classifier.tensor, transposeB: true).doubleValues
        if let bias {
            guard bias.count == classCount else {
                throw EvaluationError.lengthMismatch(argument: "bias", expected: classCount, actual: bias.count,
                                                     reason: "one bias per class")
            }
            if let bad = bias.firstIndex(where: { !$0.isFinite }) {
                throw EvaluationError.nonFinite(argument: "bias", position: [bad])
            }
            for row in 0..<features.rows {
                for c in 0..<classCount { logits[row * classCount + c] += bias[c] }
            }
        }
        return EvaluationMatrix(rows: features.rows, columns: classCount, values: logits).rowArgmax()
    }
}

/// Class means `μ_c` and centred means `μ_c - μ_G` of a feature matrix.
struct CollapseClassMeans {
    let classCount: Int
    /// `[C, d]`, row `c` is `μ_c`.
    let means: EvaluationMatrix
    /// `[C, d]`, row `c` is `μ_c - μ_G`.
    let centred: EvaluationMatrix

    init(_ h: EvaluationMatrix, labels: [Int], classCount: Int) {
        let d = h.columns
        var sums = [Double](repeating: 0, count: classCount * d)
        var counts = [Int](repeating: 0, count: classCount)
        var global = [Double](repeating: 0, count: d)
        for (row, label) in labels.enumerated() {
            counts[label] += 1
            for column in 0..<d {
                let value = h.values[row * d + column]
                sums[label * d + column] += value
                global[column] += value
            }
        }
        for c in 0..<classCount {
            for column in 0..<d { sums[c * d + column] /= Double(counts[c]) }
        }
        var centred = sums
        for c in 0..<classCount {
            for column in 0..<d { centred[c * d + column] -= global[column] / Double(h.rows) }
        }
        self.classCount = classCount
        means = EvaluationMatrix(rows: classCount, columns: d, values: sums)
        self.centred = EvaluationMatrix(rows: classCount, columns: d, values: centred)
    }
}

/// NC1..NC4 and the quantities behind them (see ``NeuralCollapse``).
public struct NeuralCollapseReport: Equatable, Sendable {
    public var classCount: Int
    public var sampleCount: Int
    public var featureCount: Int
    /// NC1 = `tr(Σ_W Σ_B⁺) / C`.
    public var nc1: Double
    /// `tr(Σ_W)` and `tr(Σ_B)`, the total within- and between-class variances.
    public var withinClassTrace: Double
    public var betweenClassTrace: Double
    /// Eigenvalues of `Σ_B` kept by the pseudo-inverse (at most `C - 1`).
    public var betweenClassRank: Int
    /// NC2, equinormness: std / mean of the centred class-mean norms.
    public var normVariation: Double
    /// NC2, equiangularity: std of the pairwise cosines of the centred class means.
    public var cosineStandardDeviation: Double
    /// Mean pairwise cosine (`-1/(C-1)` for a simplex ETF).
    public var meanCosine: Double
    /// Mean `|cos + 1/(C-1)|` over pairs.
    public var coherence: Double
    /// `|| G/||G||_F - ETF ||_F` for the Gram matrix `G = M Mᵀ` of the centred means.
    public var etfDistance: Double
    /// NC3, `|| W/||W||_F - M/||M||_F ||_F`; `nil` without a classifier.
    public var selfDualityDistance: Double?
    /// NC4, the fraction of network predictions that differ from the nearest class centre;
    /// `nil` without predictions or a classifier.
    public var nearestCentreMismatch: Double?
    /// Accuracy of the nearest-class-centre classifier on the labels.
    public var nearestCentreAccuracy: Double
}
