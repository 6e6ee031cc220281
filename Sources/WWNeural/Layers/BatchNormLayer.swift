import CNeuralKernels

/// Batch normalisation, as `nn.BatchNorm1d` (samples `[C]` or `[C, L]`) and `nn.BatchNorm2d`
/// (samples `[C, H, W]`): each channel is shifted and scaled to mean 0 and variance 1, then
/// multiplied by `weight` and shifted by `bias`.
///
/// In training mode (``ForwardMode/usesBatchStatistics``) the statistics are the batch's (the
/// biased variance over samples and positions) and the running statistics move towards them:
/// `running = (1 - momentum) · running + momentum · batch`, with the unbiased variance, and
/// `num_batches_tracked` counts the batches (with `momentum` nil the running statistics are the
/// cumulative average, factor `1 / num_batches_tracked`, as PyTorch's `momentum=None`). In
/// evaluation the running statistics are used. The arithmetic is PyTorch's CPU kernel's: sums in
/// double, then `y = x · α + β` with `α = invstd · weight`, `β = bias - mean · α` in float.
public final class BatchNormLayer: LayerPasses {
    /// The number of channels (`num_features`).
    public let features: Int
    /// 1 for BatchNorm1d, 2 for BatchNorm2d.
    public let dimensions: Int
    public let epsilon: Float
    /// nil: the cumulative moving average.
    public let momentum: Double?
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    /// PyTorch's `num_batches_tracked` (an int64 scalar there; a float here, exact to 2^24 batches).
    public let batchesTracked: Parameter
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { inputShape }

    /// PyTorch's defaults.
    public static let defaultEpsilon: Float = 1e-5
    public static let defaultMomentum = 0.1

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    private var lastInput: FloatBuffer?
    /// The mean and 1 / sqrt(var + eps) of each channel in the last forward pass, and whether they
    /// were the batch's.
    private var usedMean: [Float] = []
    private var usedInverse: [Float] = []
    private var usedBatchStatistics = false

    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for a channel count outside
    ///   1...`NeuralLimits.maxWidth`, a dimension other than 1 or 2, or a bad epsilon or momentum.
    public convenience init(features: Int, dimensions: Int, epsilon: Float = BatchNormLayer.defaultEpsilon,
                            momentum: Double? = BatchNormLayer.defaultMomentum) throws {
        guard features > 0, features <= NeuralLimits.maxWidth else {
            throw NeuralError.invalidArgument(argument: "features", reason: "must be between 1 and \(NeuralLimits.maxWidth), got \(features)")
        }
        guard dimensions == 1 || dimensions == 2 else {
            throw NeuralError.invalidArgument(argument: "dimensions", reason: "must be 1 (BatchNorm1d) or 2 (BatchNorm2d), got \(dimensions)")
        }
        guard epsilon.isFinite, epsilon > 0 else {
            throw NeuralError.invalidArgument(argument: "eps", reason: "must be finite and > 0, got \(epsilon)")
        }
        if let momentum, !(momentum >= 0 && momentum <= 1) {
            throw NeuralError.invalidArgument(argument: "momentum", reason: "must be in [0, 1] (or nil), got \(momentum)")
        }
        self.init(checkedFeatures: features, dimensions: dimensions, epsilon: epsilon, momentum: momentum)
    }

    private init(checkedFeatures features: Int, dimensions: Int, epsilon: Float, momentum: Double?) {
        self.features = features
        self.dimensions = dimensions
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter("weight", shape: [features])
        bias = Parameter("bias", shape: [features])
        runningMean = Parameter("running_mean", shape: [features])
        runningVariance = Parameter("running_var", shape: [features])
        batchesTracked = Parameter("num_batches_tracked", shape: [])
        reset()
    }

    /// PyTorch's fresh module: weight 1, bias 0, running mean 0, running variance 1, no batches.
    func reset() {
        weight.values = [Float](repeating: 1, count: features)
        bias.values = [Float](repeating: 0, count: features)
        runningMean.values = [Float](repeating: 0, count: features)
        runningVariance.values = [Float](repeating: 1, count: features)
        batchesTracked.values = [0]
    }

    public var typeName: String { "BatchNorm\(dimensions)d" }
    public var summary: String {
        "\(typeName)(\(features), eps=\(epsilon), momentum=\(momentum.map { "\($0)" } ?? "None"), affine=True, track_running_stats=True)"
    }
    public var parameters: [Parameter] { [weight, bias] }
    public var state: [StateTensor] {
        [StateTensor(name: "weight", tensor: weight), StateTensor(name: "bias", tensor: bias),
         StateTensor(name: "running_mean", tensor: runningMean, isBuffer: true),
         StateTensor(name: "running_var", tensor: runningVariance, isBuffer: true),
         StateTensor(name: "num_batches_tracked", tensor: batchesTracked, isBuffer: true)]
    }

    func configure(inputShape: [Int]) throws -> [Int] {
        let accepted = dimensions == 2 ? inputShape.count == 3 : (inputShape.count == 1 || inputShape.count == 2)
        guard accepted, inputShape.first == features else {
            throw NeuralError.shapeMismatch(context: "\(typeName)(\(features))",
                                            expected: dimensions == 2 ? [features, 0, 0] : [features], actual: inputShape)
        }
        self.inputShape = inputShape
        return inputShape
    }

    /// The values of one channel in one sample (the positions of a BatchNorm2d image plane).
    private var plane: Int { inputSize / features }

    /// Whether a batch of `batchSize` samples has more than one value per channel, which the
    /// batch statistics need (PyTorch refuses such a batch in training mode too).
    func acceptsBatch(of batchSize: Int) -> Bool { batchSize * plane > 1 }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let n = batchSize, channels = features, plane = plane, sampleSize = inputSize
        output.resize(n * sampleSize)
        if usedMean.count != channels {
            usedMean = [Float](repeating: 0, count: channels)
            usedInverse = [Float](repeating: 0, count: channels)
        }
        usedBatchStatistics = mode.usesBatchStatistics
        let x = input.pointer, y = output.pointer
        let values = Double(n * plane), eps = Double(epsilon)
        if usedBatchStatistics {
            batchesTracked.values[0] += 1
        }
        let factor = momentum ?? 1 / Double(batchesTracked.values[0])
        let training = usedBatchStatistics
        weight.values.withUnsafeBufferPointer { w in
        bias.values.withUnsafeBufferPointer { b in
        runningMean.values.withUnsafeMutableBufferPointer { rm in
        runningVariance.values.withUnsafeMutableBufferPointer { rv in
        usedMean.withUnsafeMutableBufferPointer { means in
        usedInverse.withUnsafeMutableBufferPointer { inverses in
            // Channels are independent: each is computed whole by one part, so the thread count
            // never changes a sum.
            Parallel.forEachPart { part in
                for c in Parallel.range(of: part, count: channels) {
                    let mean: Float, inverse: Float
                    if training {
                        let center = Double(x[c * plane])
                        var sum = 0.0, squares = 0.0
                        for s in 0..<n { wwn_shifted_moments(x + s * sampleSize + c * plane, plane, center, &sum, &squares) }
                        let shift = sum / values
                        let variance = max(0, squares / values - shift * shift)
                        let batchMean = center + shift
                        mean = Float(batchMean)
                        inverse = Float(1 / (variance + eps).squareRoot())
                        let unbiased = values > 1 ? variance * values / (values - 1) : variance
                        rm[c] = Float(factor * batchMean + (1 - factor) * Double(rm[c]))
                        rv[c] = Float(factor * unbiased + (1 - factor) * Double(rv[c]))
                    } else {
                        mean = rm[c]
                        inverse = 1 / (rv[c] + epsilon).squareRoot()
                    }
                    means[c] = mean
                    inverses[c] = inverse
                    let alpha = inverse * w[c], beta = b[c] - mean * alpha
                    for s in 0..<n {
                        let offset = s * sampleSize + c * plane
                        wwn_affine(x + offset, y + offset, plane, alpha, beta)
                    }
                }
            }
        }}}}}}
        lastInput = mode.recordsForBackward ? input : nil
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard let input = lastInput else { return nil }
        let n = batchSize, channels = features, plane = plane, sampleSize = inputSize
        if needsInputGradient { inputGradient.resize(n * sampleSize) }
        let dy = outputGradient.pointer, x = input.pointer, dx = inputGradient.pointer
        let values = Double(n * plane), training = usedBatchStatistics
        let weightFrozen = weight.isFrozen, biasFrozen = bias.isFrozen
        weight.values.withUnsafeBufferPointer { w in
        weight.gradient.withUnsafeMutableBufferPointer { dw in
        bias.gradient.withUnsafeMutableBufferPointer { db in
        usedMean.withUnsafeBufferPointer { means in
        usedInverse.withUnsafeBufferPointer { inverses in
            Parallel.forEachPart { part in
                for c in Parallel.range(of: part, count: channels) {
                    let mean = means[c], inverse = inverses[c]
                    var sum = 0.0, dot = 0.0
                    for s in 0..<n {
                        let offset = s * sampleSize + c * plane
                        wwn_gradient_moments(dy + offset, x + offset, plane, Double(mean), &sum, &dot)
                    }
                    if !weightFrozen { dw[c] = Float(dot * Double(inverse)) }
                    if !biasFrozen { db[c] = Float(sum) }
                    guard needsInputGradient else { continue }
                    let scale = inverse * w[c]
                    // Evaluation mode: the statistics are constants, so dx = dy · invstd · weight.
                    let k = training ? Float(dot) * inverse * inverse / Float(values) : 0
                    let meanGradient = training ? Float(sum / values) : 0
                    for s in 0..<n {
                        let offset = s * sampleSize + c * plane
                        if training {
                            wwn_batch_norm_input_gradient(dy + offset, x + offset, dx + offset, plane, mean, k, meanGradient, scale)
                        } else {
                            wwn_affine(dy + offset, dx + offset, plane, scale, 0)
                        }
                    }
                }
            }
        }}}}}
        return needsInputGradient ? inputGradient : nil
    }

    func copy() -> LayerPasses {
        let layer = BatchNormLayer(checkedFeatures: features, dimensions: dimensions, epsilon: epsilon, momentum: momentum)
        for (mine, theirs) in zip(layer.state, state) { mine.tensor.values = theirs.tensor.values }
        layer.inputShape = inputShape
        return layer
    }
}
