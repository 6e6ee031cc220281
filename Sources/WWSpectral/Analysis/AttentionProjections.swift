import WWNumerics

/// A model's attention blocks seen through their projections: the `split_qkv` and `heads`
/// options of `analyze` (wwn's own; WeightWatcher analyses a fused tensor whole).
///
/// With `splitFused`, each fused Q/K/V tensor (``AttentionBlock`` lists the layouts) is replaced
/// by three layers named `<prefix>.q.weight`, `.k.weight` and `.v.weight`, each `[d, in]` in
/// `nn.Linear` orientation (a GPT-2 `Conv1D` block transposed; the singular values do not
/// change).
///
/// With `heads: n`, every block also gives, per head h of size `d_h = d / n`, the two circuits
/// of Elhage et al. (2021) as layers after the block's last tensor:
/// - `<prefix>.head<h>.qk.weight` = `W_Q^hᵀ W_K^h` (`[in, in]`), the bilinear form of the
///   attention scores;
/// - `<prefix>.head<h>.ov.weight` = `W_O^h W_V^h` (`[out, in]`), what the head writes back,
///   with `W_O^h` the head's `d_h` columns of the block's output projection (left out when the
///   block has none).
///
/// Each circuit has rank at most `d_h`, so its layer keeps its `d_h` largest eigenvalues
/// (``ComponentLimitedWeights``), as a LoRA update keeps r. With fewer key/value heads than
/// query heads (grouped-query attention), query head h uses key/value head
/// `h / (n / n_kv)`. Products are formed in float64.
public final class AttentionProjections: ComponentLimitedWeights {
    enum Layer {
        case part(ProjectionSlice)
        case queryKey(query: ProjectionSlice, key: ProjectionSlice)
        case outputValue(output: ProjectionSlice, value: ProjectionSlice)
    }

    public let model: WeightCollection
    public let weights: [WeightInfo]
    private let layers: [String: Layer]
    private let headSize: [String: Int]
    /// The prefixes of blocks whose output projection was not found, so they give no `ov` layers.
    public let withoutOutput: [String]

    /// - Parameters:
    ///   - splitFused: replace each fused Q/K/V tensor by its three parts.
    ///   - heads: the head count for the per-head circuits (and for cutting an interleaved
    ///     tensor); nil forms none.
    /// - Throws: ``SpectralError/invalidOption(name:reason:)`` when the model has no attention
    ///   block the options apply to, when an interleaved tensor is to be split without `heads`,
    ///   or when the head count does not divide a block's projections.
    public init(model: WeightCollection, splitFused: Bool, heads: Int?, order: LayerOrder) throws {
        self.model = model
        if let heads, heads < 1 { throw SpectralError.invalidOption(name: "heads", reason: "must be at least 1, got \(heads)") }
        let ordered = try order.arrange(model.weights, keepsModuleOrder: model.listsTensorsInLayerOrder)
        let (blocks, interleaved) = try AttentionBlock.blocks(in: ordered, heads: heads)
        if splitFused, let first = interleaved.first {
            throw SpectralError.invalidOption(name: "split_qkv", reason: "cannot cut \(first): it interleaves each head's q, k and v rows (GPT-NeoX layout); give heads: n")
        }
        let fused = blocks.filter { $0.fusedTensor != nil }
        if splitFused, fused.isEmpty {
            throw SpectralError.invalidOption(name: "split_qkv", reason: "found no fused q, k, v tensor in \(model.source) (looked for \(AttentionBlock.recognisedNames))")
        }
        if heads != nil, blocks.isEmpty {
            throw SpectralError.invalidOption(name: "heads", reason: "found no attention projections in \(model.source) (looked for \(AttentionBlock.recognisedNames))")
        }
        var layers: [String: Layer] = [:], headSize: [String: Int] = [:]
        var replacements: [String: [WeightInfo]] = [:], after: [String: [WeightInfo]] = [:]
        var withoutOutput: [String] = []
        let position = Dictionary(ordered.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let storage = Dictionary(ordered.map { ($0.name, $0.storageType) }, uniquingKeysWith: { first, _ in first })
        for block in blocks {
            if splitFused, let tensor = block.fusedTensor {
                replacements[tensor] = zip(["q", "k", "v"], [block.query, block.key, block.value]).map { part, slice in
                    let name = Self.layerName(block.prefix, "\(part).weight")
                    layers[name] = .part(slice)
                    return WeightInfo(name: name, shape: [slice.outputs, slice.inputs], storageType: storage[tensor] ?? "F64")
                }
            }
            guard let heads else { continue }
            let circuits = try Self.circuits(of: block, heads: heads)
            if block.output == nil { withoutOutput.append(block.prefix) }
            var listed: [WeightInfo] = []
            for circuit in circuits {
                layers[circuit.info.name] = circuit.layer
                headSize[circuit.info.name] = circuit.rank
                listed.append(circuit.info)
            }
            let anchor = block.tensors.max { (position[$0] ?? 0) < (position[$1] ?? 0) } ?? block.query.tensor
            after[anchor, default: []].append(contentsOf: listed)
        }
        weights = ordered.flatMap { info in (replacements[info.name] ?? [info]) + (after[info.name] ?? []) }
        self.layers = layers
        self.headSize = headSize
        self.withoutOutput = withoutOutput
    }

    /// Each head's `qk` and `ov` layers of `block`.
    static func circuits(of block: AttentionBlock, heads: Int) throws -> [(info: WeightInfo, layer: Layer, rank: Int)] {
        let (query, key, value) = (block.query, block.key, block.value)
        guard query.outputs % heads == 0 else {
            throw SpectralError.invalidOption(name: "heads", reason: "\(heads) heads do not divide the \(query.outputs) query outputs of \(query.tensor)")
        }
        let size = query.outputs / heads
        guard key.outputs == value.outputs, key.outputs % size == 0, heads % (key.outputs / size) == 0,
              key.inputs == query.inputs else {
            throw SpectralError.invalidOption(name: "heads", reason: "\(block.prefix): keys (\(key.outputs)) and values (\(value.outputs)) do not form whole heads of size \(size) for \(heads) query heads")
        }
        let group = heads / (key.outputs / size)
        if let output = block.output, output.inputs != query.outputs {
            throw SpectralError.shapeMismatch(name: "\(output.tensor) (output projection of \(block.prefix))", expected: [output.outputs, query.outputs], actual: [output.outputs, output.inputs])
        }
        var circuits: [(WeightInfo, Layer, Int)] = []
        for h in 0..<heads {
            let rows = (h * size)..<((h + 1) * size), shared = ((h / group) * size)..<((h / group + 1) * size)
            let qk = WeightInfo(name: layerName(block.prefix, "head\(h).qk.weight"), shape: [query.inputs, key.inputs], storageType: "F64")
            circuits.append((qk, .queryKey(query: query.rows(rows), key: key.rows(shared)), size))
            if let output = block.output {
                let ov = WeightInfo(name: layerName(block.prefix, "head\(h).ov.weight"), shape: [output.outputs, value.inputs], storageType: "F64")
                let columns = ProjectionSlice(tensor: output.tensor, transposed: !output.transposed, rows: [rows], inputs: output.outputs)
                circuits.append((ov, .outputValue(output: columns, value: value.rows(shared)), size))
            }
        }
        return circuits
    }

    static func layerName(_ prefix: String, _ rest: String) -> String {
        prefix.isEmpty ? rest : prefix + "." + rest
    }

    public var source: String { model.source }
    public var listsTensorsInLayerOrder: Bool { true }
    public var storesKerasKernelLayout: Bool { model.storesKerasKernelLayout }
    public var takesEveryTensorAsLayer: Bool { model.takesEveryTensorAsLayer }

    /// The model's WeightWatcher ids for the tensors it keeps; the new layers have none
    /// (WeightWatcher has no such layers).
    public var weightWatcherLayerIDs: [String: Int]? {
        model.weightWatcherLayerIDs ?? WeightWatcherStateDict.ids(model.weights.map(\.name), start: 1)
    }

    public func componentLimit(forTensor name: String) -> Int? { headSize[name] }

    public func tensor(named name: String) throws -> Tensor {
        switch layers[name] {
        case nil: return try model.tensor(named: name)
        case .part(let slice): return try slice.matrix(in: model)
        case .queryKey(let query, let key):
            return try gemm(try float64(query.matrix(in: model)), try float64(key.matrix(in: model)), transposeA: true)
        case .outputValue(let output, let value):
            // `output` holds the head's columns of W_O as rows: W_O^h = outputᵀ.
            return try gemm(try float64(output.matrix(in: model)), try float64(value.matrix(in: model)), transposeA: true)
        }
    }

    public func float64Tensor(named name: String) throws -> Tensor {
        guard layers[name] == nil else { return try float64(tensor(named: name)) }
        return try model.float64Tensor(named: name)
    }

    private func float64(_ tensor: Tensor) throws -> Tensor {
        tensor.elementType == .float64 ? tensor : try Tensor(shape: tensor.shape, values: tensor.doubleValues)
    }
}
