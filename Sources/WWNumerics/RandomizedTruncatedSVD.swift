/// scikit-learn's `TruncatedSVD(n_components=k, n_iter=7, random_state=42).fit_transform(A)`
/// followed by `@ components_`, the rank-k approximation WeightWatcher's `SVDSmoothing` keeps
/// (its `smooth_W`, on every machine without CUDA).
///
/// It is not the best rank-k approximation: the randomised range finder (Halko, Martinsson and
/// Tropp 2011, Algorithm 4.3) approximates the leading subspace, and on a 100 x 80 random
/// matrix with k = 5 its result differs from the exact truncation by 3% of the largest entry.
/// So the same start is drawn: `RandomState(42).normal(size=(features, k + 10))`, rounded to
/// float32 as scikit-learn does for float32 input (WeightWatcher always passes float32).
///
/// In exact arithmetic the result depends only on the subspace `(A Aᵀ)^7 A Ω`. scikit-learn
/// normalises each power step by an LU factorisation in float32; wwn uses a QR factorisation
/// in float64, which spans the same subspace, so the two agree to float32 rounding (about 1e-5
/// of the largest entry at worst on the parity fixtures).
public enum RandomizedTruncatedSVD {
    /// scikit-learn's `n_iter` as WeightWatcher sets it.
    public static let powerIterations = 7
    /// scikit-learn's default `n_oversamples`: extra columns of the random start.
    public static let oversamples = 10
    /// WeightWatcher's `random_state`.
    public static let seed: UInt32 = 42

    /// The projection `A V_k V_kᵀ` of `a` (`samples x features`, `samples >= features`) onto the
    /// approximate leading `k` right singular vectors, in float64.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` when `a` has fewer rows than
    ///   columns or `k` is not in `1...features`; the factorisations' errors.
    public static func approximation(of a: Tensor, rank k: Int, float32Start: Bool = true) throws -> Tensor {
        let (samples, features) = try a.matrixDimensions(for: "truncated SVD")
        guard samples >= features else {
            throw NumericsError.invalidArgument(name: "truncated SVD", reason: "needs at least as many rows as columns (got \(samples) x \(features)); pass the transpose")
        }
        guard k >= 1, k <= features else {
            throw NumericsError.invalidArgument(name: "truncated SVD", reason: "rank \(k) is not in 1...\(features)")
        }
        let a = a.elementType == .float64 ? a : a.converted(to: .float64)
        let size = k + oversamples
        var random = NumpyRandomState(seed: seed)
        var start = random.gaussians(count: features * size)
        if float32Start { start = start.map { Double(Float($0)) } }
        var q = try Tensor(shape: [features, size], values: start)
        for _ in 0..<powerIterations {
            q = try qr(gemm(a, q)).q
            q = try qr(gemm(a, q, transposeA: true)).q
        }
        q = try qr(gemm(a, q)).q
        let projected = try gemm(q, a, transposeA: true)
        guard let vt = try gesdd(projected, computeVectors: true).vt else {
            throw NumericsError.invalidArgument(name: "truncated SVD", reason: "no singular vectors were returned")
        }
        let leading = try Tensor(shape: [k, features], values: Array(vt.doubleValues.prefix(k * features)))
        return try gemm(gemm(a, leading, transposeB: true), leading)
    }
}
