import WWNeural
import WWNumerics
import XCTest

struct CollapseFixture: Decodable {
    struct Expected: Decodable {
        var nc1: Double
        var within_trace: Double
        var between_trace: Double
        var between_rank: Int
        var norm_variation: Double
        var cosine_std: Double
        var mean_cosine: Double
        var coherence: Double
        var etf_distance: Double
        var ncc_accuracy: Double
        var nc3: Double
        var nc4_from_classifier: Double
        var nc4_from_predictions: Double
    }
    struct Case: Decodable {
        var name: String
        var features: [[Double]]
        var labels: [Int]
        var classifier: [[Double]]
        var bias: [Double]
        var predictions: [Int]
        var expected: Expected
    }
    var cases: [Case]
}

final class CollapseMeasuresTests: XCTestCase {
    func testMeasuresMatchTheNumPyReference() throws {
        let fixture = try EvaluationFixtures.load("collapse.json", as: CollapseFixture.self)
        for testCase in fixture.cases {
            let features = try EvaluationFixtures.matrix(testCase.features)
            let classifier = try EvaluationFixtures.matrix(testCase.classifier)
            let expected = testCase.expected
            let fromClassifier = try NeuralCollapse.measure(features: features, labels: testCase.labels, classifier: classifier,
                                                            classifierBias: testCase.bias)
            let name = testCase.name
            assertEvaluationClose(fromClassifier.nc1, expected.nc1, relative: 1e-10, "\(name) NC1")
            assertEvaluationClose(fromClassifier.withinClassTrace, expected.within_trace, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.betweenClassTrace, expected.between_trace, relative: 1e-12, name)
            XCTAssertEqual(fromClassifier.betweenClassRank, expected.between_rank, name)
            assertEvaluationClose(fromClassifier.normVariation, expected.norm_variation, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.cosineStandardDeviation, expected.cosine_std, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.meanCosine, expected.mean_cosine, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.coherence, expected.coherence, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.etfDistance, expected.etf_distance, relative: 1e-12, name)
            assertEvaluationClose(fromClassifier.selfDualityDistance ?? .nan, expected.nc3, relative: 1e-12, name)
            XCTAssertEqual(fromClassifier.nearestCentreMismatch, expected.nc4_from_classifier, name)
            XCTAssertEqual(fromClassifier.nearestCentreAccuracy, expected.ncc_accuracy, name)
            let fromPredictions = try NeuralCollapse.measure(features: features, labels: testCase.labels,
                                                             predictions: testCase.predictions)
            XCTAssertEqual(fromPredictions.nearestCentreMismatch, expected.nc4_from_predictions, name)
            XCTAssertNil(fromPredictions.selfDualityDistance)
        }
    }

    /// Features at the vertices of a simplex ETF, a classifier equal to the class means and
    /// predictions from it: every measure is (numerically) zero. Adding within-class noise
    /// and skewing the means makes every measure clearly positive.
    func testCollapsedFeaturesGiveZeroAndNoisyOnesDoNot() throws {
        let classes = 4, dimension = 6, perClass = 10
        var random = SeededRandom(seed: 42)
        // Simplex ETF: e_c - 1/C, embedded in a random rotation-free basis of R^6.
        let vertices = (0..<classes).map { c in (0..<dimension).map { j in j < classes ? (j == c ? 1 : 0) - 1 / Double(classes) : 0 } }
        let labels = (0..<classes).flatMap { [Int](repeating: $0, count: perClass) }
        let collapsed = try Tensor(rows: labels.map { vertices[$0].map { 3 * $0 } })
        let classifier = try Tensor(rows: vertices)
        let report = try NeuralCollapse.measure(features: collapsed, labels: labels, classifier: classifier)
        XCTAssertEqual(report.nc1, 0, accuracy: 1e-20)
        XCTAssertEqual(report.normVariation, 0, accuracy: 1e-14)
        XCTAssertEqual(report.cosineStandardDeviation, 0, accuracy: 1e-14)
        XCTAssertEqual(report.meanCosine, -1 / Double(classes - 1), accuracy: 1e-14)
        XCTAssertEqual(report.coherence, 0, accuracy: 1e-14)
        XCTAssertEqual(report.etfDistance, 0, accuracy: 1e-14)
        XCTAssertEqual(report.selfDualityDistance ?? 1, 0, accuracy: 1e-14)
        XCTAssertEqual(report.nearestCentreMismatch, 0)
        XCTAssertEqual(report.betweenClassRank, classes - 1)

        let skew = [1.0, 1.6, 0.7, 1.2]
        let noisy = try Tensor(rows: labels.map { label in
            vertices[label].map { 3 * skew[label] * $0 + random.nextNormal() }
        })
        let noisyReport = try NeuralCollapse.measure(features: noisy, labels: labels, classifier: classifier)
        XCTAssertGreaterThan(noisyReport.nc1, 0.1)
        XCTAssertGreaterThan(noisyReport.normVariation, 0.1)
        XCTAssertGreaterThan(noisyReport.cosineStandardDeviation, 0.01)
        XCTAssertGreaterThan(noisyReport.etfDistance, 0.05)
        XCTAssertGreaterThan(noisyReport.selfDualityDistance ?? 0, 0.05)
    }

    func testBadInputsGiveClearErrors() throws {
        let features = try Tensor(rows: [[1, 0], [0, 1], [1, 1]])
        assertEvaluationError("neural collapse needs at least 2 classes, got 1") {
            try NeuralCollapse.measure(features: features, labels: [0, 0, 0])
        }
        assertEvaluationError("no sample of class 1") { try NeuralCollapse.measure(features: features, labels: [0, 2, 2]) }
        assertEvaluationError("'labels' has 2 entries but 3 are needed") {
            try NeuralCollapse.measure(features: features, labels: [0, 1])
        }
        assertEvaluationError("label -1 at index 2") { try NeuralCollapse.measure(features: features, labels: [0, 1, -1]) }
        assertEvaluationError("'features' contains NaN or infinity at [1, 0]") {
            try NeuralCollapse.measure(features: try Tensor(rows: [[1, 0], [.nan, 1]]), labels: [0, 1])
        }
        assertEvaluationError("identical class means") {
            try NeuralCollapse.measure(features: try Tensor(rows: [[1, 2], [1, 2], [1, 2]]), labels: [0, 1, 1])
        }
        assertEvaluationError("'classifier' must be a [classes, features] = [2, 2] matrix") {
            try NeuralCollapse.measure(features: features, labels: [0, 1, 1], classifier: try Tensor(rows: [[1, 2, 3]]))
        }
        assertEvaluationError("'classifier' is all zeros") {
            try NeuralCollapse.measure(features: features, labels: [0, 1, 1], classifier: try Tensor.zeros(shape: [2, 2]))
        }
        assertEvaluationError("'predictions' has label 5 at index 0") {
            try NeuralCollapse.measure(features: features, labels: [0, 1, 1], predictions: [5, 0, 0])
        }
        assertEvaluationError("'features' is empty") {
            try NeuralCollapse.measure(features: try Tensor.zeros(shape: [0, 2]), labels: [])
        }
    }
}
