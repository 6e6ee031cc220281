import WWNeural
import WWNumerics
import WWTables
import XCTest

final class CalibrationTests: XCTestCase {
    func testECEAndBinsMatchTheNumPyReference() throws {
        let fixture = try EvaluationFixtures.load("calibration.json", as: CalibrationFixture.self)
        for testCase in fixture.cases {
            let logits = try EvaluationFixtures.matrix(testCase.logits)
            for reference in testCase.temperatures {
                let report = try Calibration.report(logits: logits, labels: testCase.labels,
                                                    temperature: reference.temperature, binCount: testCase.bins)
                let label = "\(testCase.name) T=\(reference.temperature)"
                assertEvaluationClose(report.expectedCalibrationError, reference.ece, relative: 1e-12, label)
                assertEvaluationClose(report.maximumCalibrationError, reference.mce, relative: 1e-12, label)
                XCTAssertEqual(report.bins.map(\.count), reference.bins.map(\.count), label)
                for (bin, expected) in zip(report.bins, reference.bins) {
                    XCTAssertEqual(bin.meanConfidence == nil, expected.confidence == nil)
                    if let actual = bin.meanConfidence, let confidence = expected.confidence {
                        assertEvaluationClose(actual, confidence, relative: 1e-12, label)
                    }
                    XCTAssertEqual(bin.accuracy, expected.accuracy, label)
                }
            }
        }
    }

    /// torchmetrics bins left-closed and works in float32: it agrees with the right-closed
    /// float64 bins to float32 precision whenever no confidence is on an edge.
    func testECEAgreesWithTorchmetricsAwayFromBinEdges() throws {
        let fixture = try EvaluationFixtures.load("calibration.json", as: CalibrationFixture.self)
        var compared = 0
        for testCase in fixture.cases {
            let logits = try EvaluationFixtures.matrix(testCase.logits)
            for reference in testCase.temperatures where !reference.confidence_on_edge {
                guard let torchmetrics = reference.torchmetrics_ece else { continue }
                let ece = try Calibration.report(logits: logits, labels: testCase.labels,
                                                 temperature: reference.temperature).expectedCalibrationError
                assertEvaluationClose(ece, torchmetrics, relative: 1e-6, "\(testCase.name) T=\(reference.temperature)")
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 3)
    }

    func testBinEdgesAreRightClosed() throws {
        // With 4 bins the edges 0.25, 0.5, 0.75 are exact: a confidence on an edge belongs to
        // the bin below it, and a confidence of exactly 1 to the last bin.
        let report = try Calibration.report(confidences: [0.25, 0.5, 0.5000001, 1, 0.0], correct: [true, false, true, true, false],
                                            binCount: 4)
        XCTAssertEqual(report.bins.map(\.count), [2, 1, 1, 1])
        XCTAssertEqual(report.bins[1].accuracy, 0)
        XCTAssertEqual(report.bins[2].accuracy, 1)
        // ECE by hand: bin 0 {0.25 ✓, 0 ✗}: |0.5 - 0.125|; bin 1 {0.5 ✗}: 0.5;
        // bin 2 {0.5000001 ✓}: 0.4999999; bin 3 {1 ✓}: 0.
        let expected = (2 * 0.375 + 0.5 + (1 - 0.5000001)) / 5
        XCTAssertEqual(report.expectedCalibrationError, expected, accuracy: 1e-15)
        XCTAssertEqual(report.maximumCalibrationError, 0.5, accuracy: 1e-15)
    }

    func testPerfectlyCalibratedPredictionsHaveZeroECE() throws {
        // Every sample has confidence 0.75 and three quarters of them are right.
        let probabilities = try Tensor(rows: [[0.75, 0.25], [0.75, 0.25], [0.75, 0.25], [0.25, 0.75]])
        XCTAssertEqual(try Calibration.expectedCalibrationError(probabilities: probabilities, labels: [0, 0, 1, 1]), 0,
                       accuracy: 1e-15)
        XCTAssertEqual(try Calibration.expectedCalibrationError(probabilities: probabilities, labels: [0, 0, 1, 0]), 0.25,
                       accuracy: 1e-15)
    }

    func testReliabilityTableHasOneRowPerBinWithNullsForEmptyBins() throws {
        let probabilities = try Tensor(rows: [[0.9, 0.1], [0.2, 0.8]])
        let table = try Calibration.report(probabilities: probabilities, labels: [0, 0]).reliabilityTable
        XCTAssertEqual(table.rowCount, 15)
        XCTAssertEqual(table.columnNames, ["bin", "lower", "upper", "count", "fraction", "confidence", "accuracy", "gap"])
        let counts = try table.column(named: "count").compactMap(\.numberValue)
        XCTAssertEqual(counts.reduce(0, +), 2)
        XCTAssertTrue(try table.cell(row: 0, column: "accuracy").isNull)
        // 0.9 lies in (13/15, 14/15]: right and confident, gap 1 - 0.9.
        XCTAssertEqual(try table.cell(row: 13, column: "gap").numberValue ?? .nan, 0.1, accuracy: 1e-15)
        XCTAssertEqual(try table.cell(row: 11, column: "gap").numberValue ?? .nan, -0.8, accuracy: 1e-15)
    }

    func testBadInputsGiveClearErrors() throws {
        let probabilities = try Tensor(rows: [[0.5, 0.5], [0.9, 0.1]])
        assertEvaluationError("outside [0, 1]") {
            try Calibration.report(probabilities: try Tensor(rows: [[1.5, -0.5]]), labels: [0])
        }
        assertEvaluationError("the value nan at [0, 1]") {
            try Calibration.report(probabilities: try Tensor(rows: [[0.5, .nan]]), labels: [0])
        }
        assertEvaluationError("is the sum of the row") {
            try Calibration.report(probabilities: try Tensor(rows: [[0.5, 0.4]]), labels: [0])
        }
        assertEvaluationError("'labels' has 1 entries but 2 are needed") {
            try Calibration.report(probabilities: probabilities, labels: [0])
        }
        assertEvaluationError("label 2 at index 1") { try Calibration.report(probabilities: probabilities, labels: [0, 2]) }
        assertEvaluationError("'bins' must be a whole number from 1 to 10000, got 0") {
            try Calibration.report(probabilities: probabilities, labels: [0, 1], binCount: 0)
        }
        assertEvaluationError("'probabilities' is empty") {
            try Calibration.report(probabilities: try Tensor.zeros(shape: [0, 2]), labels: [])
        }
        assertEvaluationError("'logits' contains NaN") {
            try Calibration.report(logits: try Tensor(rows: [[.nan, 1]]), labels: [0])
        }
    }
}
