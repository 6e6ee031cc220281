import WWData
import WWNumerics
import WWTables
@testable import WWNeural
import XCTest

final class TrainingTests: XCTestCase {
    private func options(epochs: Int = 2, seed: UInt64 = 0) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = 16
        options.learningRate = 0.05
        options.optimizer = .sgd(momentum: 0.9)
        options.seed = seed
        options.cancellation = .never
        return options
    }

    /// The sanity requirement: an MLP 64-128-10 reaches at least 95 % test accuracy on the
    /// bundled digits (80/20 split, seeded). Accuracy only: its speed (about a second) is
    /// measured by Benchmarks/run-training.sh, never by a test.
    func testMLPLearnsTheBundledDigits() throws {
        var random = SeededRandom(seed: 0)
        let parts = try Dataset.digits().flattened().split(fractions: [0.8, 0.2], using: &random)
        let (train, test) = (parts[0], parts[1])
        let net = try Network.mlp(widths: [64, 128, 10], seed: 0)
        var options = TrainingOptions()
        options.epochs = 20
        options.batchSize = 32
        options.optimizer = .adam()
        options.learningRate = 0.001
        options.testSet = test
        options.cancellation = .never
        let result = try net.train(on: train, options: options)
        XCTAssertEqual(result.history.rowCount, 20)
        XCTAssertEqual(result.history.columnNames, ["epoch", "loss", "train_accuracy", "test_accuracy", "lr"])
        let accuracy = try result.history.column(named: "test_accuracy").last!.numberValue!
        XCTAssertGreaterThanOrEqual(accuracy, 0.95)
        XCTAssertEqual(accuracy, try net.accuracy(on: test))
        let losses = try result.history.column(named: "loss").map { $0.numberValue! }
        XCTAssertLessThan(losses.last!, losses.first!)
    }

    /// Same seed, same bits: with dropout, shuffling and momentum, two runs end with identical
    /// weights, on any BLAS thread count (every product is cut into the same fixed slices, each
    /// computed single-threaded; see `Parallel`).
    func testSameSeedSameBits() throws {
        let data = try TestData.gaussianMixture(count: 300, dimensions: 30, classes: 3, seed: 2)
        func run(seed: UInt64) throws -> [Float] {
            let net = try Network.mlp(widths: [30, 128, 128, 3], dropout: [0.3], seed: 5)
            _ = try net.train(on: data, options: options(seed: seed))
            return net.parameterVector()
        }
        let first = try run(seed: 7)
        XCTAssertEqual(try run(seed: 7), first)
        XCTAssertNotEqual(try run(seed: 8), first)
        let threads = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        for count in [1, 2, 3] {
            try BLASEnvironment.setThreadCount(count)
            XCTAssertEqual(try run(seed: 7), first, "\(count) threads")
        }
    }

    func testConvolutionalTrainingIsReproducible() throws {
        let data = try TestData.uniform(count: 40, shape: [2, 8, 8], classes: 3, seed: 3)
        var configuration = ConvolutionalConfiguration()
        configuration.inputShape = [2, 8, 8]
        configuration.channels = [4, 6]
        configuration.hidden = [8]
        configuration.classes = 3
        configuration.dropout = [0.2]
        func run() throws -> [Float] {
            let net = try Network.cnn(configuration)
            _ = try net.train(on: data, options: options())
            return net.parameterVector()
        }
        let first = try run()
        XCTAssertEqual(try run(), first)
        let threads = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        for count in [1, 2, 3] {
            try BLASEnvironment.setThreadCount(count)
            XCTAssertEqual(try run(), first, "\(count) threads")
        }
    }

    func testInterruptStopsAfterTheCurrentBatch() throws {
        let data = try TestData.uniform(count: 100, shape: [4], classes: 2, seed: 4)
        let net = try Network.mlp(widths: [4, 8, 2], seed: 0)
        var batches = 0
        var options = options(epochs: 3)
        options.progress = { _ in batches += 1 }
        options.cancellation = .init { batches == 9 }
        let before = net.parameterVector()
        let result = try net.train(on: data, options: options)
        XCTAssertTrue(result.interrupted)
        XCTAssertNil(result.stopReason)
        XCTAssertEqual(batches, 9)
        XCTAssertEqual(result.epochsCompleted, 1)
        XCTAssertEqual(result.history.rowCount, 1)
        XCTAssertNotEqual(net.parameterVector(), before, "the ninth batch's step was applied")
    }

    func testNonFiniteLossStopsAndKeepsTheLastGoodWeights() throws {
        let data = try TestData.uniform(count: 64, shape: [4], classes: 2, seed: 5)
        let net = try Network.mlp(widths: [4, 8, 2], seed: 0)
        var options = options(epochs: 4)
        options.learningRate = 1e30
        var snapshots: [[Float]] = []
        options.progress = { _ in snapshots.append(net.parameterVector()) }
        let result = try net.train(on: data, options: options)
        let reason = try XCTUnwrap(result.stopReason)
        XCTAssertTrue(reason.contains("at epoch 1, batch \(snapshots.count + 1)"), reason)
        XCTAssertEqual(net.parameterVector(), snapshots.last ?? [], "the weights after the last finite step")
        XCTAssertTrue(net.parameterVector().allSatisfy(\.isFinite))
        XCTAssertFalse(result.interrupted)
    }

    func testFrozenLayersKeepTheirWeights() throws {
        let data = try TestData.uniform(count: 50, shape: [4], classes: 3, seed: 6)
        let net = try Network.mlp(widths: [4, 8, 8, 3], seed: 0)
        let before = net.namedParameters.map(\.parameter.values)
        var options = options()
        options.frozen = ["layers.0", "layers.2.bias"]
        options.weightDecay = 0.1
        _ = try net.train(on: data, options: options)
        let after = net.namedParameters.map(\.parameter.values)
        XCTAssertEqual(after[0], before[0])
        XCTAssertEqual(after[1], before[1])
        XCTAssertNotEqual(after[2], before[2])
        XCTAssertEqual(after[3], before[3])
        XCTAssertNotEqual(after[4], before[4])
        XCTAssertFalse(net.namedParameters.contains { $0.parameter.isFrozen }, "freezing lasts one call")
        options.frozen = ["layers.9"]
        XCTAssertThrowsError(try net.train(on: data, options: options)) { XCTAssertTrue("\($0)".contains("'layers.9'")) }
    }

    func testSnapshotsAndSchedules() throws {
        let data = try TestData.uniform(count: 32, shape: [4], classes: 2, seed: 7)
        let net = try Network.mlp(widths: [4, 8, 2], seed: 0)
        let initial = net.snapshot()
        var options = options(epochs: 4)
        options.snapshotEpochs = [0, 2, 4]
        options.schedule = .cosine(period: nil, minimum: 0.01)
        let result = try net.train(on: data, options: options)
        XCTAssertEqual(result.snapshots.map(\.epoch), [0, 2, 4])
        XCTAssertEqual(try result.snapshots[0].weights.tensor(named: "layers.0.weight"), try initial.tensor(named: "layers.0.weight"))
        XCTAssertEqual(try result.snapshots[2].weights.tensor(named: "layers.2.bias"), try net.weights.tensor(named: "layers.2.bias"))
        let rates = try result.history.column(named: "lr").map { $0.numberValue! }
        let expected = (0..<4).map { 0.01 + 0.04 * (1 + cos(Double.pi * Double($0) / 4)) / 2 }
        for (rate, want) in zip(rates, expected) { XCTAssertEqual(rate, want, accuracy: 1e-15) }
        XCTAssertEqual(LearningRateSchedule.step(stepSize: 2, gamma: 0.1).rate(base: 1, epoch: 5, epochs: 9), 0.01, accuracy: 1e-15)
        options.snapshotEpochs = [5]
        XCTAssertThrowsError(try net.train(on: data, options: options)) { XCTAssertTrue("\($0)".contains("epoch 5 is not in 0...4")) }
    }

    /// An augmentation sees every batch, with a stream of its own that the seed fixes.
    func testAugmentationIsAppliedToEveryBatch() throws {
        final class Noise: BatchTransform {
            var batches = 0
            func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
                batches += 1
                let noisy = batch.features.floatValues.map { $0 + Float(random.nextNormal() * 0.1) }
                return try Dataset(name: batch.name, features: Tensor(shape: batch.features.shape, values: noisy),
                                   labels: batch.labels, classNames: batch.classNames)
            }
        }
        let data = try TestData.uniform(count: 40, shape: [4], classes: 2, seed: 8)
        func run() throws -> (Int, [Float]) {
            let net = try Network.mlp(widths: [4, 8, 2], seed: 0)
            let noise = Noise()
            var noisy = self.options(epochs: 3)
            noisy.augmentation = noise
            _ = try net.train(on: data, options: noisy)
            return (noise.batches, net.parameterVector())
        }
        let (batches, weights) = try run()
        XCTAssertEqual(batches, 9)
        XCTAssertEqual(try run().1, weights)
        let plain = try Network.mlp(widths: [4, 8, 2], seed: 0)
        _ = try plain.train(on: data, options: options(epochs: 3))
        XCTAssertNotEqual(plain.parameterVector(), weights)

        final class Shrink: BatchTransform {
            func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
                try Dataset(name: batch.name, features: Tensor(shape: [batch.count, 2], values: [Float](repeating: 0, count: batch.count * 2)),
                            labels: batch.labels, classNames: batch.classNames)
            }
        }
        var shrinking = options()
        shrinking.augmentation = Shrink()
        XCTAssertThrowsError(try plain.train(on: data, options: shrinking)) {
            XCTAssertTrue("\($0)".contains("the augmentation changed the batch's shape"), "\($0)")
        }
    }

    func testDataErrorsNameTheProblem() throws {
        let net = try Network.mlp(widths: [4, 8, 3], seed: 0)
        let wrongShape = try TestData.uniform(count: 5, shape: [5], classes: 3, seed: 1)
        XCTAssertThrowsError(try net.train(on: wrongShape, options: options())) {
            XCTAssertEqual("\($0)", "mlp 4-8-3 on the training data (uniform): the network expects samples of shape [4] but the data has [5]")
        }
        let images = try TestData.uniform(count: 5, shape: [1, 2, 2], classes: 3, seed: 1)
        XCTAssertNoThrow(try net.train(on: images, options: options()), "an MLP reads 1×2×2 images as vectors of 4")
        let conv = try Network.cnn({ var c = ConvolutionalConfiguration(); c.inputShape = [1, 4, 4]; c.channels = [2]; c.hidden = []; c.classes = 3; return c }())
        let channelsLast = try TestData.uniform(count: 5, shape: [4, 4, 1], classes: 3, seed: 1)
        XCTAssertThrowsError(try conv.train(on: channelsLast, options: options())) { XCTAssertTrue("\($0)".contains("[1, 4, 4] but the data has [4, 4, 1]")) }
        let flat = try TestData.uniform(count: 5, shape: [16], classes: 3, seed: 1)
        XCTAssertNoThrow(try conv.train(on: flat, options: options()), "flat samples are read in the network's layout")
        let manyClasses = try TestData.uniform(count: 30, shape: [4], classes: 5, seed: 1)
        XCTAssertThrowsError(try net.train(on: manyClasses, options: options())) { XCTAssertTrue("\($0)".contains("but mlp 4-8-3 has 3 outputs (labels 0..<3)")) }
        let empty = try Dataset(name: "nothing", features: Tensor(shape: [0, 4], values: [Float]()), labels: [], classNames: ["a"])
        XCTAssertThrowsError(try net.train(on: empty, options: options())) { XCTAssertTrue("\($0)".contains("the training data (nothing) is empty")) }
        XCTAssertThrowsError(try net.accuracy(on: empty)) { XCTAssertTrue("\($0)".contains("empty")) }
        var bad = options()
        bad.batchSize = 0
        XCTAssertThrowsError(try net.train(on: images, options: bad)) { XCTAssertTrue("\($0)".contains("argument 'batch_size'")) }
        bad = options()
        bad.temperature = 0
        XCTAssertThrowsError(try net.train(on: images, options: bad)) { XCTAssertTrue("\($0)".contains("argument 'temperature'")) }
        bad = options()
        bad.optimizer = .sgd(momentum: 0, nesterov: true)
        XCTAssertThrowsError(try net.train(on: images, options: bad)) { XCTAssertTrue("\($0)".contains("argument 'nesterov'")) }
        bad = options()
        bad.targets = try Tensor(shape: [5, 2], values: [Float](repeating: 0, count: 10))
        bad.loss = .meanSquaredError
        XCTAssertThrowsError(try net.train(on: images, options: bad)) { XCTAssertTrue("\($0)".contains("must have shape [5, 3]")) }
    }

    func testZeroEpochsChangeNothing() throws {
        let net = try Network.mlp(widths: [4, 3], seed: 0)
        let before = net.parameterVector()
        let result = try net.train(on: try TestData.uniform(count: 5, shape: [4], classes: 3, seed: 1), options: options(epochs: 0))
        XCTAssertEqual(result.history.rowCount, 0)
        XCTAssertEqual(net.parameterVector(), before)
    }
}
