import XCTest
import WWNumerics
@testable import WWDiversity

final class ZeroRowsTests: XCTestCase {
    func testRemovesOnlyAllZeroRowsKeepingTypeAndSampleShape() throws {
        let images = try Tensor(shape: [4, 1, 2, 2], values: [Float]([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0]))
        let (rows, kept) = try ZeroRows.removing(from: images)
        XCTAssertEqual(kept, [0, 2])
        XCTAssertEqual(rows.shape, [2, 1, 2, 2])
        XCTAssertEqual(rows.elementType, .float32)
        XCTAssertEqual(rows.floatValues, [1, 0, 0, 0, 0, 0, 0, 0.5])
        // The score of what is left is the score of the non-zero rows given alone.
        let embeddings = try Tensor(rows: [[1, 0, 2], [0, 0, 0], [3, 1, 0], [0, 0, 0], [1, 1, 1]])
        let alone = try Tensor(rows: [[1, 0, 2], [3, 1, 0], [1, 1, 1]])
        XCTAssertEqual(try EmbeddingVendi.score(ZeroRows.removing(from: embeddings).rows), try EmbeddingVendi.score(alone))
    }

    func testUntouchedWithoutZeroRows() throws {
        let x = try Tensor(rows: [[1, 0], [0, 2]])
        let (rows, kept) = try ZeroRows.removing(from: x)
        XCTAssertEqual(kept, [0, 1])
        XCTAssertEqual(rows.shape, [2, 2])
    }

    /// Behind a removed zero row, a NaN's row must still be named by its place in the input.
    func testNonFiniteValueNamesItsRowInTheInput() throws {
        for x in [try Tensor(rows: [[0, 0], [0, .nan], [1, 1]]), try Tensor(shape: [3, 2], values: [Float]([0, 0, 0, .infinity, 1, 1]))] {
            XCTAssertThrowsError(try ZeroRows.removing(from: x)) {
                XCTAssertTrue("\($0)".contains("non-finite value") && "\($0)".hasSuffix("in row 1"), "\($0)")
            }
        }
    }

    func testOnlyZeroRowsOrNoRowsAreErrors() throws {
        XCTAssertThrowsError(try ZeroRows.removing(from: Tensor(rows: [[0, 0], [0, 0]]), argument: "data")) {
            XCTAssertEqual("\($0)", "argument 'data' has only all-zero rows (2): no sample has a direction, so there is nothing to score")
        }
        XCTAssertThrowsError(try ZeroRows.removing(from: Tensor.zeros(shape: [0, 3]))) { XCTAssertTrue("\($0)".contains("empty")) }
    }
}

/// `ZeroRows.removing(from:weights:)`: the weights follow the rows that are kept.
final class ZeroRowsWeightsTests: XCTestCase {
    func testWeightsOfRemovedRowsGoToo() throws {
        let x = try Tensor(rows: [[1, 0], [0, 0], [0, 2]])
        let (rows, weights) = try ZeroRows.removing(from: x, weights: [0.5, 0.2, 0.3])
        XCTAssertEqual(rows.shape, [2, 2])
        XCTAssertEqual(weights, [0.5, 0.3])
        XCTAssertNil(try ZeroRows.removing(from: x, weights: nil).weights)
        XCTAssertThrowsError(try ZeroRows.removing(from: x, weights: [1, 2])) {
            XCTAssertEqual("\($0)", "argument 'weights' has 2 values but there are 3 samples")
        }
    }
}
