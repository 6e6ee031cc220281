import WWNumerics

/// BERT's input layer (HF `BertEmbeddings`): each token's word embedding plus the embedding of
/// its position and of its token type (segment; a single text is type 0), then LayerNorm over
/// the hidden size. Inputs are token ids stored as floats (exact below 2^24), `[length]` per
/// sample; outputs `[length, hidden]`.
///
/// State names and order are HF's: `word_embeddings.weight`, `position_embeddings.weight`,
/// `token_type_embeddings.weight`, `LayerNorm.weight`, `LayerNorm.bias`. Dropout
/// (`hidden_dropout_prob`) follows the LayerNorm when a classification head was put on the
/// encoder for fine-tuning; it is 0 otherwise.
final class BertEmbeddingsLayer: LayerPasses {
    let vocabularySize: Int
    let maxPositions: Int
    let typeVocabularySize: Int
    let hiddenSize: Int
    let words: Parameter
    let positions: Parameter
    let tokenTypes: Parameter
    let norm: LayerNormLayer
    let dropout = BlockDropout()
    private(set) var inputShape: [Int] = []
    var outputShape: [Int] { [inputShape.first ?? maxPositions, hiddenSize] }

    private let sums = FloatBuffer()
    /// The ids and layout of the last recording pass, for the backward one.
    private var lastIDs: [Int] = []
    private var lastLength = 0

    init(vocabularySize: Int, maxPositions: Int, typeVocabularySize: Int, hiddenSize: Int, epsilon: Float) {
        self.vocabularySize = vocabularySize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.hiddenSize = hiddenSize
        words = Parameter("weight", shape: [vocabularySize, hiddenSize])
        positions = Parameter("weight", shape: [maxPositions, hiddenSize])
        tokenTypes = Parameter("weight", shape: [typeVocabularySize, hiddenSize])
        norm = LayerNormLayer(shape: [hiddenSize], epsilon: epsilon)
    }

    var typeName: String { "BertEmbeddings" }
    var summary: String {
        "BertEmbeddings(words=\(vocabularySize), positions=\(maxPositions), token_types=\(typeVocabularySize), hidden=\(hiddenSize), eps=\(norm.epsilon)\(dropout.probability == 0 ? "" : ", dropout=\(dropout.probability)"))"
    }
    var parameters: [Parameter] { [words, positions, tokenTypes, norm.weight, norm.bias] }
    var state: [StateTensor] {
        [StateTensor(name: "word_embeddings.weight", tensor: words),
         StateTensor(name: "position_embeddings.weight", tensor: positions),
         StateTensor(name: "token_type_embeddings.weight", tensor: tokenTypes),
         StateTensor(name: "LayerNorm.weight", tensor: norm.weight),
         StateTensor(name: "LayerNorm.bias", tensor: norm.bias)]
    }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 1, let length = inputShape.first, length >= 1, length <= maxPositions else {
            throw NeuralError.shapeMismatch(context: "BertEmbeddings (token ids, at most \(maxPositions) positions)",
                                            expected: [maxPositions], actual: inputShape)
        }
        self.inputShape = inputShape
        _ = try norm.configure(inputShape: [hiddenSize])
        return outputShape
    }

    /// Ids were checked against the vocabulary by the caller (``Network/embed``); an id outside it
    /// (only reachable through a corrupted input buffer) reads row 0 instead of memory past the table.
    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let layout = mode.sequenceBatch(batchSize: batchSize, configuredLength: inputShape.first ?? maxPositions)
        let length = min(layout.length, maxPositions), h = hiddenSize, tokens = batchSize * length
        sums.resize(tokens * h)
        let ids = input.pointer, out = sums.pointer
        var recorded: [Int] = []
        words.values.withUnsafeBufferPointer { w in
            positions.values.withUnsafeBufferPointer { p in
                tokenTypes.values.withUnsafeBufferPointer { t in
                    for token in 0..<tokens {
                        let value = ids[token]
                        let id = value >= 0 && value < Float(vocabularySize) ? Int(value) : 0
                        if mode.recordsForBackward { recorded.append(id) }
                        let word = w.baseAddress! + id * h, position = p.baseAddress! + (token % length) * h
                        let type = t.baseAddress!, row = out + token * h
                        for j in 0..<h { row[j] = word[j] + position[j] + type[j] }
                    }
                }
            }
        }
        lastIDs = recorded
        lastLength = length
        let output = norm.forward(sums, batchSize: tokens, mode: mode)
        // In place: LayerNorm's backward pass reads its normalised values, not its output.
        dropout.apply(output.pointer, count: tokens * h, mode: mode)
        return output
    }

    /// The dropout mask is applied over the output gradient it is given.
    var overwritesOutputGradient: Bool { true }

    /// Sums each token's gradient (after the LayerNorm's backward pass) into the rows of the
    /// three tables it read, token by token in order, so the sums do not depend on threads. Token
    /// ids have no gradient: the input gradient is never produced.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let tokens = lastIDs.count, h = hiddenSize
        guard tokens > 0 else { return nil }
        dropout.backward(outputGradient.pointer, into: outputGradient.pointer, count: tokens * h)
        guard let gradient = norm.backward(outputGradient, batchSize: tokens, needsInputGradient: true) else { return nil }
        let g = gradient.pointer
        for table in [words, positions, tokenTypes] where !table.isFrozen {
            table.gradient = [Float](repeating: 0, count: table.count)
        }
        words.gradient.withUnsafeMutableBufferPointer { dw in
            positions.gradient.withUnsafeMutableBufferPointer { dp in
                tokenTypes.gradient.withUnsafeMutableBufferPointer { dt in
                    for token in 0..<tokens {
                        let row = g + token * h
                        if !words.isFrozen { for j in 0..<h { dw[lastIDs[token] * h + j] += row[j] } }
                        if !positions.isFrozen { for j in 0..<h { dp[(token % lastLength) * h + j] += row[j] } }
                        if !tokenTypes.isFrozen { for j in 0..<h { dt[j] += row[j] } }
                    }
                }
            }
        }
        return nil
    }

    func copy() -> LayerPasses {
        let layer = BertEmbeddingsLayer(vocabularySize: vocabularySize, maxPositions: maxPositions,
                                        typeVocabularySize: typeVocabularySize, hiddenSize: hiddenSize, epsilon: norm.epsilon)
        for (to, from) in zip(layer.parameters, parameters) { to.values = from.values }
        layer.dropout.probability = dropout.probability
        layer.inputShape = inputShape
        _ = try? layer.norm.configure(inputShape: [hiddenSize])
        return layer
    }
}
