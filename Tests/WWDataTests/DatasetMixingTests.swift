import XCTest
import WWNumerics
@testable import WWData

/// Synthetic-data mixing: replace, add, verified, and the errors.
final class DatasetMixingTests: XCTestCase {
    /// `n` one-feature samples whose feature is `offset + i` and label `i % 2`.
    func vectors(_ name: String, _ n: Int, offset: Float, classes: [String] = ["a", "b"], width: Int = 1) throws -> Dataset {
        let values = (0..<n).flatMap { i in [Float](repeating: offset + Float(i), count: width) }
        return try Dataset(name: name, features: Tensor(shape: [n, width], values: values), labels: (0..<n).map { $0 % 2 }, classNames: classes)
    }

    func testReplaceKeepsTheSizeAndRecordsTheSyntheticSamples() throws {
        let real = try vectors("real", 20, offset: 0)
        let synthetic = try vectors("fake", 30, offset: 1000)
        var random = SeededRandom(seed: 1)
        let mixed = try real.mixed(with: synthetic, ratio: 0.25, mode: .replace, random: &random)
        XCTAssertEqual(mixed.data.count, 20)
        XCTAssertEqual(mixed.syntheticIndices.count, 5)
        XCTAssertEqual(mixed.realIndices.count, 15)
        let values = mixed.data.features.floatValues
        for (position, source) in mixed.syntheticSources.enumerated() {
            if let source {
                XCTAssertEqual(values[position], 1000 + Float(source))
                XCTAssertEqual(mixed.data.labels[position], synthetic.labels[source])
            } else {
                XCTAssertEqual(values[position], Float(position))
                XCTAssertEqual(mixed.data.labels[position], real.labels[position])
            }
        }
        XCTAssertEqual(Set(mixed.syntheticSources.compactMap { $0 }).count, 5, "drawn without replacement")
    }

    func testAddGrowsTheSet() throws {
        let real = try vectors("real", 10, offset: 0, width: 3)
        var random = SeededRandom(seed: 2)
        let mixed = try real.mixed(with: try vectors("fake", 10, offset: 100, width: 3), ratio: 0.5, mode: .add, random: &random)
        XCTAssertEqual(mixed.data.count, 15)
        XCTAssertEqual(mixed.syntheticIndices, [10, 11, 12, 13, 14])
        XCTAssertEqual(Array(mixed.data.features.floatValues.prefix(30)), real.features.floatValues)
        XCTAssertEqual(mixed.data.sampleShape, [3])
    }

    func testVerifiedDrawsOnlyCorrectlyClassifiedSamples() throws {
        let real = try vectors("real", 10, offset: 0)
        let synthetic = try vectors("fake", 12, offset: 100)
        // A "model" that gets only the even synthetic samples right.
        let predict: (Dataset) throws -> [Int] = { data in data.labels.enumerated().map { $0.offset % 2 == 0 ? $0.element : 1 - $0.element } }
        var random = SeededRandom(seed: 3)
        let mixed = try real.mixed(with: synthetic, ratio: 0.6, mode: .replace, predict: predict, random: &random)
        let drawn = mixed.syntheticSources.compactMap { $0 }
        XCTAssertEqual(drawn.count, 6)
        XCTAssertTrue(drawn.allSatisfy { $0 % 2 == 0 }, "\(drawn)")
        XCTAssertThrowsError(try real.mixed(with: synthetic, ratio: 0.7, mode: .add, predict: predict, random: &random)) { error in
            XCTAssertEqual("\(error)", "mixing 0.7 x 10 samples of real needs 7 synthetic samples, but fake has only 6 classified correctly (of 12)")
        }
        let (kept, indices) = try synthetic.correctlyClassified(predictions: try predict(synthetic))
        XCTAssertEqual(indices, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(kept.features.floatValues, [100, 102, 104, 106, 108, 110])
    }

    func testSameSeedSameMixDifferentSeedDiffers() throws {
        let real = try vectors("real", 50, offset: 0)
        let synthetic = try vectors("fake", 50, offset: 100)
        var a = SeededRandom(seed: 4), b = SeededRandom(seed: 4), c = SeededRandom(seed: 5)
        let first = try real.mixed(with: synthetic, ratio: 0.3, mode: .replace, random: &a)
        XCTAssertEqual(first.syntheticSources, try real.mixed(with: synthetic, ratio: 0.3, mode: .replace, random: &b).syntheticSources)
        XCTAssertNotEqual(first.syntheticSources, try real.mixed(with: synthetic, ratio: 0.3, mode: .replace, random: &c).syntheticSources)
    }

    func testClassesInAnotherOrderAreRenumbered() throws {
        let real = try vectors("real", 4, offset: 0)
        let synthetic = try vectors("fake", 4, offset: 10, classes: ["b", "a"])
        var random = SeededRandom(seed: 6)
        let mixed = try real.mixed(with: synthetic, ratio: 1, mode: .add, random: &random)
        for position in mixed.syntheticIndices {
            let source = try XCTUnwrap(mixed.syntheticSources[position])
            XCTAssertEqual(mixed.data.labels[position], 1 - synthetic.labels[source])
        }
    }

    func testMismatchesAndBadRatiosAreNamed() throws {
        let real = try vectors("real", 10, offset: 0)
        var random = SeededRandom(seed: 7)
        XCTAssertThrowsError(try real.mixed(with: try vectors("wide", 10, offset: 0, width: 2), ratio: 0.1, mode: .add, random: &random)) { error in
            XCTAssertEqual("\(error)", "cannot mix real (samples [1]) with wide (samples [2]): sample shapes differ")
        }
        XCTAssertThrowsError(try real.mixed(with: try vectors("other", 10, offset: 0, classes: ["a", "c"]), ratio: 0.1, mode: .add, random: &random)) { error in
            XCTAssertEqual("\(error)", "cannot mix real (classes [\"a\", \"b\"]) with other (classes [\"a\", \"c\"]): the classes differ")
        }
        for (ratio, mode) in [(1.5, MixingMode.replace), (-0.1, .replace), (-1, .add), (.nan, .add)] {
            XCTAssertThrowsError(try real.mixed(with: real, ratio: ratio, mode: mode, random: &random)) { error in
                XCTAssertTrue("\(error)".hasPrefix("mixing ratio must be"), "\(error)")
            }
        }
        XCTAssertThrowsError(try real.mixed(with: try vectors("few", 2, offset: 0), ratio: 0.5, mode: .replace, random: &random)) { error in
            XCTAssertEqual("\(error)", "mixing 0.5 x 10 samples of real needs 5 synthetic samples, but few has only 2")
        }
        XCTAssertThrowsError(try real.correctlyClassified(predictions: [0])) { error in
            XCTAssertEqual("\(error)", "real: 10 samples but 1 predictions")
        }
    }
}
