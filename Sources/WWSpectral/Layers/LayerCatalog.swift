import WWNumerics

/// One tensor of a weight collection as the analysis sees it: its WeightWatcher layer id,
/// type and geometry, and whether it is analysed (and why not).
public struct LayerEntry: Sendable {
    /// wwn's layer id: WeightWatcher's state-dict numbering (1-based count of the `*.weight`
    /// tensors, or of all tensors when no name ends in `.weight` or the collection is an ONNX
    /// graph) in the collection's module order (``LayerOrder``); nil for tensors that are not
    /// counted (biases, buffers).
    public var id: Int?
    /// The id WeightWatcher 0.7.7 gives this layer for the same kind of input
    /// (``WeightCollection/weightWatcherLayerIDs``); nil where it counts no layer.
    public var weightWatcherID: Int?
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
    /// How many of the largest eigenvalues the layer keeps (a LoRA update's rank); nil keeps all.
    public var componentLimit: Int?

    public var isAnalysed: Bool { skipReason == nil }
}

public enum LayerCatalog {
    /// The tensor-name suffix WeightWatcher's state-dict reader counts as a layer.
    public static let weightSuffix = WeightWatcherStateDict.weightSuffix
    /// Storage types of integer and boolean tensors (safetensors names), which are never layers
    /// (except in an ONNX graph: ``WeightCollection/takesEveryTensorAsLayer``).
    public static let integerTypes: Set<String> = ["I8", "I16", "I32", "I64", "U8", "U16", "U32", "U64", "BOOL"]

    /// Every tensor of the collection, in the order of `options.order`, with its ids, type,
    /// geometry and verdict under `options`.
    /// - Throws: ``SpectralError/invalidOption(name:reason:)`` for an `order` list naming no tensor.
    public static func entries(of collection: WeightCollection, options: AnalysisOptions = AnalysisOptions()) throws -> [LayerEntry] {
        var options = options
        // WeightWatcher cuts a Keras model's kernels in Keras layout even where the shape rule
        // would say PyTorch (a 3x3 kernel from 3 to 3 channels); `layout:` still wins.
        if options.convolutionLayout == nil, collection.storesKerasKernelLayout { options.convolutionLayout = .kernelFirst }
        let listed = collection.weights
        let ordered = try options.order.arrange(listed, keepsModuleOrder: collection.listsTensorsInLayerOrder)
        let wwIDs = collection.weightWatcherLayerIDs ?? WeightWatcherStateDict.ids(listed.map(\.name), start: 1)
        var found = entries(of: ordered, weightWatcherIDs: wwIDs, everyTensor: collection.takesEveryTensorAsLayer, options: options)
        if let limited = collection as? ComponentLimitedWeights {
            for i in found.indices { found[i].componentLimit = limited.componentLimit(forTensor: found[i].tensorName) }
        }
        return found
    }

    /// The entries of tensors already in layer order; `weightWatcherIDs` nil gives WeightWatcher's
    /// state-dict numbering of this order; `everyTensor` numbers every tensor and takes integer
    /// ones for layers too (ONNX, ``WeightCollection/takesEveryTensorAsLayer``).
    public static func entries(of weights: [WeightInfo], weightWatcherIDs: [String: Int]? = nil, everyTensor: Bool = false,
                               options: AnalysisOptions = AnalysisOptions()) -> [LayerEntry] {
        let ids = WeightWatcherStateDict.ids(weights.map(\.name), start: 1, countingAll: everyTensor)
        let wwIDs = weightWatcherIDs ?? ids
        return weights.map { info in
            let id = ids[info.name]
            let name = info.name.hasSuffix(weightSuffix) ? String(info.name.dropLast(weightSuffix.count)) : info.name
            let type = LayerType.of(shape: info.shape, name: info.name)
            let geometry = LayerGeometry(shape: info.shape, layout: options.convolutionLayout, name: info.name)
            var entry = LayerEntry(id: id, weightWatcherID: wwIDs[info.name], name: name, tensorName: info.name, shape: info.shape, storageType: info.storageType,
                                   type: type, geometry: geometry, skipReason: nil)
            entry.skipReason = skipReason(entry, options: options, integersAreWeights: everyTensor)
            return entry
        }
    }

    /// WeightWatcher's `peft` iterator: adapters are analysed as their product (``LoRAAdapters``
    /// renames them), so a remaining `lora_A` (no `lora_B` after it) or `lora_B` is not a layer;
    /// with `peft: true` only the products are.
    static func peftSkipReason(_ tensorName: String, mode: PeftMode) -> String? {
        guard mode != .off else { return nil }
        if tensorName.contains("lora_BA") || tensorName.contains("lora_W_plus_AB") { return nil }
        if tensorName.contains("lora_A") { return "a LoRA A matrix with no B after it (peft)" }
        if tensorName.contains("lora_B") { return "a LoRA B matrix: analysed in its lora_BA product (peft)" }
        if mode == .adapters { return "not a LoRA update (peft: true analyses only the adapters' products)" }
        return nil
    }

    /// WeightWatcher's checks, in its order: selection, type, eigenvalue counts, max_N.
    /// - Parameter integersAreWeights: integer matrices are layers (an ONNX graph's, as
    ///   WeightWatcher takes them).
    static func skipReason(_ entry: LayerEntry, options: AnalysisOptions, integersAreWeights: Bool = false) -> String? {
        guard let id = entry.id else { return "not a layer weight (WeightWatcher counts only *.weight tensors here)" }
        if !options.selection.includes(id: id, name: entry.name, tensorName: entry.tensorName, type: entry.type) {
            return "not selected by 'layers'"
        }
        if let reason = peftSkipReason(entry.tensorName, mode: options.peft) { return reason }
        if !integersAreWeights, LayerCatalog.integerTypes.contains(entry.storageType) {
            return "holds \(entry.storageType) integers: data or a counter, not weights"
        }
        guard let geometry = entry.geometry else {
            switch entry.type {
            case .vector: return "rank-1 tensor (a bias or norm weights)"
            default:
                return entry.shape.count == 2 ? "a single row: not a layer" : "rank-\(entry.shape.count) tensor: not a dense or conv2d layer (a rank-3 stack of experts is analysed when its name says so: exps, expert)"
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
