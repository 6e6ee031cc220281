import WWNumerics

/// One tensor of a weight collection as the analysis sees it: its WeightWatcher layer id,
/// type and geometry, and whether it is analysed (and why not).
public struct LayerEntry: Sendable {
    /// WeightWatcher's layer id (1-based count of the `*.weight` tensors, or of all tensors when
    /// no name ends in `.weight`); nil for tensors that are not counted (biases, buffers).
    public var id: Int?
    /// The layer name: the tensor name without its `.weight` suffix (WeightWatcher's `name`).
    public var name: String
    /// The tensor's name in the collection (wwn's `tensor` column).
    public var tensorName: String
    public var shape: [Int]
    public var storageType: String
    public var type: LayerType
    public var geometry: LayerGeometry?
    /// Why the layer is not analysed; nil when it is.
    public var skipReason: String?

    public var isAnalysed: Bool { skipReason == nil }
}

public enum LayerCatalog {
    /// The tensor-name suffix WeightWatcher's state-dict reader counts as a layer.
    public static let weightSuffix = ".weight"

    /// Every tensor of the collection with its id, type, geometry and verdict under `options`.
    public static func entries(of weights: [WeightInfo], options: AnalysisOptions = AnalysisOptions()) -> [LayerEntry] {
        let countsAll = !weights.contains { $0.name.hasSuffix(weightSuffix) }
        var nextID = 1
        return weights.map { info in
            let counted = countsAll || info.name.hasSuffix(weightSuffix)
            let id: Int? = counted ? nextID : nil
            if counted { nextID += 1 }
            let name = info.name.hasSuffix(weightSuffix) ? String(info.name.dropLast(weightSuffix.count)) : info.name
            let type = LayerType.of(shape: info.shape)
            let geometry = LayerGeometry(shape: info.shape, layout: options.convolutionLayout)
            var entry = LayerEntry(id: id, name: name, tensorName: info.name, shape: info.shape, storageType: info.storageType,
                                   type: type, geometry: geometry, skipReason: nil)
            entry.skipReason = skipReason(entry, options: options)
            return entry
        }
    }

    /// WeightWatcher's checks, in its order: selection, type, eigenvalue counts, max_N.
    static func skipReason(_ entry: LayerEntry, options: AnalysisOptions) -> String? {
        guard let id = entry.id else { return "not a layer weight (WeightWatcher counts only *.weight tensors here)" }
        if !options.selection.includes(id: id, name: entry.name, tensorName: entry.tensorName, type: entry.type) {
            return "not selected by 'layers'"
        }
        guard let geometry = entry.geometry else {
            switch entry.type {
            case .vector: return "rank-1 tensor (a bias or norm weights)"
            default:
                return entry.shape.count == 2 ? "a single row: not a layer" : "rank-\(entry.shape.count) tensor: not a dense or conv2d layer"
            }
        }
        let count = options.pool ? geometry.pooledEigenvalueCount : geometry.m
        let what = options.pool && geometry.receptiveField > 1 ? "M*rf = \(count)" : "M = \(count)"
        if count < options.minEigenvalues { return "\(what) eigenvalues < min_evals \(options.minEigenvalues)" }
        if options.maxEigenvalues > 0 && count > options.maxEigenvalues { return "\(what) eigenvalues > max_evals \(options.maxEigenvalues)" }
        if geometry.n > options.maxN { return "N = \(geometry.n) > max_N \(options.maxN)" }
        return nil
    }
}
