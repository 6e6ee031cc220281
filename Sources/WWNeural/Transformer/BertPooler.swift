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
    private let inputGradient = FloatBuffer()
    private var lastLength = 0

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
        lastLength = layout.length
        let result = dense.forward(firstTokens, batchSize: batchSize, mode: mode)
        let y = result.pointer
        for i in 0..<(batchSize * h) { y[i] = tanhf(y[i]) }
        return result
    }

    /// Through tanh (dy (1 - y²), over the output gradient) and the dense layer; the input
    /// gradient is the first token's, zero elsewhere.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let h = dense.inputFeatures, y = dense.lastOutput.pointer, dy = outputGradient.pointer
        for i in 0..<(batchSize * h) { dy[i] *= 1 - y[i] * y[i] }
        let first = dense.backward(outputGradient, batchSize: batchSize, needsInputGradient: needsInputGradient)
        guard needsInputGradient, let first else { return nil }
        inputGradient.resize(batchSize * lastLength * h)
        inputGradient.pointer.update(repeating: 0, count: batchSize * lastLength * h)
        for sample in 0..<batchSize {
            (inputGradient.pointer + sample * lastLength * h).update(from: first.pointer + sample * h, count: h)
        }
        return inputGradient
    }

    /// The tanh backward pass writes over the output gradient it is given.
    var overwritesOutputGradient: Bool { true }

    func copy() -> LayerPasses {
        let layer = BertPoolerLayer(hiddenSize: dense.inputFeatures)
        for (to, from) in zip(layer.parameters, parameters) { to.values = from.values }
        if !inputShape.isEmpty { _ = try? layer.configure(inputShape: inputShape) }
        return layer
    }
}
