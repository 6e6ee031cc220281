import WWData
import WWNumerics
import XCTest

final class CorruptionTests: XCTestCase {
    func testNoiseHasTheRequestedSpreadAndIsSeeded() throws {
        let grey = try Dataset(name: "grey", features: try Tensor(shape: [100, 1, 10, 10], values: [Float](repeating: 0.5, count: 10_000)),
                               labels: [Int](repeating: 0, count: 100), classNames: ["a"])
        var random = SeededRandom(seed: 1)
        let noisy = try grey.corrupted(.noise, strength: 0.1, using: &random)
        let deviations = noisy.features.doubleValues.map { $0 - 0.5 }
        let sd = (deviations.map { $0 * $0 }.reduce(0, +) / Double(deviations.count)).squareRoot()
        XCTAssertEqual(sd, 0.1, accuracy: 0.005)
        var again = SeededRandom(seed: 1)
        XCTAssertEqual(try grey.corrupted(.noise, strength: 0.1, using: &again).features, noisy.features)
        XCTAssertTrue(try grey.corrupted(.noise, strength: 2, using: &random).features.floatValues.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    func testBrightnessClampsImagesButNotOtherFeatures() throws {
        var random = SeededRandom(seed: 0)
        let image = try Dataset(name: "i", features: try Tensor(shape: [1, 1, 1, 2], values: [0.2, 0.9] as [Float]), labels: [0], classNames: ["a"])
        XCTAssertEqual(try image.corrupted(.brightness, strength: 0.3, using: &random).features.floatValues, [0.5, 1])
        let vector = try Dataset(name: "v", features: try Tensor(shape: [1, 2], values: [-1, 0.9] as [Float]), labels: [0], classNames: ["a"])
        let shifted = try vector.corrupted(.brightness, strength: 0.3, using: &random).features.floatValues
        XCTAssertEqual(shifted[0], -0.7, accuracy: 1e-6)
        XCTAssertEqual(shifted[1], 1.2, accuracy: 1e-6)
        let contrast = try image.corrupted(.contrast, strength: 0.5, using: &random).features.floatValues
        XCTAssertEqual(contrast[0], 0.375, accuracy: 1e-6)
        XCTAssertEqual(contrast[1], 0.725, accuracy: 1e-6)
    }

    func testRotationByQuarterTurnsMovesPixelsExactly() throws {
        // A 3x3 image with a single bright pixel at the top middle (row 0, column 1).
        var pixels = [Float](repeating: 0, count: 9)
        pixels[1] = 1
        let image = try Dataset(name: "r", features: try Tensor(shape: [1, 1, 3, 3], values: pixels), labels: [0], classNames: ["a"])
        var random = SeededRandom(seed: 0)
        let turned = try image.corrupted(.rotation, strength: 90, using: &random).features.floatValues
        // Counter-clockwise on screen: the top middle goes to the left middle (row 1, column 0).
        for (i, v) in turned.enumerated() { XCTAssertEqual(v, i == 3 ? 1 : 0, accuracy: 1e-6, "pixel \(i)") }
        let vector = try Dataset(name: "v", features: try Tensor(shape: [1, 4], values: [Float](repeating: 0, count: 4)), labels: [0], classNames: ["a"])
        XCTAssertThrowsMessage(try vector.corrupted(.rotation, strength: 10, using: &random), contains: ["rotation needs image samples"])
        XCTAssertThrowsMessage(try Corruption(.noise, strength: -1), contains: ["must be >= 0"])
    }

    func testCorruptionIsABatchTransform() throws {
        let transform: BatchTransform = try Corruption(.brightness, strength: -0.1)
        var random = SeededRandom(seed: 0)
        let digits = try Dataset.digits().prefix(3)
        let darker = try transform.transform(digits, random: &random)
        XCTAssertEqual(darker.labels, digits.labels)
        XCTAssertEqual(darker.features.floatValues.max() ?? 0, 0.9, accuracy: 1e-6)
    }
}
