import WWData
import WWNumerics
import XCTest

/// FNV-1a over the pixels quantised to 8 bits: stable even if a C library's sin or log
/// differed in the last bit of a double (which float32 pixels would almost never show anyway).
func quantisedChecksum(_ tensor: Tensor) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for value in tensor.floatValues {
        hash = (hash ^ UInt64(UInt8((value * 255).rounded()))) &* 0x0000_0100_0000_01B3
    }
    return hash
}

final class ShapesTests: XCTestCase {
    func testSameSeedGivesTheSamePixelsAndOtherSeedsDiffer() throws {
        let a = try Dataset.shapes(count: 40, classes: 10, seed: 0)
        let b = try Dataset.shapes(count: 40, classes: 10, seed: 0)
        let c = try Dataset.shapes(count: 40, classes: 10, seed: 1)
        XCTAssertEqual(a.features, b.features)
        XCTAssertNotEqual(quantisedChecksum(a.features), quantisedChecksum(c.features))
        // Pinned: the set is part of wwn's contract, so notebooks built on it repeat.
        XCTAssertEqual(quantisedChecksum(a.features), ShapesTests.pinnedChecksum, String(quantisedChecksum(a.features), radix: 16))
    }

    static let pinnedChecksum: UInt64 = 0x3F7F_ED99_B37C_10DD

    func testSmallerCountIsAPrefixAndLabelsCycleThroughTheClasses() throws {
        let small = try Dataset.shapes(count: 7, classes: 3, seed: 5)
        let large = try Dataset.shapes(count: 12, classes: 3, seed: 5)
        XCTAssertEqual(small.features.floatValues, Array(large.features.floatValues.prefix(7 * 3 * 32 * 32)))
        XCTAssertEqual(large.labels, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
        XCTAssertEqual(large.classNames, ["circle", "square", "triangle"])
        XCTAssertEqual(large.features.shape, [12, 3, 32, 32])
    }

    func testEveryImageShowsAFigureDistinctFromItsBackground() throws {
        let data = try Dataset.shapes(count: 50, classes: 10, seed: 3)
        let values = data.features.floatValues
        XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0 <= 1 })
        let plane = 32 * 32
        for sample in 0..<data.count {
            let base = sample * 3 * plane
            // The corner pixel is background (figures stay inside the image with a margin);
            // some pixel must differ from it by about the minimum colour distance.
            func distanceFromCorner(_ p: Int) -> Float {
                var sum: Float = 0
                for channel in 0..<3 {
                    let d = values[base + channel * plane + p] - values[base + channel * plane]
                    sum += d * d
                }
                return sum.squareRoot()
            }
            let distances = (0..<plane).map(distanceFromCorner)
            let farthest = distances.max() ?? 0
            XCTAssertGreaterThan(farthest, 0.35, "sample \(sample) (\(data.classNames[data.labels[sample]]))")
            // Anti-aliased: some pixels lie between the two colours.
            let between = distances.filter { $0 > 0.15 * farthest && $0 < 0.85 * farthest }
            XCTAssertFalse(between.isEmpty, "sample \(sample) has no anti-aliased edge")
        }
    }

    func testClassCountOutsideTheDefinedFiguresIsAnError() {
        XCTAssertThrowsError(try Dataset.shapes(count: 10, classes: 11, seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("classes must be between 1 and 10"), "\(error)")
        }
        XCTAssertThrowsError(try Dataset.shapes(count: -1, classes: 2, seed: 0))
        XCTAssertThrowsError(try Dataset.shapes(count: DataLimits.maxSamples + 1, classes: 2, seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("DataLimits.maxSamples"), "\(error)")
        }
    }
}
