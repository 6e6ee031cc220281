import Foundation
import WWBase
import WWData
import WWModelFormats
import WWTables
import WWNumerics
@testable import WWNeural
import XCTest

/// The fixtures of tools/make-finetune-fixtures.py (HF BertForSequenceClassification on the tiny
/// encoder fixture, torch.optim).
enum FineTuneFixture {
    struct Head: Decodable {
        let weight: [[Float]]
        let bias: [Float]
    }

    struct AdamW: Decodable {
        let lr: Double
        let weight_decay: Double
        let betas: [Double]
        let eps: Double
    }

    struct SGD: Decodable {
        let lr: Double
        let momentum: Double
        let weight_decay: Double
    }

    struct Fixture: Decodable {
        let texts: [String]
        let labels: [Int]
        let classes: Int
        let ids: [[Int]]
        let steps: Int
        let classifier: Head
        let logits: [[Float]]
        let loss: Double
        let adamw: AdamW
        let sgd: SGD
        let weightwatcher_ids: [String: Int]
    }

    static func load() throws -> Fixture {
        try EncoderFixtures.load("finetune.json", as: Fixture.self)
    }

    static func tensors(_ name: String) throws -> ModelFile {
        try ModelFile.open(EncoderFixtures.folder.appendingPathComponent(name).path)
    }

    /// The tiny encoder with the fixture's head, every dropout 0.
    static func network(_ fixture: Fixture) throws -> Network {
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let network = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: fixture.classes, hiddenDropout: 0,
                                                                           attentionDropout: 0, seed: 3))
        let parameters = Dictionary(uniqueKeysWithValues: network.namedParameters.map { ($0.name, $0.parameter) })
        try XCTUnwrap(parameters["classifier.weight"]).values = fixture.classifier.weight.flatMap { $0 }
        try XCTUnwrap(parameters["classifier.bias"]).values = fixture.classifier.bias
        return network
    }

    /// Training options with the settings the tests vary; the rest are the defaults.
    static func options(epochs: Int = 1, batch: Int, optimizer: OptimizerKind = .sgd(), lr: Double, seed: UInt64 = 0,
                        shuffle: Bool = true) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batch
        options.optimizer = optimizer
        options.learningRate = lr
        options.seed = seed
        options.shuffle = shuffle
        return options
    }

    static func dataset(_ fixture: Fixture) throws -> Dataset {
        try Dataset(name: "fine-tuning texts", features: Tensor(shape: [fixture.texts.count, 0], values: [Float]()),
                    labels: fixture.labels, classNames: (0..<fixture.classes).map(String.init), texts: fixture.texts)
    }

    /// The largest absolute difference between the network's tensors and the file's, by name,
    /// over the elements `included` admits (all by default; it gets the name and the index).
    static func largestDifference(_ values: [String: [Float]], _ file: ModelFile, context: String,
                                  included: (String, Int) -> Bool = { _, _ in true }) throws -> Float {
        var worst: Float = 0
        XCTAssertEqual(Set(values.keys), Set(file.weights.map(\.name)), context)
        for (name, got) in values {
            let expected = try file.tensor(named: name).floatValues
            XCTAssertEqual(got.count, expected.count, "\(context): \(name)")
            for (index, (a, b)) in zip(got, expected).enumerated() where included(name, index) { worst = max(worst, abs(a - b)) }
        }
        return worst
    }
}

final class EncoderFineTuningTests: XCTestCase {
    func testClassifierIsNamedAsBertForSequenceClassification() throws {
        let fixture = try FineTuneFixture.load()
        let network = try FineTuneFixture.network(fixture)
        let gradients = try FineTuneFixture.tensors("finetune-gradients.safetensors")
        XCTAssertEqual(network.namedParameters.map(\.name), gradients.weights.map(\.name).sorted { a, b in
            network.namedParameters.firstIndex { $0.name == a }! < network.namedParameters.firstIndex { $0.name == b }!
        })
        XCTAssertEqual(Set(network.namedParameters.map(\.name)), Set(gradients.weights.map(\.name)))
        XCTAssertEqual(network.outputShape, [fixture.classes])
        // WeightWatcher's ids of the same model in PyTorch, for every weight it lists.
        let ids = try XCTUnwrap(network.weights.weightWatcherLayerIDs)
        for (name, id) in fixture.weightwatcher_ids { XCTAssertEqual(ids[name], id, name) }
        XCTAssertEqual(try network.tokenize(fixture.texts), fixture.ids)
    }

    func testLogitsLossAndGradientsMatchTransformers() throws {
        let fixture = try FineTuneFixture.load()
        let network = try FineTuneFixture.network(fixture)
        let data = try FineTuneFixture.dataset(fixture)
        let logits = try network.logits(for: data).floatValues
        var worstLogit: Float = 0
        for (row, expected) in fixture.logits.enumerated() {
            for (j, value) in expected.enumerated() { worstLogit = max(worstLogit, abs(logits[row * fixture.classes + j] - value)) }
        }
        XCTAssertLessThan(worstLogit, 1e-5, "largest logit difference")

        let (loss, gradient) = try network.lossAndGradient(batch: data)
        XCTAssertEqual(loss, fixture.loss, accuracy: 1e-5)
        var byName: [String: [Float]] = [:], offset = 0
        for (name, parameter) in network.namedParameters {
            byName[name] = Array(gradient[offset..<(offset + parameter.count)])
            offset += parameter.count
        }
        let worst = try FineTuneFixture.largestDifference(byName, try FineTuneFixture.tensors("finetune-gradients.safetensors"),
                                                          context: "gradients")
        XCTAssertLessThan(worst, 1e-4, "largest gradient difference")
        print("fine-tuning parity: logits \(worstLogit), loss \(abs(loss - fixture.loss)), gradients \(worst)")
    }

    /// Three steps of AdamW and of SGD with momentum on the whole batch, as torch.optim takes them.
    ///
    /// Adam divides each gradient by its own running size, so an element whose gradient is
    /// round-off moves by about ±lr per step in a direction rounding decides, in PyTorch as in
    /// wwn: the key biases (softmax ignores a shift shared by a query's scores, so their true
    /// gradient is 0; the fixture's are below 3e-8) and the weights of a dead GELU unit (below
    /// 1e-7). Those are held to Adam's bound of lr per step on each side; every other element,
    /// zero gradients included, to 2e-5.
    func testWeightsAfterThreeStepsMatchTorchOptim() throws {
        let fixture = try FineTuneFixture.load()
        let gradients = try FineTuneFixture.tensors("finetune-gradients.safetensors")
        var roundOff: [String: Set<Int>] = [:]
        for info in gradients.weights {
            let values = try gradients.tensor(named: info.name).floatValues
            roundOff[info.name] = Set(values.indices.filter { values[$0] != 0 && abs(values[$0]) < Self.roundOffGradient })
        }
        let decided = { (name: String, index: Int) in roundOff[name]?.contains(index) != true }
        let data = try FineTuneFixture.dataset(fixture)
        let adamW = OptimizerKind.adamW(beta1: fixture.adamw.betas[0], beta2: fixture.adamw.betas[1], epsilon: fixture.adamw.eps)
        let runs: [(String, OptimizerKind, Double, Double)] = [
            ("finetune-adamw.safetensors", adamW, fixture.adamw.lr, fixture.adamw.weight_decay),
            ("finetune-sgd.safetensors", .sgd(momentum: fixture.sgd.momentum), fixture.sgd.lr, fixture.sgd.weight_decay),
        ]
        for (file, optimizer, rate, decay) in runs {
            let network = try FineTuneFixture.network(fixture)
            var options = FineTuneFixture.options(epochs: fixture.steps, batch: fixture.texts.count, optimizer: optimizer, lr: rate,
                                                  shuffle: false)
            options.weightDecay = decay
            let result = try network.train(on: data, options: options)
            XCTAssertEqual(result.epochsCompleted, fixture.steps)
            let values = Dictionary(uniqueKeysWithValues: network.namedParameters.map { ($0.name, $0.parameter.values) })
            let reference = try FineTuneFixture.tensors(file)
            let worst = try FineTuneFixture.largestDifference(values, reference, context: file, included: decided)
            XCTAssertLessThan(worst, 2e-5, "largest weight difference after \(fixture.steps) steps (\(file))")
            let all = try FineTuneFixture.largestDifference(values, reference, context: file)
            // Each side moves such a weight by about lr per step, in either direction.
            XCTAssertLessThanOrEqual(all, 2 * Float(rate) * Float(fixture.steps), "\(file): a round-off gradient moved a weight by more than lr per step")
            let skipped = roundOff.values.reduce(0) { $0 + $1.count }
            print("fine-tuning parity: \(file) after \(fixture.steps) steps \(worst) (\(skipped) round-off-gradient elements: \(all))")
        }
    }

    /// Gradients below this are round-off for Adam's purposes (its epsilon is 1e-8).
    static let roundOffGradient: Float = 1e-6

    /// Same seed, same bits on 1, 2 and 3 threads, with dropout on in every block and the head,
    /// batches of texts of different lengths, and mean pooling too.
    func testFineTuningWithDropoutIsReproducibleOnAnyThreadCount() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        func run(_ pooling: ClassifierPooling) throws -> [Float] {
            let network = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: 3, pooling: pooling, hiddenDropout: 0.2,
                                                                               attentionDropout: 0.2, seed: 4))
            _ = try network.train(on: data, options: FineTuneFixture.options(epochs: 2, batch: 4, optimizer: .adamW(), lr: 1e-3, seed: 9))
            return network.namedState.flatMap(\.tensor.values)
        }
        let threads = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        for pooling in ClassifierPooling.allCases {
            let first = try run(pooling)
            for count in [1, 2, 3] {
                try BLASEnvironment.setThreadCount(count)
                XCTAssertEqual(try run(pooling), first, "\(pooling) pooling on \(count) threads")
            }
        }
    }

    /// Dropout acts in training only: masks change the loss, evaluation is untouched by it,
    /// and a training pass with dropout gives gradients that differ from the dropout-free ones.
    func testDropoutActsWhileTrainingOnly() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let plain = try FineTuneFixture.network(fixture)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let dropped = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: fixture.classes, hiddenDropout: 0.3,
                                                                           attentionDropout: 0.3, seed: 3))
        try dropped.loadWeights(from: plain.weights)
        XCTAssertEqual(try dropped.logits(for: data).floatValues, try plain.logits(for: data).floatValues)
        let options = FineTuneFixture.options(batch: fixture.texts.count, lr: 0, shuffle: false)
        let withDropout = try dropped.train(on: data, options: options).history.column(named: "loss")
        let without = try plain.train(on: data, options: options).history.column(named: "loss")
        XCTAssertNotEqual(withDropout, without)
        XCTAssertEqual(without.first.flatMap { $0.numberValue } ?? 0, fixture.loss, accuracy: 1e-5)
    }

    /// The backward pass with dropout on in every block and the head: central differences of
    /// the training-mode loss under fixed masks (the same seed draws the same masks, whatever
    /// the weights) against the gradient, on the elements with the largest gradients of every
    /// tensor, for both poolings.
    func testGradientsWithDropoutMatchFiniteDifferences() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let texts = try TokenizedTexts(data, for: try FineTuneFixture.network(fixture), role: "texts")
        for pooling in ClassifierPooling.allCases {
            let network = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: fixture.classes, pooling: pooling,
                                                                               hiddenDropout: 0.25, attentionDropout: 0.25, seed: 6))
            func loss(backward: Bool) -> Double {
                let mode = ForwardMode.training(random: SeededRandom(seed: 11))
                mode.sequences = texts.load(into: network, rows: Array(0..<data.count))
                let n = data.count, logits = network.forward(batchSize: n, mode: mode)
                let gradient = FloatBuffer(count: n * fixture.classes)
                let value = data.labels.withUnsafeBufferPointer {
                    Loss.crossEntropy.evaluate(logits: logits.pointer, batchSize: n, outputs: fixture.classes, labels: $0.baseAddress!,
                                               targets: nil, temperature: 1, gradient: gradient.pointer)
                }
                if backward { network.backward(gradient, batchSize: n) }
                return value
            }
            _ = loss(backward: true)
            var worst: Float = 0, checked = 0
            for (name, parameter) in network.namedParameters {
                let analytic = parameter.gradient
                let largest = analytic.indices.sorted { abs(analytic[$0]) > abs(analytic[$1]) }.prefix(3)
                for index in largest {
                    let saved = parameter.values[index]
                    parameter.values[index] = saved + GradientCheckTests.step
                    let up = loss(backward: false)
                    parameter.values[index] = saved - GradientCheckTests.step
                    let down = loss(backward: false)
                    parameter.values[index] = saved
                    let numeric = Float((up - down) / Double(2 * GradientCheckTests.step))
                    let error = abs(numeric - analytic[index]) / (1e-2 + abs(numeric))
                    XCTAssertLessThan(error, 2e-2, "\(pooling): \(name)[\(index)] \(analytic[index]) vs \(numeric)")
                    worst = max(worst, error)
                    checked += 1
                }
            }
            print("fine-tuning with dropout (\(pooling)): \(checked) gradients, largest relative error \(worst)")
        }
    }

    /// Fine-tuning learns: texts about cats against texts about dogs, separable by one word,
    /// reach full training accuracy and a lower loss, with dropout on.
    func testFineTuningLearnsASeparableTask() throws {
        let cats = ["the cat sat on the mat", "a cat", "cat and mat", "the cat is here", "hello cat", "cat words"]
        let dogs = ["the dog sat on the mat", "a dog", "dog and mat", "the dog is here", "hello dog", "dog words"]
        let data = try Dataset(name: "cats and dogs", features: Tensor(shape: [12, 0], values: [Float]()),
                               labels: cats.map { _ in 0 } + dogs.map { _ in 1 }, classNames: ["cat", "dog"], texts: cats + dogs)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        for pooling in ClassifierPooling.allCases {
            let network = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: 2, pooling: pooling, seed: 1))
            let options = FineTuneFixture.options(epochs: 40, batch: 4, optimizer: .adamW(), lr: 3e-3, seed: 1)
            let history = try network.train(on: data, options: options).history
            let losses = try history.column(named: "loss").compactMap(\.numberValue)
            XCTAssertLessThan(losses.last ?? 1, 0.5 * (losses.first ?? 0), "\(pooling): \(losses)")
            XCTAssertEqual(try network.accuracy(on: data), 1, "\(pooling)")
        }
    }

    func testFreezingByPatternLeavesThoseWeightsUnchanged() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let network = try FineTuneFixture.network(fixture)
        let before = Dictionary(uniqueKeysWithValues: network.namedParameters.map { ($0.name, $0.parameter.values) })
        var options = FineTuneFixture.options(batch: 3, optimizer: .adam(), lr: 1e-2)
        options.frozen = ["bert.embeddings", "bert.encoder.layer.*.attention", "*.LayerNorm.bias"]
        _ = try network.train(on: data, options: options)
        for (name, parameter) in network.namedParameters {
            let frozen = name.hasPrefix("bert.embeddings.") || name.contains(".attention.") || name.hasSuffix("LayerNorm.bias")
            XCTAssertEqual(parameter.values == before[name], frozen, name)
        }
        options.frozen = ["bert.encoder.layer.*.nothing"]
        XCTAssertThrowsError(try network.train(on: data, options: options))
    }

    /// A fine-tuned classifier saved as safetensors beside the encoder's config.json and
    /// tokenizer.json is an HF BertForSequenceClassification directory, which load_network reads
    /// back with its head and the config's dropout.
    func testSavedClassifierLoadsBackWithItsHead() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-finetune-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: EncoderFixtures.tinyDirectory + "/" + name,
                                             toPath: directory.appendingPathComponent(name).path)
        }
        for pooling in ClassifierPooling.allCases {
            let network = try encoder.sequenceClassifier(ClassifierHeadOptions(classes: 4, pooling: pooling, seed: 8))
            let weights = directory.appendingPathComponent("model.safetensors").path
            try SafetensorsWriter.save(network.weights, to: weights, overwrite: true)
            let loaded = try Network.loadEncoder(directory: directory.path)
            XCTAssertEqual(loaded.namedState.map(\.name), network.namedState.map(\.name))
            XCTAssertEqual(loaded.encoderInput?.classifierPooling, pooling)
            XCTAssertEqual(loaded.outputShape, [4])
            XCTAssertEqual(try loaded.logits(for: data).floatValues, try network.logits(for: data).floatValues)
            // The fixture's config.json says hidden and attention dropout 0.1, as HF's default.
            let layer = try XCTUnwrap(loaded.stages[1] as? BertLayer)
            XCTAssertEqual(layer.outputDropout.probability, 0.1)
            XCTAssertEqual(layer.attentionDropout.probability, 0.1)
        }
    }

    func testEncoderWithoutHeadOrTextsIsRefused() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let encoder = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        XCTAssertThrowsError(try encoder.train(on: data, options: TrainingOptions())) { error in
            XCTAssertTrue("\(error)".contains("classifier(model, classes)"), "\(error)")
        }
        let network = try FineTuneFixture.network(fixture)
        let numbers = try Dataset(name: "numbers", features: Tensor(shape: [2, 3], values: [Float](repeating: 0, count: 6)),
                                  labels: [0, 1], classNames: ["a", "b"])
        XCTAssertThrowsError(try network.train(on: numbers, options: TrainingOptions())) { error in
            XCTAssertTrue("\(error)".contains("keeps none"), "\(error)")
        }
        XCTAssertThrowsError(try network.sequenceClassifier(ClassifierHeadOptions(classes: 2)))
        XCTAssertThrowsError(try encoder.sequenceClassifier(ClassifierHeadOptions(classes: 2, hiddenDropout: 1)))
        XCTAssertThrowsError(try network.representation(for: data, at: 1))
        XCTAssertEqual(try network.representation(for: data, at: network.layers.count - 2).shape, [data.count, 32])
    }

    func testHessianTraceDuringFineTuning() throws {
        let fixture = try FineTuneFixture.load()
        let data = try FineTuneFixture.dataset(fixture)
        let network = try FineTuneFixture.network(fixture)
        var options = FineTuneFixture.options(batch: 3, lr: 0.01)
        options.hessianTracking = HessianTracking(every: 1, samples: 2, batchSize: 4)
        let result = try network.train(on: data, options: options)
        let traces = try XCTUnwrap(result.hessian).column(named: "trace")
        XCTAssertEqual(traces.count, 3)
        XCTAssertTrue(traces.allSatisfy { ($0.numberValue ?? .nan).isFinite }, "\(traces)")
    }
}
