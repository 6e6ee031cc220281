import WWNumerics

/// How `analyze` treats LoRA adapters (WeightWatcher's `peft` option).
public enum PeftMode: String, Sendable {
    /// Adapter matrices are ordinary layers.
    case off
    /// (`peft=True`) Each adapter pair is analysed as its update `B A` (a layer named
    /// `…lora_BA`); every other layer is skipped.
    case adapters
    /// (`peft="with_base"`) The update `B A`, the merged weights `W + B A` (`…lora_W_plus_AB`)
    /// and the other layers.
    case withBase = "with_base"
}

/// A collection whose layers keep only their largest eigenvalues: a LoRA update of rank r has r
/// nonzero ones, and WeightWatcher analyses r (a truncated SVD) for both `B A` and `W + B A`.
public protocol ComponentLimitedWeights: WeightCollection {
    /// How many of the largest eigenvalues the tensor's layer keeps; nil keeps all.
    func componentLimit(forTensor name: String) -> Int?
}

/// A model with LoRA adapters seen as WeightWatcher 0.7.7's `peft` iterator sees it.
///
/// Walking the layers in order, a `lora_A` matrix is paired with the `lora_B` matrix that
/// follows it, and the last dense layer before them that is not an adapter is their base `W`.
/// The `lora_A` tensor becomes `B A` (named with `lora_BA`); with `with_base` the `lora_B`
/// tensor becomes `W + B A` (named with `lora_W_plus_AB`), otherwise it stays and is skipped.
/// A is transposed when it is stored (in, r), B when its columns do not meet A's rows, and
/// `B A` is transposed before it is added to a `W` it does not fit as is. LoRA's scaling
/// (alpha / r) is not applied, as WeightWatcher does not apply it: scaling changes the norms,
/// not alpha.
public final class LoRAAdapters: ComponentLimitedWeights {
    struct Pair {
        var a: WeightInfo
        var b: WeightInfo
        var base: WeightInfo?
        var rank: Int
    }

    public let model: WeightCollection
    public let mode: PeftMode
    /// The pairs by the name of the tensor each one replaces (its `lora_BA`, its
    /// `lora_W_plus_AB`).
    private var products: [String: Pair] = [:]
    private var merged: [String: Pair] = [:]
    /// Each listed name and the model's name it stands in for.
    private var renamed: [String: String] = [:]
    public let weights: [WeightInfo]

    /// - Throws: ``SpectralError/shapeMismatch(name:expected:actual:)`` for adapters whose
    ///   shapes cannot be multiplied, or whose product cannot be added to its base.
    public init(model: WeightCollection, mode: PeftMode, order: LayerOrder) throws {
        self.model = model
        self.mode = mode
        let ordered = try order.arrange(model.weights, keepsModuleOrder: model.listsTensorsInLayerOrder)
        var replacements: [String: WeightInfo] = [:]
        var lastBase: WeightInfo?
        var pendingA: WeightInfo?
        for info in ordered where info.shape.count == 2 {
            if info.name.contains("lora_A") {
                pendingA = info
            } else if info.name.contains("lora_B") {
                guard let a = pendingA else { continue }
                let (rows, columns, rank) = try Self.productShape(a: a, b: info)
                let pair = Pair(a: a, b: info, base: lastBase, rank: rank)
                let product = WeightInfo(name: a.name.replacingOccurrences(of: "lora_A", with: "lora_BA"), shape: [rows, columns], storageType: "F64")
                products[product.name] = pair
                replacements[a.name] = product
                if mode == .withBase, let base = lastBase {
                    guard base.shape == [rows, columns] || base.shape == [columns, rows] else {
                        throw SpectralError.shapeMismatch(name: "\(product.name) (added to \(base.name))", expected: base.shape, actual: [rows, columns])
                    }
                    let sum = WeightInfo(name: info.name.replacingOccurrences(of: "lora_B", with: "lora_W_plus_AB"), shape: base.shape, storageType: "F64")
                    merged[sum.name] = pair
                    replacements[info.name] = sum
                }
                pendingA = nil
            } else {
                lastBase = info
            }
        }
        // Listed in layer order already: the new names would sort differently ("lora_B." before
        // "lora_BA"), and the ids must stay those of the tensors they replace.
        weights = ordered.map { replacements[$0.name] ?? $0 }
        for (original, replacement) in replacements { renamed[replacement.name] = original }
    }

    /// WeightWatcher's alignment: A as (r, in), B as (out, r); the product is (out, in).
    static func productShape(a: WeightInfo, b: WeightInfo) throws -> (rows: Int, columns: Int, rank: Int) {
        let aRows = min(a.shape[0], a.shape[1]), aColumns = max(a.shape[0], a.shape[1])
        let bShape = b.shape[1] == aRows ? b.shape : [b.shape[1], b.shape[0]]
        guard bShape[1] == aRows else {
            throw SpectralError.shapeMismatch(name: "\(b.name) (times \(a.name))", expected: [b.shape[0], aRows], actual: b.shape)
        }
        return (bShape[0], aColumns, min(a.shape[0], a.shape[1]))
    }

    public var source: String { model.source }
    public var listsTensorsInLayerOrder: Bool { true }
    public var storesKerasKernelLayout: Bool { model.storesKerasKernelLayout }
    public var takesEveryTensorAsLayer: Bool { model.takesEveryTensorAsLayer }

    /// The model's WeightWatcher ids (its state-dict numbering in file order when it has no
    /// other), each replacement taking the id of the tensor it replaces.
    public var weightWatcherLayerIDs: [String: Int]? {
        let ids = model.weightWatcherLayerIDs ?? WeightWatcherStateDict.ids(model.weights.map(\.name), start: 1)
        var mapped = ids
        for (name, original) in renamed { mapped[name] = ids[original] }
        return mapped
    }

    public func componentLimit(forTensor name: String) -> Int? {
        (products[name] ?? merged[name])?.rank
    }

    public func tensor(named name: String) throws -> Tensor {
        if let pair = products[name] { return try product(pair) }
        if let pair = merged[name], let base = pair.base {
            let update = try product(pair)
            let weights = try model.tensor(named: base.name)
            let aligned = update.shape == weights.shape ? update : try update.transposed()
            // float32 weights and a float32 product add in float32, as NumPy adds them.
            if weights.elementType == .float32, aligned.elementType == .float32 {
                return try Tensor(shape: weights.shape, values: zip(weights.floatValues, aligned.floatValues).map { $0 + $1 })
            }
            return try Tensor(shape: weights.shape, values: zip(weights.doubleValues, aligned.doubleValues).map { $0 + $1 })
        }
        return try model.tensor(named: renamed[name] ?? name)
    }

    public func float64Tensor(named name: String) throws -> Tensor {
        guard products[name] != nil || merged[name] != nil else { return try model.float64Tensor(named: renamed[name] ?? name) }
        let values = try tensor(named: name)
        return values.elementType == .float64 ? values : try Tensor(shape: values.shape, values: values.doubleValues)
    }

    /// `B A` after WeightWatcher's transpositions, in float32 when both adapters are float32
    /// (NumPy multiplies float32 arrays in float32, and WeightWatcher analyses that product).
    private func product(_ pair: Pair) throws -> Tensor {
        var a = try model.tensor(named: pair.a.name)
        if a.shape[0] > a.shape[1] { a = try a.transposed() }
        var b = try model.tensor(named: pair.b.name)
        if b.shape[1] != a.shape[0] { b = try b.transposed() }
        let m = b.shape[0], k = b.shape[1], n = a.shape[1]
        if a.elementType == .float32, b.elementType == .float32 {
            let left = b.floatValues, right = a.floatValues
            var out = [Float](repeating: 0, count: m * n)
            BLAS.gemm(transA: .noTranspose, transB: .noTranspose, m: Int32(m), n: Int32(n), k: Int32(k),
                      alpha: 1, a: left, lda: Int32(k), b: right, ldb: Int32(n), beta: 0, c: &out, ldc: Int32(n))
            return try Tensor(shape: [m, n], values: out)
        }
        let left = b.doubleValues, right = a.doubleValues
        var out = [Double](repeating: 0, count: m * n)
        BLAS.gemm(transA: .noTranspose, transB: .noTranspose, m: Int32(m), n: Int32(n), k: Int32(k),
                  alpha: 1, a: left, lda: Int32(k), b: right, ldb: Int32(n), beta: 0, c: &out, ldc: Int32(n))
        return try Tensor(shape: [m, n], values: out)
    }
}
