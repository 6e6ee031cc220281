import WWNumerics

/// A fine-tuned model seen through its base model: WeightWatcher's `base_model` option, where
/// each layer is analysed as `W - W_base`, the update fine-tuning made.
///
/// Layers are paired as WeightWatcher 0.7.7 pairs them (`WWDeltaLayerIterator`): both models'
/// analysed layers are walked in order, and a model layer takes the current base layer when its
/// name occurs in the base layer's name; the base then moves on. A model layer with no partner
/// (a head added for fine-tuning) is analysed as it is. A base layer whose shape is the
/// transpose of the model's is transposed first. Where WeightWatcher analyses a matrix of zeros
/// (shapes that fit neither way, with a log warning), wwn stops with an error naming both
/// layers: a table row of zeros would read as a result.
public final class BaseModelDelta: WeightCollection {
    public let model: WeightCollection
    public let base: WeightCollection
    /// The base tensor paired with each model tensor that has one, by tensor name.
    public let partners: [String: String]

    /// Pairs the layers `options` selects in both models.
    /// - Throws: ``SpectralError/shapeMismatch(name:expected:actual:)`` for a pair whose shapes
    ///   fit neither as they are nor transposed.
    public init(model: WeightCollection, base: WeightCollection, options: AnalysisOptions) throws {
        self.model = model
        self.base = base
        let left = try LayerCatalog.entries(of: model, options: options).filter(\.isAnalysed)
        var right = try LayerCatalog.entries(of: base, options: options).filter(\.isAnalysed)[...]
        var partners: [String: String] = [:]
        for entry in left {
            guard let candidate = right.first, candidate.name.contains(entry.name) else { continue }
            right = right.dropFirst()
            guard candidate.shape == entry.shape || Self.isTranspose(candidate.shape, of: entry.shape) else {
                throw SpectralError.shapeMismatch(name: "\(entry.tensorName) (its base layer \(candidate.tensorName))",
                                                  expected: entry.shape, actual: candidate.shape)
            }
            partners[entry.tensorName] = candidate.tensorName
        }
        self.partners = partners
    }

    static func isTranspose(_ shape: [Int], of other: [Int]) -> Bool {
        shape.count == 2 && other.count == 2 && shape[0] == other[1] && shape[1] == other[0]
    }

    public var source: String { "\(model.source) - base \(base.source)" }
    public var weights: [WeightInfo] { model.weights }
    public var listsTensorsInLayerOrder: Bool { model.listsTensorsInLayerOrder }
    public var weightWatcherLayerIDs: [String: Int]? { model.weightWatcherLayerIDs }
    public var storesKerasKernelLayout: Bool { model.storesKerasKernelLayout }
    public var takesEveryTensorAsLayer: Bool { model.takesEveryTensorAsLayer }

    public func tensor(named name: String) throws -> Tensor {
        let weights = try model.tensor(named: name)
        guard let partner = partners[name] else { return weights }
        var baseline = try base.tensor(named: partner)
        if baseline.shape != weights.shape { baseline = try baseline.transposed() }
        // Two float32 models differ in float32, as WeightWatcher subtracts their arrays; the
        // difference is rounded there, so a float64 subtraction would not match it.
        if weights.elementType == .float32, baseline.elementType == .float32 {
            return try Tensor(shape: weights.shape, values: zip(weights.floatValues, baseline.floatValues).map { $0 - $1 })
        }
        return try Tensor(shape: weights.shape, values: zip(weights.doubleValues, baseline.doubleValues).map { $0 - $1 })
    }

    public func float64Tensor(named name: String) throws -> Tensor {
        guard partners[name] != nil else { return try model.float64Tensor(named: name) }
        let difference = try tensor(named: name)
        return difference.elementType == .float64 ? difference : try Tensor(shape: difference.shape, values: difference.doubleValues)
    }
}
