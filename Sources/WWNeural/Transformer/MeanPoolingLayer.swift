/// The mean of a sequence's token states over its real tokens (the batch's attention mask),
/// `[length, hidden]` → `[hidden]`: sentence-transformers' mean pooling as a stage, for a
/// classification head that reads every token rather than [CLS] through BERT's pooler. It has
/// no weights, so a checkpoint has no tensor for it. Padding trails the real tokens in every
/// batch wwn makes, so a sequence's real tokens are its first `count`.
final class MeanPoolingLayer: LayerPasses {
    let hiddenSize: Int
    private(set) var inputShape: [Int] = []
    var outputShape: [Int] { [hiddenSize] }

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    /// The layout of the last pass, for the backward one.
    private var lastLayout: SequenceBatch?

    init(hiddenSize: Int) {
        self.hiddenSize = hiddenSize
    }

    var typeName: String { "MeanPooling" }
    var summary: String { "MeanPooling(hidden=\(hiddenSize), over the attention mask)" }
    var parameters: [Parameter] { [] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == hiddenSize else {
            throw NeuralError.shapeMismatch(context: "MeanPooling (tokens × hidden)", expected: [inputShape.first ?? 1, hiddenSize],
                                            actual: inputShape)
        }
        self.inputShape = inputShape
        return outputShape
    }

    /// `embed`'s mean pooling (``mean(of:count:hidden:into:)``) of each sample.
    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let layout = mode.sequenceBatch(batchSize: batchSize, configuredLength: inputShape[0])
        let h = hiddenSize, length = layout.length
        output.resize(batchSize * h)
        for sample in 0..<batchSize {
            Self.mean(of: input.pointer + sample * length * h, count: Int(Self.realTokens(layout, sample: sample)), hidden: h,
                      into: output.pointer + sample * h)
        }
        lastLayout = layout
        return output
    }

    /// The mean of the first `count` token states: summed in float32 token by token, then
    /// divided, as torch.sum(states * mask, 1) / torch.clamp(mask.sum(1), min=1e-9).
    static func mean(of tokens: UnsafePointer<Float>, count: Int, hidden: Int, into row: UnsafeMutablePointer<Float>) {
        row.update(repeating: 0, count: hidden)
        for token in 0..<count {
            let state = tokens + token * hidden
            for j in 0..<hidden { row[j] += state[j] }
        }
        let divisor = max(Float(count), EmbeddingOptions.tokenCountFloor)
        for j in 0..<hidden { row[j] /= divisor }
    }

    /// Each real token receives the pooled gradient divided by the token count; padding none.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient, let layout = lastLayout else { return nil }
        let h = hiddenSize, length = layout.length
        inputGradient.resize(batchSize * length * h)
        inputGradient.pointer.update(repeating: 0, count: batchSize * length * h)
        for sample in 0..<batchSize {
            let divisor = max(Self.realTokens(layout, sample: sample), EmbeddingOptions.tokenCountFloor), dy = outputGradient.pointer + sample * h
            for token in 0..<length where layout.mask[sample * length + token] != 0 {
                let dx = inputGradient.pointer + (sample * length + token) * h
                for j in 0..<h { dx[j] = dy[j] / divisor }
            }
        }
        return inputGradient
    }

    private static func realTokens(_ layout: SequenceBatch, sample: Int) -> Float {
        var count: Float = 0
        for token in 0..<layout.length { count += layout.mask[sample * layout.length + token] }
        return count
    }

    func copy() -> LayerPasses {
        let layer = MeanPoolingLayer(hiddenSize: hiddenSize)
        layer.inputShape = inputShape
        return layer
    }
}
