/// VGG networks as torchvision builds them (Simonyan and Zisserman, 2015), with torchvision's
/// module names: the convolutions, BatchNorms, ReLUs and poolings of `features` numbered as in
/// its `nn.Sequential` (`features.0.weight`, `features.1.running_mean` with BatchNorm),
/// `avgpool`, and the classifier's Linear layers `classifier.0`, `classifier.3`, `classifier.6`.
extension Network {
    /// The convolution widths of each depth, 0 marking a 2×2 max pooling: torchvision's
    /// configurations "A" (11), "B" (13), "D" (16) and "E" (19).
    static let vggConfigurations: [Int: [Int]] = [
        11: [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        13: [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        16: [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        19: [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0],
    ]
    /// The side of torchvision's `AdaptiveAvgPool2d((7, 7))`: 224 / 2^5, what the five poolings
    /// leave of an ImageNet image.
    static let vggPooledSide = 7
    /// The width of torchvision's two hidden classifier layers.
    public static let vggHiddenWidth = 4096
    /// The standard deviation of torchvision's VGG Linear weights (`nn.init.normal_(w, 0, 0.01)`).
    static let vggLinearStandardDeviation = 0.01

    /// A VGG network of `depth` (11, 13, 16 or 19) weight layers, with BatchNorm after each
    /// convolution when `batchNorm` (torchvision's `vgg11_bn`, ...), and `classes` outputs.
    ///
    /// The features are torchvision's: 3×3 convolutions with padding 1 and a bias, each followed
    /// by ReLU (BatchNorm between them when asked), and five 2×2 max poolings. The head is
    /// - ``VGGHead/imagenet``: torchvision's — `avgpool` (adaptive average pooling to 7×7),
    ///   then `classifier.0` Linear(512·7·7, `hidden`), ReLU, Dropout, `classifier.3`
    ///   Linear(`hidden`, `hidden`), ReLU, Dropout, `classifier.6` Linear(`hidden`, `classes`).
    ///   With `hidden` 4096 (torchvision's) the first layer alone holds 103 M weights.
    /// - ``VGGHead/cifar``: the common head of CIFAR VGGs — `avgpool` (global average pooling:
    ///   the features of a 32×32 image are already 1×1) and one Linear layer `classifier`
    ///   (512 → `classes`): 5,130 weights for 10 classes instead of the ImageNet head's 119.6 M.
    ///
    /// Initialisation is torchvision's: convolutions `kaiming_normal_` with fan-out and ReLU gain
    /// and bias 0, BatchNorm weight 1 and bias 0, Linear weights normal(0, 0.01) and bias 0.
    /// - Parameters:
    ///   - inputShape: [3, 224, 224] for the ImageNet head and [3, 32, 32] for the CIFAR head
    ///     unless given; images need at least 32×32 pixels for the five poolings.
    ///   - dropout: the probability of the ImageNet head's two Dropout layers (torchvision's 0.5).
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for another depth, a class
    ///   count or width outside 1...`NeuralLimits.maxWidth`, a dropout outside [0, 1), or images
    ///   too small for the poolings.
    public static func vgg(depth: Int, batchNorm: Bool, classes: Int, head: VGGHead = .imagenet,
                           hidden: Int = vggHiddenWidth, dropout: Double = 0.5, inputShape: [Int]? = nil,
                           seed: UInt64 = 0) throws -> Network {
        guard let configuration = vggConfigurations[depth] else {
            let known = vggConfigurations.keys.sorted().map(String.init).joined(separator: ", ")
            throw NeuralError.invalidArgument(argument: "depth", reason: "must be one of \(known) (torchvision's VGGs), got \(depth)")
        }
        for (argument, width) in [("classes", classes), ("hidden", hidden)] where !(1...NeuralLimits.maxWidth).contains(width) {
            throw NeuralError.invalidArgument(argument: argument, reason: "must be between 1 and \(NeuralLimits.maxWidth), got \(width)")
        }
        let shape = inputShape ?? (head == .imagenet ? [3, 224, 224] : [3, 32, 32])
        try checkImageShape(shape)
        var names: [String] = []
        var stages: [LayerPasses] = []
        var channels = shape[0]
        for width in configuration {
            if width == 0 {
                stages.append(try MaxPoolLayer(kernelSize: 2))
            } else {
                stages.append(try Conv2dLayer(inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1))
                if batchNorm { stages.append(try BatchNormLayer(features: width, dimensions: 2)) }
                stages.append(ActivationLayer(.relu))
                channels = width
            }
        }
        names = stages.indices.map { "features.\($0)" }
        switch head {
        case .imagenet:
            names += ["avgpool", "classifier.0", "classifier.1", "classifier.2", "classifier.3", "classifier.4", "classifier.5",
                      "classifier.6"]
            stages += [try AdaptiveAveragePoolLayer(height: vggPooledSide, width: vggPooledSide),
                       LinearLayer(inputFeatures: channels * vggPooledSide * vggPooledSide, outputFeatures: hidden),
                       ActivationLayer(.relu), try DropoutLayer(probability: dropout),
                       LinearLayer(inputFeatures: hidden, outputFeatures: hidden), ActivationLayer(.relu),
                       try DropoutLayer(probability: dropout), LinearLayer(inputFeatures: hidden, outputFeatures: classes)]
        case .cifar:
            names += ["avgpool", "classifier"]
            stages += [GlobalAveragePoolLayer(), LinearLayer(inputFeatures: channels, outputFeatures: classes)]
        }
        let name = "vgg\(depth)\(batchNorm ? "_bn" : "")\(head == .cifar ? " cifar" : "") \(shapeText(shape))"
        let network: Network
        do {
            network = try Network(name: name, inputShape: shape, stages: stages, names: names)
        } catch NeuralError.invalidArgument(_, let reason) {
            throw NeuralError.invalidArgument(argument: "input_shape", reason: "\(shapeText(shape)) does not fit vgg\(depth): \(reason)")
        }
        network.initializeAsTorchvision(seed: seed, linearStandardDeviation: vggLinearStandardDeviation)
        return network
    }
}

/// The classifier of ``Network/vgg(depth:batchNorm:classes:head:hidden:dropout:inputShape:seed:)``.
public enum VGGHead: String, Sendable, CaseIterable {
    /// torchvision's: adaptive pooling to 7×7 and three Linear layers with ReLU and Dropout.
    case imagenet
    /// Global average pooling and one Linear layer from the 512 channels, for 32×32 images.
    case cifar
}
