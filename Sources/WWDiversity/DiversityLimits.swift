/// The named tolerances and sizes of the diversity scores, each with its reason.
public enum DiversityLimits {
    /// Eigenvalues below this fraction of the largest are treated as zero.
    ///
    /// Why: a rank-deficient kernel has exact zero eigenvalues that the eigensolver returns as
    /// round-off of either sign, about `n * eps64 * lambda_max` (1e-14 for n = 50). The
    /// reference keeps every positive one, so its order-0 score counts round-off (28 instead of
    /// 8 on a rank-8 kernel with n = 50) and its other orders pick up tiny noise. 1e-12 is
    /// well above that round-off for any n a dense kernel can hold, and far below any eigenvalue
    /// that carries real mass (a 1e-12 share of the spectrum changes VS_1 by less than 1e-10).
    public static let relativeEigenvalueFloor = 1e-12

    /// How far a kernel's diagonal may stray from 1 and still count as a similarity.
    ///
    /// Why: a cosine kernel formed in float32 has a diagonal of 1 within a few float32 ulps
    /// (about 1e-7); anything further is a kernel that is not normalised, whose score would be
    /// meaningless (VS assumes k(x, x) = 1).
    public static let unitDiagonalTolerance = 1e-6

    /// How far `K[i][j]` and `K[j][i]` may differ, relative to the larger magnitude (at least 1).
    ///
    /// Why: a kernel computed in float32 by a matrix product is symmetric only to a few ulps;
    /// the eigensolver reads one triangle, so a larger difference means the matrix is not a
    /// kernel at all and would give a silently wrong score.
    public static let symmetryTolerance = 1e-6

    /// How far sample weights may sum from 1 before they are rescaled (they are then divided
    /// by their sum, so only the ratios matter).
    public static let weightSumTolerance = 1e-12

    /// Rows summed in float32 by one `ssyrk` call before the block is added to the float64
    /// accumulator.
    ///
    /// Why: float32 products summed over b rows carry a relative error of about
    /// `sqrt(b) * eps32` typically and `b * eps32` at worst; 16,384 rows keep it near 8e-6
    /// typically (about 2e-7 on real data, whose terms partly cancel: 3.7e-8 relative in the
    /// Vendi Score of the benchmark's 50,000 x 512 set) and 1e-3 at worst, while the float64 sum
    /// across blocks adds nothing further. Fewer, larger `ssyrk` calls ran 15% faster than
    /// blocks of 4096 (OpenBLAS wakes its threads once per call). The reference
    /// sums all n rows in float32 for float32 input, so this is strictly more accurate than it,
    /// at twice the speed of converting every row to float64.
    public static let float32BlockRows = 16384

    /// The largest n for which an n x n kernel matrix is formed (paths that cannot use the
    /// d x d dual: weighted samples, RBF and user kernels, n-gram texts).
    ///
    /// Why: the eigensolver's work grows as n³ and the matrix as 8 n² bytes; 20,000 samples
    /// take 3.2 GB and minutes. Embeddings with d < n never need this path.
    public static let maxKernelSize = 20_000

    /// Rows per block when a tensor in memory is streamed through the Gram accumulator.
    /// Why: large enough for BLAS to run at full speed, small enough that the normalised copy
    /// of a block (16,384 x 512 float32 = 32 MB) stays small next to the data.
    public static let defaultChunkRows = 16384
}
