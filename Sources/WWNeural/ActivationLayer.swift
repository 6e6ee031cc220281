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
    private let inputGradient = FloatBuffer()
    private var lastInput: FloatBuffer?

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

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        if activation == .identity {
            lastInput = nil
            return input
        }
        let count = batchSize * inputSize
        output.resize(count)
        let x = input.pointer, y = output.pointer
        switch activation {
        case .relu:
            for i in 0..<count { y[i] = max(x[i], 0) }
        case .gelu:
            let s = Self.inverseSquareRootOfTwo
            for i in 0..<count { y[i] = 0.5 * x[i] * (1 + erff(x[i] * s)) }
        case .tanh:
            for i in 0..<count { y[i] = tanhf(x[i]) }
        case .identity:
            break
        }
        lastInput = mode.recordsForBackward ? input : nil
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        if activation == .identity { return outputGradient }
        let count = batchSize * inputSize
        inputGradient.resize(count)
        let dy = outputGradient.pointer, dx = inputGradient.pointer, y = output.pointer
        switch activation {
        case .relu:
            for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
        case .gelu:
            guard let x = lastInput?.pointer else { return nil }
            let s = Self.inverseSquareRootOfTwo, d = Self.inverseSquareRootOfTwoPi
            for i in 0..<count {
                let v = x[i]
                let cdf = 0.5 * (1 + erff(v * s))
                dx[i] = dy[i] * (cdf + v * d * expf(-0.5 * v * v))
            }
        case .tanh:
            for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        case .identity:
            break
        }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = ActivationLayer(activation)
        layer.inputShape = inputShape
        return layer
    }
}
