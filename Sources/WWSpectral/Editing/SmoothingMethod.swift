/// How `SVDSmoothing` decides how many components of each layer to keep (WeightWatcher 0.7.7's
/// `method`, spelled as there). Every method counts over the layer's pooled spectrum (`M * rf`
/// eigenvalues for a convolution); a convolution then keeps `ceil(count / rf)` per kernel position.
public enum SmoothingMethod: String, Sendable, CaseIterable {
    /// `percent * M * rf` components, truncated to a whole number; a negative percent removes
    /// that many of the largest instead.
    case svd
    /// The spikes of the Marchenko-Pastur fit (`num_spikes`): the eigenvalues above the bulk.
    case rmt
    /// The detX constraint's tail (`detX_num`), WeightWatcher's default.
    case detX
    /// The power-law tail (`num_pl_spikes`).
    case alphaMin = "alpha_min"
    /// The MP spikes when the power-law alpha exceeds 6 (a random-like layer), else the detX tail.
    case auto

    /// The alpha above which `auto` counts MP spikes (WeightWatcher's constant, its
    /// "under-trained" boundary).
    public static let autoAlphaThreshold = SpectralLimits.underTrainedAlpha

    /// The names the option accepts, for errors and documentation.
    public static var names: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}
