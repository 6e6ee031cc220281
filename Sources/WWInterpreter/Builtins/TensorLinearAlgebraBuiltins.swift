import WWNumerics

/// Decompositions and linear systems, each one WWNumerics call through LAPACK.
extension Registry {
    func defineTensorLinearAlgebra() {
        define("solve(a, b) -> tensor", category: "Tensors",
               doc: "The x with `a @ x == b` for a square `a` (n × n) and `b` of n values or n × k (LAPACK dgesv: LU with partial pivoting); x has b's shape. A singular `a` is an error. Check a closed form (ridge: `solve(X.T @ X + lam * eye(d), X.T @ y)`) against the same number computed another way.") { call in
            .object(TensorObject(try WWNumerics.solve(try call.tensor("a"), try call.tensor("b"))))
        }
        define("inv(a) -> tensor", category: "Tensors",
               doc: "The inverse of a square matrix (LAPACK dgetrf + dgetri). A singular matrix is an error; prefer `solve(a, b)` to `inv(a) @ b`, which is slower and less accurate.") { call in
            .object(TensorObject(try inverse(try call.tensor("a"))))
        }
        define("eigh(matrix) -> record", category: "Tensors",
               doc: "Eigenvalues and eigenvectors of a symmetric matrix (LAPACK dsyevd; only the upper triangle is read): `{values, vectors}`, the values a tensor in ascending order and the vectors the columns of a matrix, so `m @ v == v * values` column by column. Each vector's sign is LAPACK's choice.") { call in
            let result = try syevd(try call.tensor("matrix"), computeVectors: true)
            guard let vectors = result.vectors else { throw BuiltinError("internal error: eigh got no eigenvectors") }
            return .record(["values": Tensor(result.values), "vectors": vectors])
        }
        define("svd(matrix) -> record", category: "Tensors",
               doc: "The thin singular value decomposition `m == u @ diag(s) @ vt` (LAPACK dgesdd): `{u, s, vt}` with u m × k, s the k singular values in descending order (a tensor), vt k × n, k = min(m, n). Each singular vector pair's sign is LAPACK's choice.") { call in
            let result = try gesdd(try call.tensor("matrix"), computeVectors: true)
            guard let u = result.u, let vt = result.vt else { throw BuiltinError("internal error: svd got no singular vectors") }
            return .record(["u": u, "s": Tensor(result.singularValues), "vt": vt])
        }
        define("qr(matrix) -> record", category: "Tensors",
               doc: "The reduced QR factorisation `m == q @ r` (LAPACK dgeqrf + dorgqr, NumPy's mode \"reduced\"): `{q, r}` with q m × k orthonormal columns and r k × n upper triangular, k = min(m, n). Diagonal signs of r are LAPACK's (as NumPy's).") { call in
            let result = try WWNumerics.qr(try call.tensor("matrix"))
            return .record(["q": result.q, "r": result.r])
        }
    }
}

extension BuiltinCall {
    /// A tensor argument, read by name.
    func tensor(_ name: String) throws -> Tensor {
        if case .object(let o as TensorObject) = try value(name) { return o.tensor }
        throw fail(name, expected: "a tensor")
    }
}
