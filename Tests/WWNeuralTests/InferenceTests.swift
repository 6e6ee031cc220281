import WWData
import WWNumerics
@testable import WWNeural
import XCTest

final class InferenceTests: XCTestCase {
    func testPredictionsProbabilitiesAndLogitsAgree() throws {
        // More samples than one inference chunk, so chunking is exercised.
        let data = try TestData.uniform(count: NeuralLimits.inferenceBatchSize + 37, shape: [6], classes: 4, seed: 1)
        let net = try Network.mlp(widths: [6, 10, 4], dropout: [0.5], seed: 2)
        let logits = try net.logits(for: data)
        XCTAssertEqual(logits.shape, [data.count, 4])
        XCTAssertEqual(try net.logits(for: data), logits, "evaluation mode: no dropout, so repeatable")
        let probabilities = try net.probabilities(for: data, temperature: 2).floatValues
        let z = logits.floatValues
        let predictions = try net.predictions(for: data)
        for row in [0, 100, data.count - 1] {
            let p = Array(probabilities[(row * 4)..<(row * 4 + 4)])
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-6)
            let r = Array(z[(row * 4)..<(row * 4 + 4)])
            XCTAssertEqual(Double(p[0] / p[1]), exp(Double(r[0] - r[1]) / 2), accuracy: 1e-4)
            XCTAssertEqual(predictions[row], r.indices.max { r[$0] < r[$1] })
        }
        let accuracy = try net.accuracy(on: data)
        XCTAssertEqual(accuracy, Double(zip(predictions, data.labels).filter { $0 == $1 }.count) / Double(data.count))
    }

    func testRepresentationsAreTheLayerOutputs() throws {
        let data = try TestData.uniform(count: 9, shape: [1, 4, 4], classes: 2, seed: 3)
        var configuration = ConvolutionalConfiguration()
        configuration.inputShape = [1, 4, 4]
        configuration.channels = [3]
        configuration.hidden = [5]
        configuration.classes = 2
        let net = try Network.cnn(configuration)
        let all = try net.representations(for: data, at: [-1, 4, 5, 7, 8])
        XCTAssertEqual(all.map(\.shape), [[9, 1, 4, 4], [9, 3, 2, 2], [9, 12], [9, 5], [9, 2]])
        XCTAssertEqual(all[0].floatValues, data.features.floatValues)
        XCTAssertEqual(all[1].floatValues, all[2].floatValues, "Flatten keeps channel-row-column order")
        XCTAssertEqual(all[4], try net.logits(for: data))
        XCTAssertTrue(all[3].floatValues.allSatisfy { $0 >= 0 }, "after ReLU")
        XCTAssertThrowsError(try net.representation(for: data, at: 9)) { XCTAssertTrue("\($0)".contains("between -1 (the input) and 8")) }
    }

    func testLossAndGradientRestoresTheWeightsAndMatchesTraining() throws {
        let data = try TestData.uniform(count: 12, shape: [3], classes: 2, seed: 4)
        let net = try Network.mlp(widths: [3, 5, 2], seed: 1)
        let theta = net.parameterVector()
        let shifted = theta.map { $0 + 0.01 }
        let atShift = try net.lossAndGradient(parameters: shifted, batch: data)
        XCTAssertEqual(net.parameterVector(), theta)
        try net.setParameterVector(shifted)
        let direct = try net.lossAndGradient(batch: data)
        XCTAssertEqual(direct.loss, atShift.loss)
        XCTAssertEqual(direct.gradient, atShift.gradient)
        // One full-batch SGD step moves the weights by -lr * gradient.
        var options = TrainingOptions()
        options.batchSize = 12
        options.learningRate = 0.5
        options.shuffle = false
        options.cancellation = .never
        _ = try net.train(on: data, options: options)
        for (after, (before, g)) in zip(net.parameterVector(), zip(shifted, direct.gradient)) {
            XCTAssertEqual(after, before - 0.5 * g, accuracy: 1e-6)
        }
    }
}
