import WWNumerics

/// A network: stages applied in order to batches of samples of `inputShape`, where a stage is a
/// layer or a block with branches of its own (a residual block), so residual networks are
/// graphs whose joins sit inside their blocks.
///
/// Weights are named as the same model would be in PyTorch: by default as layers in an
/// `nn.Sequential` called `layers` (`layers.0.weight`, `layers.0.bias`, ...; activations and
/// pooling take an index too), or under the module names a builder gives (`conv1`,
/// `layer1.0` for torchvision's ResNet), with PyTorch's shapes and buffers (BatchNorm's running
/// statistics), so a saved wwn network and a PyTorch state dict of the same architecture are
/// interchangeable and analysed identically.
public final class Network {
    /// What the network is, for tables and errors ("mlp 784-512-10").
    public var name: String
    public let inputShape: [Int]
    /// The stages in order; `layers[i]` holds the weights named `<stageNames[i]>.*`.
    public var layers: [Layer] { stages }
    let stages: [LayerPasses]
    /// The PyTorch module name of each stage ("layers.3", "conv1", "layer2.1").
    public let stageNames: [String]
    public let outputShape: [Int]

    /// The batch being fed to the first layer; the trainer and inference fill it.
    let input = FloatBuffer()

    /// For a transformer encoder: what its token input is (sizes, the tokeniser if one was
    /// loaded, its classification head); nil for networks on fixed-size samples. Such a network
    /// runs through ``embed(_:options:progress:cancellation:)``; with a classification head
    /// (``sequenceClassifier(_:)``) it also trains and is evaluated on data sets of labelled
    /// texts (`Dataset.texts`), tokenised batch by batch. Data sets of features are refused.
    public internal(set) var encoderInput: EncoderInput?

    /// Configures every layer for the shape flowing into it.
    /// - Throws: ``NeuralError`` when a layer does not accept its input's shape, or the network is empty.
    public convenience init(name: String, inputShape: [Int], layers: [Layer]) throws {
        let stages = try layers.map { layer -> LayerPasses in
            guard let stage = layer as? LayerPasses else {
                throw NeuralError.invalidArgument(argument: "layers", reason: "\(layer.typeName) is not a layer type of WWNeural")
            }
            return stage
        }
        try self.init(name: name, inputShape: inputShape, stages: stages)
    }

    /// `names` gives each stage its PyTorch module name; nil names them `layers.<i>`.
    init(name: String, inputShape: [Int], stages layers: [LayerPasses], names: [String]? = nil) throws {
        guard !layers.isEmpty else { throw NeuralError.invalidArgument(argument: "layers", reason: "must not be empty") }
        guard layers.count <= NeuralLimits.maxLayers else {
            throw NeuralError.invalidArgument(argument: "layers", reason: "has \(layers.count) layers, more than the \(NeuralLimits.maxLayers) allowed")
        }
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw NeuralError.invalidArgument(argument: "input_shape", reason: "must be positive sizes, got \(inputShape)")
        }
        var shape = inputShape
        for (index, layer) in layers.enumerated() {
            do {
                shape = try layer.configure(inputShape: shape)
            } catch let error as NeuralError {
                throw NeuralError.invalidArgument(argument: "layers", reason: "\(names?[index] ?? "layers.\(index)") (\(layer.typeName)): \(error)")
            }
        }
        let stageNames = names ?? layers.indices.map { "layers.\($0)" }
        guard stageNames.count == layers.count, Set(stageNames).count == layers.count else {
            throw NeuralError.invalidArgument(argument: "names", reason: "must give each of the \(layers.count) layers a name of its own")
        }
        self.name = name
        self.inputShape = inputShape
        stages = layers
        self.stageNames = stageNames
        self.outputShape = shape
        // The network's own input buffer is refilled for every batch, so it may be overwritten.
        planInPlaceActivations(stages, inputIsFree: true)
    }

    /// The number of outputs per sample (the classes of a classifier).
    public var outputCount: Int { outputShape.reduce(1, *) }
    public var inputSize: Int { inputShape.reduce(1, *) }

    /// Every tensor of the state dict (parameters and buffers) with its PyTorch name, in
    /// PyTorch's order.
    public var namedState: [StateTensor] {
        layers.enumerated().flatMap { index, layer in layer.state.map { $0.prefixed(stageNames[index]) } }
    }

    /// Every trainable tensor with its PyTorch name, in layer order.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        namedState.filter { !$0.isBuffer }.map { ($0.name, $0.tensor) }
    }

    /// Modules before `layers.0` in the PyTorch twin's `named_modules()`: the root and `layers`.
    static let weightWatcherModuleOffset = 2

    /// The number of trainable scalars.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameters.reduce(0) { $0 + $1.count } } }

    /// Copies of the current weights and buffers with their names, ready to be written to a file.
    public var namedWeights: [(name: String, tensor: Tensor)] {
        namedState.map { ($0.name, $0.tensor.tensor) }
    }

    /// A live view of the weights as a `WeightCollection`: each read returns the values at that
    /// moment, so the spectral analysis reads a network in memory exactly as it reads a file.
    public var weights: WeightCollection { NetworkWeights(self) }

    /// A frozen copy of the current weights (snapshots during training, before/after studies).
    public func snapshot(source: String? = nil) -> NamedTensors {
        NamedTensors(source: source ?? name, namedWeights)
    }

    /// An independent network with the same layers and a copy of the weights.
    public func copy() -> Network {
        let copied = Network(name: name, inputShape: inputShape, configuredStages: stages.map { $0.copy() }, names: stageNames,
                             outputShape: outputShape)
        copied.encoderInput = encoderInput
        return copied
    }

    /// For layers already configured for these shapes (copies keep their configuration).
    private init(name: String, inputShape: [Int], configuredStages: [LayerPasses], names: [String], outputShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
        stages = configuredStages
        stageNames = names
        self.outputShape = outputShape
    }

    /// Replaces the weights (and buffers: BatchNorm's running statistics) with those of
    /// `collection`, in place.
    ///
    /// Values are converted to float32. With `.name` a tensor goes to the parameter of the same
    /// name; with `.order` the n-th tensor of the collection goes to the n-th parameter, which is
    /// how weights move between two builds of one architecture whose layer indices differ (a
    /// network built with dropout has Dropout layers in between, so PyTorch-style names shift).
    /// With `strict`, tensors the network does not have (by name, or past its last parameter) are
    /// an error too (as `load_state_dict(strict=True)`); without it they are ignored.
    /// - Throws: ``NeuralError/weightMismatch(_:)`` naming the tensor and both shapes; nothing is
    ///   changed unless every tensor fits.
    public func loadWeights(from collection: WeightCollection, strict: Bool = true, matching: WeightMatching = .name) throws {
        let pairs = try matchedTensors(in: collection, strict: strict, matching: matching)
        var loaded: [(Parameter, [Float])] = []
        for (name, parameter, info) in pairs {
            let described = matching == .name ? "'\(name)'" : "'\(name)' (from '\(info.name)')"
            guard info.shape == parameter.shape else {
                throw NeuralError.weightMismatch("\(described): the network has shape \(parameter.shape) but \(collection.source) has \(info.shape)")
            }
            let tensor = try collection.tensor(named: info.name)
            guard tensor.shape == parameter.shape else {
                throw NeuralError.weightMismatch("\(described): the network has shape \(parameter.shape) but \(collection.source) has \(tensor.shape)")
            }
            loaded.append((parameter, tensor.floatValues))
        }
        for (parameter, values) in loaded { parameter.values = values }
    }

    /// Pairs every parameter with the collection's tensor that will fill it, and checks the
    /// collection has nothing left over when `strict`.
    private func matchedTensors(in collection: WeightCollection, strict: Bool,
                                matching: WeightMatching) throws -> [(String, Parameter, WeightInfo)] {
        let listed = collection.weights
        var pairs: [(String, Parameter, WeightInfo)] = []
        var unexpected: [String]
        switch matching {
        case .name:
            let available = Dictionary(listed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (name, parameter) in namedTensors {
                guard let info = available[name] else {
                    throw NeuralError.weightMismatch("\(collection.source) has no tensor '\(name)' (shape \(parameter.shape)) for \(self.name)")
                }
                pairs.append((name, parameter, info))
            }
            let known = Set(namedTensors.map(\.name))
            unexpected = listed.map(\.name).filter { !known.contains($0) }
        case .order:
            guard collection.listsTensorsInLayerOrder else {
                throw NeuralError.weightMismatch("\(collection.source) lists its tensors sorted by name, not in layer order, so they cannot be matched by order; load them by name into a network of their own architecture first")
            }
            let parameters = namedTensors
            guard listed.count >= parameters.count else {
                let missing = parameters[listed.count]
                throw NeuralError.weightMismatch("\(collection.source) has \(listed.count) tensors but \(self.name) needs \(parameters.count) (the first without a match: '\(missing.name)', shape \(missing.parameter.shape))")
            }
            for (index, (name, parameter)) in parameters.enumerated() {
                let info = listed[index]
                // Same-shaped tensors of different roles (a LayerNorm's weight and bias) would
                // otherwise swap silently when the collection lists them in another order.
                guard Self.role(of: name) == Self.role(of: info.name) else {
                    throw NeuralError.weightMismatch("'\(name)' (from '\(info.name)'): by order, a \(Self.role(of: name)) would be filled with a \(Self.role(of: info.name)); \(collection.source) does not list its tensors in the network's order")
                }
                pairs.append((name, parameter, info))
            }
            unexpected = listed.dropFirst(parameters.count).map(\.name)
        }
        if strict, !unexpected.isEmpty {
            throw NeuralError.weightMismatch("\(collection.source) has tensors \(self.name) does not: \(unexpected.prefix(5).joined(separator: ", "))\(unexpected.count > 5 ? ", ..." : "")")
        }
        return pairs
    }

    /// Every tensor of the state, parameters and buffers, with its name.
    private var namedTensors: [(name: String, parameter: Parameter)] { namedState.map { ($0.name, $0.tensor) } }

    /// What a tensor is within its layer ("weight", "bias"): the last part of a dotted name.
    private static func role(of name: String) -> Substring {
        name.split(separator: ".").last ?? Substring(name)
    }

    /// Draws every weight afresh. Layers are visited in order (the layers inside a block in
    /// theirs), each weight before its bias, from one stream seeded with `seed`; `scale`
    /// multiplies the weights (not biases, not LayerNorm or BatchNorm, which start at weight 1,
    /// bias 0 and fresh running statistics).
    public func initialize(_ scheme: Initialization, scale: Double = 1, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for layer in leafLayers {
            switch layer {
            case let linear as LinearLayer:
                scheme.fill(&linear.weight.values, fanIn: linear.inputFeatures, fanOut: linear.outputFeatures,
                            scale: scale, random: &random)
                if let bias = linear.bias { scheme.fillBias(&bias.values, fanIn: linear.inputFeatures, random: &random) }
            case let conv as Conv2dLayer:
                let taps = conv.kernelSize.height * conv.kernelSize.width
                scheme.fill(&conv.weight.values, fanIn: conv.inputChannels * taps, fanOut: conv.outputChannels * taps,
                            scale: scale, random: &random)
                if let bias = conv.bias { scheme.fillBias(&bias.values, fanIn: conv.inputChannels * taps, random: &random) }
            case let norm as LayerNormLayer:
                norm.weight.values = [Float](repeating: 1, count: norm.weight.count)
                norm.bias.values = [Float](repeating: 0, count: norm.bias.count)
            case let norm as BatchNormLayer:
                norm.reset()
            default:
                break
            }
        }
    }

    /// Every layer that is not a block, blocks opened in their order (module order).
    var leafLayers: [LayerPasses] {
        func leaves(_ layer: LayerPasses) -> [LayerPasses] {
            layer.sublayers.isEmpty ? [layer] : layer.sublayers.flatMap(leaves)
        }
        return stages.flatMap(leaves)
    }

    /// Checks that a training batch of `batchSize` samples gives every BatchNorm layer more than
    /// one value per channel (PyTorch refuses such a batch in training mode too: the variance
    /// of one value is undefined).
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the layer.
    func checkTrainingBatch(_ batchSize: Int) throws {
        let state = namedState
        for layer in leafLayers {
            guard let norm = layer as? BatchNormLayer, !norm.acceptsBatch(of: batchSize) else { continue }
            let name = state.first { $0.tensor === norm.weight }.map { String($0.name.dropLast(".weight".count)) } ?? norm.typeName
            throw NeuralError.invalidData("a training batch of \(batchSize) sample\(batchSize == 1 ? "" : "s") gives \(name) (\(norm.typeName)) one value per channel, and batch statistics need more than one (PyTorch refuses it too); choose a batch_size that leaves no last batch of 1")
        }
    }

    // MARK: Passes

    /// Runs the layers on the `batchSize` samples in ``input``; `through` stops after that
    /// layer, and `visit` sees every layer's output on the way.
    func forward(batchSize: Int, mode: ForwardMode, through last: Int? = nil,
                 visit: ((Int, FloatBuffer) -> Void)? = nil) -> FloatBuffer {
        var current = input
        for index in 0...(last ?? layers.count - 1) {
            current = stages[index].forward(current, batchSize: batchSize, mode: mode)
            visit?(index, current)
        }
        return current
    }

    /// Back-propagates the gradient of the loss with respect to the output, leaving each
    /// unfrozen parameter's gradient in place. Stops at the first layer that has anything to
    /// learn: gradients below it would be computed for nothing.
    func backward(_ outputGradient: FloatBuffer, batchSize: Int) {
        guard let first = layers.firstIndex(where: { $0.parameters.contains { !$0.isFrozen } }) else { return }
        var gradient = outputGradient
        for index in stride(from: layers.count - 1, through: first, by: -1) {
            guard let next = stages[index].backward(gradient, batchSize: batchSize, needsInputGradient: index > first) else { return }
            gradient = next
        }
    }

    /// Copies samples (rows of `features`, `sampleSize` floats each) into the input buffer.
    func loadInput(_ features: UnsafePointer<Float>, rows: [Int], sampleSize: Int) {
        input.resize(rows.count * sampleSize)
        for (slot, row) in rows.enumerated() {
            (input.pointer + slot * sampleSize).update(from: features + row * sampleSize, count: sampleSize)
        }
    }

    /// Sets the frozen flag of the parameters that `names` select: a layer (`layers.0`) or any
    /// module (`bert.encoder`) freezes all its parameters, a full name (`layers.0.weight`) one. A
    /// name with `*` is a pattern whose `*` stands for any run of characters, dots included, and
    /// selects the modules or parameters whose whole name it matches
    /// (`bert.encoder.layer.*.attention`, `*.LayerNorm`, `*.bias`).
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` for a name that selects nothing.
    func freeze(_ names: [String]) throws {
        let parameters = namedParameters
        for name in names {
            let selected = parameters.filter { Self.selects(name, parameter: $0.name) }
            guard !selected.isEmpty else {
                let layerNames = layers.indices.filter { !layers[$0].parameters.isEmpty }.map { stageNames[$0] }
                throw NeuralError.invalidArgument(argument: "freeze",
                                                  reason: "names '\(name)', which is no layer or weight of \(self.name) (layers with weights: \(layerNames.joined(separator: ", ")))")
            }
            for entry in selected { entry.parameter.isFrozen = true }
        }
    }

    /// Whether the freezing name or pattern `selector` selects the parameter `name`: the name
    /// itself, or one of the modules it lies in (the parts of `name` before a dot).
    static func selects(_ selector: String, parameter name: String) -> Bool {
        let selector = selector.hasSuffix(".") ? String(selector.dropLast()) : selector
        let matches: (Substring) -> Bool = selector.contains("*")
            ? { globMatches(Array(selector.utf8), Array($0.utf8)) } : { $0 == selector }
        if matches(Substring(name)) { return true }
        return name.indices.contains { name[$0] == "." && matches(name[..<$0]) }
    }

    /// Whether `text` matches `pattern`, where `*` matches any run of bytes (greedy with one
    /// backtracking point, linear in practice).
    private static func globMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*")
        var p = 0, t = 0, lastStar = -1, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == star {
                lastStar = p
                resume = t
                p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if lastStar >= 0 {
                p = lastStar + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    func unfreezeAll() {
        for layer in layers { for parameter in layer.parameters { parameter.isFrozen = false } }
    }

    /// One line per layer, as PyTorch prints a module.
    public var summary: String {
        var lines = ["\(name) (\(parameterCount) parameters, input \(shapeText(inputShape)))"]
        for (index, layer) in layers.enumerated() {
            let label = stageNames[index] == "layers.\(index)" ? "\(index)" : stageNames[index]
            lines.append("  (\(label)): \(layer.summary)  -> \(shapeText(layer.outputShape))")
        }
        return lines.joined(separator: "\n")
    }
}

/// The `WeightCollection` view of a network (see ``Network/weights``).
final class NetworkWeights: WeightCollection {
    private let network: Network
    init(_ network: Network) { self.network = network }

    var source: String { network.name }

    /// WeightWatcher 0.7.7 numbers an `nn.Module` by position in `named_modules()`, the root
    /// being 0. The PyTorch twin of a wwn network is a root module holding the `nn.Sequential`
    /// `layers` (1), whose i-th layer, activations and pooling included, is then i + 2.
    var weightWatcherLayerIDs: [String: Int]? {
        if let encoder = network.encoderInput {
            return BertModuleNumbering.ids(layerCount: encoder.configuration.layerCount,
                                           hasPooler: network.stageNames.contains { $0 == "pooler" || $0 == "bert.pooler" },
                                           classifier: encoder.classifierPooling)
        }
        var ids: [String: Int] = [:]
        for (index, layer) in network.layers.enumerated() {
            for parameter in layer.parameters where parameter.localName == "weight" {
                ids["layers.\(index).weight"] = index + Network.weightWatcherModuleOffset
            }
        }
        return ids
    }

    var weights: [WeightInfo] {
        network.namedState.map { WeightInfo(name: $0.name, shape: $0.tensor.shape, storageType: "F32") }
    }

    func tensor(named name: String) throws -> Tensor {
        guard let entry = network.namedState.first(where: { $0.name == name }) else {
            throw NumericsError.invalidArgument(name: name, reason: "\(network.name) has no weight of that name")
        }
        return entry.tensor.tensor
    }
}
