/// Adaptive average pooling to a fixed output size, as `nn.AdaptiveAvgPool2d((h, w))`: output
/// cell (i, j) of each channel is the mean of input rows `floor(i·H/h) ..< ceil((i+1)·H/h)` and
/// the matching columns, PyTorch's bins, which overlap when the sizes do not divide and repeat
/// a pixel when the output is larger than the input (torchvision's VGG pools a 1×1 map of
/// 32×32 inputs to 7×7 this way). For a 1×1 output, ``GlobalAveragePoolLayer`` is the fast form.
public final class AdaptiveAveragePoolLayer: LayerPasses {
    /// The output's rows and columns (the layer's `outputShape` adds the channels).
    public let grid: (height: Int, width: Int)
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { [inputShape.first ?? 0, grid.height, grid.width] }

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()

    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for a size outside
    ///   1...`NeuralLimits.maxKernelSize`.
    public convenience init(height: Int, width: Int) throws {
        guard (1...NeuralLimits.maxKernelSize).contains(height), (1...NeuralLimits.maxKernelSize).contains(width) else {
            throw NeuralError.invalidArgument(argument: "output_size",
                                              reason: "must be between 1 and \(NeuralLimits.maxKernelSize), got \(height)×\(width)")
        }
        self.init(checkedHeight: height, width: width)
    }

    private init(checkedHeight height: Int, width: Int) { grid = (height, width) }

    public var typeName: String { "AdaptiveAvgPool2d" }
    public var summary: String { "AdaptiveAvgPool2d(output_size=(\(grid.height), \(grid.width)))" }
    public var parameters: [Parameter] { [] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3 else {
            throw NeuralError.shapeMismatch(context: "AdaptiveAvgPool2d", expected: [inputShape.first ?? 0, 0, 0], actual: inputShape)
        }
        self.inputShape = inputShape
        return outputShape
    }

    /// PyTorch's bin of output index `index` of `outputs` over `inputs` positions.
    private static func bin(_ index: Int, outputs: Int, inputs: Int) -> Range<Int> {
        (index * inputs / outputs)..<(((index + 1) * inputs + outputs - 1) / outputs)
    }

    /// Calls `body(output index, the bin's rows, the bin's columns)` for
    /// every output cell (its index in the batch's output) of every channel of `batchSize` samples.
    private func forEachCell(batchSize: Int, _ body: (Int, Range<Int>, Range<Int>) -> Void) {
        let height = inputShape[1], width = inputShape[2]
        let outHeight = grid.height, outWidth = grid.width
        var o = 0
        for _ in 0..<(batchSize * inputShape[0]) {
            for i in 0..<outHeight {
                let rows = Self.bin(i, outputs: outHeight, inputs: height)
                for j in 0..<outWidth {
                    body(o, rows, Self.bin(j, outputs: outWidth, inputs: width))
                    o += 1
                }
            }
        }
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let plane = inputShape[1] * inputShape[2], width = inputShape[2], cells = grid.height * grid.width
        output.resize(batchSize * outputSize)
        let x = input.pointer, y = output.pointer
        forEachCell(batchSize: batchSize) { o, rows, columns in
            let base = (o / cells) * plane
            var sum: Float = 0
            for row in rows { for column in columns { sum += x[base + row * width + column] } }
            // Divided, not multiplied by the reciprocal: PyTorch's kernel divides.
            y[o] = sum / Float(rows.count * columns.count)
        }
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        let plane = inputShape[1] * inputShape[2], width = inputShape[2], cells = grid.height * grid.width
        inputGradient.resize(batchSize * inputSize)
        let dy = outputGradient.pointer, dx = inputGradient.pointer
        dx.update(repeating: 0, count: batchSize * inputSize)
        forEachCell(batchSize: batchSize) { o, rows, columns in
            let base = (o / cells) * plane
            let share = dy[o] / Float(rows.count * columns.count)
            for row in rows { for column in columns { dx[base + row * width + column] += share } }
        }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = AdaptiveAveragePoolLayer(checkedHeight: grid.height, width: grid.width)
        layer.inputShape = inputShape
        return layer
    }
}
