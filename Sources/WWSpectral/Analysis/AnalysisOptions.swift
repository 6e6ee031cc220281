/// Options of `analyze`, named after WeightWatcher's keywords in the doc of each.
public struct AnalysisOptions: Sendable {
    /// (`min_evals`) Skip layers with fewer eigenvalues (`M * rf` pooled, `M` per slice).
    public var minEigenvalues = SpectralLimits.defaultMinEigenvalues
    /// (`max_evals`) Skip layers with more eigenvalues; 0 means no limit (as in WeightWatcher).
    public var maxEigenvalues = SpectralLimits.defaultMaxEigenvalues
    /// (`max_N`) Skip layers whose larger dimension exceeds this.
    public var maxN = SpectralLimits.defaultMaxN
    /// (`order`) The order layers are numbered in (see ``LayerOrder``).
    public var order = LayerOrder.automatic
    /// (`layers`) Which layers to analyse, by the ids of that order.
    public var selection = LayerSelection()
    /// (`pool`) Pool the eigenvalues of a convolution's kernel positions into one spectrum;
    /// false gives one row per position (`slice_id`).
    public var pool = true
    /// (`conv2d_norm`) Scale convolution matrices by `sqrt(count / 2)` (count 1 pooled, rf per
    /// slice), WeightWatcher's default. Alpha does not change; norms, xmin and xmax do.
    public var conv2dNorm = true
    /// (`glorot_fix`) Scale every layer by Glorot's factor instead (see
    /// ``LayerGeometry/weightWatcherScale(conv2dNorm:pooled:glorotFix:)``; WeightWatcher 0.7.7
    /// accepts the keyword and never applies it).
    public var glorotFix = false
    /// Forces the convolution layout; nil detects it per tensor (WeightWatcher's rule).
    public var convolutionLayout: ConvolutionLayout?
    /// (`xmax`, `fix_fingers`, `xmin_max`) The power-law step.
    public var powerLaw = PowerLawOptions()
    /// (`mp_fit`) Also fit the Marchenko-Pastur law.
    public var mpFit = false
    /// (`randomize`) Also compare with the spectrum of the shuffled weights.
    public var randomize = false
    /// The seed of the shuffles (WeightWatcher's are unseeded). Each layer draws from its own
    /// stream derived from this seed and its tensor name, so its shuffles do not depend on which
    /// other layers are analysed or on the order in which threads finish.
    public var seed: UInt64 = 0
    /// Keep each layer's eigenvalues (and randomised ones) in the result, for `esd` and the
    /// plot data.
    public var keepEigenvalues = false
    /// Layers analysed at once; nil picks one per core when there are several layers.
    public var parallelism: Int?
    /// (`fft`) Analyse the real part of each matrix's 2-D Fourier transform instead of the
    /// matrix (``LayerMatrix/fourierRealPart()``).
    public var fft = false
    /// (`detX`, alias `ERG`) Add the detX constraint's columns (``DetXConstraint``).
    public var detX = false
    /// (`peft`) How LoRA adapters are analysed (see ``LoRAAdapters``).
    public var peft = PeftMode.off
    /// (`vectors`) Add the eigenvector localisation columns (``EigenvectorLocalization``).
    public var vectors = false
    /// (`intra`) Analyse each pair of neighbouring layers as their scaled product instead of
    /// the layers (``IntraLayerProducts``).
    public var intra = false
    /// (`sparsify`) With `intra`, put a random 0/1 mask between the two layers (drawn from
    /// `seed`), WeightWatcher's default.
    public var sparsify = true
    /// (`split_qkv`, wwn's) Analyse each fused Q/K/V tensor as three layers `q`, `k`, `v`
    /// (``AttentionProjections``).
    public var splitQKV = false
    /// (`heads`, wwn's) Add each attention head's `qk` and `ov` circuits as layers
    /// (``AttentionProjections``); nil adds none.
    public var heads: Int?
    /// Compute every eigenvalue by SVD instead of the Gram path (slower; for checking).
    public var forceSVD = false

    public init() {}
}
