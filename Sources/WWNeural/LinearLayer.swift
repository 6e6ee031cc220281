/// A fully connected layer, `y = x W^T + b`, with PyTorch's `nn.Linear` layout (`weight` is
/// `[out, in]`). Inputs of any sample shape are read as flat vectors of their element count.
public final class LinearLayer: LayerPasses {
    public let inputFeatures: Int
    public let outputFeatures: Int
    public let weight: Parameter
    public let bias: Parameter?
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { [outputFeatures] }

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    private var lastInput: FloatBuffer?

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true) {
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        weight = Parameter("weight", shape: [outputFeatures, inputFeatures])
        self.bias = bias ? Parameter("bias", shape: [outputFeatures]) : nil
    }

    public var typeName: String { "Linear" }
    public var summary: String {
        "Linear(in_features=\(inputFeatures), out_features=\(outputFeatures), bias=\(bias == nil ? "False" : "True"))"
    }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    func configure(inputShape: [Int]) throws -> [Int] {
        let size = inputShape.reduce(1, *)
        guard size == inputFeatures else {
            throw NeuralError.shapeMismatch(context: "Linear(\(inputFeatures), \(outputFeatures))",
                                            expected: [inputFeatures], actual: inputShape)
        }
        self.inputShape = inputShape
        return outputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let n = batchSize, inCount = inputFeatures, outCount = outputFeatures
        output.resize(n * outCount)
        let y = output.pointer
        if let bias {
            bias.values.withUnsafeBufferPointer { b in
                for row in 0..<n { (y + row * outCount).update(from: b.baseAddress!, count: outCount) }
            }
        }
        weight.values.withUnsafeBufferPointer { w in
            BLAS.gemm(transposeB: true, m: n, n: outCount, k: inCount, input.pointer, w.baseAddress!,
                      beta: bias == nil ? 0 : 1, y)
        }
        lastInput = mode.recordsForBackward ? input : nil
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let n = batchSize, inCount = inputFeatures, outCount = outputFeatures
        let dy = outputGradient.pointer
        if !weight.isFrozen, let x = lastInput {
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                BLAS.gemm(transposeA: true, m: outCount, n: inCount, k: n, dy, x.pointer, dw.baseAddress!)
            }
        }
        if let bias, !bias.isFrozen {
            bias.gradient.withUnsafeMutableBufferPointer { db in
                sumRows(dy, rows: n, columns: outCount, into: db.baseAddress!)
            }
        }
        guard needsInputGradient else { return nil }
        inputGradient.resize(n * inCount)
        weight.values.withUnsafeBufferPointer { w in
            BLAS.gemm(m: n, n: inCount, k: outCount, dy, w.baseAddress!, inputGradient.pointer)
        }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = LinearLayer(inputFeatures: inputFeatures, outputFeatures: outputFeatures, bias: bias != nil)
        layer.weight.values = weight.values
        if let bias, let other = layer.bias { other.values = bias.values }
        layer.inputShape = inputShape
        return layer
    }
}

/// Column sums of a row-major matrix, row by row so the inner loop vectorises and the order of
/// additions (hence the float result) is fixed.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: columns)
    for row in 0..<rows {
        let r = matrix + row * columns
        for j in 0..<columns { sums[j] += r[j] }
    }
}
