import CLAPACKE

/// The thin SVD `A = U diag(singularValues) Vᵀ` of an `m x n` matrix, `k = min(m, n)`.
public struct SingularValueDecomposition: Equatable, Sendable {
    /// The `k` singular values in descending order, widened to Double for float32 input.
    public var singularValues: [Double]
    /// `U`, `m x k`, orthonormal columns; `nil` unless requested.
    public var u: Tensor?
    /// `Vᵀ`, `k x n`, orthonormal rows; `nil` unless requested.
    public var vt: Tensor?
}

/// Singular value decomposition through LAPACK `?gesdd` (divide and conquer).
///
/// This is the reference path WeightWatcher uses for eigenvalues (`sigma²`); ``eigenvaluesOfGram(_:)``
/// is much faster for that purpose, and the tests check the two agree.
///
/// Row-major `A` is column-major `Aᵀ`. LAPACK factors `Aᵀ = U' Σ V'ᵀ` in place, so `U = V'` and
/// `Vᵀ = U'ᵀ`; reading LAPACK's column-major `U'` as row-major gives `Vᵀ` directly and its `V'ᵀ`
/// gives `U`. Passing the output buffers swapped therefore needs no transposes at all.
/// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)``,
///   ``NumericsError/nonFiniteInput(operation:)``, ``NumericsError/lapackFailure(routine:info:)``.
public func gesdd(_ a: Tensor, computeVectors: Bool = false) throws -> SingularValueDecomposition {
    let (rows, columns) = try a.matrixDimensions(for: "gesdd")
    guard a.isFinite else { throw NumericsError.nonFiniteInput(operation: "gesdd") }
    let k = min(rows, columns)
    guard k > 0 else {
        // LAPACK rejects leading dimensions of 0: an empty matrix has no singular values.
        let elementType = a.elementType
        return SingularValueDecomposition(
            singularValues: [],
            u: computeVectors ? try Tensor.zeros(shape: [rows, 0], elementType: elementType) : nil,
            vt: computeVectors ? try Tensor.zeros(shape: [0, columns], elementType: elementType) : nil)
    }
    let lapackRows = try lapackInt(columns, operation: "gesdd")  // of Aᵀ
    let lapackColumns = try lapackInt(rows, operation: "gesdd")
    let k32 = try lapackInt(k, operation: "gesdd")
    let jobz = computeVectors ? LAPACKCharacter.thinVectors : LAPACKCharacter.noVectors
    // With jobz 'N' LAPACK does not touch U and Vᵀ but still requires ldu, ldvt >= 1.
    let uCount = computeVectors ? rows * k : 1
    let vtCount = computeVectors ? k * columns : 1

    let shape = (rows: rows, columns: columns, k: k, k32: k32)
    switch a.storage {
    case .float64(let matrix):
        return try singularValues(matrix, shape, lapackRows, lapackColumns, jobz, uCount, vtCount, computeVectors)
    case .float32(let matrix):
        return try singularValues(matrix, shape, lapackRows, lapackColumns, jobz, uCount, vtCount, computeVectors)
    }
}

private func singularValues<Element: BLASScalar>(
    _ matrix: [Element], _ shape: (rows: Int, columns: Int, k: Int, k32: Int32), _ lapackRows: Int32,
    _ lapackColumns: Int32, _ jobz: CChar, _ uCount: Int, _ vtCount: Int, _ computeVectors: Bool
) throws -> SingularValueDecomposition {
    var matrix = matrix
    var sigma = [Element](repeating: 0, count: shape.k)
    var u = [Element](repeating: 0, count: uCount), vt = [Element](repeating: 0, count: vtCount)
    let info = matrix.withUnsafeMutableBufferPointer { input in
        sigma.withUnsafeMutableBufferPointer { s in
            vt.withUnsafeMutableBufferPointer { lapackU in
                u.withUnsafeMutableBufferPointer { lapackVt in
                    Element.gesdd(jobz, lapackRows, lapackColumns, input.baseAddress, lapackRows, s.baseAddress,
                                  lapackU.baseAddress, lapackRows, lapackVt.baseAddress, shape.k32)
                }
            }
        }
    }
    guard info == 0 else { throw NumericsError.lapackFailure(routine: Element.routinePrefix + "gesdd", info: Int(info)) }
    return SingularValueDecomposition(
        singularValues: sigma.map { Double($0) },
        u: computeVectors ? Tensor(uncheckedShape: [shape.rows, shape.k], storage: Element.tensorStorage(u)) : nil,
        vt: computeVectors ? Tensor(uncheckedShape: [shape.k, shape.columns], storage: Element.tensorStorage(vt)) : nil)
}
