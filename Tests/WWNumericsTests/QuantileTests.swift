import XCTest
@testable import WWNumerics

/// Statistics.median and .quantiles against values numpy 2.4 printed for the same data.
final class QuantileTests: XCTestCase {
    let data = [3.1, -2, 7.25, 0.5, 10, 4.4, 1e-3]

    func testQuantilesMatchNumPyToTheBit() throws {
        let qs = [0, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, 1]
        let expected = [-2, -0.7993999999999998, 0.2505, 0.4001999999999999, 3.1, 5.825, 8.350000000000001, 10]
        XCTAssertEqual(try Statistics.quantiles(data, at: qs), expected)
        // t >= 0.5 interpolates down from the upper neighbour, as NumPy's _lerp.
        XCTAssertEqual(try Statistics.quantiles([0.1, 0.2, 0.7], at: [0.55]), [0.25000000000000006])
    }

    func testMedianAveragesTheMiddlePair() throws {
        XCTAssertEqual(try Statistics.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(try Statistics.median(data), 3.1)
        XCTAssertTrue(try Statistics.median([1, .nan]).isNaN)
    }

    func testEmptyInputAndBadQThrow() {
        XCTAssertThrowsError(try Statistics.median([]))
        XCTAssertThrowsError(try Statistics.quantiles([], at: [0.5]))
        XCTAssertThrowsError(try Statistics.quantiles([1], at: [1.5]))
    }
}
