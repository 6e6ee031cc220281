import CNeuralKernels

/// A residual block, `relu(main(x) + shortcut(x))`, as torchvision's `BasicBlock`: two chains of
/// layers read the same input and their outputs are added, then passed through ReLU. An empty
/// shortcut is the identity; otherwise it is a chain of its own (a strided 1×1 convolution and
/// BatchNorm, torchvision's `downsample`).
///
/// The block's backward pass is written by hand (see ARCHITECTURE.md, "Graphs"): the gradient
/// through the final ReLU goes down both chains and the two input gradients are added.
public final class ResidualBlock: LayerPasses {
    /// The main chain and the module name of each of its layers ("conv1", "bn1", ...).
    public let main: [Layer]
    public let mainNames: [String]
    /// The shortcut chain (empty: the identity) and its layers' names ("downsample.0", ...).
    public let shortcut: [Layer]
    public let shortcutNames: [String]
    public let typeName: String
    public private(set) var inputShape: [Int] = []
    public private(set) var outputShape: [Int] = []

    private let mainStages: [LayerPasses]
    private let shortcutStages: [LayerPasses]
    private let output = FloatBuffer()
    private let joinGradient = FloatBuffer()
    /// A copy of the join's gradient for the branch that reads it after the other overwrote it.
    private let spareGradient = FloatBuffer()
    private let inputGradient = FloatBuffer()

    init(typeName: String, main: [(String, LayerPasses)], shortcut: [(String, LayerPasses)]) {
        self.typeName = typeName
        mainStages = main.map(\.1)
        mainNames = main.map(\.0)
        shortcutStages = shortcut.map(\.1)
        shortcutNames = shortcut.map(\.0)
        self.main = mainStages
        self.shortcut = shortcutStages
    }

    public var summary: String {
        let parts = zip(mainNames + shortcutNames, mainStages + shortcutStages).map { "(\($0)): \($1.summary)" }
        return "\(typeName)(" + parts.joined(separator: ", ") + ")"
    }
    public var parameters: [Parameter] { (mainStages + shortcutStages).flatMap(\.parameters) }
    public var state: [StateTensor] {
        zip(mainNames + shortcutNames, mainStages + shortcutStages).flatMap { name, layer in layer.state.map { $0.prefixed(name) } }
    }
    var sublayers: [LayerPasses] { mainStages + shortcutStages }
    /// The final ReLU's backward pass reads the block's output.
    var readsOutputInBackward: Bool { true }

    func configure(inputShape: [Int]) throws -> [Int] {
        func run(_ chain: [LayerPasses], _ names: [String]) throws -> [Int] {
            var shape = inputShape
            for (name, layer) in zip(names, chain) {
                do {
                    shape = try layer.configure(inputShape: shape)
                } catch let error as NeuralError {
                    throw NeuralError.invalidArgument(argument: "layers", reason: "\(name) (\(layer.typeName)): \(error)")
                }
            }
            return shape
        }
        let mainShape = try run(mainStages, mainNames)
        let shortcutShape = try run(shortcutStages, shortcutNames)
        guard mainShape == shortcutShape else {
            throw NeuralError.shapeMismatch(context: "\(typeName): the shortcut's output must match the main path's",
                                            expected: mainShape, actual: shortcutShape)
        }
        self.inputShape = inputShape
        outputShape = mainShape
        // The block's input is read again by the shortcut, so no activation may overwrite it.
        planInPlaceActivations(mainStages, inputIsFree: false)
        planInPlaceActivations(shortcutStages, inputIsFree: false)
        return mainShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        var h = input
        for layer in mainStages { h = layer.forward(h, batchSize: batchSize, mode: mode) }
        var s = input
        for layer in shortcutStages { s = layer.forward(s, batchSize: batchSize, mode: mode) }
        let count = batchSize * outputSize
        output.resize(count)
        let a = h.pointer, b = s.pointer, z = output.pointer
        Parallel.forEachRange(count: count) { wwn_add_relu(a + $0.lowerBound, b + $0.lowerBound, z + $0.lowerBound, $0.count) }
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        let count = batchSize * outputSize
        joinGradient.resize(count)
        let dy = outputGradient.pointer, y = output.pointer, g = joinGradient.pointer
        Parallel.forEachRange(count: count) {
            Vector.reluBackward(dy + $0.lowerBound, output: y + $0.lowerBound, g + $0.lowerBound, count: $0.count)
        }
        // The shortcut runs first; the branch that would see the join's gradient after the other
        // may have overwritten it gets a copy.
        let shortcutNeedsCopy = shortcutStages.last?.overwritesOutputGradient ?? (mainStages.last?.overwritesOutputGradient ?? false)
        var forShortcut = joinGradient
        if shortcutNeedsCopy {
            spareGradient.copy(from: g, count: count)
            forShortcut = spareGradient
        }
        let shortcutGradient = Self.backward(shortcutStages, forShortcut, batchSize: batchSize, needsInputGradient: needsInputGradient)
        let mainGradient = Self.backward(mainStages, joinGradient, batchSize: batchSize, needsInputGradient: needsInputGradient)
        guard needsInputGradient, let shortcutGradient, let mainGradient else { return nil }
        let inSize = batchSize * inputSize
        inputGradient.resize(inSize)
        let a = mainGradient.pointer, b = shortcutGradient.pointer, z = inputGradient.pointer
        Parallel.forEachRange(count: inSize) { wwn_add(a + $0.lowerBound, b + $0.lowerBound, z + $0.lowerBound, $0.count) }
        return inputGradient
    }

    /// Back-propagates through a chain (last layer first); an empty chain passes the gradient on.
    private static func backward(_ chain: [LayerPasses], _ gradient: FloatBuffer, batchSize: Int,
                                 needsInputGradient: Bool) -> FloatBuffer? {
        var current = gradient
        for index in stride(from: chain.count - 1, through: 0, by: -1) {
            let wanted = index > 0 || needsInputGradient
            guard let next = chain[index].backward(current, batchSize: batchSize, needsInputGradient: wanted) else { return nil }
            current = next
        }
        return current
    }

    func copy() -> LayerPasses {
        let block = ResidualBlock(typeName: typeName, main: Array(zip(mainNames, mainStages.map { $0.copy() })),
                                  shortcut: Array(zip(shortcutNames, shortcutStages.map { $0.copy() })))
        block.inputShape = inputShape
        block.outputShape = outputShape
        return block
    }
}

/// Global average pooling, as `nn.AdaptiveAvgPool2d((1, 1))`: each channel of a channels-first
/// image becomes its mean, `[C, H, W]` -> `[C, 1, 1]`. A Linear layer after it reads the
/// output as a vector of C features (torchvision's `torch.flatten(x, 1)`).
public final class GlobalAveragePoolLayer: LayerPasses {
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { [inputShape.first ?? 0, 1, 1] }

    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()

    public init() {}

    public var typeName: String { "AdaptiveAvgPool2d" }
    public var summary: String { "AdaptiveAvgPool2d(output_size=(1, 1))" }
    public var parameters: [Parameter] { [] }

    func configure(inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3 else {
            throw NeuralError.shapeMismatch(context: "AdaptiveAvgPool2d", expected: [inputShape.first ?? 0, 0, 0], actual: inputShape)
        }
        self.inputShape = inputShape
        return outputShape
    }

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        let planes = batchSize * inputShape[0], plane = inputShape[1] * inputShape[2]
        output.resize(planes)
        wwn_plane_means(input.pointer, output.pointer, planes, plane)
        return output
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        let planes = batchSize * inputShape[0], plane = inputShape[1] * inputShape[2]
        inputGradient.resize(planes * plane)
        let dy = outputGradient.pointer, dx = inputGradient.pointer, size = Float(plane)
        // Divided, not multiplied by 1 / size: PyTorch's kernel divides.
        for p in 0..<planes { (dx + p * plane).update(repeating: dy[p] / size, count: plane) }
        return inputGradient
    }

    func copy() -> LayerPasses {
        let layer = GlobalAveragePoolLayer()
        layer.inputShape = inputShape
        return layer
    }
}
