import WWData
import WWNumerics
import XCTest

/// A small labelled set whose feature value identifies the sample: sample i is [i, 10 i].
func numbered(_ labels: [Int], classes: Int? = nil, name: String = "toy") throws -> Dataset {
    let values = labels.indices.flatMap { [Float($0), Float($0 * 10)] }
    return try Dataset(name: name, features: try Tensor(shape: [labels.count, 2], values: values), labels: labels,
                       classNames: (0..<(classes ?? (labels.max() ?? 0) + 1)).map { "c\($0)" })
}

/// The sample ids (first feature) of a numbered set, in order.
func ids(_ data: Dataset) -> [Int] { stride(from: 0, to: data.features.count, by: 2).map { Int(data.features.floatValues[$0]) } }

final class OperationsTests: XCTestCase {
    let empty: Dataset = try! Dataset(name: "nothing", features: try! Tensor(shape: [0, 2], values: [Float]()), labels: [], classNames: ["a"])

    func testSplitByFractionsIsADisjointCoverKeepingLabels() throws {
        let data = try numbered((0..<100).map { $0 % 3 })
        var random = SeededRandom(seed: 4)
        let parts = try data.split(fractions: [0.7, 0.2, 0.1], using: &random)
        XCTAssertEqual(parts.map(\.count), [70, 20, 10])
        XCTAssertEqual(parts.flatMap(ids).sorted(), Array(0..<100))
        for part in parts { for (i, id) in ids(part).enumerated() { XCTAssertEqual(part.labels[i], id % 3) } }
        var again = SeededRandom(seed: 4)
        XCTAssertEqual(try data.split(fractions: [0.7, 0.2, 0.1], using: &again).map(ids), parts.map(ids))
        XCTAssertEqual(Array(0..<70), ids(parts[0]).sorted() == Array(0..<70) ? [] : Array(0..<70), "the split must be random")
    }

    func testStratifiedSplitKeepsClassProportionsWithinOne() throws {
        let labels = (0..<90).map { $0 < 60 ? 0 : $0 < 81 ? 1 : 2 }  // 60, 21, 9
        let data = try numbered(labels)
        var random = SeededRandom(seed: 1)
        let parts = try data.split(counts: [30, 50], stratified: true, using: &random)
        XCTAssertEqual(parts.map(\.count), [30, 50])
        for (part, size) in zip(parts, [30.0, 50.0]) {
            for (label, total) in [60.0, 21.0, 9.0].enumerated() {
                XCTAssertEqual(Double(part.classCounts[label]), total * size / 90, accuracy: 1.0 + 1e-9, "class \(label)")
            }
        }
        XCTAssertTrue(Set(ids(parts[0])).isDisjoint(with: ids(parts[1])))
    }

    func testSplitArgumentErrors() throws {
        let data = try numbered([0, 1, 0, 1])
        var random = SeededRandom(seed: 0)
        XCTAssertThrowsMessage(try data.split(fractions: [0.5, 0.4], using: &random), contains: ["must sum to 1"])
        XCTAssertThrowsMessage(try data.split(fractions: [1.5, -0.5], using: &random), contains: ["fraction 1.5"])
        XCTAssertThrowsMessage(try data.split(counts: [3, 2], using: &random), contains: ["3 + 2 = 5 samples", "has 4"])
        XCTAssertThrowsMessage(try empty.split(fractions: [0.5, 0.5], using: &random), contains: ["nothing: cannot split an empty data set"])
    }

    func testSubsetIsFirstNOrASeededChoiceInDataSetOrder() throws {
        let data = try numbered((0..<20).map { $0 % 2 })
        XCTAssertEqual(ids(try data.prefix(5)), [0, 1, 2, 3, 4])
        var random = SeededRandom(seed: 9)
        let chosen = ids(try data.subset(8, using: &random))
        XCTAssertEqual(chosen.count, 8)
        XCTAssertEqual(chosen, chosen.sorted())
        XCTAssertNotEqual(chosen, Array(0..<8))
        var again = SeededRandom(seed: 9)
        XCTAssertEqual(ids(try data.subset(8, using: &again)), chosen)
        XCTAssertEqual(try data.subset(6, stratified: true, using: &random).classCounts, [3, 3])
        XCTAssertThrowsMessage(try data.prefix(21), contains: ["size in 0...20"])
        XCTAssertThrowsMessage(try empty.prefix(0), contains: ["empty data set"])
    }

    func testKeepingClassesRelabelsInTheGivenOrder() throws {
        let data = try numbered([0, 1, 2, 3, 2, 0], classes: 4)
        let kept = try data.keepingClasses([2, 0])
        XCTAssertEqual(ids(kept), [0, 2, 4, 5])
        XCTAssertEqual(kept.labels, [1, 0, 0, 1])
        XCTAssertEqual(kept.classNames, ["c2", "c0"])
        XCTAssertThrowsMessage(try data.keepingClasses([4]), contains: ["class 4 is out of range 0..<4"])
        XCTAssertThrowsMessage(try data.keepingClasses([1, 1]), contains: ["listed twice"])
    }

    func testShuffleKeepsEachSampleWithItsLabel() throws {
        let data = try numbered((0..<50).map { $0 % 5 })
        var random = SeededRandom(seed: 2)
        let shuffled = try data.shuffled(using: &random)
        XCTAssertEqual(ids(shuffled).sorted(), Array(0..<50))
        XCTAssertNotEqual(ids(shuffled), Array(0..<50))
        for (i, id) in ids(shuffled).enumerated() { XCTAssertEqual(shuffled.labels[i], id % 5) }
        XCTAssertThrowsMessage(try empty.shuffled(using: &random), contains: ["cannot shuffle an empty data set"])
    }

    func testBatchesCoverTheDataOnceInOrderOrShuffled() throws {
        let data = try numbered((0..<10).map { $0 % 2 })
        let ordered = try data.batches(size: 4)
        XCTAssertEqual(ordered.map(ids), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        XCTAssertEqual(try data.batches(size: 4, dropLast: true).count, 2)
        var random = SeededRandom(seed: 3)
        let shuffled = try data.batches(size: 3, using: &random)
        XCTAssertEqual(shuffled.map(\.count), [3, 3, 3, 1])
        XCTAssertEqual(shuffled.flatMap(ids).sorted(), Array(0..<10))
        XCTAssertNotEqual(shuffled.flatMap(ids), Array(0..<10))
        XCTAssertThrowsMessage(try data.batches(size: 0), contains: ["batch size must be at least 1"])
        XCTAssertThrowsMessage(try data.batches(size: 11, dropLast: true), contains: ["no full batch"])
        XCTAssertThrowsMessage(try empty.batches(size: 2), contains: ["cannot make batches of an empty data set"])
    }

    func testNormalisationUsesPerChannelStatisticsAndReusesThem() throws {
        // Two samples of 2 channels x 2 pixels: channel 0 holds 1, 3, 5, 7; channel 1 is constant 2.
        let train = try Dataset(name: "train", features: try Tensor(shape: [2, 2, 1, 2], values: [1, 3, 2, 2, 5, 7, 2, 2] as [Float]),
                                labels: [0, 0], classNames: ["a"])
        let (normalised, stats) = try train.normalised()
        XCTAssertEqual(stats.mean, [4, 2])
        XCTAssertEqual(stats.standardDeviation[0], 5.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(stats.standardDeviation[1], 0)
        let expected: [Float] = [-3, -1, 0, 0, 1, 3, 0, 0].map { $0 / Float(5.0.squareRoot()) }.enumerated().map { [2, 3, 6, 7].contains($0.offset) ? 0 : $0.element }
        for (a, b) in zip(normalised.features.floatValues, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        let test = try Dataset(name: "test", features: try Tensor(shape: [1, 2, 1, 2], values: [4, 9, 3, 2] as [Float]),
                               labels: [0], classNames: ["a"])
        let (applied, same) = try test.normalised(with: stats)
        XCTAssertEqual(same, stats)
        XCTAssertEqual(applied.features.floatValues[1], Float(5 / 5.0.squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(applied.features.floatValues[2], 1)  // centred only: standard deviation 0
        let wrong = try ChannelStatistics(mean: [0], standardDeviation: [1])
        XCTAssertThrowsMessage(try test.normalised(with: wrong), contains: ["1 channels", "have 2"])
        XCTAssertThrowsMessage(try empty.normalised(), contains: ["empty data set"])
    }

    func testFlattenAndConcatenateMatchClassesByName() throws {
        let images = try Dataset(name: "img", features: try Tensor(shape: [2, 1, 2, 2], values: [Float](repeating: 0.5, count: 8)),
                                 labels: [0, 1], classNames: ["x", "y"])
        XCTAssertEqual(try images.flattened().features.shape, [2, 4])
        let a = try numbered([0, 1], name: "a")  // classes c0, c1
        let b = try Dataset(name: "b", features: try Tensor(shape: [2, 2], values: [7, 70, 8, 80] as [Float]), labels: [0, 1],
                            classNames: ["c1", "c9"])
        let joined = try a.concatenated(with: b)
        XCTAssertEqual(joined.classNames, ["c0", "c1", "c9"])
        XCTAssertEqual(joined.labels, [0, 1, 1, 2])
        XCTAssertEqual(ids(joined), [0, 1, 7, 8])
        XCTAssertThrowsMessage(try a.concatenated(with: images), contains: ["sample shapes differ"])
    }
}
