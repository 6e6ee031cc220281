import WWNumerics

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
    /// The result of the last forward pass (valid until the next one), for blocks whose backward
    /// pass reads it (attention reads the query, key and value projections).
    var lastOutput: FloatBuffer { output }

    /// The fixed number of slices a product is cut into, whatever the thread count. Fewer than
    /// `Parallel.parts`: every slice packs the operand it shares with the others again (the
    /// batch's inputs or output gradients), and with 8 slices of a 512-wide layer that packing
    /// cost a third as much as the product itself; 4 still keeps 4 threads busy.
    static let slices = 4

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

    /// The products are cut into `slices` slices of output (or input) features, each a
    /// product of its own, so a slice is computed the same way whatever the thread count, and no
    /// sum is ever split between threads: the weights are the same bits on 1 or 16 threads.
    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let n = batchSize, inCount = inputFeatures, outCount = outputFeatures
        output.resize(n * outCount)
        let y = output.pointer, x = input.pointer
        weight.values.withUnsafeBufferPointer { w in
            (bias?.values ?? []).withUnsafeBufferPointer { b in
            let w = w.baseAddress!, b = bias == nil ? nil : b.baseAddress
            Parallel.forEachPart(Self.slices) { part in
                let columns = Parallel.alignedRange(of: part, count: outCount, parts: Self.slices)
                guard !columns.isEmpty else { return }
                if let b {
                    // The bias goes in first and the product is added to it (beta = 1), which also
                    // spares BLAS a pass zeroing the output.
                    for row in 0..<n {
                        (y + row * outCount + columns.lowerBound).update(from: b + columns.lowerBound, count: columns.count)
                    }
                }
                BLAS.gemm(transposeB: true, m: n, n: columns.count, k: inCount, x, lda: inCount,
                          w + columns.lowerBound * inCount, ldb: inCount, beta: bias == nil ? 0 : 1,
                          y + columns.lowerBound, ldc: outCount)
            }
            }
        }
        lastInput = mode.recordsForBackward ? input : nil
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let n = batchSize, inCount = inputFeatures, outCount = outputFeatures
        let dy = outputGradient.pointer
        if let bias, !bias.isFrozen {
            bias.gradient.withUnsafeMutableBufferPointer { db in
                sumRows(dy, rows: n, columns: outCount, into: db.baseAddress!)
            }
        }
        let x = weight.isFrozen ? nil : lastInput?.pointer
        if needsInputGradient { inputGradient.resize(n * inCount) }
        let dx = inputGradient.pointer
        weight.values.withUnsafeBufferPointer { w in
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                let w = w.baseAddress!, dw = dw.baseAddress!
                Parallel.forEachPart(Self.slices) { part in
                    if let x {
                        // dW[rows] = dY[:, rows]^T X
                        let rows = Parallel.alignedRange(of: part, count: outCount, parts: Self.slices)
                        if !rows.isEmpty {
                            BLAS.gemm(transposeA: true, m: rows.count, n: inCount, k: n, dy + rows.lowerBound, lda: outCount,
                                      x, ldb: inCount, dw + rows.lowerBound * inCount, ldc: inCount)
                        }
                    }
                    if needsInputGradient {
                        // dX[:, columns] = dY W[:, columns]
                        let columns = Parallel.alignedRange(of: part, count: inCount, parts: Self.slices)
                        if !columns.isEmpty {
                            BLAS.gemm(m: n, n: columns.count, k: outCount, dy, lda: outCount, w + columns.lowerBound, ldb: inCount,
                                      dx + columns.lowerBound, ldc: inCount)
                        }
                    }
                }
            }
        }
        return needsInputGradient ? inputGradient : nil
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
