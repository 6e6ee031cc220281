import CBLAS

/// The package's one door to BLAS: row-major calls on raw pointers, for `Float` and `Double`.
/// Every BLAS routine wwn uses is called here and nowhere else, so the other modules (training,
/// Vendi) need no C dependency of their own and share one set of conventions.
///
/// Each function is exactly one C call with the caller's arguments and nothing added, so a call
/// moved behind this door computes the same bits. The order is always row-major (every matrix
/// in wwn is). Sizes are the 32-bit integers of the LP64 interface: callers convert, each with
/// its own policy (the tensor functions check and throw, see ``LinearAlgebraLimits``; training's
/// shapes are known to fit). BLAS rejects leading dimensions of 0, so empty products are the
/// caller's to handle.
///
/// `@inlinable` because the callers are in other modules and training calls these in its inner
/// loop: inlined, they reach the C routine directly, as they did when they imported CBLAS.
public enum BLAS {
    /// Whether an operand is used as stored or transposed (`CblasNoTrans`, `CblasTrans`).
    public enum Transpose: Sendable {
        case noTranspose, transpose

        @inlinable var cblas: CBLAS_TRANSPOSE { self == .transpose ? CblasTrans : CblasNoTrans }
    }

    /// Which triangle of a symmetric result `syrk` writes (`CblasUpper`, `CblasLower`); the other
    /// is left untouched.
    public enum Triangle: Sendable {
        case upper, lower

        @inlinable var cblas: CBLAS_UPLO { self == .upper ? CblasUpper : CblasLower }
    }

    // MARK: gemm: c = alpha op(a) op(b) + beta c, op(a) m x k, op(b) k x n, c m x n

    @inlinable
    public static func gemm(transA: Transpose, transB: Transpose, m: Int32, n: Int32, k: Int32,
                            alpha: Float, a: UnsafePointer<Float>?, lda: Int32, b: UnsafePointer<Float>?, ldb: Int32,
                            beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int32) {
        cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    @inlinable
    public static func gemm(transA: Transpose, transB: Transpose, m: Int32, n: Int32, k: Int32,
                            alpha: Double, a: UnsafePointer<Double>?, lda: Int32, b: UnsafePointer<Double>?, ldb: Int32,
                            beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32) {
        cblas_dgemm(CblasRowMajor, transA.cblas, transB.cblas, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    // MARK: syrk: c = alpha op(a) op(a)ᵀ + beta c in one triangle; op(a) n x k, c n x n
    // (`.transpose` gives aᵀa for a k x n, `.noTranspose` gives a aᵀ for a n x k)

    @inlinable
    public static func syrk(uplo: Triangle, trans: Transpose, n: Int32, k: Int32,
                            alpha: Float, a: UnsafePointer<Float>?, lda: Int32,
                            beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int32) {
        cblas_ssyrk(CblasRowMajor, uplo.cblas, trans.cblas, n, k, alpha, a, lda, beta, c, ldc)
    }

    @inlinable
    public static func syrk(uplo: Triangle, trans: Transpose, n: Int32, k: Int32,
                            alpha: Double, a: UnsafePointer<Double>?, lda: Int32,
                            beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32) {
        cblas_dsyrk(CblasRowMajor, uplo.cblas, trans.cblas, n, k, alpha, a, lda, beta, c, ldc)
    }

    // MARK: Level 1

    /// `x = alpha x` over `n` elements `incx` apart.
    @inlinable
    public static func scal(n: Int32, alpha: Float, x: UnsafeMutablePointer<Float>?, incx: Int32) {
        cblas_sscal(n, alpha, x, incx)
    }
}
