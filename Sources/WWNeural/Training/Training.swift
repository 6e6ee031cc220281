import Foundation
import WWBase
import WWData
import WWNumerics
import WWTables

extension Network {
    /// Trains the network in place on `data` and returns its history.
    ///
    /// Each epoch visits the samples in an order shuffled by a stream seeded from `options.seed`
    /// (dropout masks and augmentations have their own streams from the same seed), so the same
    /// seed gives bit-identical weights on every run, whatever the BLAS thread count (see
    /// `Parallel`); only a different CPU (other BLAS kernels) may change the last bits.
    ///
    /// Training stops early, keeping the weights of the last good step, when `cancellation` says so
    /// after a batch (Ctrl-C; `interrupted` is then set) or when a loss or gradient is not finite
    /// (`stopReason` names the epoch and batch; the bad step is not applied).
    /// A transformer encoder with a classification head (``sequenceClassifier(_:)``) trains on a
    /// data set of labelled texts: they are tokenised once with its tokeniser, and each batch is
    /// padded to its longest text with the attention mask.
    /// - Throws: ``NeuralError`` for an empty data set, samples of the wrong shape, labels outside
    ///   the network's outputs, targets of the wrong shape, bad options, or a failing augmentation.
    public func train(on data: Dataset, options: TrainingOptions) throws -> TrainingResult {
        try options.validate()
        let trainingSet = try TrainingData(data, for: self, role: "training data", targets: options.targets, loss: options.loss,
                                           cancellation: options.cancellation)
        if let test = options.testSet { _ = try TrainingData(test, for: self, role: "test data", targets: nil, loss: .crossEntropy) }
        let session = try TrainingSession(network: self, data: trainingSet, options: options)
        return try session.run()
    }
}

/// The training set checked against the network and laid out for batching.
struct TrainingData {
    let dataset: Dataset
    /// The samples as floats, or empty when the set keeps image bytes (``pixels``): those are
    /// made into floats one batch at a time, so training a 100,000-image set does not hold a
    /// float copy of it.
    let features: [Float]
    let pixels: PixelBytes?
    /// The texts as token ids, for an encoder with a classification head (then `features` is empty).
    let texts: TokenizedTexts?
    let targets: [Float]?
    /// The data set's soft labels (`[count * classes]`), used by cross-entropy instead of labels.
    let softLabels: [Float]?
    let sampleSize: Int

    /// - Throws: ``NeuralError`` naming `role` for an empty set, a shape mismatch or a bad label.
    init(_ dataset: Dataset, for network: Network, role: String, targets: Tensor?, loss: Loss,
         cancellation: Cancellation = .never) throws {
        guard dataset.count > 0 else {
            throw NeuralError.invalidData("the \(role) (\(dataset.name)) is empty: there is nothing to learn from")
        }
        try checkSamples(dataset, for: network, role: role)
        self.dataset = dataset
        pixels = dataset.pixelBytes
        texts = network.encoderInput == nil ? nil : try TokenizedTexts(dataset, for: network, role: role, cancellation: cancellation)
        features = pixels == nil && texts == nil ? dataset.features.floatValues : []
        sampleSize = network.inputSize
        if let soft = dataset.softLabels {
            guard soft.shape == [dataset.count, network.outputCount] else {
                throw NeuralError.invalidData("the \(role) (\(dataset.name)) has soft labels of shape \(soft.shape), but \(network.name) needs \([dataset.count, network.outputCount]) (one column per output)")
            }
            softLabels = soft.floatValues
        } else {
            softLabels = nil
        }
        if let targets {
            guard loss == .meanSquaredError else {
                throw NeuralError.invalidArgument(argument: "targets", reason: "are only used by the squared-error loss (\"mse\")")
            }
            guard targets.shape == [dataset.count, network.outputCount] else {
                throw NeuralError.invalidArgument(argument: "targets",
                                                  reason: "must have shape \([dataset.count, network.outputCount]) (one row per sample, one column per output), got \(targets.shape)")
            }
            self.targets = targets.floatValues
        } else {
            self.targets = nil
        }
    }
}

/// Checks that a data set's samples fit the network's input and (unless told not to) that its
/// labels fit its outputs. An encoder takes texts, and only with a classification head.
func checkSamples(_ dataset: Dataset, for network: Network, role: String, checkLabels: Bool = true) throws {
    if let encoder = network.encoderInput {
        guard encoder.classifierPooling != nil else {
            throw NeuralError.invalidArgument(argument: "model", reason: "is a transformer encoder without a classification head (\(network.name)), which reads token sequences, not the \(role) (\(dataset.name)); put a head on it with classifier(model, classes) to train or evaluate it on labelled texts, or embed texts with embed(model, texts)")
        }
        guard dataset.texts != nil else {
            throw NeuralError.invalidData("\(network.name) reads texts, but the \(role) (\(dataset.name)) keeps none: load it with load_text, or make it with dataset(texts, labels)")
        }
        if checkLabels { try checkLabelRange(dataset, for: network, role: role) }
        return
    }
    // A network with a flat input reads any sample of the right size as a vector (an MLP on
    // images, as `x.flatten(1)` in PyTorch), and flat samples of the right size are read in the
    // network's layout (images stored one per row, as `x.view(-1, *shape)`). Other shapes must
    // match exactly: channels-last images given to a channels-first network are an error.
    let sameSize = dataset.sampleShape.reduce(1, *) == network.inputSize
    let fits = dataset.sampleShape == network.inputShape
        || (sameSize && (network.inputShape.count == 1 || dataset.sampleShape.count == 1))
    guard fits else {
        throw NeuralError.shapeMismatch(context: "\(network.name) on the \(role) (\(dataset.name))",
                                        expected: network.inputShape, actual: dataset.sampleShape)
    }
    if checkLabels { try checkLabelRange(dataset, for: network, role: role) }
}

private func checkLabelRange(_ dataset: Dataset, for network: Network, role: String) throws {
    let classes = network.outputCount
    if let bad = dataset.labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
        throw NeuralError.invalidData("the \(role) (\(dataset.name)) has label \(dataset.labels[bad]) at sample \(bad), but \(network.name) has \(classes) outputs (labels 0..<\(classes))")
    }
}

/// The state of one call to `train`.
private final class TrainingSession {
    let network: Network
    let data: TrainingData
    let options: TrainingOptions
    let optimizer: Optimizer
    let parameters: [Parameter]
    let history: DataTable
    var shuffleStream: SeededRandom
    let mode: ForwardMode
    var augmentStream: SeededRandom
    let curvature: TrainingCurvatureTracker?
    /// Optimiser steps taken so far (the Hessian tracker's clock).
    var iteration = 0
    let lossGradient = FloatBuffer()
    var batchLabels: [Int] = []
    var batchTargets: [Float] = []
    /// Whether `batchTargets` holds this batch's soft labels (from the data or its augmentation).
    var batchIsSoft = false

    init(network: Network, data: TrainingData, options: TrainingOptions) throws {
        self.network = network
        self.data = data
        self.options = options
        if options.augmentation != nil, data.texts != nil {
            throw NeuralError.invalidArgument(argument: "augment", reason: "transforms features; \(network.name) reads texts: augment the texts before training (eda)")
        }
        optimizer = Optimizer(kind: options.optimizer, weightDecay: options.weightDecay)
        parameters = network.namedParameters.map(\.parameter)
        var columns = ["epoch", "loss", "train_accuracy"]
        if options.testSet != nil { columns.append("test_accuracy") }
        columns.append("lr")
        history = try DataTable(columns: columns)
        var master = SeededRandom(seed: options.seed)
        shuffleStream = master.split()
        mode = .training(random: master.split())
        augmentStream = master.split()
        var curvatureStream = master.split()
        curvature = try options.hessianTracking.map {
            try TrainingCurvatureTracker(network: network, data: data, options: options, tracking: $0, random: &curvatureStream)
        }
    }

    private func result(_ snapshots: [(epoch: Int, weights: NamedTensors)], interrupted: Bool = false, stopReason: String? = nil,
                        completed: Int) -> TrainingResult {
        TrainingResult(history: history, snapshots: snapshots, interrupted: interrupted, stopReason: stopReason,
                       epochsCompleted: completed, hessian: curvature?.table)
    }

    func run() throws -> TrainingResult {
        network.unfreezeAll()
        try network.freeze(options.frozen)
        defer { network.unfreezeAll() }
        var snapshots: [(epoch: Int, weights: NamedTensors)] = []
        let wanted = Set(options.snapshotEpochs)
        if wanted.contains(0) { snapshots.append((0, network.snapshot(source: "\(network.name) epoch 0"))) }
        var completed = 0
        for epoch in 0..<options.epochs {
            let rate = options.schedule.rate(base: options.learningRate, epoch: epoch, epochs: options.epochs)
            let outcome = try runEpoch(epoch, learningRate: rate)
            switch outcome {
            case .finished(let loss, let accuracy):
                completed += 1
                var row: [(String, Cell)] = [("epoch", .number(Double(epoch + 1))), ("loss", .number(loss)),
                                             ("train_accuracy", .number(accuracy))]
                if let test = options.testSet { row.append(("test_accuracy", .number(try network.accuracy(on: test)))) }
                row.append(("lr", .number(rate)))
                history.addRow(row)
                if wanted.contains(epoch + 1) {
                    snapshots.append((epoch + 1, network.snapshot(source: "\(network.name) epoch \(epoch + 1)")))
                }
            case .interrupted:
                return result(snapshots, interrupted: true, completed: completed)
            case .diverged(let reason):
                return result(snapshots, stopReason: reason, completed: completed)
            }
        }
        try curvature?.observe(iteration: iteration, network: network)
        return result(snapshots, completed: completed)
    }

    enum EpochOutcome {
        case finished(loss: Double, accuracy: Double)
        case interrupted
        case diverged(String)
    }

    private func runEpoch(_ epoch: Int, learningRate: Double) throws -> EpochOutcome {
        let count = data.dataset.count, batchSize = options.batchSize
        var order = Array(0..<count)
        if options.shuffle { shuffleStream.shuffle(&order) }
        let batches = (count + batchSize - 1) / batchSize
        var lossSum = 0.0, correct = 0, seen = 0
        for batch in 0..<batches {
            let rows = Array(order[(batch * batchSize)..<min(count, (batch + 1) * batchSize)])
            try curvature?.observe(iteration: iteration, network: network)
            let (loss, hits) = try step(rows: rows)
            guard loss.isFinite else {
                return .diverged("the loss became \(loss.isNaN ? "NaN" : "infinite") at epoch \(epoch + 1), batch \(batch + 1): training stopped and kept the weights from before that batch")
            }
            guard gradientIsFinite() else {
                return .diverged("the gradient became non-finite at epoch \(epoch + 1), batch \(batch + 1): training stopped and kept the weights from before that batch")
            }
            optimizer.step(parameters, learningRate: learningRate)
            iteration += 1
            lossSum += loss * Double(rows.count)
            correct += hits
            seen += rows.count
            options.progress?(TrainingProgress(epoch: epoch + 1, epochs: options.epochs, batch: batch + 1, batches: batches,
                                               loss: lossSum / Double(seen)))
            if options.cancellation.isCancelled { return .interrupted }
        }
        return .finished(loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen))
    }

    /// Forward and backward on one batch; returns its mean loss and the number it got right.
    private func step(rows: [Int]) throws -> (Double, Int) {
        let n = rows.count, outputs = network.outputCount
        batchLabels.removeAll(keepingCapacity: true)
        for row in rows { batchLabels.append(data.dataset.labels[row]) }
        mode.sequences = data.loadInput(of: network, rows: rows)
        batchIsSoft = false
        if let targets = data.targets ?? data.softLabels {
            batchTargets.removeAll(keepingCapacity: true)
            for row in rows { batchTargets.append(contentsOf: targets[(row * outputs)..<((row + 1) * outputs)]) }
            batchIsSoft = data.targets == nil
        }
        if let augmentation = options.augmentation { try augment(with: augmentation, count: n) }
        try network.checkTrainingBatch(n)
        let logits = network.forward(batchSize: n, mode: mode)
        lossGradient.resize(n * outputs)
        let loss = batchLabels.withUnsafeBufferPointer { labels in
            batchTargets.withUnsafeBufferPointer { targets in
                options.loss.evaluate(logits: logits.pointer, batchSize: n, outputs: outputs, labels: labels.baseAddress!,
                                      targets: data.targets == nil && !batchIsSoft ? nil : targets.baseAddress,
                                      temperature: Float(options.temperature),
                                      gradient: lossGradient.pointer)
            }
        }
        var hits = 0
        for i in 0..<n where argmax(logits.pointer + i * outputs, count: outputs) == batchLabels[i] { hits += 1 }
        guard loss.isFinite else { return (loss, hits) }
        network.backward(lossGradient, batchSize: n)
        return (loss, hits)
    }

    /// Replaces the batch in the network's input with its augmented version.
    private func augment(with augmentation: BatchTransform, count n: Int) throws {
        let shape = [n] + data.dataset.sampleShape
        let features = try Tensor(shape: shape, values: network.input.array)
        var batch = try Dataset(name: data.dataset.name, features: features, labels: batchLabels,
                                classNames: data.dataset.classNames)
        if batchIsSoft { batch.softLabels = try Tensor(shape: [n, data.dataset.classNames.count], values: batchTargets) }
        let augmented = try augmentation.transform(batch, random: &augmentStream)
        guard augmented.features.shape == shape else {
            throw NeuralError.shapeMismatch(context: "the augmentation changed the batch's shape",
                                            expected: shape, actual: augmented.features.shape)
        }
        guard augmented.labels.count == n else {
            throw NeuralError.invalidData("the augmentation returned \(augmented.labels.count) labels for a batch of \(n)")
        }
        let values = augmented.features.floatValues
        values.withUnsafeBufferPointer { network.input.copy(from: $0.baseAddress!, count: values.count) }
        batchLabels = augmented.labels
        if let bad = batchLabels.first(where: { $0 < 0 || $0 >= network.outputCount }) {
            throw NeuralError.invalidData("the augmentation returned label \(bad), outside the network's \(network.outputCount) outputs")
        }
        guard let soft = augmented.softLabels else { return }
        guard data.targets == nil else {
            throw NeuralError.invalidArgument(argument: "augment", reason: "produces soft labels (MixUp, CutMix), which the squared-error loss with explicit targets cannot use")
        }
        guard soft.shape == [n, network.outputCount] else {
            throw NeuralError.shapeMismatch(context: "the augmentation's soft labels", expected: [n, network.outputCount], actual: soft.shape)
        }
        batchTargets = soft.floatValues
        batchIsSoft = true
    }

    private func gradientIsFinite() -> Bool {
        for parameter in parameters where !parameter.isFrozen {
            // Not BLAS's sasum: its threaded version leaves a BLAS worker spinning on the core
            // the next parallel product needs.
            let finite = parameter.gradient.withUnsafeBufferPointer { Vector.allFinite($0.baseAddress!, count: $0.count) }
            if !finite { return false }
        }
        return true
    }
}

extension TrainingData {
    /// Puts samples `rows` (all of them when nil), in that order, into the network's input, and
    /// returns their layout for the pass when they are texts (nil otherwise).
    @discardableResult
    func loadInput(of network: Network, rows: [Int]? = nil) -> SequenceBatch? {
        let rows = rows ?? Array(0..<dataset.count)
        if let texts { return texts.load(into: network, rows: rows) }
        if let pixels {
            network.input.resize(rows.count * sampleSize)
            pixels.writeSamples(rows, into: network.input.pointer)
        } else {
            features.withUnsafeBufferPointer { values in
                guard let base = values.baseAddress else { return }
                network.loadInput(base, rows: rows, sampleSize: sampleSize)
            }
        }
        return nil
    }
}
