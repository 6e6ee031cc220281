import CNeuralKernels

/// Max pooling over square windows of channels-first images, as `nn.MaxPool2d(kernel, stride,
/// padding)` (floor mode; the padding never wins a window). The gradient flows to the first maximum of each window, as in
/// PyTorch; a NaN in a window wins it, so NaNs propagate instead of vanishing.
public final class MaxPoolLayer: LayerPasses {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public private(set) var inputShape: [Int] = []
    public private(set) var outputShape: [Int] = []

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    /// For each output element, the offset of its maximum within the sample's input.
    private var winners: [Int32] = []

    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for a kernel or stride outside
    ///   1...`NeuralLimits.maxKernelSize`.
    public convenience init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        guard kernelSize > 0, kernelSize <= NeuralLimits.maxKernelSize else {
            throw NeuralError.invalidArgument(argument: "pool", reason: "must be between 1 and \(NeuralLimits.maxKernelSize), got \(kernelSize)")
        }
        let step = stride ?? kernelSize
        guard step > 0, step <= NeuralLimits.maxKernelSize else {
            throw NeuralError.invalidArgument(argument: "stride", reason: "must be between 1 and \(NeuralLimits.maxKernelSize), got \(step)")
        }
        // PyTorch's rule: the padding is at most half the window, so every window has a pixel.
        guard padding >= 0, padding <= kernelSize / 2 else {
            throw NeuralError.invalidArgument(argument: "padding", reason: "must be between 0 and half the window (\(kernelSize / 2)), got \(padding)")
        }
        self.init(checkedKernelSize: kernelSize, stride: step, padding: padding)
    }

    private init(checkedKernelSize: Int, stride: Int, padding: Int) {
        kernelSize = checkedKernelSize
        self.stride = stride
        self.padding = padding
    }

    public var typeName: String { "MaxPool2d" }
    public var summary: String { "MaxPool2d(kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=1, ceil_mode=False)" }
    public var parameters: [Parameter] { [] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3, inputShape[1] + 2 * padding >= kernelSize, inputShape[2] + 2 * padding >= kernelSize else {
            throw NeuralError.invalidArgument(argument: "pool",
                                              reason: "a \(kernelSize)×\(kernelSize) window needs images of at least that size, got samples of shape \(inputShape)")
        }
        self.inputShape = inputShape
        outputShape = [inputShape[0], (inputShape[1] + 2 * padding - kernelSize) / stride + 1,
                       (inputShape[2] + 2 * padding - kernelSize) / stride + 1]
        return outputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let channels = inputShape[0], height = inputShape[1], width = inputShape[2]
        let outHeight = outputShape[1], outWidth = outputShape[2]
        let inSize = inputSize, outSize = outputSize, k = kernelSize, step = stride, pad = padding
        output.resize(batchSize * outSize)
        if winners.count < batchSize * outSize { winners = [Int32](repeating: 0, count: batchSize * outSize) }
        let y = output.pointer, x = input.pointer
        winners.withUnsafeMutableBufferPointer { best in
            let best = best.baseAddress!
            Parallel.forEachPart { part in
                for s in Parallel.range(of: part, count: batchSize) {
                    if k == 2, step == 2, pad == 0 {
                        wwn_max_pool_2x2(x + s * inSize, y + s * outSize, best + s * outSize, channels, height, width)
                        continue
                    }
                    let sample = x + s * inSize
                    var o = s * outSize
                    for c in 0..<channels {
                        let plane = c * height * width
                        for oh in 0..<outHeight {
                            // The window's rows and columns inside the image (the padding is skipped).
                            let top = oh * step - pad
                            let rows = max(top, 0)..<min(top + k, height)
                            for ow in 0..<outWidth {
                                let left = ow * step - pad
                                let columns = max(left, 0)..<min(left + k, width)
                                var bestOffset = plane + rows.lowerBound * width + columns.lowerBound
                                var bestValue = sample[bestOffset]
                                for row in rows {
                                    let rowOffset = plane + row * width
                                    for column in columns {
                                        let v = sample[rowOffset + column]
                                        if v > bestValue || (v.isNaN && !bestValue.isNaN) {
                                            bestValue = v
                                            bestOffset = rowOffset + column
                                        }
                                    }
                                }
                                y[o] = bestValue
                                best[o] = Int32(bestOffset)
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        let inSize = inputSize, outSize = outputSize
        inputGradient.resize(batchSize * inSize)
        let dy = outputGradient.pointer, dx = inputGradient.pointer
        winners.withUnsafeBufferPointer { best in
            let best = best.baseAddress!
            Parallel.forEachPart { part in
                let samples = Parallel.range(of: part, count: batchSize)
                (dx + samples.lowerBound * inSize).update(repeating: 0, count: samples.count * inSize)
                for s in samples {
                    let base = s * inSize, o = s * outSize
                    for j in 0..<outSize { dx[base + Int(best[o + j])] += dy[o + j] }
                }
            }
        }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = MaxPoolLayer(checkedKernelSize: kernelSize, stride: stride, padding: padding)
        layer.inputShape = inputShape
        layer.outputShape = outputShape
        return layer
    }
}

/// Flattens each sample to a vector, as `nn.Flatten()`. Channels-first samples flatten in
/// PyTorch's order (channel, row, column), so the next Linear layer's weight columns mean the
/// same pixels as in PyTorch. The data does not move: the output is the input buffer.
public final class FlattenLayer: LayerPasses {
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { [inputShape.reduce(1, *)] }

    public init() {}

    public var typeName: String { "Flatten" }
    public var summary: String { "Flatten(start_dim=1, end_dim=-1)" }
    public var parameters: [Parameter] { [] }
    var mayReturnInput: Bool { true }
    var overwritesOutputGradient: Bool { true }

    func configure(inputShape: [Int]) throws -> [Int] {
        self.inputShape = inputShape
        return outputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer { input }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        needsInputGradient ? outputGradient : nil
    }

    func copy() -> LayerPasses {
        let layer = FlattenLayer()
        layer.inputShape = inputShape
        return layer
    }
}
