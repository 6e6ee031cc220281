import Foundation
import WWNumerics

/// What `SVDSmoothing` or `SVDSharpness` does to one layer: WeightWatcher's signed component
/// count `num_smooth` over the pooled spectrum (positive keeps that many of the largest,
/// negative removes that many, zero leaves the layer as it is).
public struct LayerEdit: Sendable {
    public var entry: LayerEntry
    /// WeightWatcher's `num_smooth` for the whole layer.
    public var count: Int
    /// Why the layer is left unchanged although selected (a failed fit, non-finite weights).
    public var note: String?

    public init(entry: LayerEntry, count: Int, note: String? = nil) {
        self.entry = entry
        self.count = count
        self.note = note
    }

    /// The count for each matrix: the layer's count for a dense layer; for a convolution
    /// `ceil(count / rf)` per kernel position, as WeightWatcher divides it (so a small negative
    /// count rounds to 0 and removes nothing).
    public var countPerMatrix: Int {
        guard let geometry = entry.geometry, geometry.receptiveField > 1 else { return count }
        return Int((Double(count) / Double(geometry.receptiveField)).rounded(.up))
    }

    /// The layer's tensor with every matrix edited (unscaled: conv2d_norm only shapes the
    /// spectrum the count came from), in float64.
    /// - Throws: ``SpectralError/shapeMismatch(name:expected:actual:)``, or a numerics error
    ///   naming the layer.
    public func applied(to tensor: Tensor) throws -> Tensor {
        guard let geometry = entry.geometry, countPerMatrix != 0 else { return tensor }
        guard tensor.shape == entry.shape else {
            throw SpectralError.shapeMismatch(name: entry.tensorName, expected: entry.shape, actual: tensor.shape)
        }
        do {
            let edited = try geometry.matrices(of: tensor).map { try Self.edited($0, count: countPerMatrix) }
            return try Tensor(shape: tensor.shape, values: geometry.assembled(edited))
        } catch let error as SpectralError {
            throw error
        } catch {
            throw SpectralError.numerics(layer: entry.tensorName, message: "\(error)")
        }
    }

    /// One matrix with its `count` largest components kept (scikit-learn's randomised
    /// truncation, as WeightWatcher's `smooth_W`) or `-count` of them removed (an exact SVD, as
    /// its `smooth_W_alt`).
    static func edited(_ matrix: LayerMatrix, count: Int) throws -> LayerMatrix {
        let m = min(matrix.rows, matrix.columns)
        var result = matrix
        if count > 0 {
            // scikit-learn fits the orientation whose features are the smaller dimension.
            let tall = matrix.rows >= matrix.columns
            let a = try tall ? matrix.tensor : matrix.tensor.transposed()
            let kept = try RandomizedTruncatedSVD.approximation(of: a, rank: min(count, m))
            result.values = try (tall ? kept : kept.transposed()).doubleValues
        } else if count < 0 {
            let removed = min(-count, m)
            let svd = try gesdd(matrix.tensor, computeVectors: true)
            guard let u = svd.u, let vt = svd.vt else { return matrix }
            // W - U_r diag(s_r) V_rᵀ over the `removed` largest components.
            let uValues = u.doubleValues
            var scaled = [Double](repeating: 0, count: matrix.rows * removed)
            for r in 0..<matrix.rows {
                for i in 0..<removed { scaled[r * removed + i] = svd.singularValues[i] * uValues[r * m + i] }
            }
            let top = try gemm(Tensor(shape: [matrix.rows, removed], values: scaled),
                               Tensor(shape: [removed, matrix.columns], values: Array(vt.doubleValues.prefix(removed * matrix.columns))))
            result.values = zip(matrix.values, top.doubleValues).map { $0 - $1 }
        }
        return result
    }
}

extension LayerGeometry {
    /// The tensor values holding these matrices: the inverse of ``matrices(of:scale:)`` with
    /// scale 1, each matrix written back to its kernel position.
    func assembled(_ matrices: [LayerMatrix]) -> [Double] {
        switch type {
        case .dense:
            return matrices.first?.values ?? []
        case .conv2d:
            let count = sliceRows * sliceColumns
            var values = [Double](repeating: 0, count: count * receptiveField)
            for matrix in matrices {
                let position = matrix.sliceID
                if layout == .kernelFirst {
                    for k in 0..<count { values[position * count + k] = matrix.values[k] }
                } else {
                    for k in 0..<count { values[k * receptiveField + position] = matrix.values[k] }
                }
            }
            return values
        case .experts:
            return matrices.flatMap(\.values)
        case .vector, .unsupported:
            return []
        }
    }
}
