import WWNumerics

/// One step of a network, as seen from outside: what it is and what it holds. A step may be a
/// block of layers of its own (a residual block), whose tensors carry their path within it.
/// The passes live in the internal `LayerPasses`; every layer type of this module has both.
public protocol Layer: AnyObject {
    /// PyTorch's class name for the layer ("Linear", "Conv2d", "ReLU", ...).
    var typeName: String { get }
    /// A one-line description with the layer's hyper-parameters, as PyTorch prints modules.
    var summary: String { get }
    /// Trainable tensors in PyTorch's order (weight, then bias); empty for parameter-free layers.
    var parameters: [Parameter] { get }
    /// Every tensor of the layer's state in PyTorch's `state_dict` order (a module's parameters,
    /// then its buffers, module by module), named relative to the layer: "weight",
    /// "running_mean", "bn1.weight", "downsample.0.weight".
    var state: [StateTensor] { get }
    var inputShape: [Int] { get }
    var outputShape: [Int] { get }
}

/// One entry of a layer's state: a trainable parameter, or a buffer (BatchNorm's running
/// statistics) that the forward pass updates and the optimiser never touches.
public struct StateTensor {
    /// The name relative to the layer ("weight", "bn1.running_var").
    public var name: String
    public var tensor: Parameter
    public var isBuffer: Bool

    public init(name: String, tensor: Parameter, isBuffer: Bool = false) {
        self.name = name
        self.tensor = tensor
        self.isBuffer = isBuffer
    }

    /// The same entry inside a module called `prefix`.
    func prefixed(_ prefix: String) -> StateTensor {
        StateTensor(name: prefix + "." + name, tensor: tensor, isBuffer: isBuffer)
    }
}

extension Layer {
    /// A layer without buffers: its parameters under their local names.
    public var state: [StateTensor] { parameters.map { StateTensor(name: $0.localName, tensor: $0) } }
}

/// What a forward pass does besides computing: whether it keeps each layer's input for a
/// backward pass, whether dropout is active, and the stream that draws dropout masks.
final class ForwardMode {
    let recordsForBackward: Bool
    let appliesDropout: Bool
    /// Training mode of BatchNorm: normalise with the batch's statistics and update the
    /// running ones (PyTorch's `model.train()`); otherwise the running statistics are used.
    let usesBatchStatistics: Bool
    var random: SeededRandom
    /// What ReLU layers do with their on/off pattern (see ``ActivationPatternUse``).
    var activationPattern = ActivationPatternUse.free
    /// The token layout of a transformer encoder's batch (lengths and padding mask); nil for
    /// networks on fixed-size samples.
    var sequences: SequenceBatch?

    init(recordsForBackward: Bool, appliesDropout: Bool, usesBatchStatistics: Bool = false,
         random: SeededRandom = SeededRandom(seed: 0)) {
        self.recordsForBackward = recordsForBackward
        self.appliesDropout = appliesDropout
        self.usesBatchStatistics = usesBatchStatistics
        self.random = random
    }

    /// Training: inputs kept, dropout drawn from `random`, BatchNorm on batch statistics.
    static func training(random: SeededRandom) -> ForwardMode {
        ForwardMode(recordsForBackward: true, appliesDropout: true, usesBatchStatistics: true, random: random)
    }

    /// Inference: nothing kept, dropout off.
    static var evaluation: ForwardMode { ForwardMode(recordsForBackward: false, appliesDropout: false) }

    /// Gradients of the deterministic (evaluation-mode) function: inputs kept, dropout off,
    /// BatchNorm on its running statistics (as PyHessian runs a model in `eval()`).
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
    /// Whether the backward pass may write the input gradient over the output gradient it is
    /// given or return that buffer itself (activations, dropout, flatten), so a caller that
    /// still needs that gradient must pass a copy.
    var overwritesOutputGradient: Bool { get }
    /// The layers inside a block (empty for a plain layer), for initialisation.
    var sublayers: [LayerPasses] { get }
}

extension LayerPasses {
    var readsOutputInBackward: Bool { false }
    var mayReturnInput: Bool { false }
    var overwritesOutputGradient: Bool { false }
    var sublayers: [LayerPasses] { [] }
}

/// Lets ReLU and tanh layers of a chain overwrite their input when the layer that produced that
/// buffer never reads it again: walking back through layers that may pass their input along
/// (Flatten, Dropout, in-place activations), the producer must not read its output in its
/// backward pass. `inputIsFree` says whether the chain's own input may be overwritten (a
/// network's input buffer is refilled for every batch; a block's input is read by its shortcut).
func planInPlaceActivations(_ chain: [LayerPasses], inputIsFree: Bool) {
    for (index, stage) in chain.enumerated() {
        guard let activation = stage as? ActivationLayer, activation.activation != .identity,
              activation.activation != .gelu else { continue }
        var producer = index - 1
        var safe = true
        while producer >= 0 {
            if chain[producer].readsOutputInBackward { safe = false; break }
            guard chain[producer].mayReturnInput else { break }
            producer -= 1
        }
        activation.operatesInPlace = safe && (producer >= 0 || inputIsFree)
    }
}

extension Layer {
    var inputSize: Int { inputShape.reduce(1, *) }
    var outputSize: Int { outputShape.reduce(1, *) }
}

/// Renders a sample shape as PyTorch-style text ("3×32×32").
func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }
