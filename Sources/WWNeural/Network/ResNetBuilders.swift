import Foundation
import WWNumerics

/// Residual networks as PyTorch builds them, with torchvision's module names, so the state
/// dict of a wwn ResNet has exactly the keys and shapes of torchvision's (`conv1.weight`,
/// `bn1.running_mean`, `layer1.0.conv1.weight`, `layer2.0.downsample.0.weight`, `fc.weight`).
extension Network {
    /// The depths of torchvision's ImageNet ResNets built from BasicBlocks, and their blocks per stage.
    static let imageNetBlocks: [Int: [Int]] = [18: [2, 2, 2, 2], 34: [3, 4, 6, 3]]
    /// The depths of torchvision's ImageNet ResNets built from Bottleneck blocks, and their blocks per stage.
    static let bottleneckBlocks: [Int: [Int]] = [50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]]
    /// A Bottleneck block's output channels over its inner width (torchvision's `expansion`).
    static let bottleneckExpansion = 4
    /// The CIFAR ResNets of He et al. (2016), section 4.2: depth 6n + 2 with n blocks per stage.
    static let cifarDepths = [20, 32, 44, 56, 110]

    /// A residual network of `depth` layers with `classes` outputs.
    ///
    /// - Depth 18 or 34: torchvision's `resnet18` / `resnet34` (a 7×7 stride-2 stem convolution,
    ///   BatchNorm, ReLU, 3×3 stride-2 max pooling, four stages of BasicBlocks with 64, 128,
    ///   256, 512 channels, global average pooling, `fc`); made for 224×224 inputs, and runs on
    ///   inputs down to 32×32 (the last stage then sees 1×1 images).
    /// - Depth 50, 101 or 152: torchvision's `resnet50` / `resnet101` / `resnet152`: the same
    ///   stem and stages of Bottleneck blocks (1×1 convolution to the stage's width, 3×3, 1×1 to
    ///   four times the width, each with BatchNorm; `conv1`, `conv2`, `conv3`), the stride on the
    ///   3×3 convolution as in torchvision (ResNet v1.5), a `downsample` shortcut in the first
    ///   block of every stage, and `fc` from 2048 features.
    /// - Depth 20, 32, 44, 56 or 110: the CIFAR ResNet of He et al. (2016): a 3×3 stem of 16
    ///   channels, three stages of (depth − 2) / 6 BasicBlocks with 16, 32, 64 channels, global
    ///   average pooling, `fc`. The shortcut that halves the size and doubles the channels is
    ///   option B, a strided 1×1 convolution and BatchNorm (torchvision's `downsample`), the
    ///   common PyTorch form; the paper's CIFAR runs used option A (zero padding).
    ///
    /// Initialisation is torchvision's: convolutions `kaiming_normal_` with fan-out and ReLU
    /// gain (sd `sqrt(2 / (out · kh · kw))`), BatchNorm weight 1 and bias 0, `fc` PyTorch's
    /// Linear default. Convolutions have no bias.
    ///
    /// `dropout` > 0 puts a Dropout layer (named `dropout`) between the pooling and `fc`, where
    /// torchvision-style classifiers have it (torchvision's ResNets themselves have none); it has
    /// no weights, so every tensor keeps its name and position.
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for another depth, a class
    ///   count outside 1...`NeuralLimits.maxWidth`, or an input too small for the stride-2 stages.
    public static func resnet(depth: Int, classes: Int, inputShape: [Int]? = nil, dropout: Double = 0,
                              seed: UInt64 = 0) throws -> Network {
        guard classes >= 1, classes <= NeuralLimits.maxWidth else {
            throw NeuralError.invalidArgument(argument: "classes", reason: "must be between 1 and \(NeuralLimits.maxWidth), got \(classes)")
        }
        var names: [String] = []
        var stages: [LayerPasses] = []
        let shape: [Int]
        let features: Int
        if let blocks = imageNetBlocks[depth] ?? bottleneckBlocks[depth] {
            shape = inputShape ?? [3, 224, 224]
            try checkImageShape(shape)
            names = ["conv1", "bn1", "relu", "maxpool"]
            stages = [try Conv2dLayer(inputChannels: shape[0], outputChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false),
                      try BatchNormLayer(features: 64, dimensions: 2), ActivationLayer(.relu),
                      try MaxPoolLayer(kernelSize: 3, stride: 2, padding: 1)]
            let block: BlockMaker = imageNetBlocks[depth] == nil ? (bottleneckBlock, bottleneckExpansion) : (basicBlock, 1)
            features = try appendStages(widths: [64, 128, 256, 512], blocks: blocks, from: 64, block: block, names: &names,
                                        stages: &stages)
        } else if cifarDepths.contains(depth) {
            shape = inputShape ?? [3, 32, 32]
            try checkImageShape(shape)
            names = ["conv1", "bn1", "relu"]
            stages = [try Conv2dLayer(inputChannels: shape[0], outputChannels: 16, kernelSize: 3, padding: 1, bias: false),
                      try BatchNormLayer(features: 16, dimensions: 2), ActivationLayer(.relu)]
            let perStage = (depth - 2) / 6
            features = try appendStages(widths: [16, 32, 64], blocks: [perStage, perStage, perStage], from: 16, block: (basicBlock, 1),
                                        names: &names, stages: &stages)
        } else {
            let known = (imageNetBlocks.keys.sorted() + bottleneckBlocks.keys.sorted() + cifarDepths).map(String.init)
                .joined(separator: ", ")
            throw NeuralError.invalidArgument(argument: "depth", reason: "must be one of \(known) (torchvision's ResNets and the CIFAR ResNets), got \(depth)")
        }
        names.append("avgpool")
        stages.append(GlobalAveragePoolLayer())
        if dropout > 0 {
            names.append("dropout")
            stages.append(try DropoutLayer(probability: dropout))
        }
        names.append("fc")
        stages.append(LinearLayer(inputFeatures: features, outputFeatures: classes))
        let network: Network
        do {
            network = try Network(name: "resnet\(depth) \(shapeText(shape))", inputShape: shape, stages: stages, names: names)
        } catch NeuralError.invalidArgument(_, let reason) {
            throw NeuralError.invalidArgument(argument: "input_shape", reason: "\(shapeText(shape)) does not fit resnet\(depth): \(reason)")
        }
        network.initializeAsTorchvision(seed: seed)
        return network
    }

    static func checkImageShape(_ shape: [Int]) throws {
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }), shape[0] <= NeuralLimits.maxWidth else {
            throw NeuralError.invalidArgument(argument: "input_shape", reason: "must be [channels, height, width], got \(shape)")
        }
    }

    /// Builds one residual block from `from` input channels, of inner width `to`, with `stride`,
    /// and gives its output channels over that width (1 for BasicBlock, 4 for Bottleneck).
    typealias BlockMaker = (make: (_ from: Int, _ to: Int, _ stride: Int) throws -> ResidualBlock, expansion: Int)

    /// torchvision's `_make_layer` for each stage: `blocks[i]` blocks of width `widths[i]`, the
    /// first of every stage but the first with stride 2, and a `downsample` shortcut (a 1×1
    /// convolution and BatchNorm) where the shape changes. Returns the channels of the last block.
    private static func appendStages(widths: [Int], blocks: [Int], from inputWidth: Int, block: BlockMaker,
                                     names: inout [String], stages: inout [LayerPasses]) throws -> Int {
        var channels = inputWidth
        for (stage, width) in widths.enumerated() {
            for index in 0..<blocks[stage] {
                let stride = stage > 0 && index == 0 ? 2 : 1
                names.append("layer\(stage + 1).\(index)")
                stages.append(try block.make(channels, width, stride))
                channels = width * block.expansion
            }
        }
        return channels
    }

    /// torchvision's `BasicBlock(inplanes, planes, stride, downsample)`.
    static func basicBlock(from inputChannels: Int, to channels: Int, stride: Int) throws -> ResidualBlock {
        let main: [(String, LayerPasses)] = [
            ("conv1", try Conv2dLayer(inputChannels: inputChannels, outputChannels: channels, kernelSize: 3, stride: stride,
                                      padding: 1, bias: false)),
            ("bn1", try BatchNormLayer(features: channels, dimensions: 2)),
            ("relu", ActivationLayer(.relu)),
            ("conv2", try Conv2dLayer(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false)),
            ("bn2", try BatchNormLayer(features: channels, dimensions: 2)),
        ]
        return ResidualBlock(typeName: "BasicBlock", main: main,
                             shortcut: try downsample(from: inputChannels, to: channels, stride: stride))
    }

    /// torchvision's `Bottleneck(inplanes, planes, stride, downsample)`, ResNet v1.5: the stride
    /// on the 3×3 convolution `conv2`, output `planes · 4` channels. torchvision applies one
    /// `relu` module twice inside the block; here each application is a layer of its own.
    static func bottleneckBlock(from inputChannels: Int, to width: Int, stride: Int) throws -> ResidualBlock {
        let channels = width * bottleneckExpansion
        let main: [(String, LayerPasses)] = [
            ("conv1", try Conv2dLayer(inputChannels: inputChannels, outputChannels: width, kernelSize: 1, bias: false)),
            ("bn1", try BatchNormLayer(features: width, dimensions: 2)),
            ("relu", ActivationLayer(.relu)),
            ("conv2", try Conv2dLayer(inputChannels: width, outputChannels: width, kernelSize: 3, stride: stride, padding: 1,
                                      bias: false)),
            ("bn2", try BatchNormLayer(features: width, dimensions: 2)),
            ("relu", ActivationLayer(.relu)),
            ("conv3", try Conv2dLayer(inputChannels: width, outputChannels: channels, kernelSize: 1, bias: false)),
            ("bn3", try BatchNormLayer(features: channels, dimensions: 2)),
        ]
        return ResidualBlock(typeName: "Bottleneck", main: main,
                             shortcut: try downsample(from: inputChannels, to: channels, stride: stride))
    }

    /// torchvision's `downsample` (a strided 1×1 convolution and BatchNorm) where the block
    /// changes the shape; none (the identity) where it does not.
    private static func downsample(from inputChannels: Int, to channels: Int, stride: Int) throws -> [(String, LayerPasses)] {
        guard stride != 1 || inputChannels != channels else { return [] }
        return [("downsample.0", try Conv2dLayer(inputChannels: inputChannels, outputChannels: channels, kernelSize: 1,
                                                 stride: stride, bias: false)),
                ("downsample.1", try BatchNormLayer(features: channels, dimensions: 2))]
    }

    /// torchvision's ResNet initialisation (see ``resnet(depth:classes:inputShape:seed:)``), layer
    /// by layer in module order from one stream seeded with `seed`; with
    /// `linearStandardDeviation`, Linear weights are normal with that deviation and biases 0
    /// instead of PyTorch's default (torchvision's VGG).
    func initializeAsTorchvision(seed: UInt64, linearStandardDeviation: Double? = nil) {
        var random = SeededRandom(seed: seed)
        for layer in leafLayers {
            switch layer {
            case let conv as Conv2dLayer:
                let fanOut = conv.outputChannels * conv.kernelSize.height * conv.kernelSize.width
                let fanIn = conv.inputChannels * conv.kernelSize.height * conv.kernelSize.width
                Initialization.normal(standardDeviation: (2 / Double(fanOut)).squareRoot())
                    .fill(&conv.weight.values, fanIn: fanIn, fanOut: fanOut, scale: 1, random: &random)
                if let bias = conv.bias { bias.values = [Float](repeating: 0, count: bias.count) }
            case let linear as LinearLayer where linearStandardDeviation != nil:
                Initialization.normal(standardDeviation: linearStandardDeviation ?? 0)
                    .fill(&linear.weight.values, fanIn: linear.inputFeatures, fanOut: linear.outputFeatures, scale: 1, random: &random)
                if let bias = linear.bias { bias.values = [Float](repeating: 0, count: bias.count) }
            case let linear as LinearLayer:
                Initialization.pytorch.fill(&linear.weight.values, fanIn: linear.inputFeatures, fanOut: linear.outputFeatures,
                                            scale: 1, random: &random)
                if let bias = linear.bias { Initialization.pytorch.fillBias(&bias.values, fanIn: linear.inputFeatures, random: &random) }
            case let norm as BatchNormLayer:
                norm.reset()
            default:
                break
            }
        }
    }
}
