import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// Finite-difference checks of every layer's backward pass and of both losses. Central
/// differences with a step of 1e-3 on float32 parameters (losses summed in double) agree with a
/// correct gradient to about 1e-4 for these tiny networks; a wrong gradient misses by O(1).
final class GradientCheckTests: XCTestCase {
    static let step: Float = 1e-3

    private func check(_ network: Network, _ batch: Dataset, loss: Loss = .crossEntropy, temperature: Double = 1,
                       targets: Tensor? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let theta = network.parameterVector()
        let (_, gradient) = try network.lossAndGradient(batch: batch, loss: loss, temperature: temperature, targets: targets)
        XCTAssertEqual(network.parameterVector(), theta, "lossAndGradient must leave the weights alone", file: file, line: line)
        var worst: Float = 0, worstIndex = 0
        for i in theta.indices {
            var plus = theta, minus = theta
            plus[i] += Self.step
            minus[i] -= Self.step
            let up = try network.lossAndGradient(parameters: plus, batch: batch, loss: loss, temperature: temperature, targets: targets).loss
            let down = try network.lossAndGradient(parameters: minus, batch: batch, loss: loss, temperature: temperature, targets: targets).loss
            let numeric = Float((up - down) / Double(2 * Self.step))
            let error = abs(numeric - gradient[i]) / (1e-2 + abs(numeric))
            if error > worst { (worst, worstIndex) = (error, i) }
        }
        let slice = network.parameterLayout.last { $0.offset <= worstIndex }!
        XCTAssertLessThan(worst, 2e-2, "worst at \(slice.name)[\(worstIndex - slice.offset)]", file: file, line: line)
        XCTAssertEqual(network.parameterVector(), theta, file: file, line: line)
        XCTAssertTrue(gradient.contains { $0 != 0 }, file: file, line: line)
    }

    private func network(_ input: [Int], _ layers: [Layer], seed: UInt64 = 1) throws -> Network {
        let network = try Network(name: "test", inputShape: input, layers: layers)
        network.initialize(.pytorch, scale: 1.5, seed: seed)
        return network
    }

    func testLinearAndTanhWithTemperature() throws {
        let net = try network([5], [LinearLayer(inputFeatures: 5, outputFeatures: 6), ActivationLayer(.tanh),
                                    LinearLayer(inputFeatures: 6, outputFeatures: 3)])
        try check(net, try TestData.uniform(count: 7, shape: [5], classes: 3, seed: 2), temperature: 2.5)
    }

    func testReLUAndMeanSquaredError() throws {
        let net = try network([5], [LinearLayer(inputFeatures: 5, outputFeatures: 6), ActivationLayer(.relu),
                                    LinearLayer(inputFeatures: 6, outputFeatures: 3)])
        try check(net, try TestData.uniform(count: 7, shape: [5], classes: 3, seed: 3), loss: .meanSquaredError)
    }

    func testGELUAndLayerNormInsideAndOnOutput() throws {
        let net = try network([4], [LinearLayer(inputFeatures: 4, outputFeatures: 6), LayerNormLayer(shape: [6]),
                                    ActivationLayer(.gelu), LinearLayer(inputFeatures: 6, outputFeatures: 3),
                                    LayerNormLayer(shape: [3])])
        // Non-trivial affine parameters, so their gradients are checked away from 1 and 0.
        for (name, parameter) in net.namedParameters where name.hasPrefix("layers.1") || name.hasPrefix("layers.4") {
            parameter.values = parameter.values.enumerated().map { Float(1 + 0.1 * Double($0.offset)) * $0.element + 0.05 }
        }
        try check(net, try TestData.uniform(count: 5, shape: [4], classes: 3, seed: 4))
    }

    func testMeanSquaredErrorAgainstTargetsOnADeepLinearNetwork() throws {
        let net = try Network.deepLinear(widths: [4, 5, 5, 3], seed: 5)
        let batch = try TestData.uniform(count: 6, shape: [4], classes: 3, seed: 6)
        let targets = try Tensor(shape: [6, 3], values: (0..<18).map { Float($0 % 5) * 0.3 - 0.5 })
        try check(net, batch, loss: .meanSquaredError, temperature: 0.5, targets: targets)
    }

    func testConvolutionsWithStrideAndPadding() throws {
        let net = try network([2, 5, 5], [
            try Conv2dLayer(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1), ActivationLayer(.tanh),
            try Conv2dLayer(inputChannels: 3, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1), ActivationLayer(.tanh),
            FlattenLayer(), LinearLayer(inputFeatures: 2 * 3 * 3, outputFeatures: 3),
        ])
        try check(net, try TestData.uniform(count: 4, shape: [2, 5, 5], classes: 3, seed: 7))
    }

    func testConvolutionGroupsOfManySamples() throws {
        // 3×3 outputs: a group holds many samples (see Conv2dLayer.targetGroupColumns), so the
        // regrouping of outputs and gradients is exercised too.
        let net = try network([1, 3, 3], [
            try Conv2dLayer(inputChannels: 1, outputChannels: 2, kernelSize: 2, padding: 1), ActivationLayer(.tanh),
            try Conv2dLayer(inputChannels: 2, outputChannels: 2, kernelSize: 2), FlattenLayer(),
            LinearLayer(inputFeatures: 2 * 3 * 3, outputFeatures: 2),
        ])
        try check(net, try TestData.uniform(count: 9, shape: [1, 3, 3], classes: 2, seed: 8))
    }

    func testMaxPoolAndReLU() throws {
        let net = try network([1, 6, 6], [
            try Conv2dLayer(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1), ActivationLayer(.relu),
            try MaxPoolLayer(kernelSize: 2), try Conv2dLayer(inputChannels: 2, outputChannels: 2, kernelSize: 1),
            try MaxPoolLayer(kernelSize: 3, stride: 1), FlattenLayer(), LinearLayer(inputFeatures: 2, outputFeatures: 3),
        ])
        try check(net, try TestData.uniform(count: 5, shape: [1, 6, 6], classes: 3, seed: 9))
    }

    func testDropoutWithAFixedMask() throws {
        let net = try network([4], [LinearLayer(inputFeatures: 4, outputFeatures: 8), try DropoutLayer(probability: 0.5),
                                    ActivationLayer(.tanh), LinearLayer(inputFeatures: 8, outputFeatures: 3)])
        let batch = try TestData.uniform(count: 5, shape: [4], classes: 3, seed: 10)
        // Same stream each time: the same mask, so the loss is a smooth function of the weights.
        func lossAndGradient(_ theta: [Float]) throws -> (Double, [Float]) {
            try net.setParameterVector(theta)
            batch.features.floatValues.withUnsafeBufferPointer { net.input.copy(from: $0.baseAddress!, count: $0.count) }
            let logits = net.forward(batchSize: 5, mode: .training(random: SeededRandom(seed: 11)))
            let gradient = FloatBuffer(count: 15)
            let loss = batch.labels.withUnsafeBufferPointer {
                Loss.crossEntropy.evaluate(logits: logits.pointer, batchSize: 5, outputs: 3, labels: $0.baseAddress!,
                                           targets: nil, temperature: 1, gradient: gradient.pointer)
            }
            net.backward(gradient, batchSize: 5)
            return (loss, net.namedParameters.flatMap(\.parameter.gradient))
        }
        let theta = net.parameterVector()
        let (_, gradient) = try lossAndGradient(theta)
        for i in theta.indices {
            var plus = theta, minus = theta
            plus[i] += Self.step
            minus[i] -= Self.step
            let numeric = Float((try lossAndGradient(plus).0 - lossAndGradient(minus).0) / Double(2 * Self.step))
            XCTAssertEqual(numeric, gradient[i], accuracy: 2e-2 * (1e-2 + abs(numeric)), "parameter \(i)")
        }
        // The mask really drops about half the units, and scales the others by 2.
        var zeros = 0, scaled = 0
        _ = net.forward(batchSize: 5, mode: .training(random: SeededRandom(seed: 11)), through: 1) { index, output in
            guard index == 1 else { return }
            let kept = output.array
            zeros = kept.filter { $0 == 0 }.count
            scaled = kept.count - zeros
        }
        XCTAssertGreaterThan(zeros, 8)
        XCTAssertGreaterThan(scaled, 8)
    }

    func testLossValuesByHand() throws {
        let logits: [Float] = [1, 2, 0.5, -1, 0, 3]
        let labels = [1, 2]
        let ce = logits.withUnsafeBufferPointer { z in labels.withUnsafeBufferPointer { y in
            Loss.crossEntropy.evaluate(logits: z.baseAddress!, batchSize: 2, outputs: 3, labels: y.baseAddress!,
                                       targets: nil, temperature: 2, gradient: nil)
        } }
        func logSumExp(_ v: [Double]) -> Double { log(v.map { exp($0) }.reduce(0, +)) }
        let first: Double = logSumExp([0.5, 1, 0.25]) - 1
        let second: Double = logSumExp([-0.5, 0, 1.5]) - 1.5
        let expected = (first + second) / 2
        XCTAssertEqual(ce, expected, accuracy: 1e-6)
        let mse = logits.withUnsafeBufferPointer { z in labels.withUnsafeBufferPointer { y in
            Loss.meanSquaredError.evaluate(logits: z.baseAddress!, batchSize: 2, outputs: 3, labels: y.baseAddress!,
                                           targets: nil, temperature: 1, gradient: nil)
        } }
        let squares: Double = 1 + 1 + 0.25 + 1 + 0 + 4
        XCTAssertEqual(mse, squares / 6, accuracy: 1e-6)
    }
}
