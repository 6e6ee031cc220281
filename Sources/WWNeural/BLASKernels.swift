import CBLAS

/// Row-major float32 BLAS calls on raw pointers. The training loop's buffers live outside Swift
/// arrays (see `FloatBuffer`), and products must accumulate in place (`beta = 1`), which the
/// tensor-level `gemm` in WWNumerics does not offer.
enum BLAS {
    /// `c = alpha * op(a) * op(b) + beta * c` with `op(a)` m x k, `op(b)` k x n and c m x n, all
    /// densely packed row-major (leading dimensions follow from the shapes).
    @inline(__always)
    static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                     alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                     beta: Float = 0, _ c: UnsafeMutablePointer<Float>) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS rejects a zero inner dimension; the product is then zero.
            if beta == 0 { c.update(repeating: 0, count: m * n) } else if beta != 1 { scale(c, count: m * n, by: beta) }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    beta, c, Int32(n))
    }

    /// The same product on sub-matrices of larger row-major matrices, given their leading
    /// dimensions (row strides).
    @inline(__always)
    static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for row in 0..<m where beta != 1 {
                if beta == 0 { (c + row * ldc).update(repeating: 0, count: n) } else { scale(c + row * ldc, count: n, by: beta) }
            }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inline(__always)
    static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        cblas_sscal(Int32(count), factor, x, 1)
    }

    /// `y += alpha * x`.
    @inline(__always)
    static func axpy(_ count: Int, alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// The sum of absolute values; NaN or infinity in `x` makes it non-finite, which is how the
    /// training loop checks a whole gradient for finiteness at BLAS speed.
    @inline(__always)
    static func absoluteSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        cblas_sasum(Int32(count), x, 1)
    }
}
