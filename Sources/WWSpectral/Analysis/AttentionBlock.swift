import WWNumerics

/// One projection of an attention block as a matrix in PyTorch `nn.Linear` orientation
/// (`[out, in]`, `y = W x`): some rows of a stored tensor, transposed first when the tensor is
/// stored `[in, out]` (GPT-2's `Conv1D`).
struct ProjectionSlice: Sendable {
    var tensor: String
    var transposed: Bool
    /// The rows taken, in order, after the transposition.
    var rows: [Range<Int>]
    /// The input size (columns after the transposition).
    var inputs: Int

    var outputs: Int { rows.reduce(0) { $0 + $1.count } }

    /// The whole tensor of `shape`.
    init(tensor: String, shape: [Int], transposed: Bool) {
        let stored = transposed ? [shape[1], shape[0]] : shape
        self.init(tensor: tensor, transposed: transposed, rows: [0..<stored[0]], inputs: stored[1])
    }

    init(tensor: String, transposed: Bool, rows: [Range<Int>], inputs: Int) {
        self.tensor = tensor
        self.transposed = transposed
        self.rows = rows
        self.inputs = inputs
    }

    /// The rows `range` of this slice (a head's rows of a projection).
    func rows(_ range: Range<Int>) -> ProjectionSlice {
        var taken: [Range<Int>] = [], offset = 0
        for piece in rows {
            let lower = max(range.lowerBound, offset), upper = min(range.upperBound, offset + piece.count)
            if lower < upper { taken.append((piece.lowerBound + lower - offset)..<(piece.lowerBound + upper - offset)) }
            offset += piece.count
        }
        return ProjectionSlice(tensor: tensor, transposed: transposed, rows: taken, inputs: inputs)
    }

    /// The slice's values from `model`, in the stored element type.
    func matrix(in model: WeightCollection) throws -> Tensor {
        var stored = try model.tensor(named: tensor)
        if transposed { stored = try stored.transposed() }
        if stored.elementType == .float32 {
            return try Tensor(shape: [outputs, inputs], values: pick(stored.floatValues))
        }
        return try Tensor(shape: [outputs, inputs], values: pick(stored.doubleValues))
    }

    private func pick<T>(_ values: [T]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(outputs * inputs)
        for piece in rows { out.append(contentsOf: values[(piece.lowerBound * inputs)..<(piece.upperBound * inputs)]) }
        return out
    }
}

/// The query, key, value and output projections of one attention block, found by tensor name.
///
/// Fused layouts (one tensor holding Q, K and V):
/// - GPT-2 `attn.c_attn.weight`, a `Conv1D` stored `[in, 3d]`: Q, K, V are its column blocks
///   (output `attn.c_proj.weight`, also `Conv1D`);
/// - PyTorch `nn.MultiheadAttention` `in_proj_weight` `[3d, d]` and timm ViT `attn.qkv.weight`:
///   row blocks (outputs `out_proj.weight`, `attn.proj.weight`);
/// - GPT-NeoX and BLOOM `query_key_value.weight` `[3d, d]`: rows interleaved per head (each
///   head's q, k and v rows in turn), which only the head count can cut (output `dense.weight`).
///
/// Separate projections: BERT `self.query/key/value.weight` (output `output.dense.weight`) and
/// `q_proj/k_proj/v_proj.weight` (Llama's `o_proj`, BART's and CLIP's `out_proj`).
struct AttentionBlock: Sendable {
    /// The name the block's new layers start with: the fused tensor's name without its weight
    /// suffix (`h.0.attn.c_attn`), or the separate projections' common prefix (`…attention.self`).
    var prefix: String
    /// The fused tensor, when Q, K and V share one.
    var fusedTensor: String?
    var query: ProjectionSlice
    var key: ProjectionSlice
    var value: ProjectionSlice
    var output: ProjectionSlice?
    /// Every stored tensor the block reads (its new layers are listed after the last of them).
    var tensors: [String] { [query.tensor, key.tensor, value.tensor, output?.tensor].compactMap { $0 } }

    enum FusedLayout { case conv1D, stacked, interleaved }

    struct FusedRule {
        var suffix: String
        var layout: FusedLayout
        var outputSuffix: String
    }

    struct SeparateRule {
        var query: String, key: String, value: String
        var outputs: [String]
    }

    static let fusedRules = [
        FusedRule(suffix: "attn.c_attn.weight", layout: .conv1D, outputSuffix: "attn.c_proj.weight"),
        FusedRule(suffix: "in_proj_weight", layout: .stacked, outputSuffix: "out_proj.weight"),
        FusedRule(suffix: "attn.qkv.weight", layout: .stacked, outputSuffix: "attn.proj.weight"),
        FusedRule(suffix: "query_key_value.weight", layout: .interleaved, outputSuffix: "dense.weight"),
    ]

    static let separateRules = [
        SeparateRule(query: "self.query.weight", key: "self.key.weight", value: "self.value.weight", outputs: ["output.dense.weight"]),
        SeparateRule(query: "q_proj.weight", key: "k_proj.weight", value: "v_proj.weight", outputs: ["o_proj.weight", "out_proj.weight"]),
    ]

    /// The names every rule looks for, for error messages.
    static let recognisedNames = "c_attn, in_proj_weight, qkv, query_key_value, self.query/key/value, q_proj/k_proj/v_proj"

    /// `name` ends with `suffix` at a name boundary; returns the part before it.
    static func stem(of name: String, suffix: String) -> String? {
        guard name == suffix || name.hasSuffix("." + suffix) else { return nil }
        return String(name.dropLast(suffix.count))
    }

    /// Every attention block of `weights` (2-D tensors only), in the order of their first tensor.
    /// - Parameter heads: the head count, needed to cut an interleaved fused tensor (nil leaves
    ///   such a block out of the result and names it in `interleavedWithoutHeads`).
    static func blocks(in weights: [WeightInfo], heads: Int?) throws -> (blocks: [AttentionBlock], interleavedWithoutHeads: [String]) {
        let shapes = Dictionary(weights.filter { $0.shape.count == 2 }.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        var blocks: [AttentionBlock] = [], interleaved: [String] = []
        for info in weights where info.shape.count == 2 {
            for rule in fusedRules {
                guard let stem = stem(of: info.name, suffix: rule.suffix) else { continue }
                if rule.layout == .interleaved, heads == nil { interleaved.append(info.name); continue }
                blocks.append(try fused(info, rule: rule, stem: stem, heads: heads, shapes: shapes))
            }
            for rule in separateRules {
                guard let stem = stem(of: info.name, suffix: rule.query),
                      let keyShape = shapes[stem + rule.key], let valueShape = shapes[stem + rule.value] else { continue }
                let output = rule.outputs.lazy.compactMap { name in shapes[stem + name].map { (stem + name, $0) } }.first
                let prefix = String((stem + rule.query).dropLast(".weight".count).split(separator: ".").dropLast().joined(separator: "."))
                blocks.append(AttentionBlock(
                    prefix: prefix, fusedTensor: nil,
                    query: ProjectionSlice(tensor: info.name, shape: info.shape, transposed: false),
                    key: ProjectionSlice(tensor: stem + rule.key, shape: keyShape, transposed: false),
                    value: ProjectionSlice(tensor: stem + rule.value, shape: valueShape, transposed: false),
                    output: output.map { ProjectionSlice(tensor: $0.0, shape: $0.1, transposed: false) }))
            }
        }
        return (blocks, interleaved)
    }

    /// Cuts a fused tensor into Q, K and V.
    static func fused(_ info: WeightInfo, rule: FusedRule, stem: String, heads: Int?, shapes: [String: [Int]]) throws -> AttentionBlock {
        let transposed = rule.layout == .conv1D
        let whole = ProjectionSlice(tensor: info.name, shape: info.shape, transposed: transposed)
        guard whole.outputs % 3 == 0 else {
            throw SpectralError.invalidOption(name: "split_qkv", reason: "cannot cut \(info.name) \(info.shape): its \(whole.outputs) outputs are not 3 equal q, k, v blocks")
        }
        let d = whole.outputs / 3
        var parts: [ProjectionSlice]
        if rule.layout == .interleaved, let heads {
            guard heads > 0, d % heads == 0 else {
                throw SpectralError.invalidOption(name: "heads", reason: "\(heads) heads do not divide \(info.name)'s \(d) outputs per projection")
            }
            let width = d / heads
            parts = (0..<3).map { part in
                ProjectionSlice(tensor: info.name, transposed: false,
                                rows: (0..<heads).map { h in (h * 3 * width + part * width)..<(h * 3 * width + (part + 1) * width) },
                                inputs: whole.inputs)
            }
        } else {
            parts = (0..<3).map { whole.rows(($0 * d)..<(($0 + 1) * d)) }
        }
        let fusedName = info.name.hasSuffix(".weight") ? String(info.name.dropLast(".weight".count))
            : String(info.name.dropLast("_weight".count))
        let outputName = stem + rule.outputSuffix
        let output = shapes[outputName].map { ProjectionSlice(tensor: outputName, shape: $0, transposed: transposed) }
        return AttentionBlock(prefix: fusedName, fusedTensor: info.name, query: parts[0], key: parts[1], value: parts[2], output: output)
    }
}
