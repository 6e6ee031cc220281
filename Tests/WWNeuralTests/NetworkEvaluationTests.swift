import WWData
import WWNumerics
import WWTables
@testable import WWNeural
import XCTest

/// The network-level evaluation: curvature, Hessian tracking during training, per-layer
/// representation metrics, probes and neural collapse.
final class NetworkEvaluationTests: XCTestCase {
    /// For a one-layer linear network under the squared error, the loss is quadratic with
    /// `H v = (2 / (n C)) V XᵀX` (V the direction laid out as the `[C, d]` weight): the central
    /// differences of backpropagated float32 gradients must give the same `vᵀHv` as that exact
    /// product, vector by vector (same seed, same vectors).
    func testHessianTraceMatchesExactProductsOnAQuadraticLoss() throws {
        let (inputs, classes, count) = (5, 3, 40)
        let net = try Network.deepLinear(widths: [inputs, classes], seed: 1)
        let data = try TestData.uniform(count: count, shape: [inputs], classes: classes, seed: 2)
        let x = data.features.doubleValues
        var gram = [Double](repeating: 0, count: inputs * inputs)
        for i in 0..<count { for b in 0..<inputs { for d in 0..<inputs { gram[d * inputs + b] += x[i * inputs + d] * x[i * inputs + b] } } }
        let scale = 2 / Double(count * classes)
        let exact = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in
            (0..<(classes * inputs)).map { index in
                let (a, b) = (index / inputs, index % inputs)
                return scale * (0..<inputs).reduce(0.0) { $0 + v[a * inputs + $1] * gram[$1 * inputs + b] }
            }
        })
        var random = SeededRandom(seed: 7)
        let estimated = try net.hessianTrace(on: data, samples: 20, random: &random, loss: .meanSquaredError)
        random = SeededRandom(seed: 7)
        let reference = try exact.estimate(at: net.parameterVector(), samples: 20, random: &random)
        XCTAssertNotNil(estimated.step)
        for (a, b) in zip(estimated.samples, reference.samples) { XCTAssertEqual(a, b, accuracy: 1e-3 * abs(b)) }
        // The exact trace is 2 tr(XᵀX) / n; twenty vectors land within a few standard errors.
        let trace = 2 * (0..<inputs).reduce(0.0) { $0 + gram[$1 * inputs + $1] } / Double(count)
        XCTAssertEqual(reference.trace, trace, accuracy: 4 * (reference.standardError ?? 0) + 1e-9)
    }

    /// On a ReLU network the finite-difference step is a choice: with the ReLU pattern of θ held
    /// (autograd's Hessian), halving it must not change the estimate beyond float32 noise; with
    /// free ReLUs the kinks crossed would change it several-fold. The weights are left exactly
    /// as they were.
    func testHessianTraceIsStableInTheStepAndLeavesTheWeights() throws {
        let net = try Network.mlp(widths: [10, 16, 4], seed: 3)
        let data = try TestData.gaussianMixture(count: 64, dimensions: 10, classes: 4, seed: 4)
        let before = net.parameterVector()
        var random = SeededRandom(seed: 5)
        let estimate = try net.hessianTrace(on: data, samples: 8, random: &random)
        XCTAssertEqual(net.parameterVector(), before)
        let gradient: HessianTraceEstimator.Gradient = { p in
            try net.lossAndGradient(parameters: p.map(Float.init), batch: data, loss: .crossEntropy, temperature: 1, targets: nil,
                                    pattern: .replay).gradient.map(Double.init)
        }
        let halfStep = try HessianTraceEstimator(gradient: gradient, relativeStep: cbrt(Double(Float.ulpOfOne) / 2) / 2)
        random = SeededRandom(seed: 5)
        let other = try halfStep.estimate(at: before, samples: 8, random: &random)
        for (a, b) in zip(estimate.samples, other.samples) { XCTAssertEqual(a, b, accuracy: 0.02 * max(abs(b), 1)) }
    }

    func testHessianTrackingLeavesTrainingBitIdentical() throws {
        let data = try TestData.gaussianMixture(count: 120, dimensions: 8, classes: 3, seed: 6)
        var options = TrainingOptions()
        options.epochs = 2
        options.batchSize = 20
        options.learningRate = 0.05
        options.cancellation = .never
        let plain = try Network.mlp(widths: [8, 12, 3], dropout: [0.2], seed: 0)
        let tracked = plain.copy()
        let again = plain.copy()
        _ = try plain.train(on: data, options: options)
        options.hessianTracking = HessianTracking(every: 5, samples: 2, batchSize: 32)
        let result = try tracked.train(on: data, options: options)
        let repeated = try again.train(on: data, options: options)
        XCTAssertEqual(plain.parameterVector(), tracked.parameterVector())
        let table = try XCTUnwrap(result.hessian)
        XCTAssertEqual(table.columnNames, ["iteration", "epoch", "trace", "standard_error", "samples"])
        // 12 steps: estimates before steps 0, 5, 10 (none after the last, 12 is not due).
        XCTAssertEqual(try table.column(named: "iteration").map(\.numberValue), [0, 5, 10])
        XCTAssertEqual(try table.column(named: "epoch").map(\.numberValue), [0, 5.0 / 6, 10.0 / 6])
        XCTAssertEqual(try table.column(named: "trace").map(\.numberValue),
                       try XCTUnwrap(repeated.hessian).column(named: "trace").map(\.numberValue))
        XCTAssertNil(try plain.copy().train(on: data, options: TrainingOptions.quiet).hessian)
        options.hessianTracking = HessianTracking(every: 0)
        XCTAssertThrowsError(try plain.train(on: data, options: options)) { error in
            XCTAssertEqual((error as? NeuralError)?.description, "argument 'hessian_every' must be at least 1 iteration, got 0")
        }
    }

    func testLayerMetricsDescribeEachRepresentation() throws {
        let net = try Network.mlp(widths: [6, 8, 8, 3], dropout: [0.5], seed: 1)
        let data = try TestData.uniform(count: 30, shape: [6], classes: 3, seed: 2)
        // Dropout layers repeat their input at evaluation and are left out by default.
        XCTAssertEqual(net.distinctRepresentationLayers, [0, 1, 3, 4, 6])
        let rows = try net.representationMetrics(for: data)
        XCTAssertEqual(rows.map(\.layer), [0, 1, 3, 4, 6])
        XCTAssertEqual(rows.map(\.name), ["layers.0", "layers.1", "layers.3", "layers.4", "layers.6"])
        for row in rows + (try net.representationMetrics(for: data, layers: [-1])) {
            let h = try net.representation(for: data, at: row.layer)
            let values = h.doubleValues, width = h.count / 30
            let rowNorms = (0..<30).map { i in values[(i * width)..<((i + 1) * width)].reduce(0) { $0 + $1 * $1 }.squareRoot() }
            XCTAssertEqual(row.meanSampleNorm, rowNorms.reduce(0, +) / 30, accuracy: 1e-9)
            XCTAssertEqual(row.frobeniusNorm, rowNorms.reduce(0) { $0 + $1 * $1 }.squareRoot(), accuracy: 1e-9)
            XCTAssertEqual(row.numericalRank, try RepresentationRank.numericalRank(h))
            XCTAssertEqual(row.effectiveRank, try RepresentationRank.effectiveRank(h))
        }
        XCTAssertEqual(try net.representationMetrics(for: data, layers: [-1]).first?.typeName, "Input")
    }

    func testProbesAndCollapseReadTheRightLayers() throws {
        let net = try Network.mlp(widths: [6, 8, 3], seed: 1)
        let train = try TestData.gaussianMixture(count: 60, dimensions: 6, classes: 3, seed: 2)
        let test = try TestData.gaussianMixture(count: 30, dimensions: 6, classes: 3, seed: 3)
        let rows = try net.probeLayers(train: train, test: test, shifted: test, layers: [1])
        let direct = try LinearProbe.evaluate(train: ProbeSplit(features: net.representation(for: train, at: 1), labels: train.labels),
                                              test: ProbeSplit(features: net.representation(for: test, at: 1), labels: test.labels))
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].featureCount, 8)
        XCTAssertEqual(rows[0].report.testAccuracy, direct.testAccuracy)
        XCTAssertEqual(rows[0].report.shiftedAccuracy, direct.testAccuracy)

        let linear = try XCTUnwrap(net.layers[2] as? LinearLayer)
        let report = try net.collapseMeasures(on: train)
        let expected = try NeuralCollapse.measure(features: net.representation(for: train, at: 1), labels: train.labels,
                                                  classifier: linear.weight.tensor,
                                                  classifierBias: linear.bias?.values.map(Double.init),
                                                  predictions: net.predictions(for: train))
        XCTAssertEqual(report, expected)
    }
}

private extension TrainingOptions {
    static var quiet: TrainingOptions {
        var options = TrainingOptions()
        options.cancellation = .never
        return options
    }
}
