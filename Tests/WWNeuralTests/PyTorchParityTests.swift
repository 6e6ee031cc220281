import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// The same tiny networks, weights and batches as PyTorch (fixtures from
/// tools/neural/make_fixtures.py): forward outputs, loss, gradients, and the weights after three
/// steps of each optimiser and schedule must agree to float32 round-off.
final class PyTorchParityTests: XCTestCase {
    private func mlpTanh() throws -> Network {
        try Network(name: "mlp_tanh", inputShape: [6], layers: [
            LinearLayer(inputFeatures: 6, outputFeatures: 5), ActivationLayer(.tanh), LinearLayer(inputFeatures: 5, outputFeatures: 4),
        ])
    }

    private func mlpGELULayerNorm() throws -> Network {
        try Network(name: "mlp_gelu", inputShape: [6], layers: [
            LinearLayer(inputFeatures: 6, outputFeatures: 5), ActivationLayer(.gelu), LinearLayer(inputFeatures: 5, outputFeatures: 4),
            LayerNormLayer(shape: [4]),
        ])
    }

    private func cnn() throws -> Network {
        try Network(name: "cnn", inputShape: [2, 8, 8], layers: [
            try Conv2dLayer(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1), ActivationLayer(.relu),
            try MaxPoolLayer(kernelSize: 2), try Conv2dLayer(inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1),
            ActivationLayer(.gelu), FlattenLayer(), LinearLayer(inputFeatures: 16, outputFeatures: 3),
        ])
    }

    private func checkForwardAndGradients(_ network: Network, _ fixture: TorchFixture) throws {
        try network.loadWeights(from: TorchFixture.collection(fixture.weights))
        let data = try fixture.dataset
        assertClose(try network.logits(for: data).floatValues, fixture.logits, tolerance: 1e-5, "logits")
        let loss = Loss(rawValue: fixture.loss)!
        let (value, gradient) = try network.lossAndGradient(batch: data, loss: loss, temperature: fixture.temperature)
        XCTAssertEqual(value, fixture.loss_value, accuracy: 1e-5 * max(1, abs(fixture.loss_value)))
        for slice in network.parameterLayout {
            let mine = Array(gradient[slice.offset..<(slice.offset + slice.count)])
            assertClose(mine, fixture.gradients[slice.name]!, tolerance: 1e-5, "gradient of \(slice.name)")
        }
    }

    private func checkTraining(_ make: () throws -> Network, _ fixture: TorchFixture) throws {
        XCTAssertFalse(fixture.training.isEmpty)
        for run in fixture.training {
            let network = try make()
            try network.loadWeights(from: TorchFixture.collection(fixture.weights))
            var options = TrainingOptions()
            options.epochs = run.epochs
            options.batchSize = fixture.y.count
            options.shuffle = false
            options.learningRate = run.lr
            options.weightDecay = run.weight_decay ?? 0
            options.loss = Loss(rawValue: fixture.loss)!
            options.temperature = fixture.temperature
            switch run.optimizer {
            case "sgd": options.optimizer = .sgd(momentum: run.momentum ?? 0, nesterov: run.nesterov ?? false)
            case "adam": options.optimizer = .adam()
            default: options.optimizer = .adamW()
            }
            switch run.schedule ?? "constant" {
            case "cosine": options.schedule = .cosine(period: nil, minimum: 0)
            case "step": options.schedule = .step(stepSize: run.step_size!, gamma: run.gamma!)
            default: options.schedule = .constant
            }
            let label = "\(run.optimizer) \(run.schedule ?? "constant")"
            let result = try network.train(on: try fixture.dataset, options: options)
            let losses = try result.history.column(named: "loss").map { $0.numberValue! }
            let rates = try result.history.column(named: "lr").map { $0.numberValue! }
            for (mine, theirs) in zip(losses, run.losses) { XCTAssertEqual(mine, theirs, accuracy: 1e-5, label) }
            for (mine, theirs) in zip(rates, run.rates) { XCTAssertEqual(mine, theirs, accuracy: 1e-12, label) }
            for (name, parameter) in network.namedParameters {
                assertClose(parameter.values, run.weights[name]!.values, tolerance: 2e-5, "\(label): \(name)")
            }
        }
    }

    func testMLPWithTanhAndTemperature() throws {
        let fixture = try TorchFixture.load("mlp_tanh")
        try checkForwardAndGradients(try mlpTanh(), fixture)
        try checkTraining(mlpTanh, fixture)
    }

    func testGELUAndLayerNormWithSquaredError() throws {
        let fixture = try TorchFixture.load("mlp_gelu_layernorm_mse")
        try checkForwardAndGradients(try mlpGELULayerNorm(), fixture)
        try checkTraining(mlpGELULayerNorm, fixture)
    }

    func testConvolutionalNetwork() throws {
        let fixture = try TorchFixture.load("cnn")
        try checkForwardAndGradients(try cnn(), fixture)
        try checkTraining(cnn, fixture)
    }
}
