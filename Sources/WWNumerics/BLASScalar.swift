import CLAPACKE

/// The element types BLAS and LAPACK work in. Each routine exists once per type (`sgemm`,
/// `dgemm`, ...); this protocol maps them to one name so every wrapper is written once, generic
/// over the element type, instead of twice with only the prefix changed.
protocol BLASScalar: BinaryFloatingPoint {
    /// "s" or "d", for the routine names in error messages.
    static var routinePrefix: String { get }
    static func tensorStorage(_ values: [Self]) -> Tensor.Storage

    static func gemm(_ transA: BLAS.Transpose, _ transB: BLAS.Transpose, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ a: UnsafePointer<Self>?, _ lda: Int32, _ b: UnsafePointer<Self>?, _ ldb: Int32,
                     _ c: UnsafeMutablePointer<Self>?, _ ldc: Int32)
    static func syrk(_ trans: BLAS.Transpose, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Self>?, _ lda: Int32,
                     _ c: UnsafeMutablePointer<Self>?, _ ldc: Int32)
    static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ w: UnsafeMutablePointer<Self>?) -> Int32
    /// `?syevd_2stage`, eigenvalues only (LAPACK's two-stage reduction has no vectors yet).
    static func syevdTwoStage(_ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                              _ w: UnsafeMutablePointer<Self>?) -> Int32
    static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ s: UnsafeMutablePointer<Self>?, _ u: UnsafeMutablePointer<Self>?, _ ldu: Int32,
                      _ vt: UnsafeMutablePointer<Self>?, _ ldvt: Int32) -> Int32
    /// `?gesv`: solves `A X = B` in place (LU with partial pivoting), column-major.
    static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                     _ ipiv: UnsafeMutablePointer<Int32>?, _ b: UnsafeMutablePointer<Self>?, _ ldb: Int32) -> Int32
    /// `?getrf`: LU factorisation in place, column-major.
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ ipiv: UnsafeMutablePointer<Int32>?) -> Int32
    /// `?getri`: the inverse from `?getrf`'s factors, in place.
    static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>?) -> Int32
    /// `?geqrf`: Householder QR in place, column-major; reflector scales in `tau`.
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ tau: UnsafeMutablePointer<Self>?) -> Int32
    /// `?orgqr` (`dorgqr`/`sorgqr`): the first `n` columns of Q from `?geqrf`'s reflectors.
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>?, _ lda: Int32,
                      _ tau: UnsafePointer<Self>?) -> Int32
}

// BLAS goes through the package's one door (`BLAS`, row-major; here alpha 1, beta 0, upper
// triangle); LAPACK is called here, column-major: the callers pass row-major data as its
// column-major transpose (see each wrapper's doc).

extension Double: BLASScalar {
    static var routinePrefix: String { "d" }
    static func tensorStorage(_ values: [Double]) -> Tensor.Storage { .float64(values) }

    static func gemm(_ transA: BLAS.Transpose, _ transB: BLAS.Transpose, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ a: UnsafePointer<Double>?, _ lda: Int32, _ b: UnsafePointer<Double>?, _ ldb: Int32,
                     _ c: UnsafeMutablePointer<Double>?, _ ldc: Int32) {
        BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                  beta: 0, c: c, ldc: ldc)
    }
    static func syrk(_ trans: BLAS.Transpose, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Double>?, _ lda: Int32,
                     _ c: UnsafeMutablePointer<Double>?, _ ldc: Int32) {
        BLAS.syrk(uplo: .upper, trans: trans, n: n, k: k, alpha: 1, a: a, lda: lda, beta: 0, c: c, ldc: ldc)
    }
    static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ w: UnsafeMutablePointer<Double>?) -> Int32 {
        LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, LAPACKCharacter.lower, n, a, lda, w)
    }
    static func syevdTwoStage(_ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                              _ w: UnsafeMutablePointer<Double>?) -> Int32 {
        LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, LAPACKCharacter.noVectors, LAPACKCharacter.lower, n, a, lda, w)
    }
    static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ s: UnsafeMutablePointer<Double>?, _ u: UnsafeMutablePointer<Double>?, _ ldu: Int32,
                      _ vt: UnsafeMutablePointer<Double>?, _ ldvt: Int32) -> Int32 {
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, jobz, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                     _ ipiv: UnsafeMutablePointer<Int32>?, _ b: UnsafeMutablePointer<Double>?, _ ldb: Int32) -> Int32 {
        LAPACKE_dgesv(LAPACK_COL_MAJOR, n, nrhs, a, lda, ipiv, b, ldb)
    }
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ ipiv: UnsafeMutablePointer<Int32>?) -> Int32 {
        LAPACKE_dgetrf(LAPACK_COL_MAJOR, m, n, a, lda, ipiv)
    }
    static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>?) -> Int32 {
        LAPACKE_dgetri(LAPACK_COL_MAJOR, n, a, lda, ipiv)
    }
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ tau: UnsafeMutablePointer<Double>?) -> Int32 {
        LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau)
    }
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>?, _ lda: Int32,
                      _ tau: UnsafePointer<Double>?) -> Int32 {
        LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, n, k, a, lda, tau)
    }
}

extension Float: BLASScalar {
    static var routinePrefix: String { "s" }
    static func tensorStorage(_ values: [Float]) -> Tensor.Storage { .float32(values) }

    static func gemm(_ transA: BLAS.Transpose, _ transB: BLAS.Transpose, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ a: UnsafePointer<Float>?, _ lda: Int32, _ b: UnsafePointer<Float>?, _ ldb: Int32,
                     _ c: UnsafeMutablePointer<Float>?, _ ldc: Int32) {
        BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                  beta: 0, c: c, ldc: ldc)
    }
    static func syrk(_ trans: BLAS.Transpose, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Float>?, _ lda: Int32,
                     _ c: UnsafeMutablePointer<Float>?, _ ldc: Int32) {
        BLAS.syrk(uplo: .upper, trans: trans, n: n, k: k, alpha: 1, a: a, lda: lda, beta: 0, c: c, ldc: ldc)
    }
    static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ w: UnsafeMutablePointer<Float>?) -> Int32 {
        LAPACKE_ssyevd(LAPACK_COL_MAJOR, jobz, LAPACKCharacter.lower, n, a, lda, w)
    }
    static func syevdTwoStage(_ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                              _ w: UnsafeMutablePointer<Float>?) -> Int32 {
        LAPACKE_ssyevd_2stage(LAPACK_COL_MAJOR, LAPACKCharacter.noVectors, LAPACKCharacter.lower, n, a, lda, w)
    }
    static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ s: UnsafeMutablePointer<Float>?, _ u: UnsafeMutablePointer<Float>?, _ ldu: Int32,
                      _ vt: UnsafeMutablePointer<Float>?, _ ldvt: Int32) -> Int32 {
        LAPACKE_sgesdd(LAPACK_COL_MAJOR, jobz, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                     _ ipiv: UnsafeMutablePointer<Int32>?, _ b: UnsafeMutablePointer<Float>?, _ ldb: Int32) -> Int32 {
        LAPACKE_sgesv(LAPACK_COL_MAJOR, n, nrhs, a, lda, ipiv, b, ldb)
    }
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ ipiv: UnsafeMutablePointer<Int32>?) -> Int32 {
        LAPACKE_sgetrf(LAPACK_COL_MAJOR, m, n, a, lda, ipiv)
    }
    static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>?) -> Int32 {
        LAPACKE_sgetri(LAPACK_COL_MAJOR, n, a, lda, ipiv)
    }
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ tau: UnsafeMutablePointer<Float>?) -> Int32 {
        LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau)
    }
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>?, _ lda: Int32,
                      _ tau: UnsafePointer<Float>?) -> Int32 {
        LAPACKE_sorgqr(LAPACK_COL_MAJOR, m, n, k, a, lda, tau)
    }
}
