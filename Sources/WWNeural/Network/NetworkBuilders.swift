/// The architectures the HT-SR studies train, built as PyTorch would build them in an
/// `nn.Sequential`, so the weight names and shapes match a PyTorch model of the same design.
extension Network {
    /// A multilayer perceptron: `widths[0]` inputs, then for every hidden width a Linear layer,
    /// the activation and (when its probability is above 0) Dropout; a final Linear layer to
    /// `widths.last` outputs, and LayerNorm on the output when asked.
    ///
    /// - Parameters:
    ///   - dropout: one probability for every hidden layer, or one per hidden layer.
    ///   - scale: multiplies the initial weights (the studies' "init scale"; LayerNorm excluded).
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for fewer than two widths, a
    ///   width outside 1...`NeuralLimits.maxWidth`, or dropout probabilities of the wrong count.
    public static func mlp(widths: [Int], activation: Activation = .relu, dropout: [Double] = [0],
                           initialization: Initialization = .pytorch, scale: Double = 1, seed: UInt64 = 0,
                           layerNormOnOutput: Bool = false, bias: Bool = true) throws -> Network {
        try checkWidths(widths)
        let hidden = widths.count - 2
        let probabilities = try dropoutPerLayer(dropout, hiddenLayers: hidden)
        var layers: [LayerPasses] = []
        for index in 0..<(widths.count - 1) {
            layers.append(LinearLayer(inputFeatures: widths[index], outputFeatures: widths[index + 1], bias: bias))
            guard index < hidden else { break }
            layers.append(ActivationLayer(activation))
            if probabilities[index] > 0 { layers.append(try DropoutLayer(probability: probabilities[index])) }
        }
        if layerNormOnOutput { layers.append(LayerNormLayer(shape: [widths[widths.count - 1]])) }
        let network = try Network(name: "mlp " + widths.map(String.init).joined(separator: "-"),
                                  inputShape: [widths[0]], stages: layers)
        network.initialize(initialization, scale: scale, seed: seed)
        return network
    }

    /// A deep linear network: Linear layers with no activation between them (and no biases unless
    /// asked), whose end-to-end map is the product of its weight matrices.
    public static func deepLinear(widths: [Int], initialization: Initialization = .pytorch, scale: Double = 1,
                                  seed: UInt64 = 0, bias: Bool = false) throws -> Network {
        try checkWidths(widths)
        let layers: [LayerPasses] = (0..<(widths.count - 1)).map {
            LinearLayer(inputFeatures: widths[$0], outputFeatures: widths[$0 + 1], bias: bias)
        }
        let network = try Network(name: "deep_linear " + widths.map(String.init).joined(separator: "-"),
                                  inputShape: [widths[0]], stages: layers)
        network.initialize(initialization, scale: scale, seed: seed)
        return network
    }

    /// A small VGG-style convolutional network: for each entry of `channels`, a block of
    /// `convolutionsPerBlock` 3×3 convolutions (padding 1, so the image size is kept) each followed
    /// by the activation, then 2×2 max pooling; then Flatten, the hidden Linear layers (activation
    /// and dropout after each), and a final Linear layer to `classes` (LayerNorm after it on request).
    public static func cnn(_ configuration: ConvolutionalConfiguration) throws -> Network {
        let c = configuration
        guard c.inputShape.count == 3, c.inputShape.allSatisfy({ $0 > 0 }) else {
            throw NeuralError.invalidArgument(argument: "input_shape", reason: "must be [channels, height, width], got \(c.inputShape)")
        }
        guard !c.channels.isEmpty else { throw NeuralError.invalidArgument(argument: "channels", reason: "must list at least one block") }
        guard c.convolutionsPerBlock >= 1, c.convolutionsPerBlock <= NeuralLimits.maxLayers else {
            throw NeuralError.invalidArgument(argument: "convs_per_block", reason: "must be at least 1, got \(c.convolutionsPerBlock)")
        }
        guard c.kernelSize % 2 == 1 else {
            throw NeuralError.invalidArgument(argument: "kernel_size", reason: "must be odd so that padding keeps the image size, got \(c.kernelSize)")
        }
        try checkWidths([c.inputShape[0]] + c.channels + c.hidden + [c.classes])
        let probabilities = try dropoutPerLayer(c.dropout, hiddenLayers: c.hidden.count)
        var layers: [LayerPasses] = []
        var channels = c.inputShape[0], height = c.inputShape[1], width = c.inputShape[2]
        for blockChannels in c.channels {
            for _ in 0..<c.convolutionsPerBlock {
                layers.append(try Conv2dLayer(inputChannels: channels, outputChannels: blockChannels,
                                              kernelSize: c.kernelSize, padding: c.kernelSize / 2))
                layers.append(ActivationLayer(c.activation))
                channels = blockChannels
            }
            guard height >= 2, width >= 2 else {
                throw NeuralError.invalidArgument(argument: "channels",
                                                  reason: "has \(c.channels.count) pooling blocks, too many for \(c.inputShape[1])×\(c.inputShape[2]) images")
            }
            layers.append(try MaxPoolLayer(kernelSize: 2))
            height /= 2
            width /= 2
        }
        layers.append(FlattenLayer())
        var features = channels * height * width
        for (index, units) in c.hidden.enumerated() {
            layers.append(LinearLayer(inputFeatures: features, outputFeatures: units))
            layers.append(ActivationLayer(c.activation))
            if probabilities[index] > 0 { layers.append(try DropoutLayer(probability: probabilities[index])) }
            features = units
        }
        layers.append(LinearLayer(inputFeatures: features, outputFeatures: c.classes))
        if c.layerNormOnOutput { layers.append(LayerNormLayer(shape: [c.classes])) }
        let network = try Network(name: "cnn " + shapeText(c.inputShape) + " " + c.channels.map(String.init).joined(separator: "-"),
                                  inputShape: c.inputShape, stages: layers)
        network.initialize(c.initialization, scale: c.scale, seed: c.seed)
        return network
    }

    private static func checkWidths(_ widths: [Int]) throws {
        guard widths.count >= 2 else {
            throw NeuralError.invalidArgument(argument: "widths", reason: "needs at least an input and an output width, got \(widths)")
        }
        guard widths.count <= NeuralLimits.maxLayers else {
            throw NeuralError.invalidArgument(argument: "widths", reason: "lists \(widths.count) layers, more than the \(NeuralLimits.maxLayers) allowed")
        }
        if let bad = widths.first(where: { $0 < 1 || $0 > NeuralLimits.maxWidth }) {
            throw NeuralError.invalidArgument(argument: "widths", reason: "must be between 1 and \(NeuralLimits.maxWidth), got \(bad)")
        }
    }

    private static func dropoutPerLayer(_ dropout: [Double], hiddenLayers: Int) throws -> [Double] {
        let probabilities: [Double]
        if dropout.count == 1 {
            probabilities = Array(repeating: dropout[0], count: hiddenLayers)
        } else if dropout.count == hiddenLayers {
            probabilities = dropout
        } else {
            throw NeuralError.invalidArgument(argument: "dropout",
                                              reason: "must be one probability or one per hidden layer (\(hiddenLayers)), got \(dropout.count)")
        }
        if let bad = probabilities.first(where: { !($0 >= 0 && $0 < 1) }) {
            throw NeuralError.invalidArgument(argument: "dropout", reason: "must be in [0, 1), got \(bad)")
        }
        return probabilities
    }
}

/// The design of ``Network/cnn(_:)``; the defaults are a CIFAR-sized network with two blocks.
public struct ConvolutionalConfiguration: Sendable {
    public var inputShape: [Int] = [3, 32, 32]
    /// Output channels of each block; each block halves the image size.
    public var channels: [Int] = [32, 64]
    public var convolutionsPerBlock = 2
    public var kernelSize = 3
    /// Widths of the hidden Linear layers between the convolutions and the output.
    public var hidden: [Int] = [256]
    public var classes = 10
    public var activation: Activation = .relu
    /// One probability for every hidden Linear layer, or one per hidden layer.
    public var dropout: [Double] = [0]
    public var initialization: Initialization = .pytorch
    public var scale: Double = 1
    public var seed: UInt64 = 0
    public var layerNormOnOutput = false

    public init() {}
}
