import WWNumerics

extension LayerGeometry {
    /// The factor WeightWatcher multiplies a layer's weights by before its SVD: with
    /// `conv2d_norm` a convolution's kernel-position matrices are scaled by sqrt(count / 2),
    /// count being the positions that make one spectrum's matrix (1 when pooled, all
    /// `receptiveField` of them when each position is its own row); dense layers are not scaled.
    /// The analysis and the one-layer spectrum both use it, so `esd` matches `analyze`.
    ///
    /// `glorotFix` replaces that by Glorot's factor 1 / kappa, kappa = sqrt(2 / ((N + M) count)),
    /// for every layer: what WeightWatcher's `glorot_fix` is written to do. (0.7.7 stores the
    /// keyword under another key, `glorot_fit`, so it never applies there; and its code, if
    /// reached, multiplies by a tuple.)
    public func weightWatcherScale(conv2dNorm: Bool, pooled: Bool, glorotFix: Bool = false) -> Double {
        let count = pooled ? 1 : receptiveField
        if glorotFix { return (Double((n + m) * count) / 2).squareRoot() }
        return type == .conv2d && conv2dNorm ? (Double(count) / 2).squareRoot() : 1
    }
}

extension LayerSpectrum {
    /// The spectrum of one layer's tensor with every kernel position pooled, scaled as
    /// ``ModelAnalysis`` scales it: WeightWatcher's ESD of that layer.
    /// - Throws: ``SpectralError/invalidInput(reason:)`` for weights holding NaN or infinity;
    ///   ``SpectralError/shapeMismatch(name:expected:actual:)`` when `tensor` does not have `geometry`.
    public static func pooled(_ tensor: Tensor, geometry: LayerGeometry, conv2dNorm: Bool = true) throws -> LayerSpectrum {
        guard tensor.isFinite else { throw SpectralError.invalidInput(reason: "the weights hold NaN or infinity: they have no spectrum") }
        let scale = geometry.weightWatcherScale(conv2dNorm: conv2dNorm, pooled: true)
        return try LayerSpectrum(matrices: geometry.matrices(of: tensor, scale: scale), n: geometry.n)
    }
}
