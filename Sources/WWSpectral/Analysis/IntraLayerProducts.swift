import WWNumerics

/// Consecutive layers seen through their product: WeightWatcher's `intra` option (experimental
/// there), where each pair of neighbouring analysed layers gives one matrix
/// `X = W0 W1 / (|W0| |W1|)`, the composed linear map scaled by the Frobenius norms.
///
/// The walk is WeightWatcher 0.7.7's (`WWIntraLayerIterator`): the layers `options` selects
/// and keeps (ids, type, eigenvalue counts, max_N) are visited in order, and every layer after
/// the first is paired with the one before it. The two matrices are aligned on the dimension
/// their four sizes share (WeightWatcher's `align_mats`: `W0` transposed unless its columns are
/// that size, `W1` unless its rows are); a pair whose aligned matrices still do not meet is
/// left out, as WeightWatcher leaves it out. Each product takes the second layer's ids and is
/// named `"<first id> X <second id>"` with WeightWatcher's ids, as WeightWatcher names it.
///
/// With `sparsify` (WeightWatcher's default) a random 0/1 mask `S` of the shared size stands for
/// the ReLU between the layers: `X = W0 S W1 / (|W0| |W1| + sqrt(|S|))`, WeightWatcher's
/// formula. WeightWatcher draws `S` from NumPy's unseeded global generator; wwn draws it from
/// `options.seed` and the pair's name, so a run repeats.
///
/// Only dense layers are paired: WeightWatcher multiplies the first kernel position of a
/// convolution, which is not the map the layer computes, so a pair with a convolution or a
/// stack of experts is left out (docs/spectral.md lists this deviation).
public final class IntraLayerProducts: WeightCollection {
    /// Two neighbouring layers and the product's name.
    struct Pair {
        var first: LayerEntry
        var second: LayerEntry
        /// The size both matrices share after alignment (the mask's side).
        var shared: Int
        var transposeFirst: Bool
        var transposeSecond: Bool
        /// The mask's 0/1 entries, row-major, when sparsifying.
        var mask: [Double]?
    }

    public let model: WeightCollection
    public let weights: [WeightInfo]
    private let pairs: [String: Pair]
    /// Neighbouring layers that give no product, with the reason (for `describe`).
    public let leftOut: [(pair: String, reason: String)]

    /// Pairs the layers `options` selects in `model`.
    /// - Parameters:
    ///   - sparsify: multiply by a random 0/1 mask between the layers (WeightWatcher's default).
    ///   - masks: the masks to use instead of drawing them, one per product in order, each
    ///     row-major with `shared * shared` entries of 0 and 1 (for checking against a
    ///     WeightWatcher run whose draws were recorded).
    /// - Throws: ``SpectralError/invalidOption(name:reason:)`` when `masks` are given but do not
    ///   fit the products.
    public init(model: WeightCollection, options: AnalysisOptions, sparsify: Bool, masks: [[Double]]? = nil) throws {
        self.model = model
        let layers = try LayerCatalog.entries(of: model, options: options).filter(\.isAnalysed)
        var pairs: [String: Pair] = [:], weights: [WeightInfo] = [], leftOut: [(String, String)] = []
        var remainingMasks = masks?[...]
        for (first, second) in zip(layers, layers.dropFirst()) {
            let name = "\(first.weightWatcherID ?? first.id ?? 0) X \(second.weightWatcherID ?? second.id ?? 0)"
            guard first.type == .dense, second.type == .dense else {
                leftOut.append((name, "only dense layers are paired (\(first.name) is \(first.type.rawValue), \(second.name) is \(second.type.rawValue))"))
                continue
            }
            let (shared, transposeFirst, transposeSecond) = Self.alignment(first.shape, second.shape)
            let rows = transposeFirst ? first.shape[1] : first.shape[0]
            let inner = transposeFirst ? first.shape[0] : first.shape[1]
            let secondRows = transposeSecond ? second.shape[1] : second.shape[0]
            let columns = transposeSecond ? second.shape[0] : second.shape[1]
            guard inner == secondRows else {
                leftOut.append((name, "\(first.name) \(first.shape) and \(second.name) \(second.shape) share no dimension"))
                continue
            }
            var mask: [Double]?
            if sparsify {
                if remainingMasks != nil {
                    guard let given = remainingMasks?.popFirst(), given.count == shared * shared else {
                        throw SpectralError.invalidOption(name: "masks", reason: "needs a \(shared) x \(shared) mask for \(name)")
                    }
                    mask = given
                } else {
                    var random = SeededRandom(seed: LayerAnalysis.streamSeed(options.seed, name, 0))
                    mask = (0..<shared * shared).map { _ in Double(random.next() >> 63) }
                }
            }
            pairs[name] = Pair(first: first, second: second, shared: shared, transposeFirst: transposeFirst,
                               transposeSecond: transposeSecond, mask: mask)
            weights.append(WeightInfo(name: name, shape: [rows, columns], storageType: "F64"))
        }
        self.pairs = pairs
        self.weights = weights
        self.leftOut = leftOut
    }

    /// WeightWatcher's `align_mats`: the shared size is the largest size that occurs more than
    /// once among the four; `W0` is transposed unless its columns have it, `W1` unless its rows
    /// do. With no repeated size neither is transposed.
    public static func alignment(_ first: [Int], _ second: [Int]) -> (shared: Int, transposeFirst: Bool, transposeSecond: Bool) {
        let sizes = [first[0], first[1], second[0], second[1]]
        let repeated = Set(sizes.filter { size in sizes.filter { $0 == size }.count > 1 })
        guard let shared = repeated.max() else { return (0, false, false) }
        return (shared, first[1] != shared, second[0] != shared)
    }

    public var source: String { "\(model.source) (intra-layer products)" }
    public var listsTensorsInLayerOrder: Bool { true }

    /// Each product takes the WeightWatcher id of its second layer.
    public var weightWatcherLayerIDs: [String: Int]? {
        pairs.compactMapValues { $0.second.weightWatcherID ?? $0.second.id }
    }

    /// wwn's id of each product: its second layer's.
    public func layerID(ofProduct name: String) -> Int? { pairs[name]?.second.id }

    public func tensor(named name: String) throws -> Tensor {
        guard let pair = pairs[name] else { return try model.tensor(named: name) }
        var first = try model.tensor(named: pair.first.tensorName)
        var second = try model.tensor(named: pair.second.tensorName)
        if pair.transposeFirst { first = try first.transposed() }
        if pair.transposeSecond { second = try second.transposed() }
        if let mask = pair.mask {
            // NumPy promotes float32 weights times an integer mask to float64, so WeightWatcher
            // forms this product and its scale in float64.
            let masked = try gemm(first, try Tensor(shape: [pair.shared, pair.shared], values: mask))
            let product = try gemm(masked, second)
            let scale = Self.normProduct(first, second) + Self.norm(try Tensor(shape: [mask.count], values: mask)).squareRoot()
            return try Tensor(shape: product.shape, values: product.doubleValues.map { $0 / scale })
        }
        let product = try gemm(first, second)
        let scale = Self.normProduct(first, second)
        if product.elementType == .float32 {
            let single = Float(scale)
            return try Tensor(shape: product.shape, values: product.floatValues.map { $0 / single })
        }
        return try Tensor(shape: product.shape, values: product.doubleValues.map { $0 / scale })
    }

    /// `|W0| |W1|`, in float32 when both are float32: NumPy keeps float32 arrays, and their
    /// norms, in float32.
    static func normProduct(_ first: Tensor, _ second: Tensor) -> Double {
        guard first.elementType == .float32, second.elementType == .float32 else { return norm(first) * norm(second) }
        return Double(Float(norm(first)) * Float(norm(second)))
    }

    /// The Frobenius norm, summed in float64.
    static func norm(_ tensor: Tensor) -> Double {
        tensor.doubleValues.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
