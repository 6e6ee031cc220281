import Foundation

/// The element-wise non-linearities a network can use between its layers.
public enum Activation: String, CaseIterable, Sendable {
    case relu
    /// The exact form `x Φ(x)` with the error function, PyTorch's default (`approximate='none'`).
    case gelu
    case tanh
    case identity

    /// PyTorch's module name, which is also the layer's `typeName`.
    public var moduleName: String {
        switch self {
        case .relu: return "ReLU"
        case .gelu: return "GELU"
        case .tanh: return "Tanh"
        case .identity: return "Identity"
        }
    }
}

/// An element-wise activation layer.
public final class ActivationLayer: LayerPasses {
    public let activation: Activation
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { inputShape }

    private let output = FloatBuffer()
    private var lastInput: FloatBuffer?
    private var lastOutput: FloatBuffer?

    public init(_ activation: Activation) { self.activation = activation }

    public var typeName: String { activation.moduleName }
    public var summary: String { activation == .gelu ? "GELU(approximate='none')" : "\(typeName)()" }
    public var parameters: [Parameter] { [] }

    func configure(inputShape: [Int]) throws -> [Int] {
        self.inputShape = inputShape
        return inputShape
    }

    /// 1 / sqrt(2), the scale inside the error function of the exact GELU.
    static let inverseSquareRootOfTwo: Float = 0.70710678118654752
    /// 1 / sqrt(2 pi), the normal density's constant in the GELU derivative.
    static let inverseSquareRootOfTwoPi: Float = 0.39894228040143268

    /// Set by the network when the layer that produced the input never reads that buffer again
    /// (see `Network.planInPlaceActivations`): the activation then overwrites its input instead
    /// of writing a buffer of its own, which saves a pass over memory per layer and batch.
    var operatesInPlace = false
    /// The recorded on/off mask of a ReLU (1 or 0 per element), and whether the last forward
    /// pass replayed it; see ``ActivationPatternUse``.
    private let pattern = FloatBuffer()
    private var replayedPattern = false

    /// Whether the backward pass reads this layer's output (ReLU and tanh derive their
    /// gradient from it), so a later layer must not overwrite that buffer in place.
    var readsOutputInBackward: Bool { activation == .relu || activation == .tanh }
    var mayReturnInput: Bool { activation == .identity || operatesInPlace }
    var overwritesOutputGradient: Bool { true }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        if activation == .identity {
            lastInput = nil
            return input
        }
        let count = batchSize * inputSize
        let result = operatesInPlace && activation != .gelu ? input : output
        result.resize(count)
        let x = input.pointer, y = result.pointer
        switch activation {
        case .relu:
            replayedPattern = mode.activationPattern == .replay && pattern.count == count
            if replayedPattern {
                Vector.multiply(x, pattern.pointer, y, count: count)
            } else {
                Parallel.forEachRange(count: count) { Vector.relu(x + $0.lowerBound, y + $0.lowerBound, count: $0.count) }
            }
            if mode.activationPattern == .record {
                pattern.resize(count)
                for i in 0..<count { pattern.pointer[i] = y[i] > 0 ? 1 : 0 }
            }
        case .gelu:
            let s = Self.inverseSquareRootOfTwo
            for i in 0..<count { y[i] = 0.5 * x[i] * (1 + erff(x[i] * s)) }
        case .tanh:
            for i in 0..<count { y[i] = tanhf(x[i]) }
        case .identity:
            break
        }
        lastInput = mode.recordsForBackward ? input : nil
        lastOutput = result
        return result
    }

    /// The gradient is written over the output gradient: nothing reads that buffer afterwards.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        if activation == .identity { return outputGradient }
        let count = batchSize * inputSize
        let dy = outputGradient.pointer
        switch activation {
        case .relu:
            if replayedPattern {
                Vector.multiply(dy, pattern.pointer, dy, count: count)
                return outputGradient
            }
            guard let y = lastOutput?.pointer else { return nil }
            Parallel.forEachRange(count: count) {
                Vector.reluBackward(dy + $0.lowerBound, output: y + $0.lowerBound, dy + $0.lowerBound, count: $0.count)
            }
        case .gelu:
            guard let x = lastInput?.pointer else { return nil }
            let s = Self.inverseSquareRootOfTwo, d = Self.inverseSquareRootOfTwoPi
            for i in 0..<count {
                let v = x[i]
                let cdf = 0.5 * (1 + erff(v * s))
                dy[i] *= cdf + v * d * expf(-0.5 * v * v)
            }
        case .tanh:
            guard let y = lastOutput?.pointer else { return nil }
            Vector.tanhBackward(dy, output: y, dy, count: count)
        case .identity:
            break
        }
        return outputGradient
    }

    func copy() -> LayerPasses {
        let layer = ActivationLayer(activation)
        layer.inputShape = inputShape
        layer.operatesInPlace = operatesInPlace
        return layer
    }
}
