import XCTest
import WWData
import WWNumerics
@testable import WWAugment

/// EDA over a text data set: originals kept, augmentations labelled like them, features rebuilt.
final class EDADatasetTests: XCTestCase {
    let eda = EDA(wordNet: WordNet.shared(directory: WordNet.defaultDirectory))

    func reviews(features: TextFeaturization) throws -> Dataset {
        let texts = ["A wonderful, moving film.", "Terrible acting and a boring plot!", "The best movie of the year"]
        let tensor: Tensor
        switch features {
        case .none: tensor = try Tensor(shape: [3, 0], values: [Float]())
        case .hashed(let dimensions, let ngrams): tensor = try TextFeatures.hashed(texts, dimensions: dimensions, ngrams: ngrams)
        }
        return try Dataset(name: "reviews", features: tensor, labels: [1, 0, 1], classNames: ["neg", "pos"], texts: texts)
    }

    func testOriginalsThenAugmentationsWithTheirLabelsAndHashedFeatures() throws {
        let data = try reviews(features: .hashed(dimensions: 64, ngrams: 1))
        var random = SeededRandom(seed: 1)
        var seen: [Int] = []
        let augmented = try eda.augment(data, parameters: EDAParameters(numAug: 4), random: &random, progress: { seen.append($0) })
        XCTAssertEqual(seen, [0, 1, 2])
        XCTAssertEqual(augmented.count, 15)
        XCTAssertEqual(augmented.labels, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        let texts = try XCTUnwrap(augmented.texts)
        XCTAssertEqual(texts[0], "A wonderful, moving film.")
        XCTAssertEqual(texts[5], "Terrible acting and a boring plot!")
        XCTAssertEqual(augmented.sampleShape, [64])
        XCTAssertEqual(augmented.features.floatValues, try TextFeatures.hashed(texts, dimensions: 64, ngrams: 1).floatValues)
        XCTAssertEqual(augmented.classNames, data.classNames)
    }

    func testFeaturelessSetStaysFeatureless() throws {
        var random = SeededRandom(seed: 2)
        let augmented = try eda.augment(try reviews(features: .none), parameters: EDAParameters(numAug: 2), random: &random)
        XCTAssertEqual(augmented.features.shape, [9, 0])
    }

    func testBadInputIsNamed() throws {
        var random = SeededRandom(seed: 3)
        let vectors = try Dataset(name: "vectors", features: Tensor(shape: [1, 2], values: [Float(0), 1]), labels: [0], classNames: ["a"])
        XCTAssertThrowsError(try eda.augment(vectors, random: &random)) { error in
            XCTAssertTrue("\(error)".contains("vectors: cannot augment with EDA: this data set has no texts"), "\(error)")
        }
        let bad = try Dataset(name: "scores", features: Tensor(shape: [2, 0], values: [Float]()), labels: [0, 0],
                              classNames: ["a"], texts: ["fine words", "10/10 !!!"])
        XCTAssertThrowsError(try eda.augment(bad, random: &random)) { error in
            XCTAssertTrue("\(error)".contains("sample 1 of scores (\"10/10 !!!\")"), "\(error)")
        }
        XCTAssertThrowsError(try eda.augment(try reviews(features: .none), parameters: EDAParameters(numAug: -2), random: &random)) { error in
            XCTAssertTrue("\(error)".hasPrefix("argument 'num_aug'"), "\(error)")
        }
    }
}
