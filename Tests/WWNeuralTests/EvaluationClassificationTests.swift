import WWNeural
import WWNumerics
import XCTest

/// The calibration fixture: logits, labels and the references for each temperature.
struct CalibrationFixture: Decodable {
    struct Bin: Decodable {
        var count: Int
        var confidence: Double?
        var accuracy: Double?
    }
    struct Temperature: Decodable {
        var temperature: Double
        var nll: Double
        var accuracy: Double
        var ece: Double
        var mce: Double
        var bins: [Bin]
        var confidence_on_edge: Bool
        var probabilities_head: [[Double]]
        var torchmetrics_ece: Double?
    }
    struct Case: Decodable {
        var name: String
        var logits: [[Double]]
        var labels: [Int]
        var bins: Int
        var temperatures: [Temperature]
        var confusion: [[Int]]
        var logit_mean_row_norm: Double
        var logit_frobenius: Double
    }
    var cases: [Case]
}

final class EvaluationClassificationTests: XCTestCase {
    func testNLLAccuracyAndProbabilitiesMatchPyTorch() throws {
        let fixture = try EvaluationFixtures.load("calibration.json", as: CalibrationFixture.self)
        for testCase in fixture.cases {
            let logits = try EvaluationFixtures.matrix(testCase.logits)
            for reference in testCase.temperatures {
                let t = reference.temperature
                assertEvaluationClose(try Evaluation.negativeLogLikelihood(logits: logits, labels: testCase.labels, temperature: t),
                                      reference.nll, relative: 1e-12, "\(testCase.name) NLL at T=\(t)")
                XCTAssertEqual(try Evaluation.accuracy(scores: logits, labels: testCase.labels), reference.accuracy)
                let probabilities = try Evaluation.probabilities(logits: logits, temperature: t).doubleValues
                let columns = testCase.logits[0].count
                for (row, expectedRow) in reference.probabilities_head.enumerated() {
                    for (column, expected) in expectedRow.enumerated() {
                        assertEvaluationClose(probabilities[row * columns + column], expected, relative: 1e-12, absolute: 1e-300)
                    }
                }
            }
        }
    }

    func testConfusionMatrixAndLogitNormsMatchReferences() throws {
        let fixture = try EvaluationFixtures.load("calibration.json", as: CalibrationFixture.self)
        for testCase in fixture.cases {
            let logits = try EvaluationFixtures.matrix(testCase.logits)
            let predictions = try Evaluation.predictions(scores: logits)
            XCTAssertEqual(try Evaluation.confusionMatrix(predictions: predictions, labels: testCase.labels,
                                                          classCount: testCase.logits[0].count), testCase.confusion)
            let norms = try Evaluation.logitNorms(logits)
            assertEvaluationClose(norms.meanRowNorm, testCase.logit_mean_row_norm, relative: 1e-13)
            assertEvaluationClose(norms.frobeniusNorm, testCase.logit_frobenius, relative: 1e-13)
        }
    }

    func testLogSoftmaxIsStableForHugeLogits() throws {
        let logits = try Tensor(rows: [[1e300, 0, -1e300], [1000, 1001, 999]])
        let logProbabilities = try Evaluation.logProbabilities(logits: logits).doubleValues
        XCTAssertEqual(logProbabilities[0], 0)
        XCTAssertEqual(logProbabilities[1], -1e300)
        assertEvaluationClose(logProbabilities[4], -Foundation.log(1 + Foundation.exp(-1) + Foundation.exp(-2)), relative: 1e-14)
        XCTAssertEqual(try Evaluation.negativeLogLikelihood(logits: logits, labels: [0, 1]),
                       Foundation.log(1 + Foundation.exp(-1) + Foundation.exp(-2)) / 2, accuracy: 1e-15)
    }

    func testFloat32LogitsAreWidenedExactly() throws {
        let values: [Float] = [0.1, 2.5, -1.25, 3, 0.75, 0.5]
        let single = try Tensor(shape: [2, 3], values: values)
        let double = try Tensor(shape: [2, 3], values: values.map(Double.init))
        XCTAssertEqual(try Evaluation.negativeLogLikelihood(logits: single, labels: [1, 0], temperature: 2),
                       try Evaluation.negativeLogLikelihood(logits: double, labels: [1, 0], temperature: 2))
        XCTAssertEqual(try Evaluation.probabilities(logits: single).elementType, .float64)
    }

    func testHigherTemperatureFlattensProbabilities() throws {
        let logits = try Tensor(rows: [[3, 1, 0]])
        let sharp = try Evaluation.probabilities(logits: logits, temperature: 0.5).doubleValues
        let soft = try Evaluation.probabilities(logits: logits, temperature: 10).doubleValues
        XCTAssertGreaterThan(sharp[0], soft[0])
        XCTAssertEqual(sharp.reduce(0, +), 1, accuracy: 1e-15)
        XCTAssertEqual(soft.reduce(0, +), 1, accuracy: 1e-15)
    }

    func testConfusionMatrixRowsAreTrueClasses() throws {
        let counts = try Evaluation.confusionMatrix(predictions: [0, 1, 1, 2, 0], labels: [0, 0, 1, 2, 2])
        XCTAssertEqual(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
        XCTAssertEqual(try Evaluation.confusionMatrix(predictions: [0], labels: [0], classCount: 3),
                       [[1, 0, 0], [0, 0, 0], [0, 0, 0]])
    }

    func testBadInputsGiveClearErrors() throws {
        let logits = try Tensor(rows: [[1, 2], [3, 4]])
        let withNaN = try Tensor(rows: [[1, 2], [.nan, 4]])
        assertEvaluationError("'logits' contains NaN or infinity at [1, 0]") {
            try Evaluation.negativeLogLikelihood(logits: withNaN, labels: [0, 1])
        }
        assertEvaluationError("'labels' has 3 entries but 2 are needed") {
            try Evaluation.negativeLogLikelihood(logits: logits, labels: [0, 1, 1])
        }
        assertEvaluationError("label 2 at index 1, outside 0..1") {
            try Evaluation.negativeLogLikelihood(logits: logits, labels: [0, 2])
        }
        assertEvaluationError("label -1 at index 0") { try Evaluation.accuracy(scores: logits, labels: [-1, 0]) }
        assertEvaluationError("'logits' is empty") {
            try Evaluation.negativeLogLikelihood(logits: try Tensor.zeros(shape: [0, 3]), labels: [])
        }
        assertEvaluationError("must be a matrix") {
            try Evaluation.negativeLogLikelihood(logits: Tensor([1.0, 2.0]), labels: [0, 1])
        }
        assertEvaluationError("'temperature' must be a positive finite number, got 0.0") {
            try Evaluation.negativeLogLikelihood(logits: logits, labels: [0, 1], temperature: 0)
        }
        assertEvaluationError("overflows logit") {
            try Evaluation.probabilities(logits: try Tensor(rows: [[1e300, 0]]), temperature: 1e-10)
        }
        assertEvaluationError("'predictions' is empty") { try Evaluation.accuracy(predictions: [], labels: []) }
        assertEvaluationError("'labels' has 1 entries but 2 are needed") {
            try Evaluation.confusionMatrix(predictions: [0, 1], labels: [0])
        }
        assertEvaluationError("label 3 at index 0, outside 0..1") {
            try Evaluation.confusionMatrix(predictions: [0, 1], labels: [3, 0], classCount: 2)
        }
        assertEvaluationError("implies more than the 100000 classes") {
            try Evaluation.confusionMatrix(predictions: [0], labels: [1_000_000_000])
        }
    }
}
