/// The constants of the HT-SR analysis, each with the reason for its value. Most are
/// WeightWatcher 0.7.7's defaults: wwn keeps them so its numbers match the tool users compare
/// against (the spec, `htsr-metrics.md`, lists them).
public enum SpectralLimits {
    /// Layers with fewer eigenvalues than this are skipped (WeightWatcher `min_evals`): a power
    /// law cannot be told from anything else on a handful of points.
    public static let defaultMinEigenvalues = 8
    /// Layers with more eigenvalues than this are skipped (WeightWatcher `max_evals`): the
    /// eigensolver is cubic in this number.
    public static let defaultMaxEigenvalues = 15_000
    /// The largest head count `heads` accepts: every head adds two layers per block, and the
    /// largest published models use 128 query heads (Llama 3.1 405B); 4096 leaves room while
    /// catching a width passed for a head count.
    public static let maxAttentionHeads = 4096
    /// Layers whose larger dimension exceeds this are skipped (WeightWatcher `max_N`).
    public static let defaultMaxN = 50_000
    /// Eigenvalues at or below this are treated as zero by the power-law fit (WeightWatcher
    /// `EVALS_THRESH`): they are round-off of a rank-deficient matrix, and `log` of them would
    /// dominate the MLE.
    public static let fitThreshold = 1e-5
    /// Below this many fitted eigenvalues WeightWatcher 0.7.7 switches to its small-sample fit.
    public static let smallSpectrumCutoff = 20
    /// The small-sample fit only tries tails of at least this many eigenvalues.
    public static let smallSpectrumMinimumTail = 8
    /// Tails whose summed log-ratio is at or below this are degenerate in the small-sample fit.
    public static let smallSpectrumDegenerateLogSum = 1e-12
    /// Added to each probability and to the rank in the matrix entropy (WeightWatcher `EPSILON`),
    /// so `log` never sees 0.
    public static let entropyEpsilon = 1e-10
    /// Below this alpha a layer is labelled "over-trained" (WeightWatcher's threshold).
    public static let overTrainedAlpha = 2.0
    /// Above this alpha a layer is labelled "under-trained".
    public static let underTrainedAlpha = 6.0
    /// `weak_rank_loss` counts eigenvalues below this (WeightWatcher `tolerance`).
    public static let weakRankLossTolerance = 1e-6
    /// `fix_fingers: clip_xmax` clips at most this many top eigenvalues minus one
    /// (WeightWatcher `max_fingers`, tried as `2..<10`).
    public static let maxFingers = 10
    /// A clipped fit is accepted when its alpha is this much below the unclipped one.
    public static let fingerThreshold = 1.0
    /// `clip_xmax` stops clipping once alpha is at or below this (a heavy tail is expected).
    public static let fingerMinimumAlpha = 2.0
    /// `fix_fingers: xmin_peak` histograms log10(lambda) in this many bins to find the peak.
    public static let peakHistogramBins = 100
    /// `xmin_peak` searches xmin in [0.95 peak, 1.5 peak] unless the caller gives an upper bound.
    public static let peakLowerFactor = 0.95
    public static let peakUpperFactor = 1.5
    /// The MP fit's kernel density bandwidth (WeightWatcher `bw`).
    public static let mpBandwidth = 0.1
    /// The MP fit evaluates the density on this many points of `[0, max + 0.5]`.
    public static let mpGridPoints = 1000
    /// ... and extends the grid this far beyond the largest rescaled eigenvalue.
    public static let mpGridMargin = 0.5
    /// Grid points whose estimated density is at or below this are dropped from the MP residual
    /// (WeightWatcher's "remove areas where the density is almost zero").
    public static let mpDensityFloor = 0.01
    /// The residual of every point when the MP edges are implausible for the trial sigma.
    public static let mpPenaltyResidual = 1000.0
    /// The brute-force sigma grid, in units of the edge estimate sigma0: [0.05, 2) step 0.01.
    public static let mpSigmaGridStart = 0.05
    public static let mpSigmaGridStop = 2.0
    public static let mpSigmaGridStep = 0.01
    /// Randomised spectra of layers with fewer eigenvalues than this are drawn five times
    /// (WeightWatcher's replicas, which steady `max_rand_eval` on small layers).
    public static let randomReplicaThreshold = 100
    public static let smallLayerRandomReplicas = 5
    /// The histograms behind the lin-lin and log10 plots use this many bins (as WeightWatcher).
    public static let plotHistogramBins = 100
}

extension SpectralLimits {
    /// A Gram-path spectrum whose smallest eigenvalue is below this fraction of the largest is
    /// recomputed by SVD. Forming `WᵀW` leaves an absolute error near `M * eps64 * lambda_max`
    /// (about 1e-14 relative for M = 100) on every eigenvalue, so values under this floor are
    /// mostly round-off; the SVD resolves them down to `eps64 * sigma_max`, which is what
    /// `matrix_rank`, `rank_loss` and `sv_min` of a rank-deficient layer need. The margin
    /// (1e-10, four orders above the round-off) keeps full-rank layers on the fast path.
    public static let gramResolutionFloor = 1e-10
}

extension SpectralLimits {
    /// Layers run side by side only while their working sets (float64 values, Gram matrix,
    /// ``LayerWorkingSet``) add up to at most this; a larger layer runs alone, with every BLAS
    /// thread. 256 MB lets every layer of a BERT-base-sized model run in parallel (its largest,
    /// the 30522 x 768 embedding, needs about 190 MB) while a model of 4096 x 8192 layers
    /// (384 MB each) never holds two at once: peak memory stays near the largest layer's need.
    public static let concurrentWorkingSetBytes = 256 << 20
    /// Bins of the histogram behind an eigenvector's discrete entropy (`vectors`):
    /// WeightWatcher's `discrete_entropy` default.
    public static let vectorEntropyBins = 100
    /// Added to every bin's density before the entropy, so no bin is empty: WeightWatcher's
    /// EPSILON.
    public static let vectorEntropyFloor = 1e-10
}
