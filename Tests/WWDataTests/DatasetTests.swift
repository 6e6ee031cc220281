import WWData
import WWNumerics
import XCTest

final class DatasetTests: XCTestCase {
    func testRejectsLabelsOutOfRangeNamingTheSample() throws {
        let features = try Tensor(shape: [2, 3], values: [Float](repeating: 0, count: 6))
        XCTAssertThrowsError(try Dataset(name: "toy", features: features, labels: [0, 2], classNames: ["a", "b"])) { error in
            XCTAssertEqual("\(error)", "toy: label 2 of sample 1 is out of range 0..<2")
        }
    }

    func testSampleShapeDropsTheSampleDimension() throws {
        let features = try Tensor(shape: [2, 1, 2, 2], values: [Float](repeating: 0, count: 8))
        let data = try Dataset(name: "img", features: features, labels: [0, 1], classNames: ["a", "b"])
        XCTAssertEqual(data.sampleShape, [1, 2, 2])
        XCTAssertEqual(data.count, 2)
    }
}
