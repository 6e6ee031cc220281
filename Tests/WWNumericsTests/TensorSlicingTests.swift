import XCTest
@testable import WWNumerics

/// Basic indexing and reductions along an axis, checked against NumPy's results written out.
final class TensorSlicingTests: XCTestCase {
    private func grid() throws -> Tensor { try Tensor(shape: [3, 4], values: (0..<12).map(Double.init)) }

    func testRangesAndPositions() throws {
        let t = try grid()
        XCTAssertEqual(try t.sliced([.range(start: 0, stop: 2, step: 1)]).shape, [2, 4])
        XCTAssertEqual(try t.sliced([.range(start: nil, stop: nil, step: 1), .index(1)]).doubleValues, [1, 5, 9])
        XCTAssertEqual(try t.sliced([.index(-1), .range(start: nil, stop: nil, step: -2)]).doubleValues, [11, 9])
        XCTAssertEqual(try t.sliced([.range(start: 5, stop: 10, step: 1)]).shape, [0, 4])  // clamped, as Python
        XCTAssertThrowsError(try t.sliced([.index(3)]))
        XCTAssertThrowsError(try t.sliced([.range(start: nil, stop: nil, step: 0)]))
    }

    func testReductionsAlongAnAxis() throws {
        let t = try grid()
        XCTAssertEqual(try t.reduced(.sum, axis: 0).doubleValues, [12, 15, 18, 21])
        XCTAssertEqual(try t.reduced(.max, axis: 1).doubleValues, [3, 7, 11])
        XCTAssertEqual(try t.reduced(.mean).doubleValues, [5.5])
        XCTAssertEqual(try Tensor.outer(Tensor([1, 2] as [Double]), Tensor([3] as [Double])).doubleValues, [3, 6])
    }
}
