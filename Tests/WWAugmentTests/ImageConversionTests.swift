import XCTest
import WWData
import WWNumerics
@testable import WWAugment

final class ImageConversionTests: XCTestCase {
    func testBytesRoundTripThroughADataSet() throws {
        let bytes: [UInt8] = (0..<24).map { (i: Int) -> UInt8 in UInt8(truncatingIfNeeded: i * 23) }
        let values = bytes.map { Float($0) / 255 }
        let data = try Dataset(name: "tiny", features: Tensor(shape: [2, 3, 2, 2], values: values), labels: [0, 1], classNames: ["a", "b"])
        let images = try DatasetImages.images(of: data, for: "test")
        XCTAssertEqual(images.flatMap(\.pixels), bytes)
        let back = try DatasetImages.dataset(data, replacingImagesWith: images)
        XCTAssertEqual(back.features.floatValues, values)
    }

    func testValuesOutsideUnitIntervalAreRefusedWithTheSample() throws {
        let data = try Dataset(name: "normalised", features: Tensor(shape: [1, 1, 1, 2], values: [Float(0.5), -0.2]), labels: [0], classNames: ["a"])
        XCTAssertThrowsError(try DatasetImages.images(of: data, for: "autoaugment")) { error in
            XCTAssertTrue("\(error)".contains("normalised: sample 0 has value -0.2"), "\(error)")
        }
    }

    func testItemStreamsDifferAndRepeat() {
        var a = itemStream(base: 7, index: 0), b = itemStream(base: 7, index: 1), a2 = itemStream(base: 7, index: 0)
        let x = a.next(), y = b.next()
        XCTAssertNotEqual(x, y)
        XCTAssertEqual(x, a2.next())
    }
}

final class ByteRoundingTests: XCTestCase {
    /// The fast rounding equals `(255 x).rounded()` (halves away from zero) on every float in [0, 1]
    /// near a half-way point and on a dense sweep.
    func testFastRoundingMatchesSchoolbookRounding() {
        var values: [Float] = (0...100_000).map { Float($0) / 100_000 }
        for k in 0..<255 {
            let half = (Float(k) + 0.5) / 255
            values += [half, half.nextUp, half.nextDown, half.nextUp.nextUp, half.nextDown.nextDown]
        }
        for value in values where value >= 0 && value <= 1 {
            XCTAssertEqual(DatasetImages.byte(value), UInt8((value * 255).rounded()), "\(value)")
        }
    }
}
