import WWNumerics

extension Network {
    /// A BERT-layout encoder (HF `BertModel`) with HF's module names: `embeddings`,
    /// `encoder.layer.<i>`, and `pooler` when `pooler` is set, so its weights are an HF
    /// checkpoint's, key for key and shape for shape. Weights are drawn as HF initialises BERT:
    /// linear and embedding weights normal(0, `initializerRange`), biases 0, LayerNorm 1 and 0,
    /// from one stream seeded with `seed`, in `state_dict` order.
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` naming the size out of range.
    public static func transformerEncoder(_ configuration: BertConfiguration, pooler: Bool = true, seed: UInt64,
                                          initializerRange: Double = 0.02) throws -> Network {
        let network = try encoderLayout(configuration, pooler: pooler, tokenizer: nil, maxLength: nil)
        var random = SeededRandom(seed: seed)
        for entry in network.namedState {
            let role = entry.name.split(separator: ".").last
            if entry.name.contains("LayerNorm") {
                entry.tensor.values = [Float](repeating: role == "weight" ? 1 : 0, count: entry.tensor.count)
            } else if role == "weight" {
                for index in entry.tensor.values.indices {
                    entry.tensor.values[index] = Float(random.nextNormal() * initializerRange)
                }
            } else {
                entry.tensor.values = [Float](repeating: 0, count: entry.tensor.count)
            }
        }
        return network
    }

    /// The encoder's layers with every weight still 0, for a checkpoint to fill (drawing
    /// MiniLM's 22 million normal values only to overwrite them took a tenth of a second).
    static func encoderLayout(_ configuration: BertConfiguration, pooler: Bool, tokenizer: (any TextTokenizer)?,
                              maxLength: Int?) throws -> Network {
        try configuration.validate(source: "transformer_encoder")
        let epsilon = Float(configuration.layerNormEpsilon)
        var stages: [LayerPasses] = [BertEmbeddingsLayer(
            vocabularySize: configuration.vocabularySize, maxPositions: configuration.maxPositions,
            typeVocabularySize: configuration.typeVocabularySize, hiddenSize: configuration.hiddenSize, epsilon: epsilon)]
        var names = ["embeddings"]
        for index in 0..<configuration.layerCount {
            stages.append(BertLayer(hiddenSize: configuration.hiddenSize, heads: configuration.headCount,
                                    intermediateSize: configuration.intermediateSize, epsilon: epsilon))
            names.append("encoder.layer.\(index)")
        }
        if pooler {
            stages.append(BertPoolerLayer(hiddenSize: configuration.hiddenSize))
            names.append("pooler")
        }
        let c = configuration
        let network = try Network(name: "bert \(c.layerCount)x\(c.hiddenSize) (\(c.headCount) heads, vocabulary \(c.vocabularySize))",
                                  inputShape: [configuration.maxPositions], stages: stages, names: names)
        let length = min(maxLength ?? tokenizer?.storedMaxLength ?? c.maxPositions, c.maxPositions)
        guard length >= 2 else {
            throw NeuralError.invalidArgument(argument: "max_length", reason: "must be at least 2 ([CLS] and [SEP]), got \(length)")
        }
        network.encoderInput = EncoderInput(configuration: configuration, tokenizer: tokenizer, maxLength: length,
                                            lastEncoderStage: configuration.layerCount)
        return network
    }
}
