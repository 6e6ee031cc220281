/// Layer normalisation over each whole sample, as `nn.LayerNorm(sampleShape)`: every sample is
/// shifted to mean 0 and scaled to variance 1 (the biased variance, plus `epsilon`), then
/// multiplied by `weight` and shifted by `bias` element-wise. Both start at 1 and 0.
///
/// Placed on the output of a network it fixes the logits' norm, which is what prevents rank
/// collapse in the logit-norm studies.
public final class LayerNormLayer: LayerPasses {
    public let epsilon: Float
    public let weight: Parameter
    public let bias: Parameter
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }

    /// PyTorch's default epsilon.
    public static let defaultEpsilon: Float = 1e-5

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    /// The normalised input x̂ of the last training pass, and each sample's 1 / sqrt(var + eps).
    private let normalized = FloatBuffer()
    private var inverseDeviations: [Float] = []

    public init(shape: [Int], epsilon: Float = LayerNormLayer.defaultEpsilon) {
        self.epsilon = epsilon
        inputShape = shape
        weight = Parameter("weight", shape: shape)
        bias = Parameter("bias", shape: shape)
        weight.values = [Float](repeating: 1, count: weight.count)
    }

    public var typeName: String { "LayerNorm" }
    public var summary: String {
        "LayerNorm((\(inputShape.map(String.init).joined(separator: ", "))\(inputShape.count == 1 ? "," : "")), eps=\(epsilon), elementwise_affine=True)"
    }
    public var parameters: [Parameter] { [weight, bias] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.reduce(1, *) == self.inputShape.reduce(1, *) else {
            throw NeuralError.shapeMismatch(context: "LayerNorm", expected: self.inputShape, actual: inputShape)
        }
        return self.inputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let d = inputSize, n = batchSize
        output.resize(n * d)
        // x̂ is kept only for a backward pass; inference computes the same values without it.
        let keepsNormalized = mode.recordsForBackward
        if keepsNormalized { normalized.resize(n * d) }
        if inverseDeviations.count < n { inverseDeviations = [Float](repeating: 0, count: n) }
        let x = input.pointer, y = output.pointer, xhat = keepsNormalized ? normalized.pointer : nil
        weight.values.withUnsafeBufferPointer { g in
            bias.values.withUnsafeBufferPointer { b in
                inverseDeviations.withUnsafeMutableBufferPointer { inverses in
                    let g = g.baseAddress!, b = b.baseAddress!, inverses = inverses.baseAddress!
                    // Rows are independent, so parts of rows give the same bits on any thread count.
                    let normalizeRows = { (rows: Range<Int>) in
                        for row in rows {
                            inverses[row] = Self.normalize(x + row * d, count: d, epsilon: self.epsilon, weight: g, bias: b,
                                                           normalized: xhat.map { $0 + row * d }, output: y + row * d)
                        }
                    }
                    if n * d >= Parallel.minimumElements {
                        Parallel.forEachPart { normalizeRows(Parallel.range(of: $0, count: n)) }
                    } else {
                        normalizeRows(0..<n)
                    }
                }
            }
        }
        return output
    }

    /// Normalises one row (mean and biased variance summed in double) and returns its
    /// 1 / sqrt(var + eps).
    private static func normalize(_ xr: UnsafePointer<Float>, count d: Int, epsilon: Float, weight g: UnsafePointer<Float>,
                                  bias b: UnsafePointer<Float>, normalized hr: UnsafeMutablePointer<Float>?,
                                  output yr: UnsafeMutablePointer<Float>) -> Float {
        var sum = 0.0
        for j in 0..<d { sum += Double(xr[j]) }
        let mean = sum / Double(d)
        var squares = 0.0
        for j in 0..<d {
            let c = Double(xr[j]) - mean
            squares += c * c
        }
        let inverse = Float(1 / (squares / Double(d) + Double(epsilon)).squareRoot())
        let m = Float(mean)
        if let hr {
            for j in 0..<d {
                hr[j] = (xr[j] - m) * inverse
                yr[j] = hr[j] * g[j] + b[j]
            }
        } else {
            for j in 0..<d { yr[j] = (xr[j] - m) * inverse * g[j] + b[j] }
        }
        return inverse
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let d = inputSize, n = batchSize
        let dy = outputGradient.pointer, xhat = normalized.pointer
        if !weight.isFrozen {
            weight.gradient.withUnsafeMutableBufferPointer { dg in
                dg.update(repeating: 0)
                for row in 0..<n {
                    let dr = dy + row * d, hr = xhat + row * d
                    for j in 0..<d { dg[j] += dr[j] * hr[j] }
                }
            }
        }
        if !bias.isFrozen {
            bias.gradient.withUnsafeMutableBufferPointer { db in sumRows(dy, rows: n, columns: d, into: db.baseAddress!) }
        }
        guard needsInputGradient else { return nil }
        inputGradient.resize(n * d)
        let dx = inputGradient.pointer
        weight.values.withUnsafeBufferPointer { g in
            for row in 0..<n {
                let dr = dy + row * d, hr = xhat + row * d, xr = dx + row * d
                // dx = (dx̂ - mean(dx̂) - x̂ mean(dx̂ x̂)) / sigma, with dx̂ = dy * gamma.
                var sum = 0.0, dotted = 0.0
                for j in 0..<d {
                    let scaled = Double(dr[j] * g[j])
                    sum += scaled
                    dotted += scaled * Double(hr[j])
                }
                let meanGradient = Float(sum / Double(d)), meanDotted = Float(dotted / Double(d))
                let inverse = inverseDeviations[row]
                for j in 0..<d { xr[j] = (dr[j] * g[j] - meanGradient - hr[j] * meanDotted) * inverse }
            }
        }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = LayerNormLayer(shape: inputShape, epsilon: epsilon)
        layer.weight.values = weight.values
        layer.bias.values = bias.values
        return layer
    }
}
