/// WeightWatcher 0.7.7 numbers a PyTorch model's layers by position in `named_modules()`, the
/// root being 0. For HF's `BertModel` that list is: the root, `embeddings` and its five modules
/// (word, position and token-type embeddings, LayerNorm, dropout), `encoder`, `encoder.layer`,
/// then 18 modules per layer, then `pooler`, `pooler.dense`, `pooler.activation`. These ids let
/// `analyze(net)` give an encoder the ids WeightWatcher gives the same model in PyTorch
/// (checked against WeightWatcher on the tiny fixture model). `BertForSequenceClassification`
/// puts `bert` between the root and all of these, and `dropout` and `classifier` after them.
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

    /// The id of every `*.weight` of a BERT encoder with `layerCount` layers (and a pooler),
    /// bare or under a classification head (HF's `BertForSequenceClassification` for `.cls`;
    /// with `.mean`, its mean-pooling module stands where the pooler would).
    static func ids(layerCount: Int, hasPooler: Bool, classifier: ClassifierPooling? = nil) -> [String: Int] {
        let prefix = classifier == nil ? "" : "bert.", shift = classifier == nil ? 0 : 1
        var ids: [String: Int] = [:]
        for (module, id) in embeddingIDs { ids[prefix + module + ".weight"] = id + shift }
        for layer in 0..<layerCount {
            let base = firstLayerModule + shift + layer * modulesPerLayer
            for (module, offset) in layerOffsets { ids["\(prefix)encoder.layer.\(layer).\(module).weight"] = base + offset }
        }
        // The first module after the last layer: the pooler (then its dense and activation).
        let after = firstLayerModule + shift + layerCount * modulesPerLayer
        if hasPooler { ids[prefix + "pooler.dense.weight"] = after + 1 }
        switch classifier {
        case .cls: ids["classifier.weight"] = after + 4
        case .mean: ids["classifier.weight"] = after + 2
        case nil: break
        }
        return ids
    }
}
