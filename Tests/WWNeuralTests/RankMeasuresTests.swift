import WWNeural
import WWNumerics
import XCTest

struct RankFixture: Decodable {
    struct Relative: Decodable {
        var rtol: Double
        var rank: Int
    }
    struct Case: Decodable {
        var name: String
        var dtype: String
        var shape: [Int]
        var values: [Double]
        var singular_values: [Double]
        var matrix_rank: Int
        var relative: [Relative]
        var effective_rank: Double
        var frobenius: Double

        func tensor() throws -> Tensor {
            let tensor = try Tensor(shape: shape, values: values)
            return dtype == "float32" ? tensor.converted(to: .float32) : tensor
        }
    }
    var cases: [Case]
}

final class RankMeasuresTests: XCTestCase {
    func testRanksAndNormsMatchNumPy() throws {
        let fixture = try EvaluationFixtures.load("rank.json", as: RankFixture.self)
        for testCase in fixture.cases {
            let tensor = try testCase.tensor()
            let summary = try RepresentationRank.summary(tensor)
            XCTAssertEqual(summary.numericalRank, testCase.matrix_rank, testCase.name)
            for relative in testCase.relative {
                XCTAssertEqual(try RepresentationRank.numericalRank(tensor, tolerance: .relative(relative.rtol)), relative.rank,
                               "\(testCase.name) rtol \(relative.rtol)")
            }
            // float32 SVDs (LAPACK here, NumPy's own LAPACK there) agree to float32 precision.
            let precision = testCase.dtype == "float32" ? 1e-5 : 1e-10
            assertEvaluationClose(summary.effectiveRank, testCase.effective_rank, relative: precision, testCase.name)
            assertEvaluationClose(summary.frobeniusNorm, testCase.frobenius, relative: 1e-13, testCase.name)
            XCTAssertEqual(summary.singularValues.count, testCase.singular_values.count)
            for (actual, expected) in zip(summary.singularValues, testCase.singular_values) {
                assertEvaluationClose(actual, expected, relative: precision, absolute: precision * testCase.singular_values[0],
                                      testCase.name)
            }
        }
    }

    func testEffectiveRankOfKnownSpectra() throws {
        XCTAssertEqual(try RepresentationRank.effectiveRank(singularValues: [2, 2, 2, 2]), 4, accuracy: 1e-14)
        XCTAssertEqual(try RepresentationRank.effectiveRank(singularValues: [5, 0, 0]), 1, accuracy: 1e-15)
        XCTAssertEqual(try RepresentationRank.effectiveRank(singularValues: [0, 0]), 0)
        // p = (3/4, 1/4): exp(-(3/4 log 3/4 + 1/4 log 1/4)).
        let expected = Foundation.exp(-(0.75 * Foundation.log(0.75) + 0.25 * Foundation.log(0.25)))
        XCTAssertEqual(try RepresentationRank.effectiveRank(singularValues: [3, 1]), expected, accuracy: 1e-14)
    }

    func testCollapsedRepresentationHasRankOne() throws {
        // Every row a multiple of the same vector: rank 1 and effective rank 1.
        var random = SeededRandom(seed: 5)
        let direction = (0..<16).map { _ in random.nextNormal() }
        let rows = (0..<40).map { _ in random.nextNormal() }.map { scale in direction.map { $0 * scale } }
        let matrix = try Tensor(rows: rows)
        XCTAssertEqual(try RepresentationRank.numericalRank(matrix), 1)
        XCTAssertEqual(try RepresentationRank.effectiveRank(matrix), 1, accuracy: 1e-9)
        XCTAssertEqual(try RepresentationRank.numericalRank(try Tensor.zeros(shape: [3, 4])), 0)
        XCTAssertEqual(try RepresentationRank.effectiveRank(try Tensor.zeros(shape: [3, 4])), 0)
    }

    func testFeatureMapsAreFlattenedAndNormsListedPerLayer() throws {
        let maps = try Tensor(shape: [2, 2, 1, 2], values: [1, 0, 0, 0, 0, 0, 0, 2] as [Double])
        XCTAssertEqual(try RepresentationRank.numericalRank(maps), 2)
        XCTAssertEqual(try RepresentationRank.numericalRank(maps, tolerance: .absolute(1.5)), 1)
        let norms = try RepresentationRank.frobeniusNorms([maps, try Tensor(rows: [[3, 4]]), try Tensor(rows: [[1e200, 1e200]])])
        XCTAssertEqual(norms[0], Foundation.sqrt(5), accuracy: 1e-15)
        XCTAssertEqual(norms[1], 5)
        assertEvaluationClose(norms[2], 1e200 * Foundation.sqrt(2), relative: 1e-15)
    }

    func testBadInputsGiveClearErrors() throws {
        assertEvaluationError("'representation' must be a matrix") { try RepresentationRank.numericalRank(Tensor([1.0, 2.0])) }
        assertEvaluationError("'representation' is empty") { try RepresentationRank.effectiveRank(try Tensor.zeros(shape: [0, 3])) }
        assertEvaluationError("'representation' contains NaN or infinity at [0, 1]") {
            try RepresentationRank.effectiveRank(try Tensor(rows: [[1, .infinity]]))
        }
        assertEvaluationError("'tolerance' must be a finite relative tolerance >= 0") {
            try RepresentationRank.numericalRank(try Tensor(rows: [[1]]), tolerance: .relative(-1))
        }
        assertEvaluationError("'layers[1]' contains NaN") {
            try RepresentationRank.frobeniusNorms([try Tensor(rows: [[1]]), try Tensor(rows: [[.nan]])])
        }
        assertEvaluationError("'layers' is empty") { try RepresentationRank.frobeniusNorms([]) }
    }
}
