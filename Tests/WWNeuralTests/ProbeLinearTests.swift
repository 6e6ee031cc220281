import WWNeural
import WWNumerics
import XCTest

struct ProbeFixture: Decodable {
    struct Data: Decodable {
        var train_x: [[Double]]
        var train_y: [Int]
        var test_x: [[Double]]
        var test_y: [Int]
        var shifted_x: [[Double]]
        var shifted_y: [Int]
    }
    struct Case: Decodable {
        var name: String
        var l2: Double
        var standardize: Bool
        var coefficients: [[Double]]
        var intercepts: [Double]
        var optimum_coefficients: [[Double]]
        var optimum_intercepts: [Double]
        var train_accuracy: Double
        var test_accuracy: Double
        var shifted_accuracy: Double
    }
    var data: Data
    var cases: [Case]
}

final class ProbeLinearTests: XCTestCase {
    /// Coefficients may differ from scikit-learn's by 1e-5 of the largest coefficient: on the
    /// ill-conditioned "raw" case SciPy's L-BFGS-B itself stops 3e-6 (relative 8e-7) from the
    /// optimum. Against the exact optimum (Newton-polished in the fixture script) the probe
    /// must be within 1e-6. Accuracies must be equal.
    static let scikitLearnTolerance = 1e-5
    static let optimumTolerance = 1e-6

    func testProbeMatchesScikitLearn() throws {
        let fixture = try EvaluationFixtures.load("probe.json", as: ProbeFixture.self)
        let data = fixture.data
        let train = ProbeSplit(features: try EvaluationFixtures.matrix(data.train_x), labels: data.train_y)
        let test = ProbeSplit(features: try EvaluationFixtures.matrix(data.test_x), labels: data.test_y)
        let shifted = ProbeSplit(features: try EvaluationFixtures.matrix(data.shifted_x), labels: data.shifted_y)
        for reference in fixture.cases {
            let options = LinearProbeOptions(l2: reference.l2, standardizes: reference.standardize, gradientTolerance: 1e-10)
            let report = try LinearProbe.evaluate(train: train, test: test, shifted: shifted, options: options)
            XCTAssertTrue(report.converged, reference.name)
            XCTAssertEqual(report.trainAccuracy, reference.train_accuracy, reference.name)
            XCTAssertEqual(report.testAccuracy, reference.test_accuracy, reference.name)
            XCTAssertEqual(report.shiftedAccuracy, reference.shifted_accuracy, reference.name)
            let scale = reference.coefficients.flatMap { $0 }.map(abs).max() ?? 1
            let actual = report.model.weights.doubleValues + report.model.bias
            let references = [("scikit-learn", reference.coefficients.flatMap { $0 } + reference.intercepts, Self.scikitLearnTolerance),
                              ("optimum", reference.optimum_coefficients.flatMap { $0 } + reference.optimum_intercepts,
                               Self.optimumTolerance)]
            for (source, expected, tolerance) in references {
                XCTAssertEqual(actual.count, expected.count)
                for (index, (value, target)) in zip(actual, expected).enumerated() {
                    XCTAssertEqual(value, target, accuracy: tolerance * scale, "\(reference.name) vs \(source), parameter \(index)")
                }
            }
        }
    }

    func testProbeIsDeterministicAndSeparatesSeparableClasses() throws {
        var random = SeededRandom(seed: 9)
        let labels = (0..<60).map { $0 % 3 }
        let features = try Tensor(rows: labels.map { label in (0..<4).map { $0 == label ? 5 + random.nextNormal() : random.nextNormal() } })
        let split = ProbeSplit(features: features, labels: labels)
        let first = try LinearProbe.evaluate(train: split, test: split)
        let second = try LinearProbe.evaluate(train: split, test: split)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.trainAccuracy, 1)
        XCTAssertNil(first.shiftedAccuracy)
        XCTAssertEqual(first.model.bias.reduce(0, +), 0, accuracy: 1e-12)
        // A constant feature is centred, not divided by a zero deviation.
        let constant = try Tensor(rows: labels.map { [Double($0), 7] })
        let report = try LinearProbe.evaluate(train: ProbeSplit(features: constant, labels: labels),
                                              test: ProbeSplit(features: constant, labels: labels))
        XCTAssertEqual(report.model.featureScale?[1], 1)
        XCTAssertEqual(report.trainAccuracy, 1)
    }

    func testIterationCapIsReportedAsNotConverged() throws {
        let features = try Tensor(rows: [[0, 1], [1, 0], [2, 2], [3, 1]])
        let split = ProbeSplit(features: features, labels: [0, 1, 0, 1])
        let report = try LinearProbe.evaluate(train: split, test: split, options: LinearProbeOptions(maxIterations: 1))
        XCTAssertFalse(report.converged)
        XCTAssertEqual(report.iterations, 1)
    }

    func testBadInputsGiveClearErrors() throws {
        let features = try Tensor(rows: [[0, 1], [1, 0], [2, 2]])
        let good = ProbeSplit(features: features, labels: [0, 1, 0])
        assertEvaluationError("a linear probe needs at least 2 classes") {
            try LinearProbe.evaluate(train: ProbeSplit(features: features, labels: [0, 0, 0]), test: good)
        }
        assertEvaluationError("'train labels' has no sample of class 1") {
            try LinearProbe.evaluate(train: ProbeSplit(features: features, labels: [0, 2, 0]), test: good)
        }
        assertEvaluationError("'test labels' has label 4 at index 0") {
            try LinearProbe.evaluate(train: good, test: ProbeSplit(features: features, labels: [4, 0, 0]))
        }
        assertEvaluationError("'shifted features' has 3 entries but 2 are needed") {
            try LinearProbe.evaluate(train: good, test: good,
                                     shifted: ProbeSplit(features: try Tensor(rows: [[1, 2, 3]]), labels: [0]))
        }
        assertEvaluationError("'train features' contains NaN") {
            try LinearProbe.evaluate(train: ProbeSplit(features: try Tensor(rows: [[.nan, 1], [1, 0]]), labels: [0, 1]), test: good)
        }
        assertEvaluationError("'train labels' has 2 entries but 3 are needed") {
            try LinearProbe.evaluate(train: ProbeSplit(features: features, labels: [0, 1]), test: good)
        }
        assertEvaluationError("'l2' must be a finite number >= 0") {
            try LinearProbe.evaluate(train: good, test: good, options: LinearProbeOptions(l2: -1))
        }
        assertEvaluationError("'test features' is empty") {
            try LinearProbe.evaluate(train: good, test: ProbeSplit(features: try Tensor.zeros(shape: [0, 2]), labels: []))
        }
    }
}
