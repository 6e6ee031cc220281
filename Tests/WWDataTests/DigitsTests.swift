import WWData
import WWNumerics
import XCTest

final class DigitsTests: XCTestCase {
    func testDecodedRecordsMatchTheChecksumComputedFromTheCSV() {
        XCTAssertEqual(Digits.checksum(), 0xD342_CE09_8B2A_951F)
    }

    func testKnownSamplesMatchTheCSVRows() throws {
        let (labels, pixels) = Digits.records
        func row(_ i: Int) -> [Int] { pixels[(i * 64)..<((i + 1) * 64)].map(Int.init) }
        // Lines 1, 1000 and 1797 of scikit-learn's digits.csv.gz (pixels, then the label).
        XCTAssertEqual(row(0), [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                                0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0])
        XCTAssertEqual(labels[0], 0)
        XCTAssertEqual(row(999), [0, 0, 9, 15, 14, 2, 0, 0, 0, 0, 9, 3, 9, 8, 0, 0, 0, 0, 0, 0, 6, 10, 0, 0, 0, 0, 0, 10, 15, 2, 0, 0,
                                  0, 0, 2, 10, 11, 15, 2, 0, 0, 3, 1, 0, 0, 14, 4, 0, 0, 10, 13, 7, 2, 12, 4, 0, 0, 0, 7, 14, 16, 10, 0, 0])
        XCTAssertEqual(labels[999], 3)
        XCTAssertEqual(row(1796), [0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0, 0, 0, 15, 15, 8, 15, 0, 0, 0, 0, 5, 16, 16, 10, 0, 0,
                                   0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6, 4, 16, 6, 0, 0, 8, 16, 10, 8, 16, 8, 0, 0, 1, 8, 12, 14, 12, 1, 0])
        XCTAssertEqual(labels[1796], 8)
        XCTAssertEqual(pixels.reduce(0) { $0 + Int($1) }, 561_718)
    }

    func testDatasetIsImagesInUnitRangeWithTheUCIClassCounts() throws {
        let digits = try Dataset.digits()
        XCTAssertEqual(digits.features.shape, [1797, 1, 8, 8])
        XCTAssertEqual(digits.features.elementType, .float32)
        XCTAssertEqual(digits.classNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        XCTAssertEqual(digits.classCounts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let values = digits.features.floatValues
        XCTAssertEqual(values.min(), 0)
        XCTAssertEqual(values.max(), 1)
        XCTAssertEqual(try digits.features.element(at: [0, 0, 0, 2]), 5.0 / 16, accuracy: 1e-7)
    }
}
