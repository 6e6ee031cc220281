import WWBase
import WWNumerics

/// WeightWatcher 0.7.7's `SVDSmoothing`: each selected dense or conv2d layer keeps only its
/// largest components, as many as `method` counts, and the rest of the model is unchanged.
///
/// The counts come from the same analysis `analyze` runs (pooled spectra, conv2d_norm), so a
/// layer's `detX_num`, `num_spikes` or `num_pl_spikes` in analyze's table is the count used
/// here. The edits are made when the result is read (``EditedWeights``), one layer at a time.
/// Deviations: wwn counts with a convolution's true M (WeightWatcher swaps N and M for an even
/// kernel size with fewer outputs than inputs); a stack of experts is left unchanged
/// (WeightWatcher skips rank-3 tensors).
public enum SVDSmoothing {
    /// WeightWatcher's default `percent`.
    public static let defaultPercent = 0.8
    /// `percent` beyond 1 asks for more components than a layer has (scikit-learn refuses), and
    /// below -1 removes them all.
    public static let percentRange = -1.0...1.0

    /// - Parameters:
    ///   - percent: for `method: .svd`, the fraction of each layer's `M * rf` components to keep
    ///     (negative: to remove, the largest first).
    ///   - options: which layers (`selection`, `order`, `min_evals`, ...); the layers are always
    ///     pooled, as WeightWatcher requires.
    /// - Throws: ``SpectralError/invalidOption(name:reason:)`` for `percent` outside -1...1;
    ///   ``SpectralError/interrupted``; the collection's read errors.
    public static func smoothed(_ collection: WeightCollection, method: SmoothingMethod = .detX,
                                percent: Double = defaultPercent, options: AnalysisOptions = AnalysisOptions(),
                                progress: (any ProgressReporter)? = nil,
                                cancellation: Cancellation = .never) throws -> EditedWeights {
        guard percent.isFinite, percentRange.contains(percent) else {
            throw SpectralError.invalidOption(name: "percent", reason: "must be between -1 and 1 (the fraction of each layer's M*rf components to keep; negative removes the largest), got \(percent)")
        }
        var analysisOptions = options
        analysisOptions.pool = true
        analysisOptions.mpFit = method == .rmt || method == .auto
        analysisOptions.detX = method == .detX || method == .auto
        analysisOptions.randomize = false
        var edits: [LayerEdit] = []
        if method == .svd {
            // The count needs only the shape: no spectrum is computed.
            for entry in try LayerCatalog.entries(of: collection, options: analysisOptions) where isEditable(entry) {
                guard let geometry = entry.geometry else { continue }
                edits.append(LayerEdit(entry: entry, count: Int(percent * Double(geometry.m) * Double(geometry.receptiveField))))
            }
        } else {
            let analysis = try ModelAnalysis.analyze(collection, options: analysisOptions, progress: progress, cancellation: cancellation)
            for report in analysis.reports where isEditable(report.entry) {
                edits.append(edit(for: report, method: method))
            }
        }
        return EditedWeights(base: collection, operation: "SVDSmoothing (\(method.rawValue))", edits: edits)
    }

    /// Dense and conv2d layers the options select; stacks of experts are not edited.
    static func isEditable(_ entry: LayerEntry) -> Bool {
        entry.isAnalysed && (entry.type == .dense || entry.type == .conv2d)
    }

    /// The count `method` takes from a layer's analysis; a layer whose fit failed is left as it is.
    static func edit(for report: LayerReport, method: SmoothingMethod) -> LayerEdit {
        let entry = report.entry
        if let error = report.error { return LayerEdit(entry: entry, count: 0, note: error) }
        func spikes() -> LayerEdit {
            guard let fit = report.marchenkoPastur else {
                return LayerEdit(entry: entry, count: 0, note: "MP fit failed: \(report.marchenkoPasturFailure ?? "no fit")")
            }
            return LayerEdit(entry: entry, count: fit.spikeCount)
        }
        func detX() -> LayerEdit {
            guard let constraint = report.detX else { return LayerEdit(entry: entry, count: 0, note: "no detX constraint (empty spectrum)") }
            return LayerEdit(entry: entry, count: constraint.count)
        }
        switch method {
        case .svd: return LayerEdit(entry: entry, count: 0)
        case .rmt: return spikes()
        case .detX: return detX()
        case .alphaMin:
            guard let fit = report.fit else { return LayerEdit(entry: entry, count: 0, note: "power-law fit failed: \(report.reason)") }
            return LayerEdit(entry: entry, count: fit.spikeCount)
        case .auto:
            // WeightWatcher reports a failed fit as alpha -1, which takes the detX branch.
            let alpha = report.fit?.fit.alpha ?? -1
            return alpha > SmoothingMethod.autoAlphaThreshold ? spikes() : detX()
        }
    }
}
