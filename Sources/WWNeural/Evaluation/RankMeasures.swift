import Foundation
import WWNumerics

/// Which singular values of a representation count as non-zero.
public enum RankTolerance: Equatable, Sendable {
    /// `σ > max(n, d) · ε · σ_max`, NumPy's `matrix_rank` default, with `ε` the machine
    /// epsilon of the matrix's element type (2^-23 for float32, 2^-52 for float64): the size of
    /// the round-off the SVD itself makes, so only values indistinguishable from 0 are dropped.
    case matrixRankDefault
    /// `σ > rtol · σ_max` (NumPy's `rtol`): "directions carrying less than this fraction of
    /// the largest one do not count", the usual choice when studying rank collapse.
    case relative(Double)
    /// `σ > tol`, an absolute threshold (NumPy's `tol`).
    case absolute(Double)
}

/// Rank and size of representation matrices `[samples, features]` (one row per input, one
/// column per unit of a layer), for the rank-collapse studies.
///
/// Tensors of rank > 2 (convolutional feature maps `[n, c, h, w]`) are read as `[n, c·h·w]`.
/// Singular values come from LAPACK `?gesdd` in the matrix's own element type, as NumPy does,
/// so ranks agree with `numpy.linalg.matrix_rank` on the same array.
public enum RepresentationRank {
    /// The numerical rank: how many singular values exceed the tolerance (strictly).
    /// - Throws: ``EvaluationError`` for a vector, an empty or non-finite matrix, or a negative
    ///   or non-finite tolerance.
    public static func numericalRank(_ representation: Tensor, tolerance: RankTolerance = .matrixRankDefault) throws -> Int {
        try summary(representation, tolerance: tolerance).numericalRank
    }

    /// The effective rank of Roy and Vetterli (2007): with `p_k = σ_k / Σ_j σ_j` the
    /// singular values normalised to sum to 1, `erank = exp(-Σ_k p_k log p_k)` (terms with
    /// `p_k = 0` count 0). It lies between 1 and `min(n, d)` and, unlike the numerical rank,
    /// moves smoothly as a spectrum concentrates. A zero matrix has effective rank 0
    /// (the definition needs a non-zero matrix; 0 matches its numerical rank, so a dead layer
    /// reads as fully collapsed instead of stopping a loop over layers).
    /// - Throws: ``EvaluationError`` for a vector, an empty or non-finite matrix.
    public static func effectiveRank(_ representation: Tensor) throws -> Double {
        try summary(representation).effectiveRank
    }

    /// Effective rank of given singular values (see ``effectiveRank(_:)``).
    /// - Throws: ``EvaluationError`` if a value is negative or not finite.
    public static func effectiveRank(singularValues: [Double]) throws -> Double {
        if let bad = singularValues.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw EvaluationError.invalidArgument(name: "singularValues",
                                                  reason: "must be finite and >= 0, got \(singularValues[bad]) at index \(bad)")
        }
        let total = Statistics.compensatedSum(singularValues)
        guard total > 0 else { return 0 }
        let entropyTerms = singularValues.map { sigma -> Double in
            let p = sigma / total
            return p > 0 ? -p * Foundation.log(p) : 0
        }
        return Foundation.exp(Statistics.compensatedSum(entropyTerms))
    }

    /// The Frobenius norm `sqrt(Σ_ij h_ij²)` of each layer's representation, summed in float64.
    /// - Throws: ``EvaluationError`` naming the layer (`layers[i]`) that is empty or non-finite.
    public static func frobeniusNorms(_ layers: [Tensor]) throws -> [Double] {
        guard !layers.isEmpty else { throw EvaluationError.empty(argument: "layers") }
        return try layers.enumerated().map { index, layer in
            try frobeniusNorm(EvaluationMatrix(layer, argument: "layers[\(index)]", flattensTrailingDimensions: true))
        }
    }

    /// Singular values, both ranks and the Frobenius norm from one SVD.
    /// - Throws: as ``numericalRank(_:tolerance:)``.
    public static func summary(_ representation: Tensor, tolerance: RankTolerance = .matrixRankDefault) throws -> RankSummary {
        let argument = "representation"
        // Validates rank, emptiness and finiteness with an error naming the argument.
        let matrix = try EvaluationMatrix(representation, argument: argument, flattensTrailingDimensions: true)
        let flat = try representation.reshaped([matrix.rows, matrix.columns])
        let sigma = try gesdd(flat).singularValues
        let threshold = try rankThreshold(tolerance, singularValues: sigma, rows: matrix.rows, columns: matrix.columns,
                                          elementType: representation.elementType)
        return RankSummary(singularValues: sigma, numericalRank: sigma.filter { $0 > threshold }.count,
                           effectiveRank: try effectiveRank(singularValues: sigma), frobeniusNorm: frobeniusNorm(matrix),
                           threshold: threshold)
    }

    /// The absolute threshold a tolerance means for these singular values.
    static func rankThreshold(_ tolerance: RankTolerance, singularValues: [Double], rows: Int, columns: Int,
                              elementType: ElementType) throws -> Double {
        let largest = singularValues.max() ?? 0
        switch tolerance {
        case .matrixRankDefault:
            let epsilon = elementType == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
            return Double(max(rows, columns)) * epsilon * largest
        case .relative(let rtol):
            guard rtol.isFinite, rtol >= 0 else {
                throw EvaluationError.invalidArgument(name: "tolerance", reason: "must be a finite relative tolerance >= 0, got \(rtol)")
            }
            return rtol * largest
        case .absolute(let tol):
            guard tol.isFinite, tol >= 0 else {
                throw EvaluationError.invalidArgument(name: "tolerance", reason: "must be a finite absolute tolerance >= 0, got \(tol)")
            }
            return tol
        }
    }

    static func frobeniusNorm(_ matrix: EvaluationMatrix) -> Double {
        EvaluationNorm.euclidean(matrix.values)
    }
}

/// Everything one SVD of a representation tells: see ``RepresentationRank``.
public struct RankSummary: Equatable, Sendable {
    /// Singular values in descending order (float64).
    public var singularValues: [Double]
    public var numericalRank: Int
    public var effectiveRank: Double
    public var frobeniusNorm: Double
    /// The absolute threshold the numerical rank used.
    public var threshold: Double
}
