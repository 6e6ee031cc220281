import Foundation
import WWNeural
import WWNumerics
import XCTest

final class HessianTraceTests: XCTestCase {
    /// A symmetric matrix with seeded normal entries.
    func symmetricMatrix(size: Int, seed: UInt64) -> [[Double]] {
        var random = SeededRandom(seed: seed)
        var a = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for i in 0..<size {
            for j in i..<size {
                let value = random.nextNormal()
                a[i][j] = value
                a[j][i] = value
            }
        }
        return a
    }

    func multiply(_ a: [[Double]], _ v: [Double]) -> [Double] {
        a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    func testDiagonalQuadraticGivesTheExactTraceInEverySample() throws {
        let diagonal = [3.0, -1.5, 0.25, 8, 2]
        let b = [1.0, 2, 3, 4, 5]
        // f = ½ Σ a_i θ_i² + bᵀθ: gradient a ⊙ θ + b, Hessian diag(a), vᵀHv = Σ a_i exactly.
        let gradient: HessianTraceEstimator.Gradient = { theta in zip(zip(diagonal, theta), b).map { $0.0 * $0.1 + $1 } }
        for estimator in [try HessianTraceEstimator(gradient: gradient, gradientRoundoff: Double.ulpOfOne / 2),
                          try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in zip(diagonal, v).map(*) })] {
            var random = SeededRandom(seed: 1)
            let estimate = try estimator.estimate(at: [0.5, -2, 1, 0, 3], samples: 6, random: &random)
            for sample in estimate.samples { XCTAssertEqual(sample, 11.75, accuracy: 1e-8) }
            XCTAssertEqual(estimate.trace, 11.75, accuracy: 1e-8)
            XCTAssertEqual(estimate.standardError ?? .nan, 0, accuracy: 1e-8)
            XCTAssertEqual(estimate.runningMeans.count, 6)
            XCTAssertNil(estimate.runningStandardErrors[0])
        }
    }

    func testGeneralQuadraticConvergesToTheTraceWithTheRightStandardError() throws {
        let size = 12
        let a = symmetricMatrix(size: size, seed: 3)
        let trace = (0..<size).reduce(0) { $0 + a[$1][$1] }
        let estimator = try HessianTraceEstimator(gradient: { self.multiply(a, $0) }, gradientRoundoff: Double.ulpOfOne / 2)
        var random = SeededRandom(seed: 77)
        let samples = 2_000
        let estimate = try estimator.estimate(at: (0..<size).map { Double($0) / 3 }, samples: samples, random: &random)
        // Var(vᵀAv) = 2 Σ_{i≠j} a_ij² for Rademacher v.
        var offDiagonal = 0.0
        for i in 0..<size { for j in 0..<size where i != j { offDiagonal += a[i][j] * a[i][j] } }
        let expectedError = (2 * offDiagonal / Double(samples)).squareRoot()
        let standardError = try XCTUnwrap(estimate.standardError)
        XCTAssertEqual(standardError, expectedError, accuracy: 0.1 * expectedError)
        XCTAssertLessThan(abs(estimate.trace - trace), 4 * standardError, "estimate \(estimate.trace) vs trace \(trace)")
        // The running mean is the mean of the samples so far.
        XCTAssertEqual(estimate.runningMeans[9], estimate.samples.prefix(10).reduce(0, +) / 10, accuracy: 1e-12)
    }

    func testSameSeedSameEstimateAndVectorsFromTheDocumentedBits() throws {
        let a = symmetricMatrix(size: 70, seed: 4)
        let estimator = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in self.multiply(a, v) })
        var first = SeededRandom(seed: 5), second = SeededRandom(seed: 5), other = SeededRandom(seed: 6)
        let parameters = [Double](repeating: 0, count: 70)
        let estimate = try estimator.estimate(at: parameters, samples: 3, random: &first)
        XCTAssertEqual(estimate, try estimator.estimate(at: parameters, samples: 3, random: &second))
        XCTAssertNotEqual(estimate.samples, try estimator.estimate(at: parameters, samples: 3, random: &other).samples)
        // Sample 0 uses outputs 0 and 1 of the stream: bit b of output k signs entry 64 k + b.
        var stream = SeededRandom(seed: 5)
        let words = [stream.next(), stream.next()]
        let v = (0..<70).map { index -> Double in (words[index / 64] >> UInt64(index % 64)) & 1 == 1 ? 1 : -1 }
        let expected = zip(v, multiply(a, v)).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(estimate.samples[0], expected, accuracy: 1e-12)
    }

    /// Binary logistic regression with float32 gradients: the finite-difference products
    /// match the exact Hessian's products sample by sample, and the estimate the exact trace.
    func testLogisticRegressionLossAgainstItsExactHessian() throws {
        var random = SeededRandom(seed: 21)
        let n = 40, d = 6
        let x = (0..<n).map { _ in (0..<d).map { _ in random.nextNormal() } }
        let y = (0..<n).map { _ in random.nextDouble() < 0.5 ? -1.0 : 1.0 }
        let l2 = 0.1
        func sigmoid(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }
        // L(w) = (1/n) Σ log(1 + exp(-y_i w·x_i)) + (λ/2)||w||²
        let floatGradient: ([Float]) throws -> [Float] = { w in
            var g = [Float](repeating: 0, count: d)
            for i in 0..<n {
                let margin = zip(x[i], w).reduce(Float(0)) { $0 + Float($1.0) * $1.1 } * Float(y[i])
                let factor = -Float(y[i]) * Float(1 / (1 + Foundation.exp(Double(margin)))) / Float(n)
                for j in 0..<d { g[j] += factor * Float(x[i][j]) }
            }
            return zip(g, w).map { $0 + Float(l2) * $1 }
        }
        let w: [Float] = [0.3, -0.7, 1.1, 0.2, -0.4, 0.9]
        // H = (1/n) Σ σ(m)(1 - σ(m)) x xᵀ + λ I, with m = w·x.
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<n {
            let s = sigmoid(zip(x[i], w).reduce(0) { $0 + $1.0 * Double($1.1) })
            for j in 0..<d { for k in 0..<d { hessian[j][k] += s * (1 - s) * x[i][j] * x[i][k] / Double(n) } }
        }
        for j in 0..<d { hessian[j][j] += l2 }
        let exactTrace = (0..<d).reduce(0) { $0 + hessian[$1][$1] }

        let finiteDifferences = try HessianTraceEstimator(floatGradient: floatGradient)
        let exact = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in self.multiply(hessian, v) })
        var first = SeededRandom(seed: 8), second = SeededRandom(seed: 8)
        let approximate = try finiteDifferences.estimate(at: w, samples: 400, random: &first)
        let reference = try exact.estimate(at: w.map(Double.init), samples: 400, random: &second)
        XCTAssertNotNil(approximate.step)
        XCTAssertNil(reference.step)
        for (a, b) in zip(approximate.samples, reference.samples) { XCTAssertEqual(a, b, accuracy: 1e-3 * abs(b) + 1e-4) }
        let standardError = try XCTUnwrap(reference.standardError)
        XCTAssertLessThan(abs(reference.trace - exactTrace), 4 * standardError)
        XCTAssertLessThan(abs(approximate.trace - exactTrace), 4 * standardError + 1e-3)
    }

    func testFiniteDifferenceStepIsRelativeToTheParameters() throws {
        let estimator = try HessianTraceEstimator(gradient: { $0 })
        // ε = (2^-24)^(1/3) (1 + ||θ||) / sqrt(p)
        XCTAssertEqual(estimator.relativeStep, Foundation.cbrt(0x1p-24), accuracy: 1e-18)
        XCTAssertEqual(estimator.finiteDifferenceStep(parameters: [3, 4, 0, 0]), estimator.relativeStep * 6 / 2, accuracy: 1e-18)
    }

    func testRecorderEstimatesEveryKIterationsIntoATable() throws {
        let diagonal = [1.0, 2, 3]
        let estimator = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in zip(diagonal, v).map(*) })
        let recorder = try HessianTraceRecorder(estimator: estimator, every: 3, samples: 2, seed: 11)
        for iteration in 0..<10 {
            let estimate = try recorder.observe(iteration: iteration, parameters: [Float](repeating: 0, count: 3))
            XCTAssertEqual(estimate == nil, iteration % 3 != 0)
        }
        XCTAssertEqual(recorder.records.map(\.iteration), [0, 3, 6, 9])
        let table = recorder.table
        XCTAssertEqual(table.columnNames, ["iteration", "trace", "standard_error", "samples"])
        XCTAssertEqual(table.rowCount, 4)
        XCTAssertEqual(try table.column(named: "trace").compactMap(\.numberValue), [6, 6, 6, 6])
        // Record r draws from child stream r whatever the earlier records' sample counts.
        let a = symmetricMatrix(size: 5, seed: 2)
        let general = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in self.multiply(a, v) })
        let few = try HessianTraceRecorder(estimator: general, every: 1, samples: 1, seed: 4)
        let many = try HessianTraceRecorder(estimator: general, every: 1, samples: 1, seed: 4)
        _ = try few.observe(iteration: 0, parameters: [Double](repeating: 0, count: 5))
        _ = try many.observe(iteration: 0, parameters: [Double](repeating: 0, count: 5))
        XCTAssertEqual(try few.observe(iteration: 1, parameters: [Double](repeating: 0, count: 5)),
                       try many.observe(iteration: 1, parameters: [Double](repeating: 0, count: 5)))
    }

    func testBadInputsGiveClearErrors() throws {
        let identity = try HessianTraceEstimator(gradient: { $0 })
        var random = SeededRandom(seed: 1)
        assertEvaluationError("'parameters' is empty") { try identity.estimate(at: [Double](), samples: 1, random: &random) }
        assertEvaluationError("'parameters' contains NaN or infinity at [1]") {
            try identity.estimate(at: [0, Double.nan], samples: 1, random: &random)
        }
        assertEvaluationError("'samples' must be from 1 to 100000, got 0") {
            try identity.estimate(at: [1.0], samples: 0, random: &random)
        }
        let short = try HessianTraceEstimator(gradient: { _ in [1] })
        assertEvaluationError("the gradient function returned 1 values for 2 parameters") {
            try short.estimate(at: [1.0, 2], samples: 1, random: &random)
        }
        let broken = try HessianTraceEstimator(gradient: nil, hessianVectorProduct: { _, v in v.map { _ in Double.nan } })
        assertEvaluationError("the Hessian-vector product function returned nan at index 0") {
            try broken.estimate(at: [1.0], samples: 1, random: &random)
        }
        assertEvaluationError("'gradient' is needed") { try HessianTraceEstimator(gradient: nil) }
        assertEvaluationError("'every' must be at least 1") {
            try HessianTraceRecorder(estimator: identity, every: 0, samples: 1, seed: 0)
        }
    }
}
