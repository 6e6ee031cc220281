import Foundation
import WWBase
import WWModelFormats

/// torchvision's image classifiers by their names in `torchvision.models`, so a state dict saved
/// from one (`torch.save(model.state_dict(), path)`) loads into the wwn network of the same
/// architecture, name for name and shape for shape.
public enum TorchvisionArchitecture: Equatable, Sendable {
    case resnet(depth: Int)
    case vgg(depth: Int, batchNorm: Bool)

    /// Every name accepted: "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    /// "vgg11" ... "vgg19" and "vgg11_bn" ... "vgg19_bn".
    public static var names: [String] {
        (Network.imageNetBlocks.keys.sorted() + Network.bottleneckBlocks.keys.sorted()).map { "resnet\($0)" }
            + Network.vggConfigurations.keys.sorted().flatMap { ["vgg\($0)", "vgg\($0)_bn"] }
    }

    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for a name not in ``names``.
    public init(named name: String) throws {
        let lowered = name.lowercased()
        if lowered.hasPrefix("resnet"), let depth = Int(lowered.dropFirst("resnet".count)),
           Network.imageNetBlocks[depth] != nil || Network.bottleneckBlocks[depth] != nil {
            self = .resnet(depth: depth)
            return
        }
        if lowered.hasPrefix("vgg") {
            let batchNorm = lowered.hasSuffix("_bn")
            let digits = lowered.dropFirst("vgg".count).dropLast(batchNorm ? "_bn".count : 0)
            if let depth = Int(digits), Network.vggConfigurations[depth] != nil {
                self = .vgg(depth: depth, batchNorm: batchNorm)
                return
            }
        }
        throw NeuralError.invalidArgument(argument: "arch", reason: "must be one of \(Self.names.joined(separator: ", ")), got \"\(name)\"")
    }

    /// The name of the classifier's last weight, whose rows are the classes.
    var headWeight: String {
        switch self {
        case .resnet: return "fc.weight"
        case .vgg: return "classifier.6.weight"
        }
    }

    var name: String {
        switch self {
        case .resnet(let depth): return "resnet\(depth)"
        case .vgg(let depth, let batchNorm): return "vgg\(depth)\(batchNorm ? "_bn" : "")"
        }
    }
}

extension Network {
    /// A runnable network of torchvision's architecture `architecture` with the weights and
    /// buffers of the state dict at `path` (a PyTorch `.pt`/`.pth` file read by the restricted
    /// unpickler, or safetensors), with as many classes as the classifier's last layer has rows.
    /// A VGG state dict whose classifier is a single Linear layer `classifier` (the CIFAR head of
    /// ``vgg(depth:batchNorm:classes:head:hidden:dropout:inputShape:seed:)``) loads with that head.
    ///
    /// - Parameter inputShape: the images the network will see; [3, 224, 224] by default
    ///   (VGG's CIFAR head: [3, 32, 32]).
    /// - Throws: ``NeuralError`` naming the file, or the first tensor that is missing, misshapen
    ///   or left over.
    public static func loadTorchvision(path: String, architecture: TorchvisionArchitecture,
                                       inputShape: [Int]? = nil) throws -> Network {
        let checkpoint: ModelFile
        do {
            checkpoint = try ModelFile.open(path)
        } catch let error as DomainError {
            throw NeuralError.invalidData(error.description)
        }
        let layout = "torchvision's \(architecture.name)"
        var headName = architecture.headWeight
        var vggHead = VGGHead.imagenet
        if case .vgg = architecture, !checkpoint.weights.contains(where: { $0.name == headName }),
           checkpoint.weights.contains(where: { $0.name == "classifier.weight" }) {
            headName = "classifier.weight"
            vggHead = .cifar
        }
        guard let head = checkpoint.weights.first(where: { $0.name == headName }) else {
            throw NeuralError.weightMismatch("\(checkpoint.source) has no tensor '\(headName)', the classifier of \(layout) (its first tensor: '\(checkpoint.weights.first?.name ?? "none")')")
        }
        guard head.shape.count == 2, (1...NeuralLimits.maxWidth).contains(head.shape[0]) else {
            throw NeuralError.weightMismatch("'\(headName)' in \(checkpoint.source) has shape \(head.shape), but \(layout) has [classes, features]")
        }
        let network: Network
        switch architecture {
        case .resnet(let depth):
            network = try resnet(depth: depth, classes: head.shape[0], inputShape: inputShape)
        case .vgg(let depth, let batchNorm):
            // torchvision's hidden width, or the checkpoint's when it differs (checked below).
            let hidden = checkpoint.weights.first { $0.name == "classifier.0.weight" }?.shape.first ?? vggHiddenWidth
            network = try vgg(depth: depth, batchNorm: batchNorm, classes: head.shape[0], head: vggHead,
                              hidden: min(max(hidden, 1), NeuralLimits.maxWidth), inputShape: inputShape)
        }
        try checkLayout(of: checkpoint, fits: network, layout: layout, ignoring: [])
        try network.loadWeights(from: checkpoint, strict: true, matching: .name)
        network.name = "\((path as NSString).lastPathComponent) (\(network.name))"
        return network
    }
}
