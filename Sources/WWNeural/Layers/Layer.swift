import WWNumerics

/// One step of a sequential network, as seen from outside: what it is and what it holds.
/// The passes live in the internal `LayerPasses`; every layer type of this module has both.
public protocol Layer: AnyObject {
    /// PyTorch's class name for the layer ("Linear", "Conv2d", "ReLU", ...).
    var typeName: String { get }
    /// A one-line description with the layer's hyper-parameters, as PyTorch prints modules.
    var summary: String { get }
    /// Trainable tensors in PyTorch's order (weight, then bias); empty for parameter-free layers.
    var parameters: [Parameter] { get }
    var inputShape: [Int] { get }
    var outputShape: [Int] { get }
}

/// What a forward pass does besides computing: whether it keeps each layer's input for a
/// backward pass, whether dropout is active, and the stream that draws dropout masks.
final class ForwardMode {
    let recordsForBackward: Bool
    let appliesDropout: Bool
    var random: SeededRandom
    /// What ReLU layers do with their on/off pattern (see ``ActivationPatternUse``).
    var activationPattern = ActivationPatternUse.free

    init(recordsForBackward: Bool, appliesDropout: Bool, random: SeededRandom = SeededRandom(seed: 0)) {
        self.recordsForBackward = recordsForBackward
        self.appliesDropout = appliesDropout
        self.random = random
    }

    /// Training: inputs kept, dropout drawn from `random`.
    static func training(random: SeededRandom) -> ForwardMode {
        ForwardMode(recordsForBackward: true, appliesDropout: true, random: random)
    }

    /// Inference: nothing kept, dropout off.
    static var evaluation: ForwardMode { ForwardMode(recordsForBackward: false, appliesDropout: false) }

    /// Gradients of the deterministic (evaluation-mode) function: inputs kept, dropout off.
    static var differentiation: ForwardMode { ForwardMode(recordsForBackward: true, appliesDropout: false) }

    /// Differentiation that records or replays the ReLU patterns (curvature estimates).
    static func differentiation(pattern: ActivationPatternUse) -> ForwardMode {
        let mode = ForwardMode.differentiation
        mode.activationPattern = pattern
        return mode
    }
}

/// How ReLU layers treat which units are on. Second derivatives of a ReLU network, as autograd
/// takes them (PyHessian's Hessian-vector products), hold each ReLU's derivative at its value at
/// θ: ReLU'' is 0. Finite differences of gradients at θ ± εv instead cross the kinks of units
/// near 0 and pick up jumps divided by ε, which dominate the estimate and change with the
/// step. Recording the pattern at θ and replaying it (each ReLU multiplies by its recorded 0/1
/// mask) makes the differences those of autograd's Hessian.
enum ActivationPatternUse {
    /// ReLU as usual.
    case free
    /// ReLU as usual, keeping which units were on for this batch.
    case record
    /// Each ReLU multiplies its input by the recorded mask (same batch as recorded).
    case replay
}

/// The passes of a layer. Layers work on a batch stored contiguously (row-major
/// `[batch] + sampleShape`, images channels-first), own the buffers of their outputs and input
/// gradients, and reuse them from batch to batch.
///
/// A layer is configured once for its input sample shape, then `forward` and `backward` run in
/// pairs: the backward pass may read the input and output of the last forward pass.
protocol LayerPasses: Layer {
    /// Fixes the input sample shape and returns the output sample shape.
    func configure(inputShape: [Int]) throws -> [Int]
    /// The layer's output for `batchSize` samples. The returned buffer belongs to the layer (or is
    /// the input itself, for layers that change nothing) and stays valid until the next forward.
    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer
    /// Takes the gradient of the loss with respect to this layer's output, stores the gradients of
    /// unfrozen parameters, and returns the gradient with respect to the input when asked.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer?
    /// A fresh layer of the same kind and hyper-parameters with copies of the parameter values.
    func copy() -> LayerPasses
    /// Whether the backward pass reads the buffer the forward pass returned, so the next layer
    /// must not overwrite it in place.
    var readsOutputInBackward: Bool { get }
    /// Whether the forward pass may return its input buffer itself (Flatten, Identity, Dropout
    /// when off), so the buffer's real producer is further back.
    var mayReturnInput: Bool { get }
}

extension LayerPasses {
    var readsOutputInBackward: Bool { false }
    var mayReturnInput: Bool { false }
}

extension Layer {
    var inputSize: Int { inputShape.reduce(1, *) }
    var outputSize: Int { outputShape.reduce(1, *) }
}

/// Renders a sample shape as PyTorch-style text ("3×32×32").
func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }
