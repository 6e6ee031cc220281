/// Limits of the BLAS/LAPACK interface, each with its reason.
public enum LinearAlgebraLimits {
    /// Largest matrix dimension (and leading dimension) the libraries accept. Debian's OpenBLAS
    /// and LAPACKE use the LP64 interface: `blasint` and `lapack_int` are 32-bit `int`, so a
    /// larger value would be silently truncated. Checked before every call.
    public static let maxDimension = Int(Int32.max)
    /// From this size on, eigenvalues alone come from `?syevd_2stage` instead of `?syevd`.
    /// The classic tridiagonal reduction is half matrix-vector work, bound by memory bandwidth
    /// once the matrix leaves the cache; the two-stage reduction is mostly matrix-matrix work.
    /// Measured (OpenBLAS 0.3.21, SkylakeX, one thread): two-stage 35% slower at 384, 20% at
    /// 768, 13% faster at 1536, 1.3x at 2048, 1.85x at 4096 (17.0 s to 9.2 s); eigenvalues
    /// agree to 2e-14 of the largest.
    public static let twoStageEigenvalueSize = 2048
}

/// Converts a dimension to the 32-bit integer BLAS/LAPACK take, or throws instead of truncating.
func lapackInt(_ value: Int, operation: String) throws -> Int32 {
    guard value >= 0, value <= LinearAlgebraLimits.maxDimension, let converted = Int32(exactly: value) else {
        throw NumericsError.dimensionTooLarge(operation: operation, dimension: value,
                                              limit: LinearAlgebraLimits.maxDimension)
    }
    return converted
}

/// LAPACK character arguments (`jobz`, `uplo`) as the `CChar` the C interface expects.
enum LAPACKCharacter {
    static let noVectors = CChar(UInt8(ascii: "N"))
    static let vectors = CChar(UInt8(ascii: "V"))
    static let thinVectors = CChar(UInt8(ascii: "S"))
    static let lower = CChar(UInt8(ascii: "L"))
}

extension Tensor {
    /// `(rows, columns)` of a matrix, or a rank error naming the operation.
    func matrixDimensions(for operation: String) throws -> (rows: Int, columns: Int) {
        guard rank == 2 else {
            throw NumericsError.rankMismatch(operation: operation, expectedRank: 2, shape: shape)
        }
        return (shape[0], shape[1])
    }
}
