import WWBase
import WWNumerics

/// WeightWatcher 0.7.7's `SVDSharpness`: each selected dense or conv2d layer loses its largest
/// components, as many as the Marchenko-Pastur fit finds spikes in the spectrum of the layer's
/// weights shuffled (`num_spikes` of the permuted matrices: what survives shuffling is a
/// correlation trap, a few huge entries or a shared offset, not learned structure).
///
/// WeightWatcher shuffles with NumPy's global stream; wwn draws the same permutations from
/// ``NumpyRandomState`` seeded with `seed`, so `seed: n` here gives what `np.random.seed(n)`
/// before `SVDSharpness` gives there. Layers draw one after another in layer order, each
/// kernel position of a convolution in turn, in WeightWatcher's orientation (a convolution
/// slice with fewer outputs than inputs transposed), so the shuffle sees the same flat order. For a convolution the count is spread
/// as `ceil(-spikes / rf)` per kernel position, which removes nothing when there are fewer
/// spikes than positions (WeightWatcher's rounding).
public enum SVDSharpness {
    /// - Parameter options: which layers (`selection`, `order`, `min_evals`, ...); pooled always.
    /// - Throws: ``SpectralError/interrupted``; the collection's read errors.
    public static func sharpened(_ collection: WeightCollection, seed: UInt32, options: AnalysisOptions = AnalysisOptions(),
                                 progress: (any ProgressReporter)? = nil,
                                 cancellation: Cancellation = .never) throws -> EditedWeights {
        var options = options
        options.pool = true
        var random = NumpyRandomState(seed: seed)
        let entries = try LayerCatalog.entries(of: collection, options: options).filter(SVDSmoothing.isEditable)
        var edits: [LayerEdit] = []
        for (index, entry) in entries.enumerated() {
            if cancellation.isCancelled { throw SpectralError.interrupted }
            edits.append(try edit(entry, tensor: collection.float64Tensor(named: entry.tensorName), options: options, random: &random))
            progress?.progress(done: index + 1, total: entries.count, label: entry.tensorName)
        }
        return EditedWeights(base: collection, operation: "SVDSharpness (seed \(seed))", edits: edits)
    }

    static func edit(_ entry: LayerEntry, tensor: Tensor, options: AnalysisOptions, random: inout NumpyRandomState) throws -> LayerEdit {
        guard let geometry = entry.geometry else { return LayerEdit(entry: entry, count: 0) }
        guard tensor.isFinite else { return LayerEdit(entry: entry, count: 0, note: "non-finite weights (NaN or infinity): no spectrum") }
        let scale = geometry.weightWatcherScale(conv2dNorm: options.conv2dNorm, pooled: true, glorotFix: options.glorotFix)
        let shuffled = try geometry.matrices(of: tensor, scale: scale).map { matrix in
            try permuted(oriented(matrix, geometry: geometry), random: &random)
        }
        do {
            let spectrum = try LayerSpectrum(matrices: shuffled, n: geometry.n)
            let fit = try MarchenkoPastur.fit(eigenvalues: spectrum.eigenvalues, q: geometry.q, m: geometry.m)
            return LayerEdit(entry: entry, count: -fit.spikeCount)
        } catch {
            return LayerEdit(entry: entry, count: 0, note: "MP fit of the shuffled spectrum failed: \(error)")
        }
    }

    /// The matrix as WeightWatcher holds it: dense layers as stored; a convolution slice
    /// transposed when it has fewer outputs than inputs.
    static func oriented(_ matrix: LayerMatrix, geometry: LayerGeometry) throws -> LayerMatrix {
        guard geometry.type == .conv2d else { return matrix }
        let outputs = geometry.layout == .kernelFirst ? matrix.columns : matrix.rows
        let inputs = geometry.layout == .kernelFirst ? matrix.rows : matrix.columns
        guard outputs < inputs else { return matrix }
        return LayerMatrix(rows: matrix.columns, columns: matrix.rows, values: try matrix.tensor.transposed().doubleValues,
                           sliceID: matrix.sliceID)
    }

    /// NumPy's `vec[permutation(count)]` of the flattened matrix.
    static func permuted(_ matrix: LayerMatrix, random: inout NumpyRandomState) -> LayerMatrix {
        var result = matrix
        let order = random.permutation(matrix.values.count)
        result.values = order.map { matrix.values[$0] }
        return result
    }
}
