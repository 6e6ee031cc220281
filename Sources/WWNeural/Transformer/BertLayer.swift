import CNeuralKernels
import Foundation
import WWNumerics

/// One encoder layer of BERT (HF `BertLayer`): multi-head self-attention with a residual
/// connection and LayerNorm, then the feed-forward block (dense, exact GELU, dense) with a
/// residual connection and LayerNorm (post-norm, as BERT and MiniLM). A sample is
/// `[length, hidden]`; the products run over all tokens of the batch at once.
///
/// State names and order are HF's, relative to `encoder.layer.<i>`: `attention.self.query`,
/// `.key`, `.value`, `attention.output.dense`, `attention.output.LayerNorm`,
/// `intermediate.dense`, `output.dense`, `output.LayerNorm` (each `.weight`, `.bias`).
///
/// Dropout sits where HF's `BertLayer` has it: on the attention probabilities
/// (`attention_probs_dropout_prob`) and after the attention output and feed-forward output
/// projections, before their residual additions (`hidden_dropout_prob`); all 0 unless a
/// classification head was put on the encoder for fine-tuning (``Network/sequenceClassifier``).
final class BertLayer: LayerPasses {
    let attention: SelfAttention
    let query: LinearLayer
    let key: LinearLayer
    let value: LinearLayer
    let attentionOutput: LinearLayer
    let attentionNorm: LayerNormLayer
    let intermediate: LinearLayer
    let output: LinearLayer
    let outputNorm: LayerNormLayer
    let attentionDropout = BlockDropout()
    let attentionOutputDropout = BlockDropout()
    let outputDropout = BlockDropout()
    private(set) var inputShape: [Int] = []
    var outputShape: [Int] { inputShape }

    private let context = FloatBuffer()
    /// Kept by a recording pass for the backward one: the input, the batch's layout, the
    /// attention probabilities and the feed-forward pre-activations (GELU runs in place).
    private var lastInput: FloatBuffer?
    private var lastLayout: SequenceBatch?
    private let probabilities = FloatBuffer()
    private let preActivation = FloatBuffer()
    private let queryGradient = FloatBuffer()
    private let keyGradient = FloatBuffer()
    private let valueGradient = FloatBuffer()
    private let attendedGradient = FloatBuffer()
    private let inputGradient = FloatBuffer()
    private let droppedGradient = FloatBuffer()

    init(hiddenSize: Int, heads: Int, intermediateSize: Int, epsilon: Float) {
        attention = SelfAttention(heads: heads, headSize: hiddenSize / heads)
        query = LinearLayer(inputFeatures: hiddenSize, outputFeatures: hiddenSize)
        key = LinearLayer(inputFeatures: hiddenSize, outputFeatures: hiddenSize)
        value = LinearLayer(inputFeatures: hiddenSize, outputFeatures: hiddenSize)
        attentionOutput = LinearLayer(inputFeatures: hiddenSize, outputFeatures: hiddenSize)
        attentionNorm = LayerNormLayer(shape: [hiddenSize], epsilon: epsilon)
        intermediate = LinearLayer(inputFeatures: hiddenSize, outputFeatures: intermediateSize)
        output = LinearLayer(inputFeatures: intermediateSize, outputFeatures: hiddenSize)
        outputNorm = LayerNormLayer(shape: [hiddenSize], epsilon: epsilon)
    }

    var hiddenSize: Int { attention.hiddenSize }

    /// Sets the dropout probabilities: `hidden` after the two output projections, `attention`
    /// on the attention probabilities.
    func setDropout(hidden: Double, attention: Double) {
        attentionOutputDropout.probability = hidden
        outputDropout.probability = hidden
        attentionDropout.probability = attention
    }

    var typeName: String { "BertLayer" }
    var summary: String {
        "BertLayer(hidden=\(hiddenSize), heads=\(attention.heads), intermediate=\(intermediate.outputFeatures), act=GELU(approximate='none'), eps=\(attentionNorm.epsilon)\(dropoutSummary))"
    }

    /// The dropout probabilities when any is set (fine-tuning), else nothing.
    private var dropoutSummary: String {
        let hidden = outputDropout.probability, attention = attentionDropout.probability
        return hidden == 0 && attention == 0 ? "" : ", dropout=\(hidden), attention_dropout=\(attention)"
    }

    /// The sublayers with their HF module names, in `state_dict` order.
    private var namedSublayers: [(String, Layer)] {
        [("attention.self.query", query), ("attention.self.key", key), ("attention.self.value", value),
         ("attention.output.dense", attentionOutput), ("attention.output.LayerNorm", attentionNorm),
         ("intermediate.dense", intermediate), ("output.dense", output), ("output.LayerNorm", outputNorm)]
    }

    var parameters: [Parameter] { namedSublayers.flatMap { $0.1.parameters } }
    var state: [StateTensor] {
        namedSublayers.flatMap { name, layer in layer.state.map { $0.prefixed(name) } }
    }
    var sublayers: [LayerPasses] { [query, key, value, attentionOutput, attentionNorm, intermediate, output, outputNorm] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == hiddenSize else {
            throw NeuralError.shapeMismatch(context: "BertLayer (tokens × hidden)", expected: [inputShape.first ?? 1, hiddenSize],
                                            actual: inputShape)
        }
        for layer in [query, key, value, attentionOutput, intermediate] { _ = try layer.configure(inputShape: [hiddenSize]) }
        _ = try output.configure(inputShape: [intermediate.outputFeatures])
        _ = try attentionNorm.configure(inputShape: [hiddenSize])
        _ = try outputNorm.configure(inputShape: [hiddenSize])
        self.inputShape = inputShape
        return inputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let layout = mode.sequenceBatch(batchSize: batchSize, configuredLength: inputShape[0])
        let tokens = batchSize * layout.length, h = hiddenSize
        let q = query.forward(input, batchSize: tokens, mode: mode)
        let k = key.forward(input, batchSize: tokens, mode: mode)
        let v = value.forward(input, batchSize: tokens, mode: mode)
        context.resize(tokens * h)
        let records = mode.recordsForBackward
        if records { probabilities.resize(batchSize * attention.heads * layout.length * layout.length) }
        let dropped = attentionDropout.draw(count: batchSize * attention.heads * layout.length * layout.length, mode: mode)
        attention.apply(query: q.pointer, key: k.pointer, value: v.pointer, mask: layout.mask, batchSize: batchSize,
                        length: layout.length, context: context.pointer, probabilities: records ? probabilities.pointer : nil,
                        dropout: dropped)
        lastInput = records ? input : nil
        lastLayout = records ? layout : nil
        let projected = attentionOutput.forward(context, batchSize: tokens, mode: mode)
        attentionOutputDropout.apply(projected.pointer, count: tokens * h, mode: mode)
        addInPlace(input.pointer, to: projected.pointer, count: tokens * h)
        let attended = attentionNorm.forward(projected, batchSize: tokens, mode: mode)
        let expanded = intermediate.forward(attended, batchSize: tokens, mode: mode)
        if records { preActivation.copy(from: expanded.pointer, count: tokens * intermediate.outputFeatures) }
        GELU.applyInPlace(expanded.pointer, count: tokens * intermediate.outputFeatures)
        let reduced = output.forward(expanded, batchSize: tokens, mode: mode)
        outputDropout.apply(reduced.pointer, count: tokens * h, mode: mode)
        addInPlace(attended.pointer, to: reduced.pointer, count: tokens * h)
        return outputNorm.forward(reduced, batchSize: tokens, mode: mode)
    }

    /// The backward pass of a recording forward pass (``ForwardMode/recordsForBackward``):
    /// through the output LayerNorm, feed-forward block and residual, the attention LayerNorm,
    /// output projection, attention and the three projections, adding the residual gradients.
    /// A projection's gradient passes its dropout mask; the residual's does not.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard let layout = lastLayout, lastInput != nil else { return nil }
        let tokens = batchSize * layout.length, h = hiddenSize, wide = intermediate.outputFeatures
        let outputNormInput = outputNorm.backward(outputGradient, batchSize: tokens, needsInputGradient: true)!
        let expandedGradient = output.backward(throughDropout(outputDropout, outputNormInput, count: tokens * h),
                                               batchSize: tokens, needsInputGradient: true)!
        GELU.backwardInPlace(expandedGradient.pointer, input: preActivation.pointer, count: tokens * wide)
        let attendedFromFeedForward = intermediate.backward(expandedGradient, batchSize: tokens, needsInputGradient: true)!
        attendedGradient.resize(tokens * h)
        attendedGradient.copy(from: outputNormInput.pointer, count: tokens * h)
        addInPlace(attendedFromFeedForward.pointer, to: attendedGradient.pointer, count: tokens * h)
        let projectedGradient = attentionNorm.backward(attendedGradient, batchSize: tokens, needsInputGradient: true)!
        let contextGradient = attentionOutput.backward(throughDropout(attentionOutputDropout, projectedGradient, count: tokens * h),
                                                       batchSize: tokens, needsInputGradient: true)!
        for buffer in [queryGradient, keyGradient, valueGradient] { buffer.resize(tokens * h) }
        attention.backward(contextGradient: contextGradient.pointer, query: query.lastOutput.pointer, key: key.lastOutput.pointer,
                           value: value.lastOutput.pointer, probabilities: probabilities.pointer,
                           dropout: attentionDropout.lastMask, batchSize: batchSize,
                           length: layout.length, queryGradient: queryGradient.pointer, keyGradient: keyGradient.pointer,
                           valueGradient: valueGradient.pointer)
        inputGradient.resize(tokens * h)
        inputGradient.copy(from: projectedGradient.pointer, count: tokens * h)
        for (layer, gradient) in [(query, queryGradient), (key, keyGradient), (value, valueGradient)] {
            let fromProjection = layer.backward(gradient, batchSize: tokens, needsInputGradient: needsInputGradient)
            if let fromProjection { addInPlace(fromProjection.pointer, to: inputGradient.pointer, count: tokens * h) }
        }
        return needsInputGradient ? inputGradient : nil
    }

    /// The gradient behind `dropout`: `gradient` itself when the last pass drew no mask, else
    /// its masked copy (the residual branch still needs the unmasked one).
    private func throughDropout(_ dropout: BlockDropout, _ gradient: FloatBuffer, count: Int) -> FloatBuffer {
        guard dropout.isActive else { return gradient }
        droppedGradient.resize(count)
        dropout.backward(gradient.pointer, into: droppedGradient.pointer, count: count)
        return droppedGradient
    }

    func copy() -> LayerPasses {
        let layer = BertLayer(hiddenSize: hiddenSize, heads: attention.heads, intermediateSize: intermediate.outputFeatures,
                              epsilon: attentionNorm.epsilon)
        for (to, from) in zip(layer.parameters, parameters) { to.values = from.values }
        layer.setDropout(hidden: outputDropout.probability, attention: attentionDropout.probability)
        if !inputShape.isEmpty { _ = try? layer.configure(inputShape: inputShape) }
        return layer
    }
}

/// y += x, element by element, in parts when large.
func addInPlace(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
    Parallel.forEachRange(count: count) { Vector.accumulate(x + $0.lowerBound, into: y + $0.lowerBound, count: $0.count) }
}

/// The exact GELU, x Φ(x) = x (1 + erf(x / sqrt 2)) / 2, as `nn.GELU()` and BERT's "gelu", with
/// erf by Abramowitz and Stegun 7.1.26 in the C kernel (the formula of PyTorch's vectorised erf;
/// absolute error below 1.5e-7), in parts when large.
enum GELU {
    static func applyInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachRange(count: count) { wwn_gelu(x + $0.lowerBound, $0.count) }
    }

    /// dy *= Φ(x) + x φ(x), the exact GELU's derivative at the pre-activation x.
    static func backwardInPlace(_ dy: UnsafeMutablePointer<Float>, input x: UnsafePointer<Float>, count: Int) {
        let s = ActivationLayer.inverseSquareRootOfTwo, d = ActivationLayer.inverseSquareRootOfTwoPi
        Parallel.forEachRange(count: count) { range in
            for i in range {
                let v = x[i]
                dy[i] *= 0.5 * (1 + erff(v * s)) + v * d * expf(-0.5 * v * v)
            }
        }
    }
}
