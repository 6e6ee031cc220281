/// Which Gram matrix of `W` (shape `rows x columns`) to form.
public enum GramProduct: Sendable {
    /// `Wᵀ W`, of size `columns x columns`.
    case transposeTimesSelf
    /// `W Wᵀ`, of size `rows x rows`.
    case selfTimesTranspose

    /// The smaller of the two Gram matrices of a `rows x columns` matrix (ties: `Wᵀ W`). Both
    /// share their non-zero eigenvalues, so the eigenvalue path only ever needs this one.
    public static func smaller(rows: Int, columns: Int) -> GramProduct {
        columns <= rows ? .transposeTimesSelf : .selfTimesTranspose
    }
}

/// The Gram matrix `Wᵀ W` or `W W` ᵀ through BLAS `?syrk`, returned as a full symmetric matrix.
///
/// `syrk` does half the work of `gemm(w, w, transposeA: true)` because it fills one triangle;
/// this function mirrors it so callers get an ordinary matrix. Float32 input stays float32
/// (`ssyrk`); use ``eigenvaluesOfGram(_:)`` for the float64 spectrum of float32 weights.
/// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)``,
///   ``NumericsError/dimensionTooLarge(operation:dimension:limit:)``,
///   ``NumericsError/allocationTooLarge(shape:bytes:limit:)`` if the Gram matrix would not fit.
public func syrk(_ w: Tensor, _ product: GramProduct) throws -> Tensor {
    let (rows, columns) = try w.matrixDimensions(for: "syrk")
    let size = product == .transposeTimesSelf ? columns : rows
    switch w.storage {
    case .float32(let values):
        var gram = try gramUpperTriangle(values, rows: rows, columns: columns, product: product)
        mirrorUpperTriangle(&gram, size: size)
        return Tensor(uncheckedShape: [size, size], storage: .float32(gram))
    case .float64(let values):
        var gram = try gramUpperTriangle(values, rows: rows, columns: columns, product: product)
        mirrorUpperTriangle(&gram, size: size)
        return Tensor(uncheckedShape: [size, size], storage: .float64(gram))
    }
}

/// The Gram matrix in row-major order with only the upper triangle (diagonal included) set;
/// the strict lower triangle is zero. That is exactly the column-major lower triangle, which is
/// what `?syevd` with `LAPACK_COL_MAJOR, 'L'` reads, so no copy or transpose is needed.
func gramUpperTriangle<Element: BLASScalar>(_ values: [Element], rows: Int, columns: Int,
                                           product: GramProduct) throws -> [Element] {
    let size = product == .transposeTimesSelf ? columns : rows
    let inner = product == .transposeTimesSelf ? rows : columns
    let elementType: ElementType = Element.self == Float.self ? .float32 : .float64
    var gram = [Element](repeating: 0, count: try Tensor.allocatableCount(of: [size, size], elementType: elementType))
    // BLAS rejects leading dimensions of 0; an empty inner dimension gives the zero matrix.
    guard size > 0, inner > 0 else { return gram }
    let size32 = try lapackInt(size, operation: "syrk"), inner32 = try lapackInt(inner, operation: "syrk")
    let lda = try lapackInt(columns, operation: "syrk")
    let transpose: BLAS.Transpose = product == .transposeTimesSelf ? .transpose : .noTranspose
    values.withUnsafeBufferPointer { input in
        gram.withUnsafeMutableBufferPointer { output in
            Element.syrk(transpose, size32, inner32, input.baseAddress, lda, output.baseAddress, size32)
        }
    }
    return gram
}

/// Copies the upper triangle of a row-major square matrix into its lower triangle.
func mirrorUpperTriangle<Element>(_ matrix: inout [Element], size: Int) {
    for row in 0..<size {
        for column in 0..<row {
            matrix[row * size + column] = matrix[column * size + row]
        }
    }
}
