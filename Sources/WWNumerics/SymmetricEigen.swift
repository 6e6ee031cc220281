import CLAPACKE

/// Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix.
public struct SymmetricEigendecomposition: Equatable, Sendable {
    /// Eigenvalues in ascending order, widened to Double for float32 input.
    public var values: [Double]
    /// The eigenvectors as the columns of an `n x n` matrix `V` with `A V = V diag(values)`,
    /// in the element type of the input; `nil` unless requested.
    public var vectors: Tensor?
}

/// Eigen-decomposition of a symmetric matrix through LAPACK `?syevd` (divide and conquer).
///
/// Only the upper triangle (row-major, diagonal included) is read; the strict lower triangle is
/// ignored, as in LAPACK. Row-major upper is column-major lower, so the routine is called with
/// `LAPACK_COL_MAJOR` and `'L'` on the row-major buffer, which avoids the transposed copy LAPACKE
/// makes for `LAPACK_ROW_MAJOR` (platform notes).
/// - Parameter computeVectors: also return eigenvectors (about 2-3x slower than values only).
/// - Throws: ``NumericsError/notSquare(operation:shape:)``, ``NumericsError/nonFiniteInput(operation:)``
///   (LAPACK's behaviour on NaN is undefined), ``NumericsError/lapackFailure(routine:info:)``.
public func syevd(_ a: Tensor, computeVectors: Bool = false) throws -> SymmetricEigendecomposition {
    let (rows, columns) = try a.matrixDimensions(for: "syevd")
    guard rows == columns else { throw NumericsError.notSquare(operation: "syevd", shape: a.shape) }
    guard a.isFinite else { throw NumericsError.nonFiniteInput(operation: "syevd") }
    let size = rows
    switch a.storage {
    case .float64(let matrix): return try decompose(matrix, size: size, computeVectors: computeVectors)
    case .float32(let matrix): return try decompose(matrix, size: size, computeVectors: computeVectors)
    }
}

private func decompose<Element: BLASScalar>(_ matrix: [Element], size: Int, computeVectors: Bool) throws -> SymmetricEigendecomposition {
    var matrix = matrix
    let values = try symmetricEigenvalues(&matrix, size: size, computeVectors: computeVectors)
    let vectors = computeVectors
        ? Tensor(uncheckedShape: [size, size], storage: Element.tensorStorage(Tensor.transpose(matrix, rows: size, columns: size)))
        : nil
    return SymmetricEigendecomposition(values: values, vectors: vectors)
}

/// Runs `?syevd` in place on a row-major matrix whose upper triangle is set; eigenvalues are
/// returned as Double whatever the element type.
///
/// On return with `computeVectors`, `matrix` holds the eigenvectors column-major, that is, as
/// the *rows* of the row-major buffer (callers transpose if they want them as columns).
func symmetricEigenvalues<Element: BLASScalar>(_ matrix: inout [Element], size: Int, computeVectors: Bool) throws -> [Double] {
    guard size > 0 else { return [] }
    let routine = Element.routinePrefix + "syevd"
    let size32 = try lapackInt(size, operation: routine)
    var eigenvalues = [Element](repeating: 0, count: size)
    let jobz = computeVectors ? LAPACKCharacter.vectors : LAPACKCharacter.noVectors
    let twoStage = !computeVectors && size >= LinearAlgebraLimits.twoStageEigenvalueSize
    let info = matrix.withUnsafeMutableBufferPointer { buffer in
        eigenvalues.withUnsafeMutableBufferPointer { output in
            twoStage ? Element.syevdTwoStage(size32, buffer.baseAddress, size32, output.baseAddress)
                     : Element.syevd(jobz, size32, buffer.baseAddress, size32, output.baseAddress)
        }
    }
    guard info == 0 else { throw NumericsError.lapackFailure(routine: routine, info: Int(info)) }
    return eigenvalues.map { Double($0) }
}
