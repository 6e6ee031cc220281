import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// BatchNorm1d, BatchNorm2d and a residual network in miniature against PyTorch (fixtures of
/// tools/neural/make_residual_fixtures.py), float32 on both sides: training-mode logits within
/// 1e-5, gradients within 1e-4 (relative to max(1, |value|)), running statistics within 1e-6
/// after one pass, evaluation-mode logits within 1e-5, and after three SGD steps with momentum
/// and weight decay the losses within 1e-5 and every tensor of the state within 2e-5.
final class BatchNormParityTests: XCTestCase {
    static func batchNorm1d() throws -> Network {
        try Network(name: "bn1d", inputShape: [6], layers: [
            LinearLayer(inputFeatures: 6, outputFeatures: 5), try BatchNormLayer(features: 5, dimensions: 1),
            ActivationLayer(.relu), LinearLayer(inputFeatures: 5, outputFeatures: 3),
        ])
    }

    static func batchNorm2d() throws -> Network {
        try Network(name: "bn2d", inputShape: [2, 8, 8], layers: [
            try Conv2dLayer(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1), try BatchNormLayer(features: 3, dimensions: 2),
            ActivationLayer(.relu), try MaxPoolLayer(kernelSize: 2), FlattenLayer(), LinearLayer(inputFeatures: 48, outputFeatures: 3),
        ])
    }

    /// The fixture's TinyResNet: a stem, an identity block, a stride-2 block with a 1×1
    /// downsample, global average pooling, with torchvision's module names.
    static func tinyResNet() throws -> Network {
        try Network(name: "tiny resnet", inputShape: [3, 8, 8], stages: [
            try Conv2dLayer(inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, bias: false),
            try BatchNormLayer(features: 4, dimensions: 2), ActivationLayer(.relu),
            try Network.basicBlock(from: 4, to: 4, stride: 1), try Network.basicBlock(from: 4, to: 8, stride: 2),
            GlobalAveragePoolLayer(), LinearLayer(inputFeatures: 8, outputFeatures: 3),
        ], names: ["conv1", "bn1", "relu", "layer1.0", "layer2.0", "avgpool", "fc"])
    }

    static func check(_ make: () throws -> Network, _ name: String) throws {
        let fixture = try ResidualFixtures.load(name, as: WholeFixture.self)
        let network = try make()
        XCTAssertEqual(Set(network.namedState.map(\.name)), Set(fixture.weights.keys), name)
        try network.loadWeights(from: TorchFixture.collection(fixture.weights))
        let data = try fixture.dataset
        let pass = TrainModePass.run(network, on: data)
        assertClose(pass.logits, fixture.train_logits, tolerance: 1e-5, "\(name): training-mode logits")
        XCTAssertEqual(pass.loss, fixture.loss_value, accuracy: 1e-5, name)
        for (key, expected) in fixture.gradients {
            assertClose(pass.gradients[key] ?? [], expected, tolerance: 1e-4, "\(name): gradient of \(key)")
        }
        for entry in network.namedState where entry.isBuffer {
            let expected = fixture.state_after_forward[entry.name]!.values
            assertClose(entry.tensor.values, expected, tolerance: 1e-6, "\(name): \(entry.name) after one pass")
        }
        assertClose(try network.logits(for: data).floatValues, fixture.eval_logits, tolerance: 1e-5, "\(name): evaluation logits")

        let run = fixture.training
        let trained = try make()
        try trained.loadWeights(from: TorchFixture.collection(fixture.weights))
        let result = try trained.train(on: data, options: TrainModePass.options(lr: run.lr, momentum: run.momentum, weightDecay: run.weight_decay,
                                                                               epochs: run.epochs, batch: data.count))
        let losses = try result.history.column(named: "loss").map { $0.numberValue! }
        XCTAssertEqual(losses.count, run.losses.count)
        for (mine, theirs) in zip(losses, run.losses) { XCTAssertEqual(mine, theirs, accuracy: 1e-5, "\(name): loss") }
        for entry in trained.namedState {
            let tolerance: Float = entry.name.contains("running") ? 1e-6 : 2e-5
            assertClose(entry.tensor.values, run.weights[entry.name]!.values, tolerance: tolerance, "\(name): \(entry.name) after SGD")
        }
    }

    func testBatchNorm1d() throws { try Self.check(Self.batchNorm1d, "bn1d") }

    func testBatchNorm2d() throws { try Self.check(Self.batchNorm2d, "bn2d") }

    func testResidualBlocksWithDownsampleAndGlobalPooling() throws { try Self.check(Self.tinyResNet, "residual") }

    /// The running statistics move only in training mode; evaluation and gradients for
    /// curvature (`lossAndGradient`) leave them alone.
    func testRunningStatisticsMoveOnlyWhileTraining() throws {
        let network = try Self.batchNorm2d()
        let data = try TestData.uniform(count: 6, shape: [2, 8, 8], classes: 3, seed: 1)
        let before = network.namedState.filter(\.isBuffer).map(\.tensor.values)
        _ = try network.logits(for: data)
        _ = try network.lossAndGradient(batch: data)
        XCTAssertEqual(network.namedState.filter(\.isBuffer).map(\.tensor.values), before)
        _ = TrainModePass.run(network, on: data)
        XCTAssertNotEqual(network.namedState.filter(\.isBuffer).map(\.tensor.values), before)
        XCTAssertEqual(network.namedState.first { $0.name.hasSuffix("num_batches_tracked") }?.tensor.values, [1])
    }

    /// A last batch of one sample gives BatchNorm1d one value per channel: an error naming the
    /// layer, as PyTorch refuses it, instead of a silent zero variance.
    func testABatchOfOneIsRefusedInTraining() throws {
        let network = try Self.batchNorm1d()
        let data = try TestData.uniform(count: 5, shape: [6], classes: 3, seed: 2)
        var options = TrainModePass.options(lr: 0.1, momentum: 0, weightDecay: 0, epochs: 1, batch: 4)
        options.seed = 0
        XCTAssertThrowsError(try network.train(on: data, options: options)) { error in
            XCTAssertTrue("\(error)".contains("layers.1 (BatchNorm1d)"), "\(error)")
        }
    }

    func testBadBatchNormArgumentsAreRefused() {
        XCTAssertThrowsError(try BatchNormLayer(features: 0, dimensions: 2))
        XCTAssertThrowsError(try BatchNormLayer(features: 4, dimensions: 3))
        XCTAssertThrowsError(try BatchNormLayer(features: 4, dimensions: 2, momentum: 1.5))
        XCTAssertThrowsError(try Network(name: "bad", inputShape: [4, 8, 8], layers: [try BatchNormLayer(features: 3, dimensions: 2)]))
    }
}
