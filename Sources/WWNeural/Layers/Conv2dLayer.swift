import CNeuralKernels
import WWNumerics

/// A 2-D convolution over channels-first images, as `nn.Conv2d` (`weight` is
/// `[out, in, kh, kw]`, zero padding, no dilation or groups), computed as one matrix product per
/// group of samples after unfolding the input patches ("im2col").
///
/// The unfolded patches of a group form a `[in·kh·kw, group·positions]` matrix, so the product
/// with the `[out, in·kh·kw]` weight uses the weight exactly as PyTorch stores it. Groups gather
/// enough samples that the products stay large when the images are small (deep layers), where a
/// product per sample would leave BLAS starved.
public final class Conv2dLayer: LayerPasses {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: Int
    public let padding: Int
    public let weight: Parameter
    public let bias: Parameter?
    public private(set) var inputShape: [Int] = []
    public private(set) var outputShape: [Int] = []

    /// The number of output positions (samples × pixels) a group aims for: products narrower
    /// than this run well below BLAS's peak.
    static let targetGroupColumns = 1024

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    /// Scratch space of each part of the batch (see `Parallel`): the unfolded patches of a group,
    /// the gradient with respect to them, the group's output or output gradient in
    /// `[out, group·positions]` order, and the part's share of the weight gradient.
    private let columns = (0..<Parallel.parts).map { _ in FloatBuffer() }
    private let columnGradients = (0..<Parallel.parts).map { _ in FloatBuffer() }
    private let groupProducts = (0..<Parallel.parts).map { _ in FloatBuffer() }
    private let weightGradients = (0..<Parallel.parts).map { _ in FloatBuffer() }
    private var lastInput: FloatBuffer?

    public convenience init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            bias: Bool = true) throws {
        guard inputChannels > 0, outputChannels > 0, inputChannels <= NeuralLimits.maxWidth,
              outputChannels <= NeuralLimits.maxWidth else {
            throw NeuralError.invalidArgument(argument: "channels",
                                              reason: "must be between 1 and \(NeuralLimits.maxWidth), got \(inputChannels) -> \(outputChannels)")
        }
        guard kernelSize > 0, kernelSize <= NeuralLimits.maxKernelSize else {
            throw NeuralError.invalidArgument(argument: "kernel_size",
                                              reason: "must be between 1 and \(NeuralLimits.maxKernelSize), got \(kernelSize)")
        }
        guard stride > 0, stride <= NeuralLimits.maxKernelSize else {
            throw NeuralError.invalidArgument(argument: "stride", reason: "must be between 1 and \(NeuralLimits.maxKernelSize), got \(stride)")
        }
        guard padding >= 0, padding <= NeuralLimits.maxKernelSize else {
            throw NeuralError.invalidArgument(argument: "padding", reason: "must be between 0 and \(NeuralLimits.maxKernelSize), got \(padding)")
        }
        self.init(checkedInputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize,
                  stride: stride, padding: padding, bias: bias)
    }

    private init(checkedInputChannels inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int, padding: Int,
                 bias: Bool) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = (kernelSize, kernelSize)
        self.stride = stride
        self.padding = padding
        weight = Parameter("weight", shape: [outputChannels, inputChannels, kernelSize, kernelSize])
        self.bias = bias ? Parameter("bias", shape: [outputChannels]) : nil
    }

    public var typeName: String { "Conv2d" }
    public var summary: String {
        "Conv2d(\(inputChannels), \(outputChannels), kernel_size=(\(kernelSize.height), \(kernelSize.width)), stride=(\(stride), \(stride)), padding=(\(padding), \(padding))\(bias == nil ? ", bias=False" : ""))"
    }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3, inputShape[0] == inputChannels else {
            throw NeuralError.shapeMismatch(context: "Conv2d(\(inputChannels), \(outputChannels))",
                                            expected: [inputChannels, inputShape.count == 3 ? inputShape[1] : 0,
                                                       inputShape.count == 3 ? inputShape[2] : 0],
                                            actual: inputShape)
        }
        let height = (inputShape[1] + 2 * padding - kernelSize.height) / stride + 1
        let width = (inputShape[2] + 2 * padding - kernelSize.width) / stride + 1
        guard inputShape[1] + 2 * padding >= kernelSize.height, inputShape[2] + 2 * padding >= kernelSize.width else {
            throw NeuralError.invalidArgument(argument: "kernel_size",
                                              reason: "\(kernelSize.height) is larger than the padded input \(shapeText(inputShape))")
        }
        self.inputShape = inputShape
        outputShape = [outputChannels, height, width]
        return outputShape
    }

    private var geometry: PatchGeometry {
        PatchGeometry(channels: inputChannels, height: inputShape[1], width: inputShape[2],
                      kernelHeight: kernelSize.height, kernelWidth: kernelSize.width, stride: stride, padding: padding,
                      outputHeight: outputShape[1], outputWidth: outputShape[2])
    }

    private func groupSize(batchSize: Int) -> Int {
        let positions = outputShape[1] * outputShape[2]
        return max(1, min(batchSize, Self.targetGroupColumns / max(positions, 1)))
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let shape = geometry
        let positions = shape.positions, patch = shape.patchSize, outCount = outputChannels
        let inSize = inputSize, outSize = outputSize
        output.resize(batchSize * outSize)
        let group = groupSize(batchSize: batchSize)
        let x = input.pointer, y = output.pointer
        weight.values.withUnsafeBufferPointer { w in
            let bias = self.bias?.values
            Parallel.forEachPart { part in
                let samples = Parallel.range(of: part, count: batchSize)
                let columns = columns[part].reserve(patch * group * positions)
                let product = group > 1 ? groupProducts[part].reserve(outCount * group * positions) : columns
                var start = samples.lowerBound
                while start < samples.upperBound {
                    let members = min(group, samples.upperBound - start), width = members * positions
                    for g in 0..<members {
                        shape.unfold(x + (start + g) * inSize, into: columns + g * positions, rowStride: width)
                    }
                    let target = members == 1 ? y + start * outSize : product
                    BLAS.gemm(m: outCount, n: width, k: patch, w.baseAddress!, columns, target)
                    for g in 0..<members {
                        let sample = y + (start + g) * outSize
                        if members > 1 {
                            // [out, group, positions] -> [group, out, positions]
                            for c in 0..<outCount {
                                (sample + c * positions).update(from: product + c * width + g * positions, count: positions)
                            }
                        }
                        if let bias {
                            for c in 0..<outCount { Vector.add(bias[c], to: sample + c * positions, count: positions) }
                        }
                    }
                    start += members
                }
            }
        }
        lastInput = mode.recordsForBackward ? input : nil
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let shape = geometry
        let positions = shape.positions, patch = shape.patchSize, outCount = outputChannels
        let inSize = inputSize, outSize = outputSize
        let dy = outputGradient.pointer
        if let bias, !bias.isFrozen {
            bias.gradient.withUnsafeMutableBufferPointer { db in
                for c in 0..<outCount {
                    var total: Float = 0
                    for s in 0..<batchSize { total += Vector.sum(dy + s * outSize + c * positions, count: positions) }
                    db[c] = total
                }
            }
        }
        let needsWeightGradient = !weight.isFrozen && lastInput != nil
        guard needsWeightGradient || needsInputGradient else { return nil }
        if needsInputGradient {
            inputGradient.resize(batchSize * inSize)
        }
        let group = groupSize(batchSize: batchSize)
        let weightCount = weight.count
        let x = lastInput?.pointer, dx = inputGradient.pointer
        weight.values.withUnsafeBufferPointer { w in
            Parallel.forEachPart { part in
                let samples = Parallel.range(of: part, count: batchSize)
                let columns = columns[part].reserve(patch * group * positions)
                let columnGradient = columnGradients[part].reserve(patch * group * positions)
                let product = group > 1 ? groupProducts[part].reserve(outCount * group * positions) : columns
                let dw = weightGradients[part].reserve(weightCount)
                if needsWeightGradient { dw.update(repeating: 0, count: weightCount) }
                if needsInputGradient { (dx + samples.lowerBound * inSize).update(repeating: 0, count: samples.count * inSize) }
                var start = samples.lowerBound
                while start < samples.upperBound {
                    let members = min(group, samples.upperBound - start), width = members * positions
                    let groupGradient: UnsafeMutablePointer<Float>
                    if members == 1 {
                        groupGradient = dy + start * outSize
                    } else {
                        groupGradient = product
                        for g in 0..<members {
                            for c in 0..<outCount {
                                (groupGradient + c * width + g * positions)
                                    .update(from: dy + (start + g) * outSize + c * positions, count: positions)
                            }
                        }
                    }
                    if needsWeightGradient, let x {
                        for g in 0..<members {
                            shape.unfold(x + (start + g) * inSize, into: columns + g * positions, rowStride: width)
                        }
                        BLAS.gemm(transposeB: true, m: outCount, n: patch, k: width, groupGradient, columns, beta: 1, dw)
                    }
                    if needsInputGradient {
                        BLAS.gemm(transposeA: true, m: patch, n: width, k: outCount, w.baseAddress!, groupGradient, columnGradient)
                        for g in 0..<members {
                            shape.fold(columnGradient + g * positions, rowStride: width, into: dx + (start + g) * inSize)
                        }
                    }
                    start += members
                }
            }
        }
        if needsWeightGradient {
            // The parts' shares are added in part order, so the sum never depends on the threads.
            weight.gradient.withUnsafeMutableBufferPointer { total in
                let t = total.baseAddress!
                t.update(from: weightGradients[0].pointer, count: weightCount)
                for part in 1..<Parallel.parts { Vector.accumulate(weightGradients[part].pointer, into: t, count: weightCount) }
            }
        }
        return needsInputGradient ? inputGradient : nil
    }

    func copy() -> LayerPasses {
        let layer = Conv2dLayer(checkedInputChannels: inputChannels, outputChannels: outputChannels,
                                kernelSize: kernelSize.height, stride: stride, padding: padding, bias: bias != nil)
        layer.weight.values = weight.values
        if let bias, let other = layer.bias { other.values = bias.values }
        layer.inputShape = inputShape
        layer.outputShape = outputShape
        return layer
    }
}

/// How a convolution's patches tile one channels-first image: the unfolding ("im2col") and its
/// adjoint ("col2im") that the forward and backward passes use, implemented in CNeuralKernels.
struct PatchGeometry {
    let channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int
    let outputHeight: Int, outputWidth: Int

    var positions: Int { outputHeight * outputWidth }
    var patchSize: Int { channels * kernelHeight * kernelWidth }

    private var c: wwn_patch_geometry {
        wwn_patch_geometry(channels: channels, height: height, width: width, kernel_height: kernelHeight,
                           kernel_width: kernelWidth, stride: stride, padding: padding,
                           output_height: outputHeight, output_width: outputWidth)
    }

    /// Writes the patches of one image: row `(c·kh + ki)·kw + kj`, column `oh·OW + ow` holds the
    /// pixel under kernel tap (ki, kj) for output position (oh, ow), or 0 in the padding.
    func unfold(_ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        var geometry = c
        wwn_unfold(&geometry, image, columns, rowStride)
    }

    /// The adjoint of `unfold`: adds each patch entry back onto the pixel it came from.
    func fold(_ columns: UnsafePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>) {
        var geometry = c
        wwn_fold(&geometry, columns, rowStride, image)
    }
}
