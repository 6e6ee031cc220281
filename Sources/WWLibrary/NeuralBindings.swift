import WWAugment
import WWData
import WWInterpreter
import WWModelFormats
import WWNeural
import WWNumerics
import WWTables

extension Registry {
    /// Built-ins for networks and training.
    func defineNeural() {
        category("Networks", doc: "Networks built, trained and run in wwn itself (float32, BLAS): MLPs, small VGG-style CNNs, deep linear networks and residual networks with BatchNorm (torchvision's ResNet-18/34, the CIFAR ResNet-20/32/44/56/110), with PyTorch's layer names, shapes, buffers (BatchNorm's running statistics) and initialisations, so a network in memory is analysed exactly like a saved PyTorch model. `model[\"layers.0.weight\"]` is a weight tensor; fields `names` (the state-dict keys: weights, biases and BatchNorm buffers), `layers` (a table), `parameters`, `input_shape`, `output_shape`; `model.copy()` is an independent copy. Data is a data set, or a record `{x: tensor, y: labels}` with samples along the first axis.")
        defineNetworkConstructors()
        defineTraining()
        defineInference()
        defineAugmentations()
    }

    private func defineNetworkConstructors() {
        define("mlp(widths, activation = \"relu\", dropout = 0, init = \"pytorch\", seed = nil, layernorm_output = false, init_scale = 1, sigma = nil, bias = true) -> network",
               category: "Networks",
               doc: "A multilayer perceptron with `widths[0]` inputs and `widths[-1]` outputs: each hidden width adds a Linear layer, the activation (\"relu\", \"gelu\", \"tanh\" or \"identity\") and, when `dropout` is above 0, a Dropout layer (`dropout` is one probability or a list with one per hidden layer). `layernorm_output` adds LayerNorm on the output. `init` is \"pytorch\" (PyTorch's default), \"kaiming_normal\", \"kaiming_uniform\", \"xavier_normal\", \"xavier_uniform\" or \"normal\" (with standard deviation `sigma`); the explicit schemes start biases at 0. `init_scale` multiplies the initial weights. Without a seed the session's random stream is used.") { call in
            let widths = try call.integers("widths")
            let network = try Network.mlp(widths: widths, activation: try activation(&call, "activation"), dropout: try probabilities(&call, "dropout"),
                                initialization: try initialization(&call, "init", sigma: "sigma"), scale: try scale(&call, "init_scale"),
                                seed: call.seed("seed"), layerNormOnOutput: try call.bool("layernorm_output"), bias: try call.bool("bias"))
            return .object(NetworkObject(network))
        }
        define("cnn(input_shape = nil, channels = nil, classes = 10, convs_per_block = 2, hidden = nil, kernel_size = 3, activation = \"relu\", dropout = 0, init = \"pytorch\", seed = nil, layernorm_output = false, init_scale = 1, sigma = nil) -> network",
               category: "Networks",
               doc: "A small VGG-style convolutional network for images of `input_shape` [channels, height, width] (default [3, 32, 32]): for each entry of `channels` (default [32, 64]) a block of `convs_per_block` convolutions (kernel_size × kernel_size, padding keeping the size) each followed by the activation, then 2×2 max pooling; then Flatten, the hidden Linear layers of `hidden` (default [256]) with activation and dropout, and a Linear layer to `classes` outputs. `init`, `init_scale`, `sigma`, `dropout`, `layernorm_output` and `seed` work as in mlp().") { call in
            var configuration = ConvolutionalConfiguration()
            if !(try call.isNil("input_shape")) { configuration.inputShape = try call.integers("input_shape") }
            if !(try call.isNil("channels")) { configuration.channels = try call.integers("channels") }
            configuration.classes = try call.integer("classes", in: 1...NeuralLimits.maxWidth)
            configuration.convolutionsPerBlock = try call.integer("convs_per_block", in: 1...100)
            if !(try call.isNil("hidden")) { configuration.hidden = try call.integers("hidden", allowEmpty: true) }
            configuration.kernelSize = try call.integer("kernel_size", in: 1...NeuralLimits.maxKernelSize)
            configuration.activation = try activation(&call, "activation")
            configuration.dropout = try probabilities(&call, "dropout")
            configuration.initialization = try initialization(&call, "init", sigma: "sigma")
            configuration.seed = try call.seed("seed")
            configuration.layerNormOnOutput = try call.bool("layernorm_output")
            configuration.scale = try scale(&call, "init_scale")
            return .object(NetworkObject(try Network.cnn(configuration)))
        }
        define("deep_linear(widths, init = \"pytorch\", seed = nil, init_scale = 1, sigma = nil, bias = false) -> network",
               category: "Networks",
               doc: "A deep linear network: Linear layers of the given widths with no activation between them (and no biases unless `bias` is true), so the whole network is the product of its weight matrices. `init`, `init_scale`, `sigma` and `seed` work as in mlp().") { call in
            let widths = try call.integers("widths")
            let network = try Network.deepLinear(widths: widths, initialization: try initialization(&call, "init", sigma: "sigma"),
                                       scale: try scale(&call, "init_scale"), seed: call.seed("seed"), bias: try call.bool("bias"))
            return .object(NetworkObject(network))
        }
        define("resnet(depth, classes = 10, input_shape = nil, dropout = 0, seed = nil) -> network",
               category: "Networks",
               doc: "A residual network with torchvision's module names, so its weights read as a torchvision state dict does (`conv1.weight`, `bn1.running_mean`, `layer1.0.conv1.weight`, `layer2.0.downsample.0.weight`, `fc.weight`). `depth` 18 or 34 is torchvision's resnet18/resnet34 (7×7 stride-2 stem, max pooling, four stages of BasicBlocks with 64 to 512 channels) for `input_shape` [3, 224, 224] by default (32×32 inputs work too); `depth` 50, 101 or 152 is torchvision's resnet50/resnet101/resnet152, the same stem and stages of Bottleneck blocks (`conv1` 1×1, `conv2` 3×3 carrying the stride as in torchvision's ResNet v1.5, `conv3` 1×1 to four times the stage's width, each with BatchNorm) and `fc` from 2048 features; `depth` 20, 32, 44, 56 or 110 is the CIFAR ResNet of He et al. (2016) (3×3 stem, three stages of (depth - 2) / 6 BasicBlocks with 16, 32, 64 channels) for [3, 32, 32], with option-B shortcuts (strided 1×1 convolution and BatchNorm, named `downsample` as in torchvision) where the shape changes. Global average pooling and a Linear layer `fc` to `classes` outputs end both; `dropout` p > 0 puts Dropout(p) between them (torchvision's ResNets have none; it has no weights, so the tensor names stay those of torchvision). Initialisation is torchvision's: convolutions normal with sd sqrt(2 / fan_out), BatchNorm weight 1 and bias 0, `fc` PyTorch's Linear default. BatchNorm uses batch statistics and updates its running statistics during `train`, and the running statistics everywhere else (PyTorch's train() and eval()).") { call in
            let depth = try call.integer("depth", in: 1...1_000)
            let classes = try call.integer("classes", in: 1...NeuralLimits.maxWidth)
            let shape = try call.isNil("input_shape") ? nil : try call.integers("input_shape")
            let dropout = try call.number("dropout")
            return .object(NetworkObject(try Network.resnet(depth: depth, classes: classes, inputShape: shape, dropout: dropout,
                                                            seed: try call.seed("seed"))))
        }
        define("vgg(depth, batchnorm = false, classes = 10, head = \"imagenet\", hidden = 4096, dropout = 0.5, input_shape = nil, seed = nil) -> network",
               category: "Networks",
               doc: "A VGG network (Simonyan and Zisserman, 2015) as torchvision builds it, with its module names: `depth` 11, 13, 16 or 19 weight layers (torchvision's vgg11 ... vgg19; with `batchnorm`, vgg11_bn ... vgg19_bn, BatchNorm after every convolution). `features` holds the 3×3 convolutions (padding 1, with bias), BatchNorms, ReLUs and five 2×2 max poolings, numbered as torchvision numbers them (`features.0.weight`, `features.1.running_mean`). `head` \"imagenet\" is torchvision's classifier: `avgpool` (adaptive average pooling to 7×7), `classifier.0` Linear(25088, `hidden`), ReLU, Dropout(`dropout`), `classifier.3` Linear(`hidden`, `hidden`), ReLU, Dropout, `classifier.6` Linear(`hidden`, `classes`), for `input_shape` [3, 224, 224] by default; with torchvision's `hidden` 4096 it holds 120 M weights, so smaller widths are offered for laptop-scale studies. `head` \"cifar\" is the common head of CIFAR VGGs: global average pooling of the 512 channels (1×1 already for 32×32 images) and one Linear layer `classifier` to `classes` outputs, for [3, 32, 32] by default (VGG-19 then has 20 M weights). Images need at least 32×32 pixels for the five poolings. Initialisation is torchvision's: convolutions normal with sd sqrt(2 / fan_out) and bias 0, BatchNorm weight 1 and bias 0, Linear weights normal(0, 0.01) and bias 0.") { call in
            let depth = try call.integer("depth", in: 1...1_000)
            let shape = try call.isNil("input_shape") ? nil : try call.integers("input_shape")
            return .object(NetworkObject(try Network.vgg(
                depth: depth, batchNorm: try call.bool("batchnorm"), classes: try call.integer("classes", in: 1...NeuralLimits.maxWidth),
                head: try call.choice("head", of: VGGHead.self), hidden: try call.integer("hidden", in: 1...NeuralLimits.maxWidth),
                dropout: try call.number("dropout"), inputShape: shape, seed: try call.seed("seed"))))
        }
        define("copy(model) -> network", category: "Networks", methodOf: ["network"], global: false,
               doc: "An independent copy of the network with the same layers and weights: train or change one without touching the other (for before/after comparisons).") { call in
            .object(NetworkObject(try call.network("model").copy()))
        }
        define("load_weights(model, weights, strict = true, match = \"name\") -> network", category: "Networks",
               doc: "A copy of the network with its weights replaced by those of `weights` (the path of a model file such as one save_model wrote, a loaded model, a snapshot, or another network), matched by name, or with `match: \"order\"` by position (the n-th tensor of `weights` fills the n-th weight of the network): the same architecture built with and without dropout names its layers differently (Dropout layers shift the indices), so moving weights between the two needs `match: \"order\"`. A safetensors file (or a sharded or directory model) lists its tensors sorted by name, not in layer order, so it cannot be matched by order: load it by name into its own architecture first. Shapes and roles (weight, bias) must agree; with `strict`, tensors the network lacks (or, by order, tensors past its last weight) are an error too. Saving a network and loading the file back gives the same weights bit for bit (float32 is stored as F32).") { call in
            let copy = try call.network("model").copy()
            let source: WeightCollection
            switch try call.value("weights") {
            case .object(let value as WeightsValue):
                source = value.weightCollection
            case .string(let path):
                source = try modelFile(at: path)
            default:
                throw call.fail("weights", expected: "weights (a model file or its path, a snapshot or a network)")
            }
            let matching = try call.choice("match", of: WeightMatching.self)
            if matching == .order, let file = source as? ModelFile, !file.listsTensorsInLayerOrder {
                // Network.loadWeights refuses it too; here the error can name the argument.
                throw BuiltinError("argument 'weights' cannot be matched by order: \(file.path) (\(file.format.rawValue)) lists its tensors sorted by name (layers.10 before layers.2), not in layer order; load it by name into a network of its own architecture, then move that network's weights by order")
            }
            try copy.loadWeights(from: source, strict: try call.bool("strict"), matching: matching)
            return .object(NetworkObject(copy))
        }
    }

    private func defineTraining() {
        define("train(model, data, epochs = 1, batch_size = 64, optimizer = \"sgd\", lr = 0.01, momentum = 0, weight_decay = 0, schedule = \"constant\", temperature = 1, loss = \"cross_entropy\", test = nil, snapshots = nil, freeze = nil, augment = nil, seed = nil, nesterov = false, step_size = 30, gamma = 0.1, min_lr = 0, targets = nil, hessian_every = 0, hessian_samples = 10, hessian_batch = 256) -> record",
               category: "Networks",
               doc: "Trains a copy of the network on `data` and returns a record: `model` (the trained copy; the argument is left unchanged), `history` (a table with one row per epoch: epoch, loss and train_accuracy averaged over the epoch's batches, test_accuracy when `test` data is given, lr), `snapshots` (the weights after each epoch listed in `snapshots`, 0 meaning before training, each with an `epoch` field), `interrupted` (true when Ctrl-C stopped training after a batch; the model is what was learnt so far; the interrupt then also stops the calling program at its next loop step or function call, so a script does not go on with a half-trained network, while at the REPL prompt the record is kept) and `stopped` (nil, or why training stopped early: a loss or gradient that was not finite, naming epoch and batch; the model then keeps the weights from before that batch). `optimizer` is \"sgd\" (with `momentum`, `nesterov`), \"adam\" or \"adamw\" (PyTorch semantics); `weight_decay` is L2 for sgd and adam, decoupled for adamw. `schedule` is \"constant\", \"step\" (× `gamma` every `step_size` epochs) or \"cosine\" (down to `min_lr` over the run), stepped per epoch. `loss` is \"cross_entropy\" or \"mse\" (one-hot labels, or `targets`: a tensor with a row per sample), both on logits / `temperature`. `freeze` lists layers (\"layers.0\"), modules (\"bert.encoder\") or weights left unchanged; a name with `*` is a pattern matching any run of characters (\"bert.encoder.layer.*.attention\", \"*.LayerNorm\", \"*.bias\"). A transformer encoder with a head (classifier) trains on a data set of labelled texts, tokenised with its tokeniser and padded batch by batch with the attention mask; dropout in its blocks acts during training only. `augment` is an augmentation or a function taking a batch (a data set) and returning the augmented batch or its features; a second parameter receives a seed. `hessian_every` k > 0 adds `hessian`, a table of Hutchinson estimates of the trace of the loss Hessian taken every k optimiser steps (iteration 0, k, 2k, ... and after the last step): iteration, epoch (iterations / batches per epoch), trace, standard_error and samples; each uses `hessian_samples` Rademacher vectors on one fixed batch of `hessian_batch` training samples, as hessian_trace(model, data) does, from a stream of its own, so tracking leaves the trained weights unchanged. The same seed gives the same numbers on every run.") { call in
            let model = try call.network("model").copy()
            let data = try call.datasetOrRecord("data")
            var options = TrainingOptions()
            options.epochs = try call.integer("epochs", in: 0...NeuralLimits.maxEpochs)
            options.batchSize = try call.integer("batch_size", in: 1...Int(Int32.max))
            options.learningRate = try call.number("lr")
            let momentum = try call.number("momentum")
            switch try call.choice("optimizer", OptimizerKind.names) {
            case "sgd": options.optimizer = .sgd(momentum: momentum, nesterov: try call.bool("nesterov"))
            case "adam": options.optimizer = .adam()
            default: options.optimizer = .adamW()
            }
            options.weightDecay = try call.number("weight_decay")
            switch try call.choice("schedule", LearningRateSchedule.names) {
            case "step": options.schedule = .step(stepSize: try call.integer("step_size", in: 1...NeuralLimits.maxEpochs), gamma: try call.number("gamma"))
            case "cosine": options.schedule = .cosine(period: nil, minimum: try call.number("min_lr"))
            default: options.schedule = .constant
            }
            options.temperature = try call.number("temperature")
            options.loss = try call.choice("loss", of: Loss.self)
            if !(try call.isNil("test")) { options.testSet = try call.datasetOrRecord("test") }
            if !(try call.isNil("snapshots")) { options.snapshotEpochs = try call.integers("snapshots", allowEmpty: true, minimum: 0) }
            if !(try call.isNil("freeze")) { options.frozen = try call.strings("freeze") }
            options.augmentation = try augmentation(&call, "augment")
            options.seed = try call.seed("seed")
            if case .object(let t as TensorObject) = try call.value("targets") {
                options.targets = t.tensor
            } else if !(try call.isNil("targets")) {
                throw call.fail("targets", expected: "a tensor of targets or nil")
            }
            let hessianEvery = try call.integer("hessian_every", in: 0...Int(Int32.max))
            if hessianEvery > 0 {
                options.hessianTracking = HessianTracking(every: hessianEvery,
                                                          samples: try call.integer("hessian_samples", in: 1...HessianTraceEstimator.maxSamples),
                                                          batchSize: try call.integer("hessian_batch", in: 1...Int(Int32.max)))
            }
            let bar = TerminalProgressBar.forStandardError()
            bar?.minimumRedrawInterval = TrainingProgressLine.redrawInterval
            if let bar {
                options.progress = { bar.show(TrainingProgressLine.text(for: $0), isLast: $0.isLast) }
            }
            // Ctrl-C stays pending after it stops training, so the program that called train
            // stops at its next step too: a notebook must not go on to compute its verdicts from
            // a half-trained network. At the REPL prompt the returned record is still kept.
            options.cancellation = .interrupt
            let result = try model.train(on: data, options: options)
            bar?.clear()
            if result.interrupted {
                call.interpreter.output.write("train: interrupted after \(result.epochsCompleted) complete epoch\(result.epochsCompleted == 1 ? "" : "s"); returning the model trained so far\n")
            }
            if let reason = result.stopReason { call.interpreter.output.write("train: \(reason)\n") }
            let snapshots = result.snapshots.map { Value.object(SnapshotObject(epoch: $0.epoch, weights: $0.weights)) }
            return .record([
                "model": model, "history": result.history, "snapshots": snapshots, "interrupted": result.interrupted,
                "stopped": result.stopReason, "hessian": result.hessian,
            ])
        }
    }

    private func defineInference() {
        define("predict(model, data) -> list", category: "Networks",
               doc: "The predicted class of every sample (the index of its largest output), with dropout off.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data", labelled: false)
            return .list(ListObject((try model.predictions(for: data)).map { .number(Double($0)) }))
        }
        define("accuracy(model, data) -> number", category: "Networks",
               doc: "The fraction of samples whose predicted class equals their label, with dropout off.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data")
            return .number(try model.accuracy(on: data))
        }
        define("logits(model, data) -> tensor", category: "Networks",
               doc: "The network's raw outputs for every sample, a samples × outputs tensor, with dropout off.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data", labelled: false)
            return .object(TensorObject(try model.logits(for: data)))
        }
        define("probabilities(model, data, temperature = 1) -> tensor", category: "Networks",
               doc: "The softmax of logits / temperature for every sample, a samples × classes tensor whose rows sum to 1.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data", labelled: false)
            let temperature = try call.number("temperature")
            return .object(TensorObject(try model.probabilities(for: data, temperature: temperature)))
        }
        define("representation(model, data, layer) -> tensor", category: "Networks",
               doc: "The activations after layer `layer` (the index i of `layers.i`, as in `model.layers`; -1 is the input) for every sample, as a tensor with the samples along the first axis, with dropout off. A negative index below -1 counts from the end: -2 is the output of the last layer.") { call in
            let model = try call.network("model"), data = try call.datasetOrRecord("data", labelled: false)
            var layer = try call.integer("layer", in: -NeuralLimits.maxLayers...NeuralLimits.maxLayers)
            if layer < -1 { layer += model.layers.count + 1 }
            let index = layer
            return .object(TensorObject(try model.representation(for: data, at: index)))
        }
    }
}

// MARK: Argument helpers


private func activation(_ call: inout BuiltinCall, _ name: String) throws -> Activation {
    Activation(rawValue: try call.choice(name, Activation.allCases.map(\.rawValue))) ?? .relu
}

private func probabilities(_ call: inout BuiltinCall, _ name: String) throws -> [Double] {
    if case .number(let p) = try call.value(name) { return [p] }
    return try call.numbers(name)
}

private func initialization(_ call: inout BuiltinCall, _ name: String, sigma: String) throws -> Initialization {
    let name = try call.string(name)
    let standardDeviation = try call.optionalNumber(sigma)
    return try Initialization.named(name, sigma: standardDeviation)
}

private func scale(_ call: inout BuiltinCall, _ name: String) throws -> Double {
    let value = try call.number(name)
    guard value.isFinite, value >= 0 else { throw BuiltinError("argument 'init_scale' must be finite and >= 0, got \(formatNumber(value))") }
    return value
}

private func augmentation(_ call: inout BuiltinCall, _ name: String) throws -> BatchTransform? {
    switch try call.value(name) {
    case .nil: return nil
    case .object(let object as BatchTransformValue): return object.batchTransform
    case .function, .builtin: return FunctionTransform(function: try call.value(name), call: call)
    default: throw call.fail(name, expected: "an augmentation, a function of a batch, or nil")
    }
}

/// A wwn function used as an augmentation: called with each batch (a data set value) and, when
/// it takes a second parameter, a seed drawn from the training's augmentation stream.
private struct FunctionTransform: BatchTransform {
    let function: Value
    let call: BuiltinCall

    func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        var arguments: [Value] = [.object(DatasetObject(batch))]
        if case .function(let f) = function, f.parameterNames.count >= 2 {
            arguments.append(.number(Double(random.next() >> 33)))
        }
        switch try call.call(function, arguments) {
        case .object(let result as DatasetObject):
            return result.dataset
        case .object(let features as TensorObject):
            return try Dataset(name: batch.name, features: features.tensor, labels: batch.labels, classNames: batch.classNames)
        case let other:
            throw BuiltinError("the augment function must return a data set or a tensor of features, got \(describeForError(other))")
        }
    }
}

/// Weights copied out of a network during training (`train(..., snapshots: [...])`).
public final class SnapshotObject: WeightsValue, SubscriptableObject {
    public let epoch: Int
    public let weights: NamedTensors
    init(epoch: Int, weights: NamedTensors) {
        self.epoch = epoch
        self.weights = weights
    }

    public var typeName: String { "weights" }
    public var weightCollection: WeightCollection { weights }
    public var fieldNames: [String] { ["epoch", "names"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "epoch": return .number(Double(epoch))
        case "names": return .list(ListObject(weights.weights.map { .string($0.name) }))
        default: return nil
        }
    }

    public var summary: String { "<weights of \(weights.source): \(weights.weights.count) tensors>" }

    public func element(_ index: Value) throws -> Value {
        guard case .string(let name) = index else {
            throw BuiltinError("weights are indexed by name such as \"layers.0.weight\", got \(describeForError(index))")
        }
        do {
            return .object(TensorObject(try weights.tensor(named: name)))
        } catch {
            throw BuiltinError("\(weights.source) has no weight '\(name)'")
        }
    }
}
