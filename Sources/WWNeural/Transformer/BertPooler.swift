import Foundation
import WWNumerics

/// BERT's pooler (HF `BertPooler`): the first token's hidden state ([CLS]) through a dense layer
/// and tanh, `[length, hidden]` → `[hidden]`. Kept so the network holds every tensor of the
/// checkpoint (`pooler.dense.weight`, `pooler.dense.bias`); sentence embeddings are taken from
/// the last encoder layer, before it, as sentence-transformers does.
final class BertPoolerLayer: LayerPasses {
    let dense: LinearLayer
    private(set) var inputShape: [Int] = []
    var outputShape: [Int] { [dense.outputFeatures] }

    private let firstTokens = FloatBuffer()

    init(hiddenSize: Int) {
        dense = LinearLayer(inputFeatures: hiddenSize, outputFeatures: hiddenSize)
    }

    var typeName: String { "BertPooler" }
    var summary: String { "BertPooler(dense=\(dense.summary), act=Tanh())" }
    var parameters: [Parameter] { dense.parameters }
    var state: [StateTensor] { dense.state.map { $0.prefixed("dense") } }
    var sublayers: [LayerPasses] { [dense] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == dense.inputFeatures else {
            throw NeuralError.shapeMismatch(context: "BertPooler (tokens × hidden)", expected: [inputShape.first ?? 1, dense.inputFeatures],
                                            actual: inputShape)
        }
        _ = try dense.configure(inputShape: [dense.inputFeatures])
        self.inputShape = inputShape
        return outputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let layout = mode.sequenceBatch(batchSize: batchSize, configuredLength: inputShape[0])
        let h = dense.inputFeatures
        firstTokens.resize(batchSize * h)
        for sample in 0..<batchSize {
            (firstTokens.pointer + sample * h).update(from: input.pointer + sample * layout.length * h, count: h)
        }
        let result = dense.forward(firstTokens, batchSize: batchSize, mode: mode)
        let y = result.pointer
        for i in 0..<(batchSize * h) { y[i] = tanhf(y[i]) }
        return result
    }

    /// Fine-tuning an encoder is not supported yet (see ``BertLayer``).
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        preconditionFailure("BertPooler has no backward pass: encoder networks are refused by checkSamples")
    }

    func copy() -> LayerPasses {
        let layer = BertPoolerLayer(hiddenSize: dense.inputFeatures)
        for (to, from) in zip(layer.parameters, parameters) { to.values = from.values }
        if !inputShape.isEmpty { _ = try? layer.configure(inputShape: inputShape) }
        return layer
    }
}
