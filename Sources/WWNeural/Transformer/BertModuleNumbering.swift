/// WeightWatcher 0.7.7 numbers a PyTorch model's layers by position in `named_modules()`, the
/// root being 0. For HF's `BertModel` that list is: the root, `embeddings` and its five modules
/// (word, position and token-type embeddings, LayerNorm, dropout), `encoder`, `encoder.layer`,
/// then 18 modules per layer, then `pooler`, `pooler.dense`, `pooler.activation`. These ids let
/// `analyze(net)` give an encoder the ids WeightWatcher gives the same model in PyTorch
/// (checked against WeightWatcher on the tiny fixture model).
enum BertModuleNumbering {
    /// Modules before `encoder.layer.0`.
    static let firstLayerModule = 9
    /// Modules per `BertLayer`: the layer, attention, self, query, key, value, dropout, output,
    /// dense, LayerNorm, dropout, intermediate, dense, activation, output, dense, LayerNorm, dropout.
    static let modulesPerLayer = 18
    /// Each weight's module offset within a layer.
    static let layerOffsets: [String: Int] = [
        "attention.self.query": 3, "attention.self.key": 4, "attention.self.value": 5,
        "attention.output.dense": 8, "attention.output.LayerNorm": 9, "intermediate.dense": 12,
        "output.dense": 15, "output.LayerNorm": 16,
    ]
    static let embeddingIDs: [String: Int] = [
        "embeddings.word_embeddings": 2, "embeddings.position_embeddings": 3,
        "embeddings.token_type_embeddings": 4, "embeddings.LayerNorm": 5,
    ]

    /// The id of every `*.weight` of a BERT encoder with `layerCount` layers (and a pooler).
    static func ids(layerCount: Int, hasPooler: Bool) -> [String: Int] {
        var ids: [String: Int] = [:]
        for (module, id) in embeddingIDs { ids[module + ".weight"] = id }
        for layer in 0..<layerCount {
            let base = firstLayerModule + layer * modulesPerLayer
            for (module, offset) in layerOffsets { ids["encoder.layer.\(layer).\(module).weight"] = base + offset }
        }
        if hasPooler { ids["pooler.dense.weight"] = firstLayerModule + layerCount * modulesPerLayer + 1 }
        return ids
    }
}
