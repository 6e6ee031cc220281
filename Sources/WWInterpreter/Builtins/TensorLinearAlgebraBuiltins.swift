import WWBase
import WWNumerics

/// Decompositions and linear systems, each one WWNumerics call through LAPACK.
extension Registry {
    func defineTensorLinearAlgebra() {
        define("solve(a, b) -> tensor", category: "Tensors",
               doc: "The x with `a @ x == b` for a square `a` (n × n) and `b` of n values or n × k (LAPACK dgesv: LU with partial pivoting); x has b's shape. A singular `a` is an error. Check a closed form (ridge: `solve(X.T @ X + lam * eye(d), X.T @ y)`) against the same number computed another way.") { call in
            let a = try call.tensor("a"), b = try call.tensor("b")
            return .object(TensorObject(try lapackCall(on: a) { try WWNumerics.solve(a, b) }))
        }
        define("inv(a) -> tensor", category: "Tensors",
               doc: "The inverse of a square matrix (LAPACK dgetrf + dgetri). A singular matrix is an error; prefer `solve(a, b)` to `inv(a) @ b`, which is slower and less accurate.") { call in
            let a = try call.tensor("a")
            return .object(TensorObject(try lapackCall(on: a) { try inverse(a) }))
        }
        define("eigh(matrix) -> record", category: "Tensors",
               doc: "Eigenvalues and eigenvectors of a symmetric matrix (LAPACK dsyevd; only the upper triangle is read): `{values, vectors}`, the values a tensor in ascending order and the vectors the columns of a matrix, so `m @ v == v * values` column by column. Each vector's sign is LAPACK's choice.") { call in
            let matrix = try call.tensor("matrix")
            let result = try lapackCall(on: matrix) { try syevd(matrix, computeVectors: true) }
            guard let vectors = result.vectors else { throw BuiltinError("internal error: eigh got no eigenvectors") }
            return .record(["values": Tensor(result.values), "vectors": vectors])
        }
        define("svd(matrix) -> record", category: "Tensors",
               doc: "The thin singular value decomposition `m == u @ diag(s) @ vt` (LAPACK dgesdd): `{u, s, vt}` with u m × k, s the k singular values in descending order (a tensor), vt k × n, k = min(m, n). Each singular vector pair's sign is LAPACK's choice.") { call in
            let matrix = try call.tensor("matrix")
            let result = try lapackCall(on: matrix) { try gesdd(matrix, computeVectors: true) }
            guard let u = result.u, let vt = result.vt else { throw BuiltinError("internal error: svd got no singular vectors") }
            return .record(["u": u, "s": Tensor(result.singularValues), "vt": vt])
        }
        define("qr(matrix) -> record", category: "Tensors",
               doc: "The reduced QR factorisation `m == q @ r` (LAPACK dgeqrf + dorgqr, NumPy's mode \"reduced\"): `{q, r}` with q m × k orthonormal columns and r k × n upper triangular, k = min(m, n). Diagonal signs of r are LAPACK's (as NumPy's).") { call in
            let matrix = try call.tensor("matrix")
            let result = try lapackCall(on: matrix) { try WWNumerics.qr(matrix) }
            return .record(["q": result.q, "r": result.r])
        }
    }
}

/// Runs a LAPACK call on `matrix` so that Ctrl-C abandons it (``Cancellation/runAbandoning(_:)``):
/// LAPACK never polls the interrupt flag, and a 4000 × 4000 decomposition takes many seconds.
/// The interpreter answers "interrupted" at once and the call finishes in the background, its
/// result dropped. Small matrices run inline: they finish before a key could be pressed, and a
/// hop to the worker thread would slow the loops that call them.
func lapackCall<T>(on matrix: Tensor, _ work: @escaping () throws -> T) throws -> T {
    guard matrix.count >= RuntimeLimits.abandonableLinearAlgebraElements else { return try work() }
    return try Cancellation.interrupt.runAbandoning(work)
}

extension BuiltinCall {
    /// A tensor argument, read by name.
    func tensor(_ name: String) throws -> Tensor {
        if case .object(let o as TensorObject) = try value(name) { return o.tensor }
        throw fail(name, expected: "a tensor")
    }
}
