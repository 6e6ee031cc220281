import WWNumerics

/// Training's shorthands for WWNumerics' BLAS door: float32, densely packed row-major by default,
/// empty products handled. The training loop's buffers live outside Swift arrays (see
/// `FloatBuffer`), and products must accumulate in place (`beta = 1`), which the tensor-level
/// `gemm` in WWNumerics does not offer; the door takes raw pointers and every argument.
extension BLAS {
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
        gemm(transA: transposeA ? .transpose : .noTranspose, transB: transposeB ? .transpose : .noTranspose,
             m: Int32(m), n: Int32(n), k: Int32(k), alpha: alpha, a: a, lda: Int32(transposeA ? m : k), b: b,
             ldb: Int32(transposeB ? k : n), beta: beta, c: c, ldc: Int32(n))
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
        gemm(transA: transposeA ? .transpose : .noTranspose, transB: transposeB ? .transpose : .noTranspose,
             m: Int32(m), n: Int32(n), k: Int32(k), alpha: 1, a: a, lda: Int32(lda), b: b, ldb: Int32(ldb),
             beta: beta, c: c, ldc: Int32(ldc))
    }

    @inline(__always)
    static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        scal(n: Int32(count), alpha: factor, x: x, incx: 1)
    }
}
